"""``baocao definitions export``: the whole definition of a workspace as one Excel workbook.

Sheets: Hướng dẫn (how the office works with it), Chỉ tiêu, Phần, Đơn vị, one "Chỉ tiêu KH
<year>" per targets file, Cùng kỳ (the baseline rows), Khác (top-level settings of the
files that have no sheet of their own) and Danh sách (the dropdowns' lists).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..workspace import Workspace
from . import columns as K
from .cells import to_cell
from .sheetwriter import Formats, Lists, close_book, open_book, write_table, write_value
from .source import RawDefinitions, digest, read_raw, target_key
from .tables import row_cells

DIGEST_PROPERTY = "baocao_definitions"  # what the files said when the workbook was made
EXPORTED_PROPERTY = "baocao_exported"
YAML_SHEETS = {"catalog.yaml": ("sections", "indicators"), "units.yaml": ("units",)}


@dataclass
class ExportResult:
    path: Path
    written: bool = False
    counts: dict[str, int] = field(default_factory=dict)  # sheet -> rows
    problems: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.written


def indicator_list(raw: RawDefinitions) -> list[dict[str, Any]]:
    inds = (raw.catalog or {}).get("indicators")
    return [i for i in inds if isinstance(i, dict)] if isinstance(inds, list) else []


def _list(doc: dict[str, Any] | None, key: str) -> list[dict[str, Any]]:
    rows = (doc or {}).get(key)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def target_rows(
    spec: K.Sheet,
    targets: dict[str, Any],
    indicators: list[dict[str, Any]],
    more: Callable[[str], dict[int, Any]] | None = None,
) -> list[list[Any]]:
    """One row per indicator of the catalog (in its order), then targets of codes it lacks.

    ``more(code)``: values of further information columns, by column index."""
    known = {str(i.get("code")): i for i in indicators}
    codes = list(known) + [c for c in targets if c not in known]
    rows = []
    for code in codes:
        spec_raw = targets.get(code)
        raw = {"code": code, **(spec_raw if isinstance(spec_raw, dict) else {})}
        ind = known.get(code, {})
        info = {1: ind.get("name"), 2: ind.get("unit"), **(more(code) if more else {})}
        rows.append(row_cells(spec, raw, info=info))
    return rows


def other_rows(raw: RawDefinitions) -> list[list[Any]]:
    rows = []
    for fname, doc in (("catalog.yaml", raw.catalog), ("units.yaml", raw.units)):
        for key, value in (doc or {}).items():
            if key not in YAML_SHEETS[fname]:
                rows.append(row_cells(K.OTHER_SHEET, {"file": fname, "key": key, "value": value}))
    return rows


def static_lists(lists: Lists, unit_codes: list[str]) -> None:
    for key, header in (
        ("type", "Kiểu số"),
        ("aggregate", "Cách tổng hợp"),
        ("behaviour", "Tính chất"),
        ("direction", "Chiều tốt"),
        ("parts_mode", "Quan hệ thành phần"),
        ("kind", "Loại đơn vị"),
        ("column", "Cột cùng kỳ"),
        ("given_as", "Nguồn cho số"),
    ):
        lists.add(key, header, list(K.LABELS[key].values()))
    lists.add("bool", "Có/Không", [K.YES, K.NO])
    lists.add("reporters", "Đơn vị báo cáo", [*K.GROUP_LABELS.values(), *unit_codes])


def export_definitions(ws: Workspace, out: Path, *, now: datetime | None = None) -> ExportResult:
    """Write the definitions workbook of ``ws`` to ``out`` (atomically)."""
    out = Path(out)
    res = ExportResult(out)
    raw = read_raw(ws.definitions)
    if raw.problems:
        res.problems = raw.problems
        return res
    now = now or datetime.now()
    inds = indicator_list(raw)
    sections = _list(raw.catalog, "sections")
    units = _list(raw.units, "units")
    unit_codes = [str(u.get("code")) for u in units if u.get("code")]

    wb, tmp = open_book(out)
    wb.set_properties(
        {
            "title": f"Định nghĩa báo cáo - {ws.settings.name or ws.root.name}",
            "subject": "baocao definitions",
            "comments": "baocao definitions export",
        }
    )
    wb.set_custom_property(DIGEST_PROPERTY, digest(raw))
    wb.set_custom_property(EXPORTED_PROPERTY, now.strftime("%d/%m/%Y %H:%M"))
    fm = Formats(wb)
    lists = Lists()
    static_lists(lists, unit_codes)
    lists.refer("sections", K.SECTIONS, len(sections) + 200)
    lists.refer("indicators", K.INDICATORS, len(inds) + 1000)
    lists.refer("units", K.UNITS, len(units) + 500)

    tables: list[tuple[K.Sheet, list[list[Any]], str | None]] = [
        (K.INDICATORS_SHEET, [row_cells(K.INDICATORS_SHEET, r) for r in inds], "#70AD47"),
        (K.SECTIONS_SHEET, [row_cells(K.SECTIONS_SHEET, r) for r in sections], None),
        (K.UNITS_SHEET, [row_cells(K.UNITS_SHEET, r) for r in units], "#5B9BD5"),
    ]
    for key in sorted(raw.targets, key=str):
        spec = K.targets_sheet(key)
        office, per_unit = split_unit_targets(targets_map(raw.targets[key]))
        tables.append((spec, target_rows(spec, office, inds), "#FFC000"))
        uspec = K.unit_targets_sheet(key)
        tables.append((uspec, [row_cells(uspec, r) for r in per_unit], "#FFE699"))
    baseline = [{**r, K.FILE: fname} for fname, rows in raw.baseline.items() for r in rows]
    tables.append((K.BASELINE_SHEET, [row_cells(K.BASELINE_SHEET, r) for r in baseline], None))
    tables.append((K.OTHER_SHEET, other_rows(raw), None))

    help_sheet = wb.add_worksheet(K.HELP)
    for spec, rows, colour in tables:
        sh = write_table(wb, fm, spec, rows, lists, tab_color=colour)
        res.counts[spec.name] = len(rows)
        year_or_term = target_sheet_key(spec)
        if year_or_term is not None:
            write_target_meta(sh, fm, spec, raw.targets[year_or_term], year_or_term)
    lists.write(wb, fm)
    write_help(help_sheet, fm, ws, [t[0] for t in tables], now)
    help_sheet.activate()
    failed = close_book(wb, tmp, out)
    if failed:
        res.problems.append(failed)
        return res
    res.written = True
    return res


def target_sheet_key(spec: K.Sheet) -> int | str | None:
    """The year or term of an office-wide targets sheet (None for other sheets)."""
    if not spec.name.startswith(K.TARGETS_PREFIX) or spec.name.endswith(K.UNITS_SUFFIX):
        return None
    return target_key(spec.name.removeprefix(K.TARGETS_PREFIX))


def split_unit_targets(targets: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Office-wide entries, and one row per (indicator, unit) of their ``units`` (when it is a
    mapping of mappings; any other shape stays in the entry, so in its Khác cell)."""
    office: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    for code, spec in targets.items():
        units = spec.get("units") if isinstance(spec, dict) else None
        if isinstance(units, dict) and all(isinstance(v, dict) for v in units.values()):
            office[code] = {k: v for k, v in spec.items() if k != "units"}
            rows += [{"code": code, "unit": str(u), **v} for u, v in units.items()]
        else:
            office[code] = spec
    return office, rows


