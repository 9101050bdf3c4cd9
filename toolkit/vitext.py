"""Small helpers for Vietnamese text in generated prose."""

from __future__ import annotations


def lower_first(name: str) -> str:
    """'Diện tích cây màu' -> 'diện tích cây màu'; 'Ổ dịch' -> 'ổ dịch'; 'OCOP ...', 'UBND ...' stay."""
    word = name.split(" ", 1)[0]
    if word and word[0].isupper() and (len(word) == 1 or word[1:2].islower()):
        return name[0].lower() + name[1:]
    return name
