"""Reporting periods and their cut-off dates (Nghị định 09/2019/NĐ-CP, Điều 12).

A month runs from the 15th of the month before it to the 14th of the month (M07 = 15/6 →
14/7); a quarter from the 15th of the month before it to the 14th of its last month
(Q1 = 15/12 of the previous year → 14/3); 6 months = 15/12 → 14/6; 9 months = 15/12 →
14/9; the year = 15/12 → 14/12.

Periods build on each other: months into quarters, quarters into 6 months, 9 months and the
year (:meth:`Period.components`). A period that starts with the year (M01, Q1, H1, 9M, the
year) has a year to date equal to its own figure (:attr:`Period.starts_year`); any other
carries the accepted year to date of the period before it (:meth:`Period.previous`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import BaocaoError

_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>Q[1-4]|H1|9M|M(?:0[1-9]|1[0-2])))?$")

_END_MONTH = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "9M": 9, "Y": 12}
_MONTHS = {"Q1": 3, "Q2": 3, "Q3": 3, "Q4": 3, "H1": 6, "9M": 9, "Y": 12}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
EXAMPLES = "2024-Q1, 2024-H1, 2024-9M, 2024, 2025-M07"  # every form parse_period accepts


class PeriodError(BaocaoError, ValueError):
    """Not a period: ``message(lang)`` says so in one language, ``str()`` in both (exit 2)."""

    text: str
    examples: str

    vi = "'{text}' không phải kỳ báo cáo (ví dụ {examples})"
    en = "'{text}' is not a period (e.g. {examples})"

    def __init__(self, text: str) -> None:
        super().__init__(text=text, examples=EXAMPLES)


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # Q1..Q4, H1, 9M, Y, M01..M12

    @classmethod
    def parse(cls, text: str) -> Period:
        """The period ``text`` names (:func:`parse_period`); raises :class:`PeriodError`."""
        return parse_period(text)

    @classmethod
    def month_of(cls, year: int, month: int) -> Period:
        return cls(year, f"M{month:02d}")

    @property
    def code(self) -> str:
        return str(self.year) if self.kind == "Y" else f"{self.year}-{self.kind}"

    def __str__(self) -> str:
        return self.code

    @property
    def is_quarter(self) -> bool:
        return self.kind.startswith("Q")

    @property
    def is_month(self) -> bool:
        return self.kind.startswith("M")

    @property
    def quarter(self) -> int | None:
        return int(self.kind[1]) if self.is_quarter else None

    @property
    def month(self) -> int | None:
        return int(self.kind[1:]) if self.is_month else None

    @property
    def last_month(self) -> int:
        """The calendar month the period ends in (its cut-off is the 14th of it)."""
        month = self.month
        return month if month is not None else _END_MONTH[self.kind]

    @property
    def months_covered(self) -> int:
        return 1 if self.is_month else _MONTHS[self.kind]

    @property
    def first_month(self) -> int:
        return self.last_month - self.months_covered + 1

    @property
    def starts_year(self) -> bool:
        """M01, Q1, H1, 9M and the year: the year to date is the period's own figure."""
        return self.first_month == 1

    @property
    def start(self) -> date:
        """First day of the reporting cut-off window (the 15th of the month before)."""
        m, y = self.first_month - 1, self.year
        if m <= 0:
            m += 12
            y -= 1
        return date(y, m, 15)

    @property
    def end(self) -> date:
        """Last day of the reporting cut-off window."""
        return date(self.year, self.last_month, 14)

    def months(self) -> list[Period]:
        return [Period.month_of(self.year, m) for m in range(self.first_month, self.last_month + 1)]

    def quarters(self) -> list[Period]:
        """The quarters this period is made of (itself for a quarter; none for a month)."""
        if self.is_quarter:
            return [self]
        if self.is_month:
            return []
        last = self.last_month // 3
        first = last - _MONTHS[self.kind] // 3 + 1
        return [Period(self.year, f"Q{q}") for q in range(first, last + 1)]

    def components(self) -> list[Period]:
        """What the period is built from when nobody returns it directly: the months of a
        quarter, the quarters of 6 months, 9 months and the year; nothing for a month."""
        if self.is_month:
            return []
        if self.is_quarter:
            return self.months()
        return self.quarters()

    def ytd_quarters(self) -> list[Period]:
        """Quarters from the start of the year to the end of this period (whole quarters)."""
        return [Period(self.year, f"Q{q}") for q in range(1, self.last_month // 3 + 1)]

    def ytd_span(self) -> int:
        """How many cut-off units of its own kind the year to date covers (Q3: 3; M07: 7;
        H1, 9M, the year: 1, since their year to date is the period)."""
        if self.is_month:
            return self.last_month
        if self.is_quarter:
            return self.last_month // 3
        return 1

    def previous(self) -> Period | None:
        """The period of the same kind before it within the year (None when it starts the
        year: M01, Q1, H1, 9M, the year)."""
        if self.is_month and self.month and self.month > 1:
            return Period.month_of(self.year, self.month - 1)
        if self.is_quarter and self.quarter and self.quarter > 1:
            return Period(self.year, f"Q{self.quarter - 1}")
        return None

    def previous_quarter(self) -> Period | None:
        """The quarter before, within the same year (None for Q1 or non-quarters)."""
        return self.previous() if self.is_quarter else None

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.kind)

    def deadline(self, days_after_end: int = 5, overrides: dict[str, date] | None = None) -> date:
        if overrides and self.code in overrides:
            return overrides[self.code]
        return self.end + timedelta(days=days_after_end)

    def title_vi(self) -> str:
        """'QUÝ I NĂM 2024', '6 THÁNG ĐẦU NĂM 2024', '9 THÁNG NĂM 2024', 'NĂM 2024', 'THÁNG 7 NĂM 2025'."""
        if self.is_month:
            return f"THÁNG {self.month} NĂM {self.year}"
        if (q := self.quarter) is not None:
            return f"QUÝ {_ROMAN[q]} NĂM {self.year}"
        if self.kind == "H1":
            return f"6 THÁNG ĐẦU NĂM {self.year}"
        if self.kind == "9M":
            return f"9 THÁNG NĂM {self.year}"
        return f"NĂM {self.year}"

    def label_vi(self) -> str:
        """'Quý I năm 2024', '6 tháng đầu năm 2024', 'Tháng 7 năm 2025'."""
        if (q := self.quarter) is not None:
            return f"Quý {_ROMAN[q]} năm {self.year}"
        t = self.title_vi()
        return t[0] + t[1:].lower()

    def in_sentence_vi(self) -> str:
        """The label inside a sentence: 'quý I năm 2024' (``label_vi().lower()`` would give 'quý i')."""
        label = self.label_vi()
        return label[:1].lower() + label[1:]

    def title_en(self) -> str:
        if self.is_month:
            return date(self.year, self.month or 1, 1).strftime("%B %Y")
        if self.is_quarter:
            return f"Q{self.quarter} {self.year}"
        return {"H1": f"first half of {self.year}", "9M": f"9 months of {self.year}"}.get(
            self.kind, f"year {self.year}"
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def parse_period(text: object) -> Period:
    """The one parser of period codes: ``2024-Q1``..``Q4``, ``2024-H1`` (6 months), ``2024-9M``,
    ``2024`` (the year), ``2025-M01``..``M12`` (months); case and surrounding spaces do not
    matter. Anything else raises :class:`PeriodError`, which names the text and the forms."""
    m = _RE.match(str(text).strip().upper())
    if not m:
        raise PeriodError(str(text))
    return Period(int(m.group("year")), m.group("kind") or "Y")


def fmt_date(d: date) -> str:
    """Vietnamese date: 14/3/2024 -> '14/03/2024'."""
    return d.strftime("%d/%m/%Y")


def standard_periods(year: int) -> list[Period]:
    return [Period(year, k) for k in ("Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y")]


def monthly_periods(year: int) -> list[Period]:
    return [Period.month_of(year, m) for m in range(1, 13)]
