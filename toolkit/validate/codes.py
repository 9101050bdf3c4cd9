"""Finding codes of validation: identity, structure, values and rules across cells.

Messages speak to the ward clerk who filled the form: what is wrong, where, what to do.
Vietnamese first (with diacritics), English second. Templates use these fields, always
passed by the validator:

* ``{cell}``: the A1 address, ``{name}``: the indicator's name, ``{col_vi}``/``{col_en}``:
  the column ("Thực hiện kỳ này" / "this period"), ``{value}``/``{expected}``: numbers already
  formatted the Vietnamese way (7.600; 37,89).
"""

from __future__ import annotations

from toolkit.findings import Severity, code

E = Severity.ERROR
W = Severity.WARNING

_RESEND_VI = "Sửa lại rồi gửi lại tệp."
_RESEND_EN = "Correct it and send the file again."
_NEW_FORM_VI = "Hãy dùng biểu mẫu mới do bộ phận tổng hợp gửi cho kỳ này, chép số liệu sang rồi gửi lại."
_NEW_FORM_EN = "Use the new form the reporting office sent for this period, copy the figures into it and send it again."


def _c(name: str, sev: Severity, area: str, title: tuple[str, str], vi: str, en: str) -> str:
    code(name, sev, area, title, (vi, en))
    return name


# --- identity: which form is this? --------------------------------------------------------
NOT_A_FORM = _c(
    "not-a-form",
    E,
    "identity",
    ("Không phải biểu mẫu baocao", "Not a baocao form"),
    "Tệp này không phải biểu mẫu do bộ phận tổng hợp gửi (không có thông tin nhận dạng biểu mẫu), "
    "nên không biết số liệu của đơn vị nào, kỳ nào. Không tự lập bảng mới: hãy nhập số liệu vào "
    "đúng biểu mẫu Excel đã được gửi cho đơn vị rồi gửi lại.",
    "This file is not a form sent by the reporting office (it carries no form identity), so it "
    "is unknown which unit and period its figures belong to. Do not make your own sheet: enter "
    "the figures into the Excel form that was sent to your unit and send it again.",
)
IDENTITY_DAMAGED = _c(
    "identity-damaged",
    E,
    "identity",
    ("Thông tin nhận dạng biểu mẫu bị hỏng", "Form identity damaged"),
    "Thông tin nhận dạng ẩn của biểu mẫu bị hỏng ({detail}). " + _NEW_FORM_VI,
    "The form's hidden identity is damaged ({detail}). " + _NEW_FORM_EN,
)
IDENTITY_SHEET_MISSING = _c(
    "identity-sheet-missing",
    W,
    "identity",
    ("Mất trang nhận dạng ẩn", "Hidden identity sheet lost"),
    "Trang ẩn '_baocao' của biểu mẫu đã mất (thường do lưu bằng phần mềm khác); đơn vị và kỳ được "
    "đọc từ tên định nghĩa của sổ làm việc, vị trí ô được dựng lại theo danh mục. Lần sau hãy lưu "
    "bằng Excel hoặc LibreOffice dạng .xlsx.",
    "The form's hidden sheet '_baocao' is gone (usually saved by another program); unit and "
    "period were read from the workbook's defined names and the cell positions rebuilt from the "
    "catalog. Next time save as .xlsx with Excel or LibreOffice.",
)
IDENTITY_CONFLICT = _c(
    "identity-conflict",
    E,
    "identity",
    ("Thông tin nhận dạng mâu thuẫn", "Conflicting form identity"),
    "Biểu mẫu mang hai thông tin nhận dạng khác nhau: {field} là '{found}' ở trang ẩn nhưng "
    "'{other}' ở tên định nghĩa; có thể số liệu đã được chép giữa hai biểu mẫu. " + _NEW_FORM_VI,
    "The form carries two different identities: {field} is '{found}' in the hidden sheet but "
    "'{other}' in the defined names; figures may have been copied between two forms. " + _NEW_FORM_EN,
)
UNIT_UNKNOWN = _c(
    "unit-unknown",
    E,
    "identity",
    ("Đơn vị không có trong danh sách", "Unknown unit"),
    "Biểu mẫu ghi mã đơn vị '{unit}', không có trong danh sách đơn vị báo cáo. " + _NEW_FORM_VI,
    "The form names unit '{unit}', which is not in the list of reporting units. " + _NEW_FORM_EN,
)
UNIT_MISMATCH = _c(
    "unit-mismatch",
    E,
    "identity",
    ("Biểu mẫu của đơn vị khác", "Form of another unit"),
    "Biểu mẫu này là của {found_name} ({found}), không phải của {expected_name} ({expected}). "
    "Kiểm tra lại đã gửi đúng tệp của đơn vị mình chưa; nếu đã nhập số liệu vào biểu mẫu của đơn "
    "vị khác, hãy chép sang đúng biểu mẫu của đơn vị mình rồi gửi lại.",
    "This form belongs to {found_name} ({found}), not to {expected_name} ({expected}). Check "
    "that you sent your own unit's file; if the figures were entered in another unit's form, copy "
    "them into your own form and send it again.",
)
PERIOD_INVALID = _c(
    "period-invalid",
    E,
    "identity",
    ("Kỳ báo cáo không hợp lệ", "Invalid period"),
    "Biểu mẫu ghi kỳ báo cáo '{found}' không hợp lệ. " + _NEW_FORM_VI,
    "The form names the period '{found}', which is not valid. " + _NEW_FORM_EN,
)
PERIOD_MISMATCH = _c(
    "period-mismatch",
    E,
    "identity",
    ("Biểu mẫu của kỳ khác", "Form of another period"),
    "Biểu mẫu này dùng cho {found_label}, không phải {expected_label}. Có thể đã gửi nhầm tệp kỳ "
    "trước: hãy nhập số liệu {expected_label} vào biểu mẫu của kỳ này rồi gửi lại.",
    "This form is for {found_label_en}, not {expected_label_en}. The previous period's file may "
    "have been sent by mistake: enter the {expected_label_en} figures into this period's form "
    "and send it again.",
)
UNIT_INACTIVE = _c(
    "unit-inactive",
    E,
    "identity",
    ("Đơn vị không còn báo cáo kỳ này", "Unit not active in this period"),
    "{found_name} ({unit}) không báo cáo cho {period_label} (đơn vị đã sáp nhập, giải thể hoặc chưa "
    "thành lập). Liên hệ bộ phận tổng hợp để nhận đúng biểu mẫu.",
    "{found_name} ({unit}) does not report for {period_label_en} (the unit was merged, dissolved "
    "or not yet created). Ask the reporting office for the right form.",
)
CATALOG_OUTDATED = _c(
    "catalog-outdated",
    E,
    "identity",
    ("Biểu mẫu lập từ danh mục cũ", "Form made from an older catalog"),
    "Biểu mẫu được lập từ danh mục chỉ tiêu cũ (phiên bản {found}, hiện hành {expected}); chỉ tiêu, "
    "đơn vị tính hoặc giới hạn có thể đã thay đổi. " + _NEW_FORM_VI,
    "The form was made from an older indicator catalog (version {found}, current {expected}); "
    "indicators, units or bounds may have changed. " + _NEW_FORM_EN,
)
CATALOG_RULE_CHANGED = _c(
    "catalog-rule-changed",
    Severity.INFO,
    "identity",
    ("Quy tắc của chỉ tiêu đã đổi sau khi lập biểu", "An indicator's rule changed after the form was made"),
    "Biểu mẫu lập theo danh mục phiên bản {found}; {field_vi} của {indicator} ({name}) đổi từ {old_vi} "
    "thành {new_vi}; số liệu được kiểm tra theo quy tắc mới. Biểu mẫu vẫn dùng được.",
    "Form made from catalog version {found}; the {field_en} of {indicator} ({name}) changed from {old_en} "
    "to {new_en}; values checked against the new rule. The form is still valid.",
)
CATALOG_UNIT_CHANGED = _c(
    "catalog-unit-changed",
    E,
    "identity",
    ("Đơn vị tính của chỉ tiêu đã đổi", "An indicator's unit of measure changed"),
    "Biểu mẫu lập theo danh mục phiên bản {found}; {field_vi} của {indicator} ({name}) đổi từ {old_vi} "
    "thành {new_vi}: số ở ô này được nhập theo {old_vi}. Hãy đổi số sang {new_vi} (hoặc dùng biểu mẫu mới) "
    "rồi gửi lại.",
    "Form made from catalog version {found}; the {field_en} of {indicator} ({name}) changed from {old_en} "
    "to {new_en}: the figure in this cell was typed in {old_en}. Convert it to {new_en} (or use the new "
    "form) and send the file again.",
)
CATALOG_VERSION_UNKNOWN = _c(
    "catalog-version-unknown",
    Severity.INFO,
    "identity",
    ("Biểu mẫu lập từ phiên bản danh mục khác", "Form made from another catalog version"),
    "Biểu mẫu lập theo danh mục phiên bản {found} (thư mục làm việc không lưu phiên bản này; hiện hành "
    "{expected}); các ô của biểu vẫn khớp danh mục hiện hành, số liệu được kiểm tra theo quy tắc hiện hành.",
    "Form made from catalog version {found} (not kept in this workspace; current {expected}); the form's "
    "cells still match the current catalog, values are checked against the current rules.",
)

