"""The admin screen of an object's shareable preview links: create one (with a lifetime),
see who shared what until when, revoke. Reached from the page header's "..." menu and from
the snippet editor's action menu."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from pages import preview_links
from pages.models import PreviewLink

LIFETIMES = {
    "1": timedelta(hours=1),
    "24": timedelta(hours=24),
    "72": timedelta(days=3),
    "168": timedelta(days=7),
    "720": timedelta(days=30),
}


class PreviewLinkForm(forms.Form):
    lifetime = forms.ChoiceField(
        label="Valid for",
        choices=[
            ("1", "1 hour"),
            ("24", "24 hours"),
            ("72", "3 days"),
            ("168", "7 days"),
            ("720", "30 days"),
        ],
        initial="24",
    )


def links_url(obj) -> str:
    if isinstance(obj, Page):
        content_type_id = obj.content_type_id  # the specific type, without loading it
    else:
        content_type_id = ContentType.objects.get_for_model(obj, for_concrete_model=False).pk
    return reverse("pages_preview_links", args=[content_type_id, obj.pk])


class PreviewLinksView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "pages/admin/preview_links.html"
    page_title = "Shareable preview links"
    header_icon = "link"

    def dispatch(self, request, content_type_id, object_id):
        content_type = get_object_or_404(ContentType, pk=content_type_id)
        self.object = preview_links.shared_object(content_type, object_id)
        if not preview_links.can_share(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, content_type_id, object_id)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if edit_url := AdminURLFinder(self.request.user).get_edit_url(self.object):
            items.append({"url": edit_url, "label": str(self.object)})
        items.append({"url": "", "label": self.page_title})
        return items

    def post(self, request, *args, **kwargs):
        form = PreviewLinkForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        link = preview_links.create_preview_link(
            obj=self.object, user=request.user, lifetime=LIFETIMES[form.cleaned_data["lifetime"]]
        )
        expires = timezone.localtime(link.expires_at)
        messages.success(request, f"Preview link created, valid until {expires:%Y-%m-%d %H:%M}.")
        return redirect(links_url(self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        links = PreviewLink.objects.for_object(self.object).select_related("created_by")
        context.update(
            object=self.object,
            form=kwargs.get("form") or PreviewLinkForm(),
            links=[
                {
                    "link": link,
                    "url": self.request.build_absolute_uri(
                        reverse("preview_link", args=[link.token])
                    ),
                    "usable": link.is_usable(now),
                    "state": "revoked"
                    if link.revoked_at
                    else ("active" if link.expires_at > now else "expired"),
                }
                for link in links.order_by("-created_at", "-pk")
            ],
        )
        return context


@require_POST
def revoke(request, pk: int):
    link = get_object_or_404(PreviewLink.objects.select_related("content_type"), pk=pk)
    preview_links.revoke_preview_link(link=link, user=request.user)
    messages.success(request, "Preview link revoked: it no longer opens the draft.")
    obj = preview_links.shared_object(link.content_type, link.object_id)
    return redirect(links_url(obj))
