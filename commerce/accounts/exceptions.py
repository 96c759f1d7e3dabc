"""Account errors, each with a code and the message the shopper sees."""


class AccountError(Exception):
    code = "account_error"
    message = "That did not work."

    def __init__(self, message: str | None = None):
        if message is not None:
            self.message = message
        super().__init__(self.message)


class EmailTaken(AccountError):
    code = "email_taken"
    message = "An account with this e-mail address already exists."


class InvalidLink(AccountError):
    code = "invalid_link"
    message = "This link is invalid or has expired. Ask for a new one."


class AddressNotFound(AccountError):
    code = "address_not_found"
    message = "No such address."
