"""Reporting periods and their cut-off dates (Nghị định 09/2019/NĐ-CP, Điều 12).

A quarter runs from the 15th of the month before it to the 14th of its last month
(Q1 = 15/12 of the previous year → 14/3); 6 months = 15/12 → 14/6; 9 months = 15/12 → 14/9;
the year = 15/12 → 14/12.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>Q[1-4]|H1|9M))?$")

_END_MONTH = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "9M": 9, "Y": 12}
_MONTHS = {"Q1": 3, "Q2": 3, "Q3": 3, "Q4": 3, "H1": 6, "9M": 9, "Y": 12}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # Q1..Q4, H1, 9M, Y

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _RE.match(str(text).strip().upper())
        if not m:
            raise PeriodError(
                f"'{text}' không phải kỳ báo cáo (ví dụ 2024-Q1, 2024-H1, 2024-9M, 2024) / "
                f"'{text}' is not a period (e.g. 2024-Q1, 2024-H1, 2024-9M, 2024)"
            )
        return cls(int(m.group("year")), m.group("kind") or "Y")

    @property
    def code(self) -> str:
        return str(self.year) if self.kind == "Y" else f"{self.year}-{self.kind}"

    def __str__(self) -> str:
        return self.code

    @property
    def is_quarter(self) -> bool:
        return self.kind.startswith("Q")

    @property
    def quarter(self) -> int | None:
        return int(self.kind[1]) if self.is_quarter else None

    @property
    def start(self) -> date:
        """First day of the reporting cut-off window."""
        months_back = _MONTHS[self.kind]
        end_month = _END_MONTH[self.kind]
        m = end_month - months_back  # month before the first month of the period
        y = self.year
        if m <= 0:
            m += 12
            y -= 1
        return date(y, m, 15)

    @property
    def end(self) -> date:
        """Last day of the reporting cut-off window."""
        return date(self.year, _END_MONTH[self.kind], 14)

    @property
    def months_covered(self) -> int:
        return _MONTHS[self.kind]

    def quarters(self) -> list[Period]:
        """The quarters this period is made of (itself for a quarter)."""
        if self.is_quarter:
            return [self]
        last = _END_MONTH[self.kind] // 3
        first = last - _MONTHS[self.kind] // 3 + 1
        return [Period(self.year, f"Q{q}") for q in range(first, last + 1)]

    def ytd_quarters(self) -> list[Period]:
        """Quarters from the start of the year to the end of this period."""
        last = _END_MONTH[self.kind] // 3
        return [Period(self.year, f"Q{q}") for q in range(1, last + 1)]

    def previous_quarter(self) -> Period | None:
        """The quarter before, within the same year (None for Q1 or non-quarters)."""
        if not self.is_quarter or self.quarter == 1:
            return None
        return Period(self.year, f"Q{self.quarter - 1}")

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.kind)

    def deadline(self, days_after_end: int = 5, overrides: dict[str, date] | None = None) -> date:
        if overrides and self.code in overrides:
            return overrides[self.code]
        return self.end + timedelta(days=days_after_end)

    def title_vi(self) -> str:
        """'QUÝ I NĂM 2024', '6 THÁNG ĐẦU NĂM 2024', '9 THÁNG NĂM 2024', 'NĂM 2024'."""
        if self.is_quarter:
            return f"QUÝ {_ROMAN[self.quarter]} NĂM {self.year}"
        if self.kind == "H1":
            return f"6 THÁNG ĐẦU NĂM {self.year}"
        if self.kind == "9M":
            return f"9 THÁNG NĂM {self.year}"
        return f"NĂM {self.year}"

    def label_vi(self) -> str:
        """'Quý I năm 2024', '6 tháng đầu năm 2024'."""
        if self.is_quarter:
            return f"Quý {_ROMAN[self.quarter]} năm {self.year}"
        t = self.title_vi()
        return t[0] + t[1:].lower()

    def title_en(self) -> str:
        if self.is_quarter:
            return f"Q{self.quarter} {self.year}"
        return {"H1": f"first half of {self.year}", "9M": f"9 months of {self.year}"}.get(
            self.kind, f"year {self.year}"
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def fmt_date(d: date) -> str:
    """Vietnamese date: 14/3/2024 -> '14/03/2024'."""
    return d.strftime("%d/%m/%Y")


def standard_periods(year: int) -> list[Period]:
    return [Period(year, k) for k in ("Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y")]
