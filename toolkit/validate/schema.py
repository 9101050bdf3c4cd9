"""The long table of typed figures, checked by a pandera schema generated from the catalog.

Every numeric input (and pre-filled) cell of one file, or of a whole batch of files, is a
row: indicator, column, role, how it was read, the value, and the bounds of that cell
(:func:`toolkit.forms.rules.bounds`: the catalog's min/max, widened for flows that cover
several quarters). The schema is built once per catalog version and checks, vectorised
over the whole table: required values present, min ≤ value ≤ max (percentages 0–100 by
the catalog's default bounds), whole numbers for ``type: integer``. Each failure case is
mapped back to its file, sheet and A1 cell (never a pandas row index).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import caches
from ..findings import Code, Finding, lookup, make
from ..findings import value as codes
from .cache import catalog_version
from .structure import column_names

if TYPE_CHECKING:
    from ..catalog import Catalog

# "same period" typed by a unit is welcome but not required; the year to date before this
# period is, when the office had no accepted figure to fill in (the form adds this period to it)
REQUIRED_COLUMNS = ("value", "ytd", "ytd_prev")


@dataclass(slots=True)
class Row:
    """One numeric cell of the long table, with where it is and what it showed."""

    file: str
    sheet: str
    cell: str
    indicator: str
    column: str
    role: str
    state: str  # see toolkit.validate.reading
    value: float | None
    lo: float | None
    hi: float | None
    shown: str = ""


_SCHEMAS = caches.memo("validate.schema.schemas", 16)  # catalog version -> pandera schema


def build_schema(catalog: Catalog) -> Any:
    """A pandera DataFrameSchema for the long table, from the catalog (cached per version)."""
    key = catalog_version(catalog)
    schema = _SCHEMAS.get(key)
    if schema is not None:
        return schema
    import pandera.pandas as pa

    required = {i.code: bool(i.required) for i in catalog}
    # the codes of the required and of the whole-number indicators (Series.isin: a hash table
    # of the codes, where Series.map(dict) builds a Series of the whole catalog on every call)
    needed = [code for code, need in required.items() if need]
    integer = [i.code for i in catalog if i.type == "integer"]

    def missing_ok(df: Any) -> Any:
        need = df["indicator"].isin(needed)
        return ~((df["state"] == "empty") & (df["role"] == "input") & df["column"].isin(REQUIRED_COLUMNS) & need)

    def min_ok(df: Any) -> Any:
        return ~(df["value"] < df["lo"]).fillna(False)

    def max_ok(df: Any) -> Any:
        return ~(df["value"] > df["hi"]).fillna(False)

    def integer_ok(df: Any) -> Any:
        whole = df["indicator"].isin(integer)
        frac = (df["value"] - df["value"].round()).abs() > 1e-9
        return ~(whole & frac.fillna(False))

    schema = pa.DataFrameSchema(
        {  # the helper columns (role, state, lo, hi) are built by this module and not re-checked
            "indicator": pa.Column(str, pa.Check.isin(sorted(required))),
            "value": pa.Column(float, nullable=True),
        },
        # ignore_na=False: a row is never all empty (its indicator is a code), so pandera's
        # "pass rows whose every column is NA" would only cost an isna() of the table per check
        checks=[
            pa.Check(missing_ok, name=codes.VALUE_MISSING, ignore_na=False),
            pa.Check(min_ok, name=codes.VALUE_BELOW_MIN, ignore_na=False),
            pa.Check(max_ok, name=codes.VALUE_ABOVE_MAX, ignore_na=False),
            pa.Check(integer_ok, name=codes.VALUE_NOT_INTEGER, ignore_na=False),
        ],
        coerce=False,
        name=f"baocao long table, catalog {key}",
    )
    _SCHEMAS.put(key, schema)
    return schema


def _frame(rows: list[Row], schema: Any = None) -> Any:
    """The long table as pandas holds it. The indicator column in the schema's own string dtype
    when it has one (pandera's ``str`` is ``pd.StringDtype`` on pandas 2.x and 3.x): pandera
    then checks the column's dtype, where an object column makes it test every value with
    a Python ``isinstance``."""
    import pandas as pd

    nan = float("nan")
    want = schema.columns["indicator"].dtype.type if schema is not None else None
    return pd.DataFrame(
        {
            "indicator": pd.Series(
                [r.indicator for r in rows], dtype=want if isinstance(want, pd.StringDtype) else object
            ),
            "column": pd.Series([r.column for r in rows], dtype=object),
            "role": pd.Series([r.role for r in rows], dtype=object),
            "state": pd.Series([r.state for r in rows], dtype=object),
            "value": pd.Series([nan if r.value is None else r.value for r in rows], dtype="float64"),
            "lo": pd.Series([nan if r.lo is None else r.lo for r in rows], dtype="float64"),
            "hi": pd.Series([nan if r.hi is None else r.hi for r in rows], dtype="float64"),
        }
    )


def failures(rows: list[Row], catalog: Catalog) -> list[tuple[int, Code]]:
    """(row index, finding code) of every failed check, in table order (a check is named by its code)."""
    if not rows:
        return []
    import pandera.errors as pe

    schema = build_schema(catalog)
    try:
        schema.validate(_frame(rows, schema), lazy=True)
    except pe.SchemaErrors as e:
        fc = e.failure_cases
        fc = fc[fc["index"].notna()]
        seen: set[tuple[int, Code]] = set()
        out = []
        for check, idx in zip(fc["check"], fc["index"], strict=True):
            key = (int(idx), lookup(str(check)))
            if key not in seen:
                seen.add(key)
                out.append(key)
        out.sort()
        return out
    return []


def check_rows(rows: list[Row], catalog: Catalog) -> list[tuple[int, Finding]]:
    """Validate a long table (one file or many); findings with the row each belongs to."""
    from .reading import num

    out: list[tuple[int, Finding]] = []
    for idx, check in failures(rows, catalog):
        r = rows[idx]
        ind = catalog.indicators.get(r.indicator)
        if ind is None or check not in (
            codes.VALUE_MISSING,
            codes.VALUE_BELOW_MIN,
            codes.VALUE_ABOVE_MAX,
            codes.VALUE_NOT_INTEGER,
        ):
            continue
        col_vi, col_en = column_names(r.column)
        ctx: dict[str, Any] = dict(
            file=r.file,
            sheet=r.sheet,
            cell=r.cell,
            indicator=r.indicator,
            column=r.column,
            name=ind.name,
            col_vi=col_vi,
            col_en=col_en,
            unit=ind.unit,
        )
        if check == codes.VALUE_MISSING:
            out.append((idx, make(check, **ctx)))
            continue
        shown = r.shown or num(r.value)
        if check == codes.VALUE_BELOW_MIN:
            out.append((idx, make(check, value=shown, expected=num(r.lo), **ctx)))
        elif check == codes.VALUE_ABOVE_MAX:
            out.append((idx, make(check, value=shown, expected=num(r.hi), **ctx)))
        else:
            hint_vi = hint_en = ""
            if r.value is not None and 0 < abs(r.value) < 1000 and float(round(r.value * 1000, 6)).is_integer():
                guess = num(round(r.value * 1000))
                hint_vi = f" (nếu ý là {guess} thì gõ {int(round(r.value * 1000))}, không gõ dấu ngăn cách)"
                hint_en = f" (if {guess} was meant, type {int(round(r.value * 1000))} without separators)"
            out.append(
                (
                    idx,
                    make(
                        check, value=shown, expected=num(round(r.value or 0)), hint_vi=hint_vi, hint_en=hint_en, **ctx
                    ),
                )
            )
    return out
