"""Text as it is stored in cells and in the shared string table: Excel's ``_xHHHH_`` escapes,
the characters XML 1.0 cannot hold, and the table itself (:class:`SharedStrings`).

Both worksheet readers (:mod:`.sheet`, :mod:`.fast`) and both shared string readers
(:mod:`.parts`, :mod:`.fast`) use these, so they live apart from either."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# characters XML 1.0 cannot hold, hence cannot be written back into a workbook
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def decode_escapes(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes in cell text, decoded as Excel shows them."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def illegal_chars(text: str) -> str | None:
    """The control characters in text, as 'U+000B U+0001', or None."""
    found = ILLEGAL.findall(text)
    if not found:
        return None
    return " ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))


@dataclass
class SharedStrings:
    """xl/sharedStrings.xml as read: the strings by index, and which hold control characters."""

    strings: list[str] = field(default_factory=list)
    illegal: dict[int, str] = field(default_factory=dict)  # index -> the control characters