def targets_map(doc: dict[str, Any]) -> dict[str, Any]:
    t = doc.get("targets")
    return t if isinstance(t, dict) else {}


def write_target_meta(sh: Any, fm: Formats, spec: K.Sheet, doc: dict[str, Any], year: int | str) -> None:
    """Title, year, source and other top-level keys above the targets table."""
    sh.write_string(0, 0, spec.title, fm.get(bold=True, font_size=13))
    label = fm.get(bold=True, align="right")
    extra = {k: v for k, v in doc.items() if k not in ("year", "source", "targets")}
    values = {"year": doc.get("year", year), "source": doc.get("source"), K.EXTRA: extra or None}
    for key, (row, text) in K.TARGET_META.items():
        sh.write_string(row - 1, 0, text, label)
        v = values[key]
        if key == K.EXTRA:
            v = to_cell(K.OTHER_SHEET.columns[2], v) if v else None
        if key == "source":
            sh.set_row(row - 1, 45)
            last = len(spec.columns) - 1
            sh.merge_range(row - 1, 1, row - 1, last, "", fm.get(num_format="@", text_wrap=True))
        write_value(sh, row - 1, 1, v, fm.get(num_format="@" if key != "year" else "0", text_wrap=True))


def write_help(sh: Any, fm: Formats, ws: Workspace, specs: list[K.Sheet], now: datetime) -> None:
    sh.set_column(0, 0, 30)
    sh.set_column(1, 1, 95)
    sh.set_tab_color("#C00000")
    wrap = fm.get(text_wrap=True)
    bold = fm.get(bold=True, text_wrap=True)
    r = 0
    sh.write_string(r, 0, "SỔ ĐỊNH NGHĨA BÁO CÁO KINH TẾ - XÃ HỘI", fm.get(bold=True, font_size=14))
    r += 1
    sh.write_string(
        r,
        0,
        f"{ws.settings.name or ws.root.name} — xuất lúc {now:%H:%M ngày %d/%m/%Y} từ {ws.definitions}",
        fm.get(italic=True),
    )
    r += 2
    steps = [
        ("Sổ này là gì", HELP_WHAT),
        ("Cách làm", HELP_STEPS),
        ("Quy tắc", HELP_RULES),
    ]
    for title, text in steps:
        sh.write_string(r, 0, title, bold)
        sh.write_string(r, 1, text, wrap)
        sh.set_row(r, 15 * (text.count("\n") + 1) + 4)
        r += 1
    r += 1
    for spec in specs:
        sh.write_string(r, 0, f"Trang '{spec.name}'", fm.get(bold=True, font_size=12, bg_color="#DDEBF7"))
        sh.write_string(
            r,
            1,
            SHEET_HELP.get(spec.name, SHEET_HELP["unit-targets" if spec.name.endswith(K.UNITS_SUFFIX) else "targets"]),
            fm.get(bg_color="#DDEBF7", text_wrap=True),
        )
        r += 1
        if spec.name.startswith(K.TARGETS_PREFIX):
            continue
        for col in spec.columns:
            if col.help:
                sh.write_string(r, 0, col.header, fm.get(indent=1))
                sh.write_string(r, 1, col.help, wrap)
                r += 1
        r += 1
    sh.write_string(r, 0, "Danh sách chọn", bold)
    r += 1
    for key, labels in K.LABELS.items():
        sh.write_string(r, 0, f"  {key}", fm.get(indent=1))
        sh.write_string(r, 1, "; ".join(f"{label} = {code}" for code, label in labels.items()), wrap)
        r += 1


