"""One exception hierarchy. Library code raises these; the CLI turns them into messages."""

__all__ = [
    "VeilleError",
    "InputError",
    "UnreadableInput",
    "EmptyInput",
    "InputTooLarge",
    "UnsupportedLanguage",
    "FetchError",
    "DataFileError",
    "GoldFormatError",
    "UsageError",
]


class VeilleError(Exception):
    """Base class of every error veille raises on purpose."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(VeilleError):
    """An input item (file, line, page) cannot be turned into an article."""

    code = "E100"


class UnreadableInput(InputError):
    """Binary content, an undecodable encoding or broken markup."""

    code = "E101"


class EmptyInput(InputError):
    """No text left after reading."""

    code = "E102"


class InputTooLarge(InputError):
    """Larger than settings.max_article_bytes."""

    code = "E103"


class UnsupportedLanguage(InputError):
    """The article's language has no model configured."""

    code = "E104"


class FetchError(InputError):
    """A page or feed could not be fetched: network error, timeout, HTTP error, redirect loop,
    refused by robots.txt."""

    code = "E105"


class DataFileError(VeilleError):
    """A bundled or user data file (lexicon, knowledge base) is malformed."""

    code = "E200"


class GoldFormatError(VeilleError):
    """A gold file for `veille eval` is not in a known format."""

    code = "E300"


class UsageError(VeilleError):
    """A command-line value that cannot be used (a malformed duration, filter or date)."""

    code = "E400"
