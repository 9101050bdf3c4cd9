"""Sentence templates of the catalog: how the report words an indicator or a group.

A template is text with named placeholders and optional segments::

    phát triển {value}[ ({change})][, {attainment}]

* ``{name}`` is replaced by what the report knows about the indicator (see
  :data:`INDICATOR_FIELDS`); ``{CODE}`` by another indicator's figure with its unit and
  ``{CODE:field}`` by one of that indicator's fields (``{NN.GIA_LUA_CAO:number}``);
* ``[ ... ]`` is an optional segment: dropped when a placeholder inside it has nothing to
  say (no same-period figure, no target), so a template never prints "()" or "đạt %";
* ``{{``, ``}}``, ``[[`` and ``]]`` stand for the characters themselves.

This module only parses and checks the syntax; the catalog loader checks the names
(:func:`problems`) and :mod:`toolkit.report.sentences` fills them in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import BaocaoError

# fields of the indicator a template belongs to (or of another one: {CODE:field})
INDICATOR_FIELDS = {
    "name": "the indicator's name, first letter lower-cased",
    "value": "the figure with its unit (2.713 ha; 97,41%)",
    "number": "the figure alone (2.713)",
    "unit": "the unit of measure",
    "ytd": "'lũy kế từ đầu năm …' after the first period of the year (else nothing)",
    "ytd_value": "the year-to-date figure with its unit",
    "same": "the same period's figure with its unit",
    "change": "the change against the same period, worded as the catalog says (tăng 2,4% / giảm 09 ca / "
    "tăng 1,2 điểm phần trăm so với cùng kỳ)",
    "change_pct": "the change in % (points for rates) with 'so với cùng kỳ'",
    "change_diff": "the change in the indicator's unit with 'so với cùng kỳ'",
    "attainment": "'đạt X% chỉ tiêu kế hoạch của tỉnh và đạt Y% chỉ tiêu Nghị quyết' (lower-is-better: "
    "within or over the ceiling)",
    "pct_province": "attainment of the province target (79,79%)",
    "pct_resolution": "attainment of the resolution target (54,92%)",
    "target_province": "the province target with its unit",
    "target_resolution": "the resolution target with its unit",
    "ratio": "a ratio's operands: 85.502/87.772 người",
    "numerator": "a ratio's numerator with its unit",
    "denominator": "a ratio's denominator with its unit",
    "parts": "'trong đó: …' with the clauses of the indicator's parts",
    "gap": "the highlighted placeholder of units that have not sent (or sent an invalid return)",
}
GROUP_FIELDS = {
    "group": "the group's name",
    "clauses": "the clauses of the group's indicators, joined by '; '",
}
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_.]*$")
_TOKEN = re.compile(r"\{\{|\}\}|\[\[|\]\]|\{([^{}]*)\}|\[|\]|[{}]")


class TemplateError(BaocaoError, ValueError):
    """A sentence template that cannot be parsed; ``detail``: what is wrong and where (in English)."""

    detail: str

    vi = "Mẫu câu sai: {detail}"
    en = "Bad sentence template: {detail}"

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail)


@dataclass(frozen=True)
class Field:
    name: str  # a field name, or an indicator code
    arg: str = ""  # for {CODE:field}

    @property
    def is_code(self) -> bool:
        return bool(CODE_RE.match(self.name)) and self.name not in INDICATOR_FIELDS


@dataclass(frozen=True)
class Segment:
    """Literal text, a field, or an optional group of them."""

    text: str = ""
    field: Field | None = None
    optional: tuple[Segment, ...] | None = None


def parse(template: str) -> tuple[Segment, ...]:
    """Parse a template; raises :class:`TemplateError` with what is wrong."""
    stack: list[list[Segment]] = [[]]
    pos = 0
    for m in _TOKEN.finditer(template):
        if m.start() > pos:
            stack[-1].append(Segment(text=template[pos : m.start()]))
        pos = m.end()
        tok = m.group(0)
        if tok in ("{{", "}}", "[[", "]]"):
            stack[-1].append(Segment(text=tok[0]))
        elif tok == "[":
            stack.append([])
        elif tok == "]":
            if len(stack) == 1:
                raise TemplateError(f"']' without '[' at position {m.start() + 1}")
            inner = tuple(stack.pop())
            stack[-1].append(Segment(optional=inner))
        elif tok in ("{", "}"):
            raise TemplateError(f"a lone '{tok}' at position {m.start() + 1} (write '{tok * 2}' for the character)")
        else:
            body = (m.group(1) or "").strip()
            name, _, arg = body.partition(":")
            name, arg = name.strip(), arg.strip()
            if not name:
                raise TemplateError(f"an empty placeholder at position {m.start() + 1}")
            stack[-1].append(Segment(field=Field(name, arg)))
    if pos < len(template):
        stack[-1].append(Segment(text=template[pos:]))
    if len(stack) != 1:
        raise TemplateError("'[' without ']'")
    return tuple(stack[0])


def fields(segments: tuple[Segment, ...]) -> list[Field]:
    out: list[Field] = []
    for s in segments:
        if s.field is not None:
            out.append(s.field)
        elif s.optional is not None:
            out.extend(fields(s.optional))
    return out


def problems(template: str, *, group: bool, codes: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """What is wrong with a template (empty when nothing): syntax, unknown names."""
    try:
        segs = parse(template)
    except TemplateError as e:
        return [e.detail]
    allowed = GROUP_FIELDS if group else INDICATOR_FIELDS
    out = []
    for f in fields(segs):
        if f.name in allowed and not f.arg:
            continue
        if not group and f.is_code:
            if codes and f.name not in codes:
                out.append(f"{{{f.name}}}: no indicator has this code")
            elif f.arg and f.arg not in INDICATOR_FIELDS:
                out.append(f"{{{f.name}:{f.arg}}}: '{f.arg}' is not a field ({', '.join(INDICATOR_FIELDS)})")
            continue
        out.append(f"{{{f.name}{':' + f.arg if f.arg else ''}}}: unknown placeholder (known: {', '.join(allowed)})")
    return out