# --- structure: is the form still the form? -------------------------------------------------
_RESTORE_VI = "Không sửa cấu trúc biểu mẫu; tốt nhất nhập lại số liệu vào biểu mẫu gốc rồi gửi lại."
_RESTORE_EN = "Do not change the form's layout; best re-enter the figures in the original form and send it again."

SHEET_MISSING = _c(
    "sheet-missing",
    E,
    "structure",
    ("Mất trang tính của biểu mẫu", "Form sheet missing"),
    "Không tìm thấy trang tính '{sheet}' của biểu mẫu (đã bị xoá hoặc đổi tên mà không còn mã chỉ "
    "tiêu). " + _RESTORE_VI,
    "The form's sheet '{sheet}' is missing (deleted, or renamed and without its indicator codes). " + _RESTORE_EN,
)
SHEET_RENAMED = _c(
    "sheet-renamed",
    W,
    "structure",
    ("Trang tính bị đổi tên", "Sheet renamed"),
    "Trang tính '{expected}' của biểu mẫu đã bị đổi tên thành '{sheet}'; số liệu vẫn được đọc theo "
    "mã chỉ tiêu. Lần sau không đổi tên trang tính.",
    "The form's sheet '{expected}' was renamed to '{sheet}'; the figures were still read by "
    "indicator code. Next time do not rename sheets.",
)
SHEET_ADDED = _c(
    "sheet-added",
    W,
    "structure",
    ("Thêm trang tính lạ", "Extra sheet"),
    "Sổ làm việc có thêm trang tính '{sheet}' không thuộc biểu mẫu; số liệu trong trang này không "
    "được tính. Nếu có số liệu cần báo cáo, hãy nhập vào trang của biểu mẫu.",
    "The workbook has an extra sheet '{sheet}' that is not part of the form; its content is not "
    "counted. Enter any figure to report in the form's own sheet.",
)
SHEET_COPIED = _c(
    "sheet-copied",
    W,
    "structure",
    ("Số liệu nhập vào bản sao của biểu mẫu", "Figures in a copy of the form"),
    "Trang tính '{sheet}' là bản sao của trang biểu mẫu '{form}' và có {count} ô số liệu khác với trang "
    "biểu mẫu (đầu tiên là ô {cell}: '{value}'); chỉ trang '{form}' được tính, các số liệu trong bản sao thì "
    "không. Nhập số liệu vào trang '{form}' (có thể chép từ bản sao), xoá bản sao rồi gửi lại.",
    "Sheet '{sheet}' is a copy of the form sheet '{form}' and has {count} figure cells that differ from "
    "the form sheet (the first at {cell}: '{value}'); only '{form}' is counted, not the copy. Enter the "
    "figures in '{form}' (copy them from the copy), delete the copy and send the file again.",
)
ROW_INSERTED = _c(
    "row-inserted",
    W,
    "structure",
    ("Chèn thêm dòng", "Rows inserted"),
    "{count} dòng đã được chèn vào biểu mẫu tại ô {cell} (trước chỉ tiêu {indicator} '{name}', "
    "đúng ra ở dòng {expected}); các chỉ tiêu phía dưới đã được đọc theo mã tại vị trí mới. "
    "Lần sau không chèn dòng vào biểu mẫu.",
    "{count} row(s) were inserted into the form at {cell} (before indicator {indicator} "
    "'{name}', expected at row {expected}); the indicators below were read by code at their new "
    "place. Next time do not insert rows.",
)
ROW_DELETED = _c(
    "row-deleted",
    W,
    "structure",
    ("Xoá dòng của biểu mẫu", "Rows deleted"),
    "{count} dòng của biểu mẫu đã bị xoá phía trên ô {cell} (chỉ tiêu {indicator} '{name}' đúng ra "
    "ở dòng {expected}); các chỉ tiêu phía dưới đã được đọc theo mã tại vị trí mới. Lần sau không "
    "xoá dòng của biểu mẫu.",
    "{count} row(s) of the form were deleted above {cell} (indicator {indicator} '{name}' is "
    "expected at row {expected}); the indicators below were read by code at their new place. "
    "Next time do not delete rows.",
)
ROW_MOVED = _c(
    "row-moved",
    W,
    "structure",
    ("Dòng chỉ tiêu bị di chuyển", "Indicator row moved"),
    "Chỉ tiêu {indicator} '{name}' đã bị chuyển từ dòng {expected} sang ô {cell}; số liệu được đọc "
    "theo mã tại vị trí mới. Lần sau không sắp xếp lại hay di chuyển dòng.",
    "Indicator {indicator} '{name}' was moved from row {expected} to {cell}; its figures were "
    "read by code at the new place. Next time do not sort or move rows.",
)
ROWS_SORTED = _c(
    "rows-sorted",
    W,
    "structure",
    ("Các dòng của biểu mẫu bị sắp xếp lại", "Form rows sorted"),
    "Các dòng {first} đến {last} của biểu mẫu đã bị sắp xếp lại (hoặc di chuyển): {count} chỉ tiêu không "
    "còn ở vị trí cũ. Số liệu được đọc theo mã chỉ tiêu và các ô tự tính được tính lại theo mã, nhưng "
    "công thức trong các dòng này giờ tính từ các dòng khác nên số hiển thị trong tệp có thể sai. Lần "
    "sau không sắp xếp biểu mẫu; tốt nhất nhập lại số liệu vào biểu mẫu gốc rồi gửi lại.",
    "Rows {first} to {last} of the form were sorted (or moved): {count} indicators are no longer where "
    "they were. The figures were read by indicator code and the computed cells computed again by code, "
    "but the formulas in these rows now compute from other rows, so what the file shows there may be "
    "wrong. Next time do not sort the form; best re-enter the figures in the original form and send it "
    "again.",
)
CODE_MISSING = _c(
    "code-missing",
    E,
    "structure",
    ("Mất dòng chỉ tiêu", "Indicator row missing"),
    "Không tìm thấy mã chỉ tiêu {indicator} '{name}' trong cột Mã (đúng ra ở ô {cell}); dòng này đã "
    "bị xoá nên thiếu số liệu. " + _RESTORE_VI,
    "Indicator code {indicator} '{name}' is not in the code column (expected at {cell}); the row "
    "was deleted, so its figures are missing. " + _RESTORE_EN,
)
CODE_ALTERED = _c(
    "code-altered",
    E,
    "structure",
    ("Mã chỉ tiêu bị sửa", "Indicator code altered"),
    "Mã chỉ tiêu tại ô {cell} đã bị sửa thành '{value}' (đúng là {expected}). Mã dùng để nhận biết "
    "chỉ tiêu: hãy trả lại mã {expected} rồi gửi lại.",
    "The indicator code at {cell} was changed to '{value}' (it should be {expected}). Codes "
    "identify the indicators: restore {expected} and send the file again.",
)
CODE_UNKNOWN = _c(
    "code-unknown",
    E,
    "structure",
    ("Mã chỉ tiêu lạ", "Unknown indicator code"),
    "Ô {cell} có mã '{value}' không thuộc biểu mẫu của đơn vị; dòng này không được tính. Không tự "
    "thêm chỉ tiêu vào biểu mẫu; nếu cần báo cáo thêm, ghi vào cột Ghi chú.",
    "Cell {cell} holds the code '{value}', which is not in this unit's form; the row is not counted. "
    "Do not add indicators to the form; write anything extra in the Note column.",
)
CODE_DUPLICATE = _c(
    "code-duplicate",
    E,
    "structure",
    ("Mã chỉ tiêu bị lặp", "Indicator code duplicated"),
    "Mã chỉ tiêu {indicator} xuất hiện thêm lần nữa tại ô {cell} (đã có ở {expected}); không biết "
    "dòng nào đúng. Xoá dòng thừa (dòng sao chép) rồi gửi lại.",
    "Indicator code {indicator} appears again at {cell} (already at {expected}); it is unclear "
    "which row counts. Delete the copied row and send the file again.",
)
LABEL_ALTERED = _c(
    "label-altered",
    E,
    "structure",
    ("Tên hoặc đơn vị tính bị sửa", "Label altered"),
    "{what_vi} của chỉ tiêu {indicator} tại ô {cell} đã bị sửa thành '{value}' (đúng là '{expected}'). "
    "Số liệu phải theo đúng tên và đơn vị tính của biểu mẫu: trả lại nội dung gốc, kiểm tra số liệu "
    "đúng đơn vị '{unit}' rồi gửi lại.",
    "The {what_en} of indicator {indicator} at {cell} was changed to '{value}' (it should be "
    "'{expected}'). Figures must follow the form's names and units: restore the text, check the "
    "figure is in '{unit}' and send the file again.",
)
FORMULA_OVERWRITTEN = _c(
    "formula-overwritten",
    E,
    "structure",
    ("Công thức bị ghi đè", "Formula overwritten"),
    "Ô {cell} ({name}, cột {col_vi}) là ô tự tính bằng công thức nhưng đã bị gõ đè giá trị "
    "'{value}'. Không gõ vào ô tự tính: nhập số liệu vào các ô thành phần, rồi gửi lại biểu mẫu "
    "gốc có công thức.",
    "Cell {cell} ({name}, {col_en}) is computed by a formula but a value '{value}' was typed over it. "
    "Do not type into computed cells: enter the parts, and send the original form with its "
    "formula.",
)
FORMULA_CLEARED = _c(
    "formula-cleared",
    W,
    "structure",
    ("Công thức bị xoá", "Formula cleared"),
    "Ô {cell} ({name}, cột {col_vi}) là ô tự tính nhưng công thức đã bị xoá (ô để trống); giá trị của ô "
    "được tính lại từ các số liệu của biểu mẫu. Lần sau không xoá nội dung ô tự tính.",
    "Cell {cell} ({name}, {col_en}) is computed by a formula but the formula was cleared (the cell is "
    "empty); its value was computed again from the form's figures. Next time do not clear computed cells.",
)
FORMULA_ALTERED = _c(
    "formula-altered",
    E,
    "structure",
    ("Công thức bị sửa", "Formula altered"),
    "Công thức tại ô {cell} ({name}, cột {col_vi}) đã bị sửa thành '={value}' (phải tính từ các ô "
    "{expected}). " + _RESTORE_VI,
    "The formula at {cell} ({name}, {col_en}) was changed to '={value}' (it must compute from "
    "{expected}). " + _RESTORE_EN,
)
VALUE_OUTSIDE_AREA = _c(
    "value-outside-area",
    E,
    "structure",
    ("Số liệu nhập ngoài vùng nhập liệu", "Value outside the input area"),
    "Ô {cell} có nội dung '{value}' nằm ngoài các ô nhập số liệu của biểu mẫu; nội dung này không "
    "được tính. Nếu là số liệu báo cáo, nhập vào đúng ô của chỉ tiêu; nếu không, xoá đi rồi gửi lại.",
    "Cell {cell} holds '{value}', outside the form's input cells; it is not counted. If it is a "
    "figure to report, enter it in the indicator's own cell; otherwise delete it and send the "
    "file again.",
)
CELLS_MERGED = _c(
    "cells-merged",
    E,
    "structure",
    ("Ô nhập liệu bị gộp", "Input cells merged"),
    "Các ô {range} đã bị gộp (Merge); ô {cell} ({name}, cột {col_vi}) nằm khuất trong vùng gộp nên "
    "không xem và không nhập được, số liệu của ô này có thể đã mất hoặc không phải số đơn vị thấy trên "
    "màn hình. Bỏ gộp ô (Unmerge), kiểm tra lại số liệu từng ô rồi gửi lại.",
    "Cells {range} were merged; cell {cell} ({name}, {col_en}) is hidden under the merge, so it can "
    "be neither seen nor typed into, and its figure may be lost or not what the unit sees on screen. "
    "Unmerge the cells, check each figure and send the file again.",
)
PROTECTION_REMOVED = _c(
    "protection-removed",
    W,
    "structure",
    ("Bỏ khoá bảo vệ biểu mẫu", "Protection removed"),
    "Trang tính '{sheet}' đã bị bỏ khoá bảo vệ; các ô tự tính và tên chỉ tiêu có thể bị sửa nhầm. "
    "Lần sau không bỏ khoá bảo vệ biểu mẫu.",
    "Sheet '{sheet}' was unprotected; computed cells and labels may be changed by mistake. "
    "Next time do not remove the form's protection.",
)
STRUCTURE_UNLOCKED = _c(
    "structure-unlocked",
    W,
    "structure",
    ("Bỏ khoá cấu trúc sổ làm việc", "Workbook structure unlocked"),
    "Sổ làm việc đã bị bỏ khoá cấu trúc (cho phép thêm, xoá, đổi tên trang tính). Lần sau không bỏ "
    "khoá bảo vệ biểu mẫu.",
    "The workbook's structure lock was removed (sheets can be added, deleted, renamed). Next "
    "time do not remove the form's protection.",
)
STRUCTURE_LOCK_DROPPED = _c(
    "structure-lock-dropped",
    Severity.INFO,
    "structure",
    ("Chương trình lưu tệp đã bỏ khoá cấu trúc", "The program that saved the file dropped the structure lock"),
    "Tệp được lưu bằng {program}; chương trình này tự bỏ khoá cấu trúc sổ làm việc khi lưu, đơn vị "
    "không làm gì sai. Biểu mẫu không bị sửa gì khác; số liệu vẫn được kiểm tra đầy đủ. Không cần làm gì.",
    "The file was saved with {program}, which removes the workbook's structure lock when it saves; the "
    "unit did nothing wrong. Nothing else in the form was changed and the figures are checked in full. "
    "Nothing to do.",
)
LOCKED_CONTENT_CHANGED = _c(
    "locked-content-changed",
    W,
    "structure",
    ("Nội dung khoá của biểu mẫu bị thay đổi", "Locked content changed"),
    "Nội dung được khoá của trang '{sheet}' (mã, tên chỉ tiêu, đơn vị tính, công thức) khác với "
    "biểu mẫu gốc, dù số liệu vẫn đọc được. Nên nhập lại số liệu vào biểu mẫu gốc.",
    "The locked content of sheet '{sheet}' (codes, names, units, formulas) differs from the "
    "original form, although the figures could be read. Better re-enter them in the original form.",
)
PREFILLED_ALTERED = _c(
    "prefilled-altered",
    W,
    "structure",
    ("Số liệu điền sẵn bị sửa", "Prefilled figure altered"),
    "Ô {cell} ({name}, cột {col_vi}) là số liệu điền sẵn {expected} nhưng đã bị sửa thành {value}; "
    "hệ thống dùng số liệu đã duyệt {expected}. Nếu số liệu cũ sai, báo cho bộ phận tổng hợp.",
    "Cell {cell} ({name}, {col_en}) was prefilled with {expected} but was changed to {value}; the "
    "accepted figure {expected} is used. If the old figure is wrong, tell the reporting office.",
)

