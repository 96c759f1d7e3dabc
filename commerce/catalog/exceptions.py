"""Why a shopper's choice of product variant cannot be used; each with a code and a message
a shopper can read. Callers (cart, lists) turn them into their own refusals."""

from commerce.catalog.purchase import choice_prompt


class VariantChoiceError(Exception):
    code = "variant_choice"

    def __init__(self, message: str, *, product_name: str = ""):
        super().__init__(message)
        self.message = message
        self.product_name = product_name


class ChoiceRequired(VariantChoiceError):
    """The product has several variants and none (or not every option) was chosen."""

    code = "choice_required"

    def __init__(self, *, product_name: str, attributes: list[str]):
        super().__init__(
            f"{choice_prompt(attributes)} of {product_name}.", product_name=product_name
        )
        self.attributes = attributes


class NoSuchVariant(VariantChoiceError):
    """The chosen combination does not exist (or the variant belongs to another product)."""

    code = "no_such_variant"

    def __init__(self, *, product_name: str):
        super().__init__(
            f"{product_name} is not available in that combination.", product_name=product_name
        )


class VariantsNotGenerated(Exception):
    """Generating variants from options was refused; nothing was written."""

    code = "variants_not_generated"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
