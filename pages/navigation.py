"""The editor-configured chrome of every storefront page: header links, footer columns,
contact details and social links, from the site settings and the pages marked "show in
menus" / "show in footer".

It is plain data, built for all sites at once and cached by commerce.caching like the
category menu, so a page costs no query for it once warm. Saving a setting, publishing,
unpublishing, moving or deleting a page, or changing a category or a site forgets it. A
settings preview builds it from the edited, unsaved values and never caches them.
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from commerce.caching import CachedValue


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str


@dataclass(frozen=True)
class FooterColumn:
    heading: str
    links: tuple[NavLink, ...]


@dataclass(frozen=True)
class SocialLink:
    network: str
    label: str
    url: str


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""
    address: str = ""
    opening_hours: str = ""

    def __bool__(self) -> bool:
        return any((self.email, self.phone, self.address, self.opening_hours))


@dataclass(frozen=True)
class SiteChrome:
    header_links: tuple[NavLink, ...] = ()
    show_category_menu: bool = True
    footer_columns: tuple[FooterColumn, ...] = ()
    contact: Contact = Contact()
    social_links: tuple[SocialLink, ...] = ()


@dataclass(frozen=True)
class SiteKey:
    site_id: int
    hostname: str
    port: int
    is_default: bool


@dataclass(frozen=True)
class AllChrome:
    sites: tuple[SiteKey, ...]
    chrome: dict[int, SiteChrome]


EMPTY = SiteChrome()


# Building ------------------------------------------------------------------------------


def _links(stream, site) -> tuple[NavLink, ...]:
    links = []
    for value in stream:
        if url := value.href_for(site):
            links.append(NavLink(value.text, url))
    return tuple(links)


def _page_links(pages, site) -> tuple[NavLink, ...]:
    return tuple(
        NavLink(page.title, url) for page in pages if (url := page.get_url(current_site=site))
    )


def build_site_chrome(site, navigation=None, contact=None) -> SiteChrome:
    """The chrome of one site from its settings (the saved ones unless given)."""
    from pages.models import ContactSettings, ContentPage, NavigationSettings

    navigation = navigation or NavigationSettings.for_site(site)
    contact = contact or ContactSettings.for_site(site)
    root = site.root_page
    menu_pages = Page.objects.live().public().in_menu().descendant_of(root).order_by("path")
    footer_pages = (
        ContentPage.objects.live()
        .public()
        .filter(show_in_footer=True)
        .descendant_of(root)
        .order_by("path")
    )
    header = _links((child.value for child in navigation.header_links), site)
    header += tuple(
        link for link in _page_links(menu_pages, site) if link.url not in {h.url for h in header}
    )
    columns = [
        FooterColumn(column.value["heading"], _links(column.value["links"], site))
        for column in navigation.footer_columns
    ]
    if page_links := _page_links(footer_pages, site):
        columns.append(FooterColumn(navigation.footer_pages_heading, page_links))
    return SiteChrome(
        header_links=header,
        show_category_menu=navigation.show_category_menu,
        footer_columns=tuple(column for column in columns if column.links),
        contact=Contact(contact.email, contact.phone, contact.address, contact.opening_hours),
        social_links=tuple(
            SocialLink(
                link.value["network"],
                link.value["label"] or _network_name(link.value["network"]),
                link.value["url"],
            )
            for link in contact.social_links
        ),
    )


def _network_name(network: str) -> str:
    from pages.blocks import SOCIAL_NETWORKS

    return dict(SOCIAL_NETWORKS).get(network, network)


def build_all_chrome() -> AllChrome:
    sites = list(Site.objects.select_related("root_page").order_by("pk"))
    return AllChrome(
        sites=tuple(SiteKey(s.pk, s.hostname, s.port, s.is_default_site) for s in sites),
        chrome={site.pk: build_site_chrome(site) for site in sites},
    )


# Bump the version whenever these classes change.
CHROME = CachedValue("pages:site-chrome:v1", build_all_chrome)


# Reading -------------------------------------------------------------------------------


def _site_id_for(request, sites: tuple[SiteKey, ...]) -> int | None:
    """The same choice as Site.find_for_request, made on the cached site list: the site
    Wagtail already found for this request, else host and port, else host, else default."""
    if (found := getattr(request, "_wagtail_site", None)) is not None:
        return found.pk
    hostname, port = "", 80
    if request is not None:
        hostname, port = split_domain_port(request.get_host())
        port = int(port or request.get_port() or 80)
    exact = [s for s in sites if s.hostname == hostname and s.port == port]
    by_host = [s for s in sites if s.hostname == hostname]
    default = [s for s in sites if s.is_default]
    for candidates in (exact, by_host if len(by_host) == 1 else [], default):
        if candidates:
            return candidates[0].site_id
    return None


def site_chrome(request) -> SiteChrome:
    """The chrome for this request: from the settings being previewed, else the cache."""
    from pages.models import ContactSettings, NavigationSettings

    if request is not None and getattr(request, "is_preview", False):
        navigation = getattr(request, NavigationSettings.get_cache_attr_name(), None)
        contact = getattr(request, ContactSettings.get_cache_attr_name(), None)
        if navigation is not None or contact is not None:
            site = (navigation or contact).site
            return build_site_chrome(site, navigation=navigation, contact=contact)
    built = CHROME.get()
    site_id = _site_id_for(request, built.sites)
    return built.chrome.get(site_id, EMPTY)


# Invalidation --------------------------------------------------------------------------


def forget_site_chrome() -> None:
    CHROME.forget()


def connect_signals() -> None:
    """Called from PagesConfig.ready."""
    from commerce.catalog.models import Category
    from pages.models import ContactSettings, NavigationSettings

    CHROME.forget_on(
        post_save, post_delete, senders=(NavigationSettings, ContactSettings, Site, Category)
    )
    CHROME.forget_on(page_published, page_unpublished, post_page_move)
    # With a sender: a receiver for every model would cost every bulk delete a SELECT.
    CHROME.forget_on(post_delete, senders=(Page,))
