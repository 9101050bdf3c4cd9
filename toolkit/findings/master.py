"""Finding codes of consolidation (area ``master``).

Written for the office clerk who builds the master workbook: each says what happened and
what to do, in Vietnamese and English.
"""

from __future__ import annotations

from .code import INFO, Area, E, W, declare

AREA = Area(
    "master",
    "Tổng hợp",
    "Consolidation",
    "Building the master workbook.",
)


WINDOW_DISAGREES = declare(
    "master-window-disagrees",
    W,
    AREA,
    ("Báo cáo kỳ gộp khác số các kỳ thành phần", "A period's own return disagrees with its parts"),
    (
        "{unit} gửi báo cáo {period} với {indicator} ({column}) = {value}, nhưng các kỳ {parts} đã duyệt "
        "cho {expected}. Bảng tổng hợp dùng báo cáo {period} của đơn vị; kiểm tra lại với đơn vị.",
        "{unit}'s own {period} return has {indicator} ({column}) = {value}, but the accepted {parts} give "
        "{expected}. The master uses the unit's {period} return; check with the unit.",
    ),
)
YTD_REVISED = declare(
    "master-ytd-revised",
    W,
    AREA,
    ("Lũy kế kỳ trước đã được sửa", "The previous year-to-date was revised"),
    (
        "Bản nộp phiên bản {version} của {unit} mang lũy kế đến hết {period} của {indicator} là {value}; "
        "số đã duyệt nay là {expected} ({period} được sửa sau khi đơn vị nộp). Bảng tổng hợp dùng {expected} "
        "cộng số kỳ này; đơn vị không cần gửi lại.",
        "Version {version} of {unit}'s return carried a year to date up to {period} of {value} for "
        "{indicator}; the accepted figure is now {expected} ({period} was corrected after it was filed). "
        "The master uses {expected} plus this period; the unit need not send again.",
    ),
)
PERIOD_APPROVED = declare(
    "master-period-approved",
    E,
    AREA,
    ("Kỳ đã duyệt: giữ nguyên bảng tổng hợp", "Approved period: its master is kept"),
    (
        "Kỳ {period} đã được duyệt ({at}, {by}); bảng tổng hợp đã duyệt {file} được giữ nguyên, không ghi đè. "
        "Muốn lập lại: 'baocao approve --period {period} --reopen' rồi tổng hợp lại; hoặc "
        "'baocao consolidate --period {period} --new-version' để ghi một bản mới có ghi ngày bên cạnh.",
        "Period {period} is approved ({at}, {by}); its approved master {file} is kept, not overwritten. "
        "To rebuild it: 'baocao approve --period {period} --reopen' then consolidate again; or "
        "'baocao consolidate --period {period} --new-version' to write a new dated version beside it.",
    ),
)
NEW_VERSION = declare(
    "master-new-version",
    INFO,
    AREA,
    ("Bản tổng hợp mới của kỳ đã duyệt", "New version of an approved period's master"),
    (
        "Kỳ {period} đã được duyệt: bảng tổng hợp đã duyệt được giữ nguyên; bản mới được ghi bên cạnh: {file}.",
        "Period {period} is approved: its approved master is kept; the new version is written beside it: {file}.",
    ),
)
UNITS_MISSING = declare(
    "master-units-missing",
    W,
    AREA,
    ("Thiếu đơn vị chưa nộp", "Units missing"),
    (
        "Bảng tổng hợp chỉ gồm số liệu của {covered}/{expected} đơn vị; chưa có số liệu hợp lệ của: {units}. "
        "Các số tổng chưa đầy đủ.",
        "The master covers {covered}/{expected} units only; no valid return yet from: {units}. Totals are partial.",
    ),
)
INVALID_SKIPPED = declare(
    "master-invalid-skipped",
    W,
    AREA,
    ("Bản nộp có lỗi không được tổng hợp", "Return with errors left out"),
    (
        "Bản nộp phiên bản {version} của {unit} có {errors} lỗi nên không được đưa vào tổng hợp; "
        "yêu cầu đơn vị sửa và gửi lại.",
        "Version {version} of {unit}'s return has {errors} errors and is left out of the master; "
        "ask the unit to fix and resend it.",
    ),
)
DUPLICATE_UNIT = declare(
    "master-duplicate-unit",
    W,
    AREA,
    ("Nhiều bản nộp cho một đơn vị", "Several returns for one unit"),
    (
        "Có {count} bản nộp hiện hành cho {unit}; dùng phiên bản {version} (mới nhất).",
        "{count} current returns were given for {unit}; version {version} (the newest) is used.",
    ),
)
UNKNOWN_UNIT = declare(
    "master-unknown-unit",
    W,
    AREA,
    ("Đơn vị không có trong danh sách", "Unknown unit"),
    (
        "Bản nộp của đơn vị '{unit}' không có trong units.yaml; bỏ qua.",
        "A return from unit '{unit}', which units.yaml does not define, is left out.",
    ),
)
UNEXPECTED_UNIT = declare(
    "master-unexpected-unit",
    W,
    AREA,
    ("Đơn vị không thuộc diện báo cáo kỳ này", "Unit not expected this period"),
    (
        "{unit} không thuộc diện báo cáo kỳ {period} nhưng có bản nộp; số liệu vẫn được đưa vào một cột riêng.",
        "{unit} is not expected to report for {period} but returned a form; its figures get a column anyway.",
    ),
)
UNKNOWN_INDICATOR = declare(
    "master-unknown-indicator",
    W,
    AREA,
    ("Chỉ tiêu không có trong danh mục", "Indicator not in the catalog"),
    (
        "Bản nộp của {unit} có số liệu cho mã '{indicator}' không có trong danh mục hiện hành; bỏ qua.",
        "{unit}'s return has a figure for code '{indicator}', which the current catalog lacks; left out.",
    ),
)
NOT_NUMBER = declare(
    "master-not-number",
    W,
    AREA,
    ("Giá trị không phải số", "Value is not a number"),
    (
        "Bản nộp của {unit}, chỉ tiêu {indicator} ({column}): giá trị '{value}' không phải số; không tổng hợp.",
        "{unit}'s return, indicator {indicator} ({column}): value '{value}' is not a number; not consolidated.",
    ),
)
WRONG_PERIOD = declare(
    "master-wrong-period",
    W,
    AREA,
    ("Số liệu của kỳ khác", "Figures of another period"),
    (
        "Bản nộp của {unit} mang số liệu kỳ {value}, không phải kỳ {period}; bỏ qua các số liệu đó.",
        "{unit}'s return carries figures for {value}, not {period}; those figures are left out.",
    ),
)
CATALOG_CHANGED = declare(
    "master-catalog-changed",
    INFO,
    AREA,
    ("Biểu mẫu theo danh mục cũ", "Form made from an older catalog"),
    (
        "Bản nộp của {unit} được lập theo danh mục phiên bản {value}, danh mục hiện hành là {expected}; "
        "số liệu được tổng hợp theo mã chỉ tiêu.",
        "{unit}'s return was made from catalog version {value}; the current one is {expected}; "
        "figures are consolidated by indicator code.",
    ),
)
NO_SUBMISSIONS = declare(
    "master-no-submissions",
    W,
    AREA,
    ("Chưa có bản nộp nào", "No returns yet"),
    (
        "Chưa có bản nộp hợp lệ nào cho kỳ {period}; bảng tổng hợp chỉ có chỉ tiêu kế hoạch và tình trạng nộp.",
        "No valid return for {period} yet; the master holds only the targets and the submission status.",
    ),
)
DATA_CSV = declare(
    "master-data-csv",
    INFO,
    AREA,
    ("Bảng dữ liệu ghi ra CSV", "Data table written as CSV"),
    (
        "Bảng dữ liệu có {rows} dòng, quá {limit} dòng để mở nhanh trong Excel; đã ghi ra tệp {value}.",
        "The data table has {rows} rows, more than {limit} for Excel to open quickly; written to {value}.",
    ),
)
OPEN_ELSEWHERE = declare(
    "master-open-elsewhere",
    W,
    AREA,
    ("Bảng tổng hợp đang mở", "Master is open"),
    (
        "Tệp {file} có vẻ đang được mở ({value}); sau khi ghi, hãy đóng và mở lại để thấy số liệu mới.",
        "{file} seems to be open ({value}); after this run, close and reopen it to see the new figures.",
    ),
)
FILE_IN_USE = declare(
    "master-file-in-use",
    E,
    AREA,
    ("Không ghi được: tệp đang mở", "Cannot write: the file is open"),
    (
        "Không thay được tệp {file} vì tệp đang mở (trong Excel?). Tệp cũ được giữ nguyên. "
        "Hãy đóng tệp trong Excel rồi chạy lại lệnh tổng hợp.",
        "Could not replace {file} because it is open (in Excel?). The old file is left intact. "
        "Close it in Excel and run consolidate again.",
    ),
)
BUSY = declare(
    "master-busy",
    E,
    AREA,
    ("Đang có người tổng hợp", "Consolidation already running"),
    (
        "Một lệnh tổng hợp khác đang ghi {file}. Chờ lệnh đó xong rồi chạy lại.",
        "Another consolidate run is writing {file}. Wait for it to finish, then run again.",
    ),
)
WRITE_FAILED = declare(
    "master-write-failed",
    E,
    AREA,
    ("Không ghi được bảng tổng hợp", "Could not write the master"),
    (
        "Không ghi được {file}: {detail}. Tệp cũ (nếu có) được giữ nguyên; kiểm tra quyền ghi thư mục và dung lượng đĩa.",
        "Could not write {file}: {detail}. The old file, if any, is left intact; check folder permissions and disk space.",
    ),
)
TOO_MANY_UNITS = declare(
    "master-too-many-units",
    E,
    AREA,
    ("Quá nhiều đơn vị cho một trang tính", "Too many units for one sheet"),
    (
        "Có {count} đơn vị báo cáo; một trang tính Excel chỉ chứa được {limit} cột đơn vị. "
        "Hãy tổng hợp theo từng cấp (ví dụ theo huyện) rồi tổng hợp các bảng đó.",
        "There are {count} reporting units; an Excel sheet has room for {limit} unit columns only. "
        "Consolidate level by level (e.g. per district), then consolidate those.",
    ),
)
INTAKE_UNAVAILABLE = declare(
    "master-intake-unavailable",
    E,
    AREA,
    ("Chưa có dữ liệu tiếp nhận", "Intake not available"),
    ("Không đọc được các bản nộp đã tiếp nhận: {detail}.", "Could not read the accepted returns: {detail}."),
)
BAD_DEFINITIONS = declare(
    "master-bad-definitions",
    E,
    AREA,
    ("Định nghĩa có lỗi", "Definitions have errors"),
    (
        "Danh mục, đơn vị hoặc chỉ tiêu kế hoạch có {count} lỗi; chạy 'baocao catalog check' và sửa trước khi tổng hợp.",
        "The catalog, units or targets have {count} errors; run 'baocao catalog check' and fix them before consolidating.",
    ),
)
