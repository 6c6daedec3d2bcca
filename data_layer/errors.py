"""The one exception family of the data layer.

Pages catch only these and show their German ``message`` with ``st.error``;
nothing else may reach a user as a traceback.
"""

from __future__ import annotations


class DataError(Exception):
    """A problem with stored or requested data; ``message`` is German and shown to users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportValidationError(DataError):
    """An input file of a Datenpaket is invalid.

    Parameters
    ----------
    file
        File name as the user knows it (relative to the package folder).
    row
        1-based data row (header excluded) or ``None`` when the whole file is concerned.
    field
        Column or property name, or ``None``.
    message
        German explanation of what is wrong and how to fix it.
    """

    def __init__(self, file: str, row: int | None, field: str | None, message: str) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.detail = message
        where = f"Datei {file}"
        if row is not None:
            where += f", Zeile {row}"
        if field is not None:
            where += f", Feld „{field}“"
        super().__init__(f"{where}: {message}")


class PublicModeError(DataError):
    """Something was requested that a public (read-only, suppressed) deployment does not offer."""
