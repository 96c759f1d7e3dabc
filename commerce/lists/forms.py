"""What the lists' forms accept. None of them takes a price."""

from django import forms

from commerce.lists.models import NAME_MAX_LENGTH, NOTE_MAX_LENGTH

BIGINT_MAX = 2**63 - 1
NAME_ERROR = f"Enter a list name of 1 to {NAME_MAX_LENGTH} characters."
NOTE_ERROR = f"A note can have at most {NOTE_MAX_LENGTH} characters."


def _id_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=BIGINT_MAX, **kwargs)


class ListNameForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        strip=True,
        error_messages={"required": NAME_ERROR, "max_length": NAME_ERROR},
    )


def _note_field() -> forms.CharField:
    return forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        strip=True,
        error_messages={"max_length": NOTE_ERROR},
    )


class SaveProductForm(forms.Form):
    """Save a product: to the default list (no `list`), a chosen list, or a new one."""

    product = _id_field()
    variant = _id_field(required=False)  # the size or colour chosen on the product page
    list = _id_field(required=False)
    new_list = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        required=False,
        strip=True,
        error_messages={"max_length": NAME_ERROR},
    )
    note = _note_field()


class NoteForm(forms.Form):
    note = _note_field()


class MoveForm(forms.Form):
    list = _id_field(error_messages={"required": "Choose a list.", "invalid": "Choose a list."})
