from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.fields import StreamField

from home.raw_html import may_edit_raw_html, new_raw_html

RAW_HTML_REFUSED = (
    "Only editors allowed to edit raw HTML may add or change an HTML block. Your other "
    "changes are kept: undo the HTML change (or ask someone in the HTML editors group) and "
    "save again."
)


class RawHTMLGuardedPageForm(WagtailAdminPageForm):
    """A page form that refuses added or changed HTML blocks in any StreamField from a user
    without the `home.edit_raw_html` permission; deleting or moving one is allowed.

    Use it as a page model's `base_form_class`."""

    def clean(self):
        cleaned_data = super().clean()
        if may_edit_raw_html(self.for_user):
            return cleaned_data
        for field in self.instance._meta.get_fields():
            name = field.name
            if not isinstance(field, StreamField) or name not in cleaned_data:
                continue
            before = getattr(self.instance, name)
            if new_raw_html(field.stream_block, before, cleaned_data[name]):
                self.add_error(name, RAW_HTML_REFUSED)
        return cleaned_data
