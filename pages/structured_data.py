"""schema.org JSON-LD for the homepage: the shop as an Organization (contact point and social
profiles from the contact settings) and the WebSite with its search action."""

from django.urls import reverse

from commerce.catalog.structured_data import SCHEMA
from pages.navigation import SiteChrome


def organization_data(*, name: str, home_url: str, chrome: SiteChrome) -> dict:
    data = {"@context": SCHEMA, "@type": "Organization", "name": name, "url": home_url}
    contact = chrome.contact
    if contact.email or contact.phone:
        point = {"@type": "ContactPoint", "contactType": "customer service"}
        if contact.email:
            point["email"] = contact.email
        if contact.phone:
            point["telephone"] = contact.phone
        data["contactPoint"] = point
    if contact.address:
        data["address"] = " ".join(contact.address.split())
    if chrome.social_links:
        data["sameAs"] = [link.url for link in chrome.social_links]
    return data


def website_data(*, name: str, home_url: str, absolute) -> dict:
    search = absolute(reverse("catalog:search"))
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": name,
        "url": home_url,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