COLUMN_INSERTED = _c(
    "column-inserted",
    W,
    "structure",
    ("Chèn thêm cột", "Column inserted"),
    "{count} cột đã được chèn vào biểu mẫu tại cột {letter} (ô {cell}); các cột phía sau đã dịch sang phải và "
    "số liệu được đọc theo tiêu đề cột tại vị trí mới. Nội dung của cột chèn thêm không được tính. "
    "Lần sau không chèn cột vào biểu mẫu.",
    "{count} column(s) were inserted into the form at column {letter} ({cell}); the columns after it moved "
    "right and the figures were read by their column titles at the new place. The inserted column is not "
    "counted. Next time do not insert columns.",
)
COLUMN_DELETED = _c(
    "column-deleted",
    E,
    "structure",
    ("Xoá cột của biểu mẫu", "Form column deleted"),
    "Cột '{title}' của biểu mẫu (đúng ra là cột {letter}) đã bị xoá {lost_vi}; các cột khác được đọc "
    "theo tiêu đề tại vị trí mới. " + _RESTORE_VI,
    "The form's column '{title}' (column {letter}) was deleted {lost_en}; the other columns were read by "
    "their titles at their new place. " + _RESTORE_EN,
)
COLUMN_MOVED = _c(
    "column-moved",
    W,
    "structure",
    ("Cột bị di chuyển", "Column moved"),
    "Cột '{title}' của biểu mẫu đã bị chuyển từ cột {expected} sang cột {letter} (ô {cell}); số liệu được "
    "đọc theo tiêu đề cột tại vị trí mới. Lần sau không di chuyển cột.",
    "The form's column '{title}' was moved from column {expected} to column {letter} ({cell}); the figures "
    "were read by its title at the new place. Next time do not move columns.",
)
YTD_CARRIED_REVISED = _c(
    "ytd-carried-revised",
    W,
    "rule",
    ("Lũy kế kỳ trước đã được sửa", "The previous year-to-date was revised"),
    "Ô {cell} ({name}, cột Lũy kế đến hết kỳ trước) ghi {value} nhưng số liệu đã duyệt đến hết "
    "{prev_vi} nay là {expected}: kỳ trước đã được sửa sau khi gửi biểu mẫu này. Hệ thống dùng "
    "{expected}, lũy kế từ đầu năm được tính lại là {total}. Đơn vị không cần gửi lại.",
    "Cell {cell} ({name}, year to date before this period) shows {value} but the accepted figure "
    "up to {prev_en} is now {expected}: that period was corrected after this form was sent. "
    "{expected} is used and the year to date becomes {total}. The unit need not send again.",
)
YTD_BEFORE_DIFFERS = _c(
    "ytd-before-differs",
    W,
    "rule",
    ("Lũy kế kỳ trước khác số đã duyệt", "Previous year-to-date differs from the accepted one"),
    "Ô {cell} ({name}, cột Lũy kế đến hết kỳ trước) nhập {value} nhưng số liệu đã duyệt đến hết "
    "{prev_vi} là {expected}. Hệ thống dùng {expected}, lũy kế từ đầu năm là {total}. Nếu số đã "
    "duyệt sai, báo cho bộ phận tổng hợp.",
    "Cell {cell} ({name}, year to date before this period) was typed as {value} but the accepted "
    "figure up to {prev_en} is {expected}. {expected} is used and the year to date is {total}. "
    "If the accepted figure is wrong, tell the reporting office.",
)