HELP_WHAT = (
    "Toàn bộ định nghĩa của thư mục làm việc: danh mục chỉ tiêu, đơn vị, chỉ tiêu kế hoạch từng năm và số "
    "liệu cùng kỳ. Các tệp trong thư mục templates/ (catalog.yaml, units.yaml, targets/, baseline/) vẫn là "
    "bản gốc; sổ này là nơi văn phòng sửa chúng bằng Excel. Mọi biểu mẫu, kiểm tra và bảng tổng hợp đều sinh "
    "ra từ các định nghĩa này."
)
HELP_STEPS = (
    "1. Sửa trực tiếp trên các trang (chọn trong danh sách thả xuống ở các cột có danh sách).\n"
    "2. Lưu tệp dạng Excel Workbook (.xlsx); Excel, LibreOffice hay WPS đều được.\n"
    "3. Chạy: baocao definitions import dinh-nghia.xlsx\n"
    "4. Nếu còn lỗi, lệnh chỉ ra từng ô (trang và ô, ví dụ 'Chỉ tiêu'!F12) và KHÔNG ghi gì; sửa rồi nhập lại.\n"
    "5. Khi hết lỗi, các tệp định nghĩa được ghi (bản cũ giữ trong templates/.backup/); lập lại biểu mẫu "
    "bằng baocao templates."
)
HELP_RULES = (
    "Không đổi tên trang và tiêu đề cột. Thêm chỉ tiêu hay đơn vị: thêm một dòng (thứ tự dòng là thứ tự trên "
    "biểu). Bỏ: xóa cả dòng. Mã đã dùng thì không đổi, không dùng lại cho chỉ tiêu khác. Số gõ kiểu Việt Nam "
    "được (46,5; 3.400). Ô để trống là dùng giá trị mặc định. Cột 'Khác (YAML)' giữ các trường chưa có cột "
    "riêng: để nguyên nếu không rõ."
)
SHEET_HELP = {
    K.INDICATORS: "Mỗi dòng một chỉ tiêu, theo thứ tự in trên biểu mẫu và bảng tổng hợp.",
    K.SECTIONS: "Các phần của báo cáo (I. Kinh tế, II. Văn hóa - Xã hội...), theo thứ tự.",
    K.UNITS: "Các đơn vị: tỉnh, thị xã, xã, phường, phòng ban; cả đơn vị cũ đã sáp nhập (ghi ngày).",
    "targets": (
        "Chỉ tiêu kế hoạch của năm: tỉnh giao và Nghị quyết HĐND. Mỗi dòng một chỉ tiêu; để trống nếu không "
        "có. Tên và ĐVT (nền xám) chỉ để tham khảo."
    ),
    "unit-targets": (
        "Chỉ tiêu giao cho từng đơn vị (xã, phường, khóm, ấp, bộ phận): mỗi dòng một chỉ tiêu và một đơn vị."
    ),
    K.BASELINE: "Số liệu cùng kỳ năm trước, mỗi dòng một số: kỳ, đơn vị, chỉ tiêu, kỳ này hay lũy kế.",
    K.OTHER: "Các mục khác ở đầu tệp catalog.yaml, units.yaml (để nguyên nếu không rõ).",
}
