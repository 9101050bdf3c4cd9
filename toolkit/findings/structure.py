"""Finding codes of a returned form's structure (area ``structure``): sheets, rows, columns,
codes, labels, formulas and protection, each at its A1 address.

Messages speak to the ward clerk who filled the form. Templates use these fields, always
passed by the validator: ``{cell}``: the A1 address, ``{name}``: the indicator's name,
``{col_vi}``/``{col_en}``: the column ("Thực hiện kỳ này" / "this period"),
``{value}``/``{expected}``: numbers already formatted the Vietnamese way (7.600; 37,89).
"""

from __future__ import annotations

from .code import INFO, Area, E, W, declare

AREA = Area(
    "structure",
    "Cấu trúc biểu mẫu",
    "Form structure",
    "Sheets, rows, codes, labels, formulas and protection, each at its A1 address.",
)

_RESTORE_VI = "Không sửa cấu trúc biểu mẫu; tốt nhất nhập lại số liệu vào biểu mẫu gốc rồi gửi lại."
_RESTORE_EN = "Do not change the form's layout; best re-enter the figures in the original form and send it again."

SHEET_MISSING = declare(
    "sheet-missing",
    E,
    AREA,
    ("Mất trang tính của biểu mẫu", "Form sheet missing"),
    (
        "Không tìm thấy trang tính '{sheet}' của biểu mẫu (đã bị xoá hoặc đổi tên mà không còn mã chỉ "
        "tiêu). " + _RESTORE_VI,
        "The form's sheet '{sheet}' is missing (deleted, or renamed and without its indicator codes). " + _RESTORE_EN,
    ),
)
SHEET_RENAMED = declare(
    "sheet-renamed",
    W,
    AREA,
    ("Trang tính bị đổi tên", "Sheet renamed"),
    (
        "Trang tính '{expected}' của biểu mẫu đã bị đổi tên thành '{sheet}'; số liệu vẫn được đọc theo "
        "mã chỉ tiêu. Lần sau không đổi tên trang tính.",
        "The form's sheet '{expected}' was renamed to '{sheet}'; the figures were still read by "
        "indicator code. Next time do not rename sheets.",
    ),
)
SHEET_ADDED = declare(
    "sheet-added",
    W,
    AREA,
    ("Thêm trang tính lạ", "Extra sheet"),
    (
        "Sổ làm việc có thêm trang tính '{sheet}' không thuộc biểu mẫu; số liệu trong trang này không "
        "được tính. Nếu có số liệu cần báo cáo, hãy nhập vào trang của biểu mẫu.",
        "The workbook has an extra sheet '{sheet}' that is not part of the form; its content is not "
        "counted. Enter any figure to report in the form's own sheet.",
    ),
)
SHEET_COPIED = declare(
    "sheet-copied",
    W,
    AREA,
    ("Số liệu nhập vào bản sao của biểu mẫu", "Figures in a copy of the form"),
    (
        "Trang tính '{sheet}' là bản sao của trang biểu mẫu '{form}' và có {count} ô số liệu khác với trang "
        "biểu mẫu (đầu tiên là ô {cell}: '{value}'); chỉ trang '{form}' được tính, các số liệu trong bản sao thì "
        "không. Nhập số liệu vào trang '{form}' (có thể chép từ bản sao), xoá bản sao rồi gửi lại.",
        "Sheet '{sheet}' is a copy of the form sheet '{form}' and has {count} figure cells that differ from "
        "the form sheet (the first at {cell}: '{value}'); only '{form}' is counted, not the copy. Enter the "
        "figures in '{form}' (copy them from the copy), delete the copy and send the file again.",
    ),
)
ROW_INSERTED = declare(
    "row-inserted",
    W,
    AREA,
    ("Chèn thêm dòng", "Rows inserted"),
    (
        "{count} dòng đã được chèn vào biểu mẫu tại ô {cell} (trước chỉ tiêu {indicator} '{name}', "
        "đúng ra ở dòng {expected}); các chỉ tiêu phía dưới đã được đọc theo mã tại vị trí mới. "
        "Lần sau không chèn dòng vào biểu mẫu.",
        "{count} row(s) were inserted into the form at {cell} (before indicator {indicator} "
        "'{name}', expected at row {expected}); the indicators below were read by code at their new "
        "place. Next time do not insert rows.",
    ),
)
ROW_DELETED = declare(
    "row-deleted",
    W,
    AREA,
    ("Xoá dòng của biểu mẫu", "Rows deleted"),
    (
        "{count} dòng của biểu mẫu đã bị xoá phía trên ô {cell} (chỉ tiêu {indicator} '{name}' đúng ra "
        "ở dòng {expected}); các chỉ tiêu phía dưới đã được đọc theo mã tại vị trí mới. Lần sau không "
        "xoá dòng của biểu mẫu.",
        "{count} row(s) of the form were deleted above {cell} (indicator {indicator} '{name}' is "
        "expected at row {expected}); the indicators below were read by code at their new place. "
        "Next time do not delete rows.",
    ),
)
ROW_MOVED = declare(
    "row-moved",
    W,
    AREA,
    ("Dòng chỉ tiêu bị di chuyển", "Indicator row moved"),
    (
        "Chỉ tiêu {indicator} '{name}' đã bị chuyển từ dòng {expected} sang ô {cell}; số liệu được đọc "
        "theo mã tại vị trí mới. Lần sau không sắp xếp lại hay di chuyển dòng.",
        "Indicator {indicator} '{name}' was moved from row {expected} to {cell}; its figures were "
        "read by code at the new place. Next time do not sort or move rows.",
    ),
)
ROWS_SORTED = declare(
    "rows-sorted",
    W,
    AREA,
    ("Các dòng của biểu mẫu bị sắp xếp lại", "Form rows sorted"),
    (
        "Các dòng {first} đến {last} của biểu mẫu đã bị sắp xếp lại (hoặc di chuyển): {count} chỉ tiêu không "
        "còn ở vị trí cũ. Số liệu được đọc theo mã chỉ tiêu và các ô tự tính được tính lại theo mã, nhưng "
        "công thức trong các dòng này giờ tính từ các dòng khác nên số hiển thị trong tệp có thể sai. Lần "
        "sau không sắp xếp biểu mẫu; tốt nhất nhập lại số liệu vào biểu mẫu gốc rồi gửi lại.",
        "Rows {first} to {last} of the form were sorted (or moved): {count} indicators are no longer where "
        "they were. The figures were read by indicator code and the computed cells computed again by code, "
        "but the formulas in these rows now compute from other rows, so what the file shows there may be "
        "wrong. Next time do not sort the form; best re-enter the figures in the original form and send it "
        "again.",
    ),
)
CODE_MISSING = declare(
    "code-missing",
    E,
    AREA,
    ("Mất dòng chỉ tiêu", "Indicator row missing"),
    (
        "Không tìm thấy mã chỉ tiêu {indicator} '{name}' trong cột Mã (đúng ra ở ô {cell}); dòng này đã "
        "bị xoá nên thiếu số liệu. " + _RESTORE_VI,
        "Indicator code {indicator} '{name}' is not in the code column (expected at {cell}); the row "
        "was deleted, so its figures are missing. " + _RESTORE_EN,
    ),
)
CODE_ALTERED = declare(
    "code-altered",
    E,
    AREA,
    ("Mã chỉ tiêu bị sửa", "Indicator code altered"),
    (
        "Mã chỉ tiêu tại ô {cell} đã bị sửa thành '{value}' (đúng là {expected}). Mã dùng để nhận biết "
        "chỉ tiêu: hãy trả lại mã {expected} rồi gửi lại.",
        "The indicator code at {cell} was changed to '{value}' (it should be {expected}). Codes "
        "identify the indicators: restore {expected} and send the file again.",
    ),
)
CODE_UNKNOWN = declare(
    "code-unknown",
    E,
    AREA,
    ("Mã chỉ tiêu lạ", "Unknown indicator code"),
    (
        "Ô {cell} có mã '{value}' không thuộc biểu mẫu của đơn vị; dòng này không được tính. Không tự "
        "thêm chỉ tiêu vào biểu mẫu; nếu cần báo cáo thêm, ghi vào cột Ghi chú.",
        "Cell {cell} holds the code '{value}', which is not in this unit's form; the row is not counted. "
        "Do not add indicators to the form; write anything extra in the Note column.",
    ),
)
CODE_DUPLICATE = declare(
    "code-duplicate",
    E,
    AREA,
    ("Mã chỉ tiêu bị lặp", "Indicator code duplicated"),
    (
        "Mã chỉ tiêu {indicator} xuất hiện thêm lần nữa tại ô {cell} (đã có ở {expected}); không biết "
        "dòng nào đúng. Xoá dòng thừa (dòng sao chép) rồi gửi lại.",
        "Indicator code {indicator} appears again at {cell} (already at {expected}); it is unclear "
        "which row counts. Delete the copied row and send the file again.",
    ),
)
LABEL_ALTERED = declare(
    "label-altered",
    E,
    AREA,
    ("Tên hoặc đơn vị tính bị sửa", "Label altered"),
    (
        "{what_vi} của chỉ tiêu {indicator} tại ô {cell} đã bị sửa thành '{value}' (đúng là '{expected}'). "
        "Số liệu phải theo đúng tên và đơn vị tính của biểu mẫu: trả lại nội dung gốc, kiểm tra số liệu "
        "đúng đơn vị '{unit}' rồi gửi lại.",
        "The {what_en} of indicator {indicator} at {cell} was changed to '{value}' (it should be "
        "'{expected}'). Figures must follow the form's names and units: restore the text, check the "
        "figure is in '{unit}' and send the file again.",
    ),
)
FORMULA_OVERWRITTEN = declare(
    "formula-overwritten",
    E,
    AREA,
    ("Công thức bị ghi đè", "Formula overwritten"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là ô tự tính bằng công thức nhưng đã bị gõ đè giá trị "
        "'{value}'. Không gõ vào ô tự tính: nhập số liệu vào các ô thành phần, rồi gửi lại biểu mẫu "
        "gốc có công thức.",
        "Cell {cell} ({name}, {col_en}) is computed by a formula but a value '{value}' was typed over it. "
        "Do not type into computed cells: enter the parts, and send the original form with its "
        "formula.",
    ),
)
FORMULA_CLEARED = declare(
    "formula-cleared",
    W,
    AREA,
    ("Công thức bị xoá", "Formula cleared"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là ô tự tính nhưng công thức đã bị xoá (ô để trống); giá trị của ô "
        "được tính lại từ các số liệu của biểu mẫu. Lần sau không xoá nội dung ô tự tính.",
        "Cell {cell} ({name}, {col_en}) is computed by a formula but the formula was cleared (the cell is "
        "empty); its value was computed again from the form's figures. Next time do not clear computed cells.",
    ),
)
FORMULA_ALTERED = declare(
    "formula-altered",
    E,
    AREA,
    ("Công thức bị sửa", "Formula altered"),
    (
        "Công thức tại ô {cell} ({name}, cột {col_vi}) đã bị sửa thành '={value}' (phải tính từ các ô "
        "{expected}). " + _RESTORE_VI,
        "The formula at {cell} ({name}, {col_en}) was changed to '={value}' (it must compute from "
        "{expected}). " + _RESTORE_EN,
    ),
)
VALUE_OUTSIDE_AREA = declare(
    "value-outside-area",
    E,
    AREA,
    ("Số liệu nhập ngoài vùng nhập liệu", "Value outside the input area"),
    (
        "Ô {cell} có nội dung '{value}' nằm ngoài các ô nhập số liệu của biểu mẫu; nội dung này không "
        "được tính. Nếu là số liệu báo cáo, nhập vào đúng ô của chỉ tiêu; nếu không, xoá đi rồi gửi lại.",
        "Cell {cell} holds '{value}', outside the form's input cells; it is not counted. If it is a "
        "figure to report, enter it in the indicator's own cell; otherwise delete it and send the "
        "file again.",
    ),
)
CELLS_MERGED = declare(
    "cells-merged",
    E,
    AREA,
    ("Ô nhập liệu bị gộp", "Input cells merged"),
    (
        "Các ô {range} đã bị gộp (Merge); ô {cell} ({name}, cột {col_vi}) nằm khuất trong vùng gộp nên "
        "không xem và không nhập được, số liệu của ô này có thể đã mất hoặc không phải số đơn vị thấy trên "
        "màn hình. Bỏ gộp ô (Unmerge), kiểm tra lại số liệu từng ô rồi gửi lại.",
        "Cells {range} were merged; cell {cell} ({name}, {col_en}) is hidden under the merge, so it can "
        "be neither seen nor typed into, and its figure may be lost or not what the unit sees on screen. "
        "Unmerge the cells, check each figure and send the file again.",
    ),
)
PROTECTION_REMOVED = declare(
    "protection-removed",
    W,
    AREA,
    ("Bỏ khoá bảo vệ biểu mẫu", "Protection removed"),
    (
        "Trang tính '{sheet}' đã bị bỏ khoá bảo vệ; các ô tự tính và tên chỉ tiêu có thể bị sửa nhầm. "
        "Lần sau không bỏ khoá bảo vệ biểu mẫu.",
        "Sheet '{sheet}' was unprotected; computed cells and labels may be changed by mistake. "
        "Next time do not remove the form's protection.",
    ),
)
STRUCTURE_UNLOCKED = declare(
    "structure-unlocked",
    W,
    AREA,
    ("Bỏ khoá cấu trúc sổ làm việc", "Workbook structure unlocked"),
    (
        "Sổ làm việc đã bị bỏ khoá cấu trúc (cho phép thêm, xoá, đổi tên trang tính). Lần sau không bỏ "
        "khoá bảo vệ biểu mẫu.",
        "The workbook's structure lock was removed (sheets can be added, deleted, renamed). Next "
        "time do not remove the form's protection.",
    ),
)
STRUCTURE_LOCK_DROPPED = declare(
    "structure-lock-dropped",
    INFO,
    AREA,
    ("Chương trình lưu tệp đã bỏ khoá cấu trúc", "The program that saved the file dropped the structure lock"),
    (
        "Tệp được lưu bằng {program}; chương trình này tự bỏ khoá cấu trúc sổ làm việc khi lưu, đơn vị "
        "không làm gì sai. Biểu mẫu không bị sửa gì khác; số liệu vẫn được kiểm tra đầy đủ. Không cần làm gì.",
        "The file was saved with {program}, which removes the workbook's structure lock when it saves; the "
        "unit did nothing wrong. Nothing else in the form was changed and the figures are checked in full. "
        "Nothing to do.",
    ),
)
LOCKED_CONTENT_CHANGED = declare(
    "locked-content-changed",
    W,
    AREA,
    ("Nội dung khoá của biểu mẫu bị thay đổi", "Locked content changed"),
    (
        "Nội dung được khoá của trang '{sheet}' (mã, tên chỉ tiêu, đơn vị tính, công thức) khác với "
        "biểu mẫu gốc, dù số liệu vẫn đọc được. Nên nhập lại số liệu vào biểu mẫu gốc.",
        "The locked content of sheet '{sheet}' (codes, names, units, formulas) differs from the "
        "original form, although the figures could be read. Better re-enter them in the original form.",
    ),
)
PREFILLED_ALTERED = declare(
    "prefilled-altered",
    W,
    AREA,
    ("Số liệu điền sẵn bị sửa", "Prefilled figure altered"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là số liệu điền sẵn {expected} nhưng đã bị sửa thành {value}; "
        "hệ thống dùng số liệu đã duyệt {expected}. Nếu số liệu cũ sai, báo cho bộ phận tổng hợp.",
        "Cell {cell} ({name}, {col_en}) was prefilled with {expected} but was changed to {value}; the "
        "accepted figure {expected} is used. If the old figure is wrong, tell the reporting office.",
    ),
)
COLUMN_INSERTED = declare(
    "column-inserted",
    W,
    AREA,
    ("Chèn thêm cột", "Column inserted"),
    (
        "{count} cột đã được chèn vào biểu mẫu tại cột {letter} (ô {cell}); các cột phía sau đã dịch sang phải và "
        "số liệu được đọc theo tiêu đề cột tại vị trí mới. Nội dung của cột chèn thêm không được tính. "
        "Lần sau không chèn cột vào biểu mẫu.",
        "{count} column(s) were inserted into the form at column {letter} ({cell}); the columns after it moved "
        "right and the figures were read by their column titles at the new place. The inserted column is not "
        "counted. Next time do not insert columns.",
    ),
)
COLUMN_DELETED = declare(
    "column-deleted",
    E,
    AREA,
    ("Xoá cột của biểu mẫu", "Form column deleted"),
    (
        "Cột '{title}' của biểu mẫu (đúng ra là cột {letter}) đã bị xoá {lost_vi}; các cột khác được đọc "
        "theo tiêu đề tại vị trí mới. " + _RESTORE_VI,
        "The form's column '{title}' (column {letter}) was deleted {lost_en}; the other columns were read by "
        "their titles at their new place. " + _RESTORE_EN,
    ),
)
COLUMN_MOVED = declare(
    "column-moved",
    W,
    AREA,
    ("Cột bị di chuyển", "Column moved"),
    (
        "Cột '{title}' của biểu mẫu đã bị chuyển từ cột {expected} sang cột {letter} (ô {cell}); số liệu được "
        "đọc theo tiêu đề cột tại vị trí mới. Lần sau không di chuyển cột.",
        "The form's column '{title}' was moved from column {expected} to column {letter} ({cell}); the figures "
        "were read by its title at the new place. Next time do not move columns.",
    ),
)
PREFILLED_CLEARED = declare(
    "prefilled-cleared",
    W,
    AREA,
    ("Số liệu điền sẵn bị xoá", "Prefilled figure cleared"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là số liệu điền sẵn {expected} nhưng đã bị xoá; hệ thống dùng số "
        "liệu đã duyệt {expected}. Lần sau không xoá ô điền sẵn; nếu số liệu cũ sai, báo cho bộ phận tổng hợp.",
        "Cell {cell} ({name}, {col_en}) was prefilled with {expected} but was cleared; the accepted figure "
        "{expected} is used. Next time do not clear prefilled cells; if the old figure is wrong, tell the "
        "reporting office.",
    ),
)
# --- the validator itself -----------------------------------------------------------------
INTERNAL_ERROR = declare(
    "validation-internal-error",
    E,
    AREA,
    ("Lỗi khi kiểm tra tệp", "Validation failed"),
    (
        "Hệ thống gặp lỗi khi kiểm tra tệp này ({detail}); tệp chưa được kiểm tra hết. Báo cho bộ phận tổng "
        "hợp báo cáo kèm tệp này.",
        "The system failed while checking this file ({detail}); the file was not fully checked. Tell the "
        "reporting office and attach the file.",
    ),
)
