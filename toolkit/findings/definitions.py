"""Finding codes of the definitions workbooks (area ``definitions``): export, import, targets,
baseline from masters.

Problems found by the catalog's own loaders and checks keep their ``catalog-*`` codes; they
are only moved to the workbook's sheet and cell. The codes here are for what only a
workbook can get wrong: a missing sheet or column, a number that reads two ways, a row
without a code, a baseline name that matches no indicator.
"""

from __future__ import annotations

from .code import INFO, Area, E, W, declare

AREA = Area(
    "definitions",
    "Sổ định nghĩa",
    "Definitions workbooks",
    "The Excel workbooks of the definitions (export, import, targets, a baseline read from masters): what only a workbook can get wrong; the catalog's own checks keep their `catalog-*` codes.",
)


UNREADABLE = declare(
    "definitions-unreadable",
    E,
    AREA,
    ("Không đọc được sổ định nghĩa", "Definitions workbook unreadable"),
    (
        "Không mở được tệp {file} như một sổ Excel (.xlsx): {detail}. Hãy lưu lại dưới dạng Excel Workbook (.xlsx).",
        "{file} cannot be opened as an Excel workbook (.xlsx): {detail}. Save it as an Excel Workbook (.xlsx).",
    ),
)
NO_KNOWN_SHEET = declare(
    "definitions-no-known-sheet",
    E,
    AREA,
    ("Không phải sổ định nghĩa", "Not a definitions workbook"),
    (
        "Tệp {file} không có trang nào của sổ định nghĩa ({expected}). Hãy dùng tệp do 'baocao definitions export' tạo ra.",
        "{file} has none of the definitions workbook's sheets ({expected}). Use a file made by 'baocao definitions export'.",
    ),
)
SHEET_MISSING = declare(
    "definitions-sheet-missing",
    E,
    AREA,
    ("Thiếu trang", "Sheet missing"),
    (
        "Có trang '{present}' nhưng thiếu trang '{missing}': hai trang này đi cùng nhau. Đừng xóa hoặc đổi tên trang.",
        "Sheet '{present}' is there but '{missing}' is missing: the two go together. Do not delete or rename sheets.",
    ),
)
HEADER_MISSING = declare(
    "definitions-header-missing",
    E,
    AREA,
    ("Thiếu cột", "Column missing"),
    (
        "Trang không có cột '{header}' ở dòng tiêu đề. Đừng xóa hoặc đổi tên tiêu đề cột.",
        "The sheet has no column '{header}' in its header row. Do not delete or rename column headers.",
    ),
)
UNKNOWN_HEADER = declare(
    "definitions-unknown-header",
    W,
    AREA,
    ("Cột lạ, bị bỏ qua", "Unknown column ignored"),
    (
        "Cột '{header}' không thuộc sổ định nghĩa; nội dung cột này không được nhập.",
        "Column '{header}' is not part of the definitions workbook; its content is not imported.",
    ),
)
ROW_WITHOUT_CODE = declare(
    "definitions-row-without-code",
    E,
    AREA,
    ("Dòng có số liệu nhưng thiếu mã", "Row without a code"),
    (
        "Dòng {row} có nội dung nhưng ô mã để trống; hãy điền mã hoặc xóa cả dòng.",
        "Row {row} has content but no code; fill in the code or delete the whole row.",
    ),
)
AMBIGUOUS_NUMBER = declare(
    "definitions-ambiguous-number",
    E,
    AREA,
    ("Số đọc được hai cách", "Ambiguous number"),
    (
        "Ô ghi '{value}' có thể là {readings}. Hãy gõ số không có dấu ngăn cách hàng nghìn (ví dụ 1234 hoặc 1,234).",
        "The cell holds '{value}', which reads as {readings}. Type the number without a thousands separator (e.g. 1234 or 1.234).",
    ),
)
BAD_EXTRA = declare(
    "definitions-bad-extra",
    E,
    AREA,
    ("Cột 'Khác' không hợp lệ", "Invalid 'Khác' column"),
    (
        "Cột 'Khác' phải là các cặp tên: giá trị theo cú pháp YAML, ví dụ {{ghi_chu: abc}}; ở đây: {detail}.",
        "The 'Khác' column must hold name: value pairs in YAML, e.g. {{note: abc}}; here: {detail}.",
    ),
)
EXTRA_CONFLICT = declare(
    "definitions-extra-conflict",
    E,
    AREA,
    ("Trường ghi hai lần", "Field given twice"),
    (
        "Trường '{field}' có cột riêng nhưng cũng được ghi trong cột 'Khác'; hãy chỉ ghi ở một chỗ.",
        "Field '{field}' has its own column but is also given in the 'Khác' column; give it once.",
    ),
)
DUPLICATE_ROW = declare(
    "definitions-duplicate-row",
    E,
    AREA,
    ("Dòng trùng", "Duplicate row"),
    (
        "{what} đã có ở ô {first}; mỗi {what} chỉ được ghi một dòng.",
        "{what} is already given at {first}; give each once.",
    ),
)
BAD_YEAR = declare(
    "definitions-bad-year",
    E,
    AREA,
    ("Năm không hợp lệ", "Invalid year"),
    (
        "Ô năm ghi '{value}'; cần một năm (ví dụ 2025), giống năm trong tên trang nếu có.",
        "The year cell holds '{value}'; a year (e.g. 2025) is expected, the same as in the sheet name if any.",
    ),
)
WRITE_FAILED = declare(
    "definitions-write-failed",
    E,
    AREA,
    ("Không ghi được định nghĩa", "Definitions not written"),
    (
        "Không ghi được {file} ({detail}); không tệp nào bị thay đổi. Đóng tệp đang mở rồi chạy lại.",
        "{file} could not be written ({detail}); no file was changed. Close the file if it is open and run again.",
    ),
)
CHANGED_SINCE_EXPORT = declare(
    "definitions-changed-since-export",
    W,
    AREA,
    ("Định nghĩa đã đổi sau khi xuất sổ", "Definitions changed since the export"),
    (
        "Các tệp định nghĩa đã thay đổi sau khi sổ này được xuất (lúc {exported}); nhập sổ này sẽ thay các "
        "thay đổi đó bằng nội dung của sổ (bản cũ được giữ trong templates/.backup/). Nếu không chắc, hãy xuất "
        "sổ mới và sửa lại trên sổ mới.",
        "The definition files changed after this workbook was exported (at {exported}); importing it replaces "
        "those changes with the workbook's content (the old files are kept in templates/.backup/). If unsure, "
        "export a new workbook and make the edits there.",
    ),
)
NOT_WRITTEN = declare(
    "definitions-not-written",
    INFO,
    AREA,
    ("Chưa ghi gì", "Nothing written"),
    (
        "Còn {errors} lỗi: chưa ghi tệp định nghĩa nào. Sửa các ô được chỉ ra rồi nhập lại.",
        "{errors} errors remain: no definition file was written. Fix the cells shown and import again.",
    ),
)
MASTER_NO_TABLE = declare(
    "definitions-master-no-table",
    E,
    AREA,
    ("Không tìm thấy bảng số liệu", "No table found"),
    (
        "Không tìm thấy trong tệp một bảng có cột mã hoặc tên chỉ tiêu và cột số liệu ({detail}).",
        "No table with an indicator code or name column and a figures column was found ({detail}).",
    ),
)
MASTER_NAME_UNKNOWN = declare(
    "definitions-master-name-unknown",
    E,
    AREA,
    ("Tên chỉ tiêu không có trong danh mục", "Indicator name not in the catalog"),
    (
        "'{value}' không khớp chỉ tiêu nào trong danh mục{suggest}. Hãy ghi mã chỉ tiêu vào cột mã, hoặc sửa tên cho đúng.",
        "'{value}' matches no indicator of the catalog{suggest}. Put the indicator code in the code column, or correct the name.",
    ),
)
MASTER_CODE_UNKNOWN = declare(
    "definitions-master-code-unknown",
    E,
    AREA,
    ("Mã chỉ tiêu không có trong danh mục", "Indicator code not in the catalog"),
    (
        "Mã '{value}' không có trong danh mục{suggest}.",
        "Code '{value}' is not in the catalog{suggest}.",
    ),
)
MASTER_NOT_NUMBER = declare(
    "definitions-master-not-number",
    E,
    AREA,
    ("Không phải số", "Not a number"),
    (
        "Chỉ tiêu {indicator}: ô ghi '{value}' không phải là số.",
        "Indicator {indicator}: the cell holds '{value}', which is not a number.",
    ),
)
MASTER_UNIT_UNKNOWN = declare(
    "definitions-master-unit-unknown",
    W,
    AREA,
    ("Cột đơn vị lạ, bị bỏ qua", "Unknown unit column ignored"),
    (
        "Cột '{value}' không khớp đơn vị nào trong units.yaml; số liệu cột này không được nhập.",
        "Column '{value}' matches no unit of units.yaml; its figures are not imported.",
    ),
)
