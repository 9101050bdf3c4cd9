"""The definitions workbook's sheets and columns: header, YAML field, kind of value, help.

Export and import both read these tables, so a column and the field it holds cannot
drift apart. Enumerations show Vietnamese labels; import accepts the label or the YAML
value. Fields without a column (and values a column cannot show) travel in the
"Khác (YAML)" column, so that everything round-trips.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import catalog as C
from .. import units as U

HELP = "Hướng dẫn"
SECTIONS = "Phần"
INDICATORS = "Chỉ tiêu"
UNITS = "Đơn vị"
BASELINE = "Cùng kỳ"
OTHER = "Khác"
LISTS = "Danh sách"
TARGETS_PREFIX = "Chỉ tiêu KH "

EXTRA = "__extra"  # the "Khác (YAML)" column
FILE = "__file"  # the baseline row's CSV file
INFO = "__info"  # shown for reading, never imported

WARDS_LABEL = "Các xã, phường"
HAMLETS_LABEL = "Các khóm, ấp"
GROUP_LABELS = {"wards": WARDS_LABEL, "hamlets": HAMLETS_LABEL}  # catalog.GROUPS
YES, NO = "Có", "Không"

LABELS: dict[str, dict[str, str]] = {
    "type": {"integer": "Số nguyên", "decimal": "Số thập phân", "percent": "Tỷ lệ %", "money": "Tiền"},
    "aggregate": {
        "sum": "Cộng các đơn vị",
        "ratio": "Tỷ lệ tử số/mẫu số",
        "single": "Số của một đơn vị",
        "max": "Lớn nhất",
        "none": "Không tổng hợp",
    },
    "behaviour": {"flow": "Phát sinh (cộng dồn)", "stock": "Thời điểm"},
    "direction": {"higher": "Càng cao càng tốt", "lower": "Càng thấp càng tốt"},
    "parts_mode": {"complete": "Tổng = các thành phần", "of_which": "Trong đó (≤ tổng)"},
    "kind": {
        "province": "Tỉnh, thành phố",
        "district": "Huyện, thị xã",
        "ward": "Phường",
        "commune": "Xã",
        "department": "Phòng, ban, ngành",
        "section": "Bộ phận của xã",
        "hamlet": "Khóm, ấp",
    },
    "column": {"value": "Kỳ này", "ytd": "Lũy kế"},
    "given_as": {"period": "Số của kỳ", "ytd": "Lũy kế từ đầu năm", "as_of": "Số tại một ngày"},
}
# every value the loaders accept has a label (checked by a test)
ALLOWED = {
    "type": C.TYPES,
    "aggregate": C.AGGREGATES,
    "behaviour": C.BEHAVIOURS,
    "direction": C.DIRECTIONS,
    "parts_mode": C.PARTS_MODES,
    "kind": U.KINDS,
    **({"given_as": C.GIVEN_AS} if hasattr(C, "GIVEN_AS") else {}),  # the reform's values kinds
}


@dataclass(frozen=True)
class Column:
    key: str  # YAML field, or EXTRA / FILE / INFO
    header: str
    kind: str  # text | number | int | bool | choice | list | reporters | date | extra | info
    width: float = 12
    help: str = ""
    dropdown: str = ""  # a list name (see export.LISTS) or a reference to a sheet's code column
    required: bool = False  # the sheet is unusable without this column

    @property
    def imported(self) -> bool:
        return self.key != INFO


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    header_row: int = 1  # 1-based
    title: str = ""

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def index(self, key: str) -> int | None:
        return next((n for n, c in enumerate(self.columns) if c.key == key), None)


_EXTRA = Column(
    EXTRA,
    "Khác (YAML)",
    "extra",
    28,
    "Các trường không có cột riêng, dạng {tên: giá trị}; để nguyên nếu không rõ.",
)

SECTIONS_SHEET = Sheet(
    SECTIONS,
    (
        Column("code", "Mã phần", "text", 10, "Mã ngắn, chữ in hoa (KT, VHXH...).", required=True),
        Column("name", "Tên phần", "text", 50, "In làm tiêu đề phần trên biểu và bảng tổng hợp."),
        Column("name_en", "Tên tiếng Anh", "text", 40, "Dùng khi xuất bằng tiếng Anh (--lang en)."),
        _EXTRA,
    ),
)

INDICATORS_SHEET = Sheet(
    INDICATORS,
    (
        Column(
            "code",
            "Mã chỉ tiêu",
            "text",
            22,
            "Mã cố định: A-Z, 0-9, dấu chấm, gạch dưới; không bao giờ dùng lại mã cũ.",
            required=True,
        ),
        Column("name", "Tên chỉ tiêu", "text", 48, "Tên in trên biểu mẫu."),
        Column("unit", "ĐVT", "text", 10, "Đơn vị tính: ha, tấn/ha, con, người, tỷ đồng, %, ‰..."),
        Column("section", "Phần", "text", 8, "Mã một phần ở trang 'Phần'.", dropdown="sections"),
        Column("group", "Nhóm", "text", 24, "Tiêu đề nhóm trong phần (không bắt buộc)."),
        Column("type", "Kiểu số", "choice", 14, "Số nguyên, số thập phân, tỷ lệ % hay tiền.", dropdown="type"),
        Column("min", "Nhỏ nhất", "number", 10, "Giá trị nhỏ nhất được nhập (mặc định 0)."),
        Column("max", "Lớn nhất", "number", 11, "Giá trị lớn nhất được nhập (tỷ lệ %: mặc định 100)."),
        Column(
            "reporters",
            "Đơn vị báo cáo",
            "reporters",
            18,
            f"'{WARDS_LABEL}' (mọi xã, phường), '{HAMLETS_LABEL}' hoặc mã đơn vị ở trang 'Đơn vị', nhiều mã cách "
            "nhau bằng dấu phẩy. Đổi theo ngày: ghi ngày trong ngoặc, các đoạn cách nhau bằng dấu chấm phẩy, ví dụ "
            f"'CA (đến 30/06/2025); {WARDS_LABEL} (từ 01/07/2025)'.",
            dropdown="reporters",
        ),
        Column("valid_from", "Thu từ ngày", "date", 12, "Ngày đầu văn phòng thu chỉ tiêu (để trống: luôn thu)."),
        Column("valid_to", "Thu đến ngày", "date", 12, "Ngày cuối văn phòng thu chỉ tiêu (để trống: luôn thu)."),
        Column("aggregate", "Cách tổng hợp", "choice", 18, "Cách cộng số của các đơn vị.", dropdown="aggregate"),
        Column("numerator", "Tử số", "text", 20, "Với tỷ lệ: mã chỉ tiêu tử số.", dropdown="indicators"),
        Column("denominator", "Mẫu số", "text", 20, "Với tỷ lệ: mã chỉ tiêu mẫu số.", dropdown="indicators"),
        Column("scale", "Hệ số tỷ lệ", "number", 9, "100 cho %, 1000 cho ‰ (mặc định 100)."),
        Column(
            "behaviour",
            "Tính chất",
            "choice",
            18,
            "Phát sinh: cộng dồn qua các quý; thời điểm: số tại một thời điểm, không cộng dồn.",
            dropdown="behaviour",
        ),
        Column(
            "direction",
            "Chiều tốt",
            "choice",
            18,
            "Càng thấp càng tốt: tai nạn, tội phạm, ca bệnh...",
            dropdown="direction",
        ),
        Column("parts", "Thành phần", "list", 26, "Mã các chỉ tiêu thành phần, cách nhau bằng dấu phẩy."),
        Column(
            "parts_mode",
            "Quan hệ thành phần",
            "choice",
            18,
            "Tổng = các thành phần (biểu tự cộng) hay 'trong đó' (tổng ≥ các thành phần).",
            dropdown="parts_mode",
        ),
        Column(
            "given_as",
            "Nguồn cho số",
            "choice",
            16,
            "Số của kỳ (mặc định); lũy kế từ đầu năm (kho bạc, hệ thống giải ngân: biểu tự tính số của kỳ); "
            "số tại một ngày (số thời điểm).",
            dropdown="given_as",
        ),
        Column(
            "estimate",
            "Số ước",
            "bool",
            8,
            "Có: lần báo cáo đầu thường là số ước, gửi lại số chính thức sau.",
            dropdown="bool",
        ),
        Column("ytd", "Có lũy kế", "bool", 9, "Có cột lũy kế từ đầu năm (chỉ tiêu phát sinh).", dropdown="bool"),
        Column("same_period", "Có cùng kỳ", "bool", 9, "Có cột cùng kỳ năm trước.", dropdown="bool"),
        Column("change_warn", "Ngưỡng cảnh báo (%)", "number", 11, "Cảnh báo khi thay đổi so với cùng kỳ vượt ngưỡng."),
        Column("required", "Bắt buộc nhập", "bool", 9, "Để trống ô là lỗi (mặc định: có).", dropdown="bool"),
        Column("decimals", "Số lẻ", "int", 7, "Số chữ số thập phân khi hiển thị (0-6)."),
        Column("note", "Ghi chú trên biểu", "text", 36, "Hiện ở cột ghi chú của biểu mẫu."),
        Column(
            "sentence",
            "Câu trong báo cáo",
            "text",
            40,
            "Cách dự thảo báo cáo viết chỉ tiêu, ví dụ 'phát triển {value}[ ({change})][, {attainment}]'; "
            "để trống: câu mặc định (docs/catalog.md).",
        ),
        _EXTRA,
    ),
)

UNITS_SHEET = Sheet(
    UNITS,
    (
        Column("code", "Mã đơn vị", "text", 10, "Mã ngắn, không đổi (P1, PKT...).", required=True),
        Column("name", "Tên đơn vị", "text", 36, "Tên in trên biểu mẫu."),
        Column("kind", "Loại", "choice", 18, "Tỉnh, huyện, phường, xã hay phòng ban.", dropdown="kind"),
        Column("parent", "Đơn vị cấp trên", "text", 12, "Mã đơn vị mà đơn vị này báo cáo lên.", dropdown="units"),
        Column("valid_from", "Hoạt động từ ngày", "date", 13, "Để trống nếu đã có từ trước."),
        Column("valid_to", "Đến ngày", "date", 13, "Để trống nếu vẫn còn hoạt động."),
        Column(
            "predecessors",
            "Hình thành từ",
            "list",
            18,
            "Mã các đơn vị cũ đã sáp nhập thành đơn vị này (cùng kỳ = tổng các đơn vị cũ).",
        ),
        Column(
            "external", "Ngoài địa bàn", "bool", 10, "Có: đơn vị ngoài địa bàn, chỉ để ghi lịch sử.", dropdown="bool"
        ),
        Column("contact", "Liên hệ", "text", 30, "Người, số điện thoại liên hệ (không bắt buộc)."),
        Column(
            "authority",
            "Cơ quan (dòng đầu tiêu đề)",
            "text",
            32,
            "Với đơn vị thu báo cáo: dòng đầu tiêu đề văn bản, ví dụ ỦY BAN NHÂN DÂN THỊ XÃ NGÃ NĂM.",
        ),
        Column("place", "Địa danh", "text", 14, "Với đơn vị thu báo cáo: địa danh ghi ở dòng ngày tháng."),
        _EXTRA,
    ),
)

TARGET_KIND_HEADERS = {
    "province": "Chỉ tiêu KH tỉnh giao",
    "resolution": "Chỉ tiêu Nghị quyết",
    "congress": "Chỉ tiêu Nghị quyết Đại hội",
}
TARGET_KIND_HELP = {
    "province": "Chỉ tiêu kế hoạch do tỉnh (thành phố) giao; để trống nếu không có.",
    "resolution": "Chỉ tiêu Nghị quyết HĐND; để trống nếu không có.",
    "congress": "Mức phải đạt cuối nhiệm kỳ theo Nghị quyết Đại hội (chỉ tiêu thời điểm, tỷ lệ).",
}
UNITS_SUFFIX = " đơn vị"

TargetKey = int | str  # a year (2025) or a term ("2025-2030")


def is_term(key: TargetKey) -> bool:
    return isinstance(key, str) and "-" in key


def target_kinds(key: TargetKey) -> tuple[str, ...]:
    return ("province", "resolution", "congress") if is_term(key) else ("province", "resolution")


def _kind_columns(key: TargetKey) -> tuple[Column, ...]:
    return tuple(Column(k, TARGET_KIND_HEADERS[k], "number", 16, TARGET_KIND_HELP[k]) for k in target_kinds(key))


def targets_sheet(year: TargetKey, info: tuple[Column, ...] = ()) -> Sheet:
    """The sheet of one year's (or term's) targets; ``info`` columns (last year's figures...) are shown only."""
    title = f"CHỈ TIÊU NHIỆM KỲ {year}" if is_term(year) else f"CHỈ TIÊU KẾ HOẠCH NĂM {year}"
    return Sheet(
        f"{TARGETS_PREFIX}{year}",
        (
            Column("code", "Mã chỉ tiêu", "text", 22, "Mã ở trang 'Chỉ tiêu'.", required=True, dropdown="indicators"),
            Column(INFO, "Tên chỉ tiêu (để tham khảo)", "info", 48),
            Column(INFO, "ĐVT", "info", 10),
            *info,
            *_kind_columns(year),
            _EXTRA,
        ),
        header_row=5,
        title=title,
    )


def unit_targets_sheet(year: TargetKey) -> Sheet:
    """Targets given to each reporting unit (a commune's, a hamlet's), one row per indicator and unit."""
    return Sheet(
        f"{TARGETS_PREFIX}{year}{UNITS_SUFFIX}",
        (
            Column("code", "Mã chỉ tiêu", "text", 22, "Mã ở trang 'Chỉ tiêu'.", required=True, dropdown="indicators"),
            Column(
                "unit", "Mã đơn vị", "text", 12, "Đơn vị được giao chỉ tiêu (mã ở trang 'Đơn vị').", dropdown="units"
            ),
            *_kind_columns(year),
            _EXTRA,
        ),
    )


# rows above the targets table: label in A, value in B
TARGET_META = {"year": (2, "Năm"), "source": (3, "Nguồn (kế hoạch, nghị quyết)"), EXTRA: (4, "Khác (YAML)")}

BASELINE_SHEET = Sheet(
    BASELINE,
    (
        Column("period", "Kỳ", "text", 10, "Kỳ của số liệu: 2023-Q1, 2023-H1, 2023-9M, 2023.", required=True),
        Column("unit", "Mã đơn vị", "text", 10, "Mã đơn vị; mã huyện/thị xã cho số toàn địa bàn.", dropdown="units"),
        Column("indicator", "Mã chỉ tiêu", "text", 22, "Mã ở trang 'Chỉ tiêu'.", dropdown="indicators"),
        Column("column", "Cột", "choice", 10, "Kỳ này hay lũy kế từ đầu năm.", dropdown="column"),
        Column("value", "Giá trị", "number", 14, "Số liệu (gõ kiểu Việt Nam được: 25.056; 8,27)."),
        Column("source", "Nguồn", "text", 50, "Lấy từ đâu (báo cáo, bảng tổng hợp...)."),
        Column(FILE, "Tệp", "text", 16, "Tệp CSV trong templates/baseline/ (để trống: theo kỳ)."),
    ),
)

OTHER_SHEET = Sheet(
    OTHER,
    (
        Column("file", "Tệp", "text", 16, "catalog.yaml, units.yaml...", required=True),
        Column("key", "Khóa", "text", 20, "Tên mục ở đầu tệp."),
        Column("value", "Giá trị (YAML)", "extra", 60, "Nội dung theo cú pháp YAML."),
    ),
)