PREFILLED_CLEARED = _c(
    "prefilled-cleared",
    W,
    "structure",
    ("Số liệu điền sẵn bị xoá", "Prefilled figure cleared"),
    "Ô {cell} ({name}, cột {col_vi}) là số liệu điền sẵn {expected} nhưng đã bị xoá; hệ thống dùng số "
    "liệu đã duyệt {expected}. Lần sau không xoá ô điền sẵn; nếu số liệu cũ sai, báo cho bộ phận tổng hợp.",
    "Cell {cell} ({name}, {col_en}) was prefilled with {expected} but was cleared; the accepted figure "
    "{expected} is used. Next time do not clear prefilled cells; if the old figure is wrong, tell the "
    "reporting office.",
)

# --- values: what was typed ----------------------------------------------------------------
VALUE_MISSING = _c(
    "value-missing",
    E,
    "value",
    ("Thiếu số liệu", "Missing value"),
    "Ô {cell} ({name}, cột {col_vi}) chưa có số liệu. Nhập số liệu (nếu không phát sinh thì nhập 0) rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) is empty. Enter the figure (0 if there was none) and send the file again.",
)
VALUE_NOT_NUMBER = _c(
    "value-not-number",
    E,
    "value",
    ("Không phải số", "Not a number"),
    "Ô {cell} ({name}, cột {col_vi}) có nội dung '{value}', không phải là số. Chỉ nhập số (ví dụ "
    "1.234 hoặc 2,5), không kèm chữ; ghi giải thích vào cột Ghi chú.",
    "Cell {cell} ({name}, {col_en}) holds '{value}', which is not a number. Type a number only "
    "(e.g. 1.234 or 2,5) without words; put explanations in the Note column.",
)
VALUE_TEXT_NUMBER = _c(
    "value-text-number",
    W,
    "value",
    ("Số nhập dạng văn bản", "Number typed as text"),
    "Ô {cell} ({name}, cột {col_vi}) là văn bản '{value}', đã được đọc là {expected} ({how_vi}). "
    "Nếu đúng thì không cần sửa; lần sau nhập số trực tiếp, không gõ dấu nháy hay chữ.",
    "Cell {cell} ({name}, {col_en}) is the text '{value}', read as {expected} ({how_en}). Nothing to "
    "fix if that is right; next time type the number directly, without quotes or words.",
)
VALUE_AMBIGUOUS = _c(
    "value-ambiguous",
    E,
    "value",
    ("Số viết không rõ nghĩa", "Ambiguous number"),
    "Ô {cell} ({name}, cột {col_vi}) có '{value}', có thể hiểu là {readings_vi}; không đủ căn cứ để "
    "chọn. Có lẽ là {expected} ({why_vi}). Nhập lại số không có dấu ngăn cách hàng nghìn (ví dụ "
    "1234 hoặc 1,234) rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) holds '{value}', which can mean {readings_en}; there is not enough "
    "to decide. Probably {expected} ({why_en}). Retype the number without a thousands separator "
    "(e.g. 1234 or 1,234) and send the file again.",
)
VALUE_AMBIGUOUS_RESOLVED = _c(
    "value-ambiguous-resolved",
    W,
    "value",
    ("Số viết không rõ nghĩa, đã chọn cách đọc", "Ambiguous number, reading chosen"),
    "Ô {cell} ({name}, cột {col_vi}) có '{value}', có thể hiểu là {readings_vi}; đã đọc là {expected} "
    "vì {why_vi}. Kiểm tra lại; nếu sai hãy sửa và gửi lại.",
    "Cell {cell} ({name}, {col_en}) holds '{value}', which can mean {readings_en}; it was read as "
    "{expected} because {why_en}. Check it; if that is wrong, correct it and send the file again.",
)
VALUE_UNIT_MISMATCH = _c(
    "value-unit-mismatch",
    E,
    "value",
    ("Gõ kèm đơn vị tính khác", "Typed with another unit"),
    "Ô {cell} ({name}, cột {col_vi}) có '{value}', gõ kèm '{typed_unit}' trong khi đơn vị tính của chỉ "
    "tiêu là '{unit}'. Đổi số liệu sang '{unit}', chỉ nhập số rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) holds '{value}', typed with '{typed_unit}' while the indicator is "
    "in '{unit}'. Convert the figure to '{unit}', type the number only and send the file again.",
)
PERCENT_AS_FRACTION = _c(
    "percent-as-fraction",
    E,
    "value",
    ("Tỷ lệ nhập dạng phân số", "Percentage typed as a fraction"),
    "Ô {cell} ({name}, cột {col_vi}) có {value}, có vẻ là tỷ lệ dạng thập phân; chỉ tiêu tính bằng % "
    "nên phải nhập {expected} (không nhân chia, không gõ dấu %). Sửa lại rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) holds {value}, which looks like a fraction; the indicator is in "
    "percent, so {expected} is expected (0 to 100, no % sign). Correct it and send the file again.",
)
VALUE_BELOW_MIN = _c(
    "value-below-min",
    E,
    "value",
    ("Số liệu nhỏ hơn giới hạn", "Value below the minimum"),
    "Ô {cell} ({name}, cột {col_vi}) là {value}, nhỏ hơn mức tối thiểu {expected} {unit}. Kiểm tra "
    "lại số liệu (số âm, gõ nhầm) rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) is {value}, below the minimum {expected} {unit}. Check the "
    "figure (negative, typo) and send the file again.",
)
VALUE_ABOVE_MAX = _c(
    "value-above-max",
    E,
    "value",
    ("Số liệu vượt giới hạn", "Value above the maximum"),
    "Ô {cell} ({name}, cột {col_vi}) là {value}, vượt mức tối đa hợp lý {expected} {unit}. Kiểm tra "
    "lại đơn vị tính và số liệu (thừa chữ số, nhầm dấu thập phân) rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) is {value}, above the plausible maximum {expected} {unit}. Check "
    "the unit and the figure (extra digits, misplaced decimal mark) and send the file again.",
)
VALUE_NOT_INTEGER = _c(
    "value-not-integer",
    E,
    "value",
    ("Số liệu phải là số nguyên", "Whole number expected"),
    "Ô {cell} ({name}, cột {col_vi}) là {value} nhưng chỉ tiêu đếm bằng '{unit}' phải là số nguyên"
    "{hint_vi}. Sửa lại rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) is {value} but an indicator counted in '{unit}' must be a whole "
    "number{hint_en}. Correct it and send the file again.",
)
INPUT_FORMULA_NO_VALUE = _c(
    "input-formula-no-value",
    E,
    "value",
    ("Công thức chưa có kết quả trong ô nhập", "Formula without a result in an input cell"),
    "Ô {cell} ({name}, cột {col_vi}) có công thức '={value}' nhưng tệp không lưu kết quả tính nên không biết số liệu. "
    "Nhập thẳng số liệu vào ô (không dùng công thức), lưu rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) holds the formula '={value}' but the file stores no result, so the figure is "
    "unknown. Type the figure itself (no formula), save and send the file again.",
)
CELL_ERROR = _c(
    "cell-error",
    E,
    "value",
    ("Ô có lỗi Excel", "Excel error in a cell"),
    "Ô {cell} ({name}, cột {col_vi}) hiển thị lỗi {value} của Excel. {fix_vi}",
    "Cell {cell} ({name}, {col_en}) shows the Excel error {value}. {fix_en}",
)

