"""Problems found in an import file, each tied to its place in the file."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    location: str  # "products[12].price", "line 14, price" or a file name
    message: str
    code: str = "invalid"  # for the API: "unknown_field", "required" or "invalid"

    def __str__(self):
        return f"{self.location}: {self.message}" if self.location else self.message


class CatalogImportError(Exception):
    """The file cannot be imported; `problems` lists every reason, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class Invalid(ValueError):
    """A value that cannot be imported; the message says why, without the location."""


@dataclass(frozen=True)
class Place:
    """Where a row sits in the file: JSON rows by index, CSV rows by line number."""

    section: str
    index: int | None = None
    line: int | None = None

    def __call__(self, *path: str | int) -> str:
        if self.line is not None:
            # A CSV cell: "line 14, stock (north)", "line 14, images #2".
            if not path:
                return f"line {self.line}"
            text = f"line {self.line}, {path[0]}"
            if len(path) > 1:
                text += f" #{path[1] + 1}" if isinstance(path[1], int) else f" ({path[1]})"
            return text
        text = self.section if self.index is None else f"{self.section}[{self.index}]"
        for part in path:
            text += f"[{part}]" if isinstance(part, int) else f".{part}"
        return text
