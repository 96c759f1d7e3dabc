"""Why a list action was refused. Every refusal leaves the lists as they were.

Each error has a `code` and a `message` a shopper can read; views show the message. A list or
item the shopper does not own is `ListNotFound` / `ItemNotFound`, which views answer with 404.
"""

from commerce.lists.models import MAX_ITEMS, MAX_LISTS, NAME_MAX_LENGTH, NOTE_MAX_LENGTH


class ListError(Exception):
    code = "list_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ListNotFound(ListError):
    code = "list_not_found"

    def __init__(self):
        super().__init__("That list does not exist.")


class ItemNotFound(ListError):
    code = "item_not_found"

    def __init__(self):
        super().__init__("That item is not in your lists.")


class ProductNotFound(ListError):
    code = "product_not_found"

    def __init__(self):
        super().__init__("That product is not available.")


class InvalidName(ListError):
    code = "invalid_name"

    def __init__(self):
        super().__init__(f"Enter a list name of 1 to {NAME_MAX_LENGTH} characters.")


class InvalidNote(ListError):
    code = "invalid_note"

    def __init__(self):
        super().__init__(f"A note can have at most {NOTE_MAX_LENGTH} characters.")


class DuplicateName(ListError):
    code = "duplicate_name"

    def __init__(self, name: str):
        super().__init__(f"You already have a list called “{name}”.")
        self.name = name


class TooManyLists(ListError):
    code = "too_many_lists"

    def __init__(self):
        super().__init__(
            f"You can have at most {MAX_LISTS} lists. Delete one to make room for another."
        )


class ListFull(ListError):
    code = "list_full"

    def __init__(self, list_name: str):
        super().__init__(
            f"“{list_name}” is full: a list holds at most {MAX_ITEMS} products. "
            "Remove one or choose another list."
        )
        self.list_name = list_name


class AlreadyInList(ListError):
    code = "already_in_list"

    def __init__(self, product_name: str, list_name: str):
        super().__init__(f"{product_name} is already in “{list_name}”.")
        self.product_name = product_name
        self.list_name = list_name


class DefaultListKept(ListError):
    code = "default_list_kept"

    def __init__(self, list_name: str):
        super().__init__(
            f"“{list_name}” is your default list and cannot be deleted; remove its items instead."
        )
        self.list_name = list_name


class SameList(ListError):
    code = "same_list"

    def __init__(self, list_name: str):
        super().__init__(f"The item is already in “{list_name}”.")
        self.list_name = list_name