VALUE_IS_DATE = _c(
    "value-is-date",
    E,
    "value",
    ("Ô số liệu chứa ngày tháng", "A date in a figure cell"),
    "Ô {cell} ({name}, cột {col_vi}) được định dạng ngày tháng và hiển thị ngày {value} (Excel lưu ngày "
    "này là số {serial}); số liệu của chỉ tiêu không phải là ngày nên không được đọc. Định dạng lại ô "
    "thành số (Định dạng ô > Số), nhập lại đúng số liệu rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) is formatted as a date and shows {value} (Excel stores that date as "
    "the number {serial}); the indicator's figure is not a date, so it was not read. Format the cell as a "
    "number (Format Cells > Number), type the right figure and send the file again.",
)
VALUE_PERCENT_FORMAT = _c(
    "value-percent-format",
    W,
    "value",
    ("Tỷ lệ nhập dạng phần trăm của Excel", "Rate typed with Excel's percent format"),
    "Ô {cell} ({name}, cột {col_vi}) được định dạng phần trăm và hiển thị {value}% (Excel lưu là "
    "{stored}); đã đọc là {expected} theo đơn vị %. Nếu đúng thì không cần sửa; lần sau chỉ nhập số "
    "(ví dụ {expected}), không gõ dấu %.",
    "Cell {cell} ({name}, {col_en}) is formatted as a percentage and shows {value}% (Excel stores "
    "{stored}); it was read as {expected} in %. Nothing to fix if that is right; next time type the "
    "number only (e.g. {expected}) without a % sign.",
)
NOTE_TOO_LONG = _c(
    "note-too-long",
    W,
    "value",
    ("Ghi chú quá dài", "Note too long"),
    "Ghi chú tại ô {cell} ({name}) dài {length} ký tự, quá giới hạn {limit} ký tự của biểu mẫu (có lẽ "
    "được dán vào nên Excel không chặn). Ghi chú được giữ nguyên để đọc, nhưng bảng tổng hợp và báo "
    "cáo chỉ in được {limit} ký tự: rút gọn ghi chú rồi gửi lại.",
    "The note at {cell} ({name}) is {length} characters long, over the form's limit of {limit} "
    "(probably pasted, so Excel did not stop it). It is kept whole to be read, but the master and the "
    "report print only {limit} characters: shorten it and send the file again.",
)
INPUT_FORMULA_STALE = _c(
    "input-formula-stale",
    E,
    "value",
    ("Công thức tự gõ chưa được tính lại", "Typed formula not recalculated"),
    "Ô {cell} ({name}, cột {col_vi}) có công thức '={formula}' tự gõ; tệp lưu kết quả {value} nhưng "
    "tính lại từ các ô của biểu mẫu được {expected} (tệp đã lưu khi Excel đặt chế độ tính tay). Đã đọc "
    "là {expected}. Bấm F9 (hoặc Ctrl+Alt+F9) để tính lại, kiểm tra, tốt nhất nhập thẳng số liệu "
    "(không dùng công thức), lưu rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) holds the typed formula '={formula}'; the file stores the result "
    "{value} but recomputing it from the form's cells gives {expected} (the file was saved with "
    "calculation set to manual). It was read as {expected}. Press F9 (or Ctrl+Alt+F9) to recalculate, "
    "check it, best type the figure itself (no formula), save and send the file again.",
)
INPUT_FORMULA_UNCHECKED = _c(
    "input-formula-unchecked",
    W,
    "value",
    ("Công thức tự gõ không kiểm tra được", "Typed formula not checked"),
    "Ô {cell} ({name}, cột {col_vi}) có công thức '={formula}' tự gõ, dùng {why_vi} nên không tính lại "
    "được; đã đọc kết quả tệp lưu là {value}. Kiểm tra lại; tốt nhất nhập thẳng số liệu (không dùng "
    "công thức) rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) holds the typed formula '={formula}', which uses {why_en} and "
    "cannot be recomputed; the result stored in the file, {value}, was read. Check it; best type the "
    "figure itself (no formula) and send the file again.",
)

