"""Finding codes of the units' texts on the "Thuyết minh" sheet (area ``text``).

All warnings: a text problem never keeps a unit's figures out of the master; the text is
used as far as it can be (too long: whole; control characters: removed; a formula: not used).
"""

from __future__ import annotations

from .code import Area, W, declare

AREA = Area(
    "text",
    "Thuyết minh",
    "Units' texts",
    "The text blocks of the Thuyết minh sheet: required, length, formulas, control characters.",
)


REQUIRED_EMPTY = declare(
    "text-required-empty",
    W,
    AREA,
    ("Thiếu thuyết minh bắt buộc", "Required text missing"),
    (
        "Mục «{topic}» của trang Thuyết minh còn trống; văn phòng yêu cầu viết mục này.",
        "The block «{topic}» on the Thuyết minh sheet is empty; the office requires it.",
    ),
)
TOO_LONG = declare(
    "text-too-long",
    W,
    AREA,
    ("Thuyết minh quá dài", "Text too long"),
    (
        "Mục «{topic}» dài {length} ký tự, quá giới hạn {limit}; hãy viết ngắn lại.",
        "The block «{topic}» has {length} characters, over its limit of {limit}; shorten it.",
    ),
)
FORMULA = declare(
    "text-formula",
    W,
    AREA,
    ("Công thức trong ô thuyết minh", "Formula in a text block"),
    (
        "Ô thuyết minh «{topic}» chứa công thức ({formula}); nội dung này không được dùng. Gõ chữ trực tiếp vào ô.",
        "The text block «{topic}» holds a formula ({formula}); it is not used. Type the text into the cell.",
    ),
)
CONTROL_CHARS = declare(
    "text-control-chars",
    W,
    AREA,
    ("Ký tự điều khiển trong thuyết minh", "Control characters in a text"),
    (
        "Mục «{topic}» có {count} ký tự điều khiển (thường do dán từ phần mềm khác); đã bỏ các ký tự này.",
        "The block «{topic}» has {count} control characters (usually pasted from another program); they were removed.",
    ),
)
SHEET_MISSING = declare(
    "text-sheet-missing",
    W,
    AREA,
    ("Thiếu trang Thuyết minh", "Thuyết minh sheet missing"),
    (
        "Không tìm thấy trang «{sheet}» của biểu mẫu; phần thuyết minh của đơn vị không được đọc.",
        "The form's «{sheet}» sheet is missing; the unit's texts could not be read.",
    ),
)
