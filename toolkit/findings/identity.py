"""Finding codes of a returned form's identity (area ``identity``): which unit, period and catalog.

Messages speak to the ward clerk who filled the form: what is wrong, where, what to do.
Vietnamese first (with diacritics), English second.
"""

from __future__ import annotations

from .code import INFO, Area, E, W, declare

AREA = Area(
    "identity",
    "Nhận dạng biểu mẫu",
    "Form identity",
    "Which unit, period and catalog the returned form is for.",
)

_NEW_FORM_VI = "Hãy dùng biểu mẫu mới do bộ phận tổng hợp gửi cho kỳ này, chép số liệu sang rồi gửi lại."
_NEW_FORM_EN = "Use the new form the reporting office sent for this period, copy the figures into it and send it again."

# --- identity: which form is this? --------------------------------------------------------
NOT_A_FORM = declare(
    "not-a-form",
    E,
    AREA,
    ("Không phải biểu mẫu baocao", "Not a baocao form"),
    (
        "Tệp này không phải biểu mẫu do bộ phận tổng hợp gửi (không có thông tin nhận dạng biểu mẫu), "
        "nên không biết số liệu của đơn vị nào, kỳ nào. Không tự lập bảng mới: hãy nhập số liệu vào "
        "đúng biểu mẫu Excel đã được gửi cho đơn vị rồi gửi lại.",
        "This file is not a form sent by the reporting office (it carries no form identity), so it "
        "is unknown which unit and period its figures belong to. Do not make your own sheet: enter "
        "the figures into the Excel form that was sent to your unit and send it again.",
    ),
)
IDENTITY_DAMAGED = declare(
    "identity-damaged",
    E,
    AREA,
    ("Thông tin nhận dạng biểu mẫu bị hỏng", "Form identity damaged"),
    (
        "Thông tin nhận dạng ẩn của biểu mẫu bị hỏng ({detail}). " + _NEW_FORM_VI,
        "The form's hidden identity is damaged ({detail}). " + _NEW_FORM_EN,
    ),
)
IDENTITY_SHEET_MISSING = declare(
    "identity-sheet-missing",
    W,
    AREA,
    ("Mất trang nhận dạng ẩn", "Hidden identity sheet lost"),
    (
        "Trang ẩn '_baocao' của biểu mẫu đã mất (thường do lưu bằng phần mềm khác); đơn vị và kỳ được "
        "đọc từ tên định nghĩa của sổ làm việc, vị trí ô được dựng lại theo danh mục. Lần sau hãy lưu "
        "bằng Excel hoặc LibreOffice dạng .xlsx.",
        "The form's hidden sheet '_baocao' is gone (usually saved by another program); unit and "
        "period were read from the workbook's defined names and the cell positions rebuilt from the "
        "catalog. Next time save as .xlsx with Excel or LibreOffice.",
    ),
)
IDENTITY_CONFLICT = declare(
    "identity-conflict",
    E,
    AREA,
    ("Thông tin nhận dạng mâu thuẫn", "Conflicting form identity"),
    (
        "Biểu mẫu mang hai thông tin nhận dạng khác nhau: {field} là '{found}' ở trang ẩn nhưng "
        "'{other}' ở tên định nghĩa; có thể số liệu đã được chép giữa hai biểu mẫu. " + _NEW_FORM_VI,
        "The form carries two different identities: {field} is '{found}' in the hidden sheet but "
        "'{other}' in the defined names; figures may have been copied between two forms. " + _NEW_FORM_EN,
    ),
)
UNIT_UNKNOWN = declare(
    "unit-unknown",
    E,
    AREA,
    ("Đơn vị không có trong danh sách", "Unknown unit"),
    (
        "Biểu mẫu ghi mã đơn vị '{unit}', không có trong danh sách đơn vị báo cáo. " + _NEW_FORM_VI,
        "The form names unit '{unit}', which is not in the list of reporting units. " + _NEW_FORM_EN,
    ),
)
UNIT_MISMATCH = declare(
    "unit-mismatch",
    E,
    AREA,
    ("Biểu mẫu của đơn vị khác", "Form of another unit"),
    (
        "Biểu mẫu này là của {found_name} ({found}), không phải của {expected_name} ({expected}). "
        "Kiểm tra lại đã gửi đúng tệp của đơn vị mình chưa; nếu đã nhập số liệu vào biểu mẫu của đơn "
        "vị khác, hãy chép sang đúng biểu mẫu của đơn vị mình rồi gửi lại.",
        "This form belongs to {found_name} ({found}), not to {expected_name} ({expected}). Check "
        "that you sent your own unit's file; if the figures were entered in another unit's form, copy "
        "them into your own form and send it again.",
    ),
)
PERIOD_INVALID = declare(
    "period-invalid",
    E,
    AREA,
    ("Kỳ báo cáo không hợp lệ", "Invalid period"),
    (
        "Biểu mẫu ghi kỳ báo cáo '{found}' không hợp lệ. " + _NEW_FORM_VI,
        "The form names the period '{found}', which is not valid. " + _NEW_FORM_EN,
    ),
)
PERIOD_MISMATCH = declare(
    "period-mismatch",
    E,
    AREA,
    ("Biểu mẫu của kỳ khác", "Form of another period"),
    (
        "Biểu mẫu này dùng cho {found_label}, không phải {expected_label}. Có thể đã gửi nhầm tệp kỳ "
        "trước: hãy nhập số liệu {expected_label} vào biểu mẫu của kỳ này rồi gửi lại.",
        "This form is for {found_label_en}, not {expected_label_en}. The previous period's file may "
        "have been sent by mistake: enter the {expected_label_en} figures into this period's form "
        "and send it again.",
    ),
)
UNIT_INACTIVE = declare(
    "unit-inactive",
    E,
    AREA,
    ("Đơn vị không còn báo cáo kỳ này", "Unit not active in this period"),
    (
        "{found_name} ({unit}) không báo cáo cho {period_label} (đơn vị đã sáp nhập, giải thể hoặc chưa "
        "thành lập). Liên hệ bộ phận tổng hợp để nhận đúng biểu mẫu.",
        "{found_name} ({unit}) does not report for {period_label_en} (the unit was merged, dissolved "
        "or not yet created). Ask the reporting office for the right form.",
    ),
)
CATALOG_OUTDATED = declare(
    "catalog-outdated",
    E,
    AREA,
    ("Biểu mẫu lập từ danh mục cũ", "Form made from an older catalog"),
    (
        "Biểu mẫu được lập từ danh mục chỉ tiêu cũ (phiên bản {found}, hiện hành {expected}); chỉ tiêu, "
        "đơn vị tính hoặc giới hạn có thể đã thay đổi. " + _NEW_FORM_VI,
        "The form was made from an older indicator catalog (version {found}, current {expected}); "
        "indicators, units or bounds may have changed. " + _NEW_FORM_EN,
    ),
)
CATALOG_RULE_CHANGED = declare(
    "catalog-rule-changed",
    INFO,
    AREA,
    ("Quy tắc của chỉ tiêu đã đổi sau khi lập biểu", "An indicator's rule changed after the form was made"),
    (
        "Biểu mẫu lập theo danh mục phiên bản {found}; {field_vi} của {indicator} ({name}) đổi từ {old_vi} "
        "thành {new_vi}; số liệu được kiểm tra theo quy tắc mới. Biểu mẫu vẫn dùng được.",
        "Form made from catalog version {found}; the {field_en} of {indicator} ({name}) changed from {old_en} "
        "to {new_en}; values checked against the new rule. The form is still valid.",
    ),
)
CATALOG_UNIT_CHANGED = declare(
    "catalog-unit-changed",
    E,
    AREA,
    ("Đơn vị tính của chỉ tiêu đã đổi", "An indicator's unit of measure changed"),
    (
        "Biểu mẫu lập theo danh mục phiên bản {found}; {field_vi} của {indicator} ({name}) đổi từ {old_vi} "
        "thành {new_vi}: số ở ô này được nhập theo {old_vi}. Hãy đổi số sang {new_vi} (hoặc dùng biểu mẫu mới) "
        "rồi gửi lại.",
        "Form made from catalog version {found}; the {field_en} of {indicator} ({name}) changed from {old_en} "
        "to {new_en}: the figure in this cell was typed in {old_en}. Convert it to {new_en} (or use the new "
        "form) and send the file again.",
    ),
)
CATALOG_VERSION_UNKNOWN = declare(
    "catalog-version-unknown",
    INFO,
    AREA,
    ("Biểu mẫu lập từ phiên bản danh mục khác", "Form made from another catalog version"),
    (
        "Biểu mẫu lập theo danh mục phiên bản {found} (thư mục làm việc không lưu phiên bản này; hiện hành "
        "{expected}); các ô của biểu vẫn khớp danh mục hiện hành, số liệu được kiểm tra theo quy tắc hiện hành.",
        "Form made from catalog version {found} (not kept in this workspace; current {expected}); the form's "
        "cells still match the current catalog, values are checked against the current rules.",
    ),
)