# --- rules across cells --------------------------------------------------------------------
PARTS_SUM_MISMATCH = _c(
    "parts-sum-mismatch",
    E,
    "rule",
    ("Tổng không bằng các thành phần", "Whole differs from its parts"),
    "Ô {cell} ({name}, cột {col_vi}) là {value} nhưng tổng các thành phần ({parts}) là {expected}. "
    "Kiểm tra lại các số thành phần; ô tổng phải bằng tổng các thành phần.",
    "Cell {cell} ({name}, {col_en}) is {value} but its parts ({parts}) add up to {expected}. Check "
    "the parts; the whole must equal their sum.",
)
PARTS_EXCEED_WHOLE = _c(
    "parts-exceed-whole",
    E,
    "rule",
    ("Số 'trong đó' lớn hơn tổng", "Parts exceed the whole"),
    "Ô {cell} ({name}, cột {col_vi}) là {value} nhưng các số 'trong đó' ({parts}) cộng lại đã là "
    "{expected}, lớn hơn tổng. Kiểm tra lại rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) is {value} but its 'of which' parts ({parts}) already add up to "
    "{expected}, more than the whole. Check the figures and send the file again.",
)
NUMERATOR_ABOVE_DENOMINATOR = _c(
    "numerator-above-denominator",
    E,
    "rule",
    ("Tử số lớn hơn mẫu số", "Numerator above denominator"),
    "Ô {cell} ({name}, cột {col_vi}) là {value}, lớn hơn {den_name} ({expected}), nên tỷ lệ "
    "'{ratio_name}' sẽ vượt 100%. Kiểm tra lại hai số này rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) is {value}, more than {den_name} ({expected}), so the rate "
    "'{ratio_name}' would exceed 100%. Check both figures and send the file again.",
)
FORMULA_VALUE_MISMATCH = _c(
    "formula-value-mismatch",
    E,
    "rule",
    ("Kết quả công thức không khớp", "Formula result does not match"),
    "Ô {cell} ({name}, cột {col_vi}) hiển thị {value} nhưng tính lại từ số liệu của biểu mẫu được "
    "{expected}. Công thức đã bị sửa hoặc tệp chưa được tính lại: mở bằng Excel, nhấn Ctrl+Alt+F9, "
    "lưu rồi gửi lại.",
    "Cell {cell} ({name}, {col_en}) shows {value} but recomputing from the form's figures gives "
    "{expected}. The formula was changed or the file was not recalculated: open it in Excel, "
    "press Ctrl+Alt+F9, save and send it again.",
)
FORMULAS_NOT_RECALCULATED = _c(
    "formulas-not-recalculated",
    E,
    "rule",
    ("Biểu mẫu chưa được tính lại", "Form not recalculated"),
    "{count} ô tự tính của biểu mẫu hiển thị kết quả cũ vì tệp được lưu khi chưa tính lại (Excel đặt "
    "chế độ tính tay, hoặc LibreOffice tắt Tự động tính): ô {cell} ({name}) hiển thị {value} nhưng tính "
    "lại được {expected}; các ô: {cells}. Số liệu đã được tính lại từ các số đã nhập. Bấm Ctrl+Alt+F9 "
    "(LibreOffice: Dữ liệu > Tính > Tính lại toàn bộ), lưu rồi gửi lại.",
    "{count} computed cells of the form show old results because the file was saved without "
    "recalculating (Excel's calculation set to manual, or LibreOffice's AutoCalculate off): {cell} "
    "({name}) shows {value} but recomputes to {expected}; the cells: {cells}. The figures were computed "
    "again from the typed ones. Press Ctrl+Alt+F9 (LibreOffice: Data > Calculate > Recalculate Hard), "
    "save and send the file again.",
)
YTD_BELOW_VALUE = _c(
    "ytd-below-value",
    E,
    "rule",
    ("Lũy kế nhỏ hơn kỳ này", "Year-to-date below this period"),
    "Ô {cell} ({name}, cột Lũy kế từ đầu năm) là {value}, nhỏ hơn số thực hiện kỳ này {expected}. "
    "Lũy kế phải gồm cả kỳ này: kiểm tra lại rồi gửi lại.",
    "Cell {cell} ({name}, year to date) is {value}, less than this period's {expected}. The "
    "year-to-date figure includes this period: check it and send the file again.",
)
YTD_BELOW_BEFORE = _c(
    "ytd-below-before",
    E,
    "rule",
    ("Lũy kế nhỏ hơn lũy kế kỳ trước", "Year-to-date below the year-to-date before"),
    "Ô {cell} ({name}, cột Lũy kế từ đầu năm) là {value}, nhỏ hơn lũy kế đến hết kỳ trước {expected}: "
    "số thực hiện kỳ này (lũy kế trừ lũy kế kỳ trước) sẽ âm. Ghi đúng số lũy kế của hệ thống rồi gửi lại.",
    "Cell {cell} ({name}, year to date) is {value}, less than the year to date before this period "
    "{expected}: this period (the difference) would be negative. Enter the system's year-to-date "
    "figure and send the file again.",
)
YTD_MISMATCH = _c(
    "ytd-mismatch",
    E,
    "rule",
    ("Lũy kế không khớp", "Year-to-date does not add up"),
    "Ô {cell} ({name}, cột Lũy kế từ đầu năm) là {value} nhưng {basis_vi} là {expected}. Kiểm tra lại rồi gửi lại.",
    "Cell {cell} ({name}, year to date) is {value} but {basis_en} is {expected}. Check it and send the file again.",
)
CHANGE_VS_SAME_PERIOD = _c(
    "change-vs-same-period",
    W,
    "rule",
    ("Biến động bất thường so với cùng kỳ", "Unusual change against last year"),
    "Ô {cell} ({name}) là {value}, so với cùng kỳ năm trước {expected} thì {change_vi}, vượt ngưỡng "
    "cảnh báo {threshold}. Kiểm tra lại; nếu đúng, ghi lý do vào cột Ghi chú.",
    "Cell {cell} ({name}) is {value}; against {expected} in the same period last year that is "
    "{change_en}, beyond the warning threshold {threshold}. Check it; if it is right, explain "
    "in the Note column.",
)
OUTLIER_AMONG_UNITS = _c(
    "outlier-among-units",
    W,
    "rule",
    ("Khác thường so với các đơn vị cùng loại", "Outlier among similar units"),
    "Ô {cell} ({name}) của {unit_name} là {value}, khác xa các {kind_vi} khác (trung vị {expected}). "
    "Kiểm tra lại số liệu và đơn vị tính; nếu đúng, ghi lý do vào cột Ghi chú.",
    "Cell {cell} ({name}) of {unit_name} is {value}, far from the other {kind_en} (median "
    "{expected}). Check the figure and its unit; if it is right, explain in the Note column.",
)


# --- the validator itself -----------------------------------------------------------------
INTERNAL_ERROR = _c(
    "validation-internal-error",
    E,
    "structure",
    ("Lỗi khi kiểm tra tệp", "Validation failed"),
    "Hệ thống gặp lỗi khi kiểm tra tệp này ({detail}); tệp chưa được kiểm tra hết. Báo cho bộ phận tổng "
    "hợp báo cáo kèm tệp này.",
    "The system failed while checking this file ({detail}); the file was not fully checked. Tell the "
    "reporting office and attach the file.",
)

AREAS = ("identity", "structure", "value", "rule")
