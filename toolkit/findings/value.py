"""Finding codes of the figures typed into a returned form (area ``value``).

Messages speak to the ward clerk who filled the form. Templates use these fields, always
passed by the validator: ``{cell}``: the A1 address, ``{name}``: the indicator's name,
``{col_vi}``/``{col_en}``: the column ("Thực hiện kỳ này" / "this period"),
``{value}``/``{expected}``: numbers already formatted the Vietnamese way (7.600; 37,89).
"""

from __future__ import annotations

from .code import Area, E, W, declare

AREA = Area(
    "value",
    "Số liệu",
    "Values",
    "What was typed in each input cell, and how it was read.",
)


# --- values: what was typed ----------------------------------------------------------------
VALUE_MISSING = declare(
    "value-missing",
    E,
    AREA,
    ("Thiếu số liệu", "Missing value"),
    (
        "Ô {cell} ({name}, cột {col_vi}) chưa có số liệu. Nhập số liệu (nếu không phát sinh thì nhập 0) rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) is empty. Enter the figure (0 if there was none) and send the file again.",
    ),
)
VALUE_NOT_NUMBER = declare(
    "value-not-number",
    E,
    AREA,
    ("Không phải số", "Not a number"),
    (
        "Ô {cell} ({name}, cột {col_vi}) có nội dung '{value}', không phải là số. Chỉ nhập số (ví dụ "
        "1.234 hoặc 2,5), không kèm chữ; ghi giải thích vào cột Ghi chú.",
        "Cell {cell} ({name}, {col_en}) holds '{value}', which is not a number. Type a number only "
        "(e.g. 1.234 or 2,5) without words; put explanations in the Note column.",
    ),
)
VALUE_TEXT_NUMBER = declare(
    "value-text-number",
    W,
    AREA,
    ("Số nhập dạng văn bản", "Number typed as text"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là văn bản '{value}', đã được đọc là {expected} ({how_vi}). "
        "Nếu đúng thì không cần sửa; lần sau nhập số trực tiếp, không gõ dấu nháy hay chữ.",
        "Cell {cell} ({name}, {col_en}) is the text '{value}', read as {expected} ({how_en}). Nothing to "
        "fix if that is right; next time type the number directly, without quotes or words.",
    ),
)
VALUE_AMBIGUOUS = declare(
    "value-ambiguous",
    E,
    AREA,
    ("Số viết không rõ nghĩa", "Ambiguous number"),
    (
        "Ô {cell} ({name}, cột {col_vi}) có '{value}', có thể hiểu là {readings_vi}; không đủ căn cứ để "
        "chọn. Có lẽ là {expected} ({why_vi}). Nhập lại số không có dấu ngăn cách hàng nghìn (ví dụ "
        "1234 hoặc 1,234) rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) holds '{value}', which can mean {readings_en}; there is not enough "
        "to decide. Probably {expected} ({why_en}). Retype the number without a thousands separator "
        "(e.g. 1234 or 1,234) and send the file again.",
    ),
)
VALUE_AMBIGUOUS_RESOLVED = declare(
    "value-ambiguous-resolved",
    W,
    AREA,
    ("Số viết không rõ nghĩa, đã chọn cách đọc", "Ambiguous number, reading chosen"),
    (
        "Ô {cell} ({name}, cột {col_vi}) có '{value}', có thể hiểu là {readings_vi}; đã đọc là {expected} "
        "vì {why_vi}. Kiểm tra lại; nếu sai hãy sửa và gửi lại.",
        "Cell {cell} ({name}, {col_en}) holds '{value}', which can mean {readings_en}; it was read as "
        "{expected} because {why_en}. Check it; if that is wrong, correct it and send the file again.",
    ),
)
VALUE_UNIT_MISMATCH = declare(
    "value-unit-mismatch",
    E,
    AREA,
    ("Gõ kèm đơn vị tính khác", "Typed with another unit"),
    (
        "Ô {cell} ({name}, cột {col_vi}) có '{value}', gõ kèm '{typed_unit}' trong khi đơn vị tính của chỉ "
        "tiêu là '{unit}'. Đổi số liệu sang '{unit}', chỉ nhập số rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) holds '{value}', typed with '{typed_unit}' while the indicator is "
        "in '{unit}'. Convert the figure to '{unit}', type the number only and send the file again.",
    ),
)
PERCENT_AS_FRACTION = declare(
    "percent-as-fraction",
    E,
    AREA,
    ("Tỷ lệ nhập dạng phân số", "Percentage typed as a fraction"),
    (
        "Ô {cell} ({name}, cột {col_vi}) có {value}, có vẻ là tỷ lệ dạng thập phân; chỉ tiêu tính bằng % "
        "nên phải nhập {expected} (không nhân chia, không gõ dấu %). Sửa lại rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) holds {value}, which looks like a fraction; the indicator is in "
        "percent, so {expected} is expected (0 to 100, no % sign). Correct it and send the file again.",
    ),
)
VALUE_BELOW_MIN = declare(
    "value-below-min",
    E,
    AREA,
    ("Số liệu nhỏ hơn giới hạn", "Value below the minimum"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là {value}, nhỏ hơn mức tối thiểu {expected} {unit}. Kiểm tra "
        "lại số liệu (số âm, gõ nhầm) rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) is {value}, below the minimum {expected} {unit}. Check the "
        "figure (negative, typo) and send the file again.",
    ),
)
VALUE_ABOVE_MAX = declare(
    "value-above-max",
    E,
    AREA,
    ("Số liệu vượt giới hạn", "Value above the maximum"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là {value}, vượt mức tối đa hợp lý {expected} {unit}. Kiểm tra "
        "lại đơn vị tính và số liệu (thừa chữ số, nhầm dấu thập phân) rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) is {value}, above the plausible maximum {expected} {unit}. Check "
        "the unit and the figure (extra digits, misplaced decimal mark) and send the file again.",
    ),
)
VALUE_NOT_INTEGER = declare(
    "value-not-integer",
    E,
    AREA,
    ("Số liệu phải là số nguyên", "Whole number expected"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là {value} nhưng chỉ tiêu đếm bằng '{unit}' phải là số nguyên"
        "{hint_vi}. Sửa lại rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) is {value} but an indicator counted in '{unit}' must be a whole "
        "number{hint_en}. Correct it and send the file again.",
    ),
)
INPUT_FORMULA_NO_VALUE = declare(
    "input-formula-no-value",
    E,
    AREA,
    ("Công thức chưa có kết quả trong ô nhập", "Formula without a result in an input cell"),
    (
        "Ô {cell} ({name}, cột {col_vi}) có công thức '={value}' nhưng tệp không lưu kết quả tính nên không biết số liệu. "
        "Nhập thẳng số liệu vào ô (không dùng công thức), lưu rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) holds the formula '={value}' but the file stores no result, so the figure is "
        "unknown. Type the figure itself (no formula), save and send the file again.",
    ),
)
CELL_ERROR = declare(
    "cell-error",
    E,
    AREA,
    ("Ô có lỗi Excel", "Excel error in a cell"),
    (
        "Ô {cell} ({name}, cột {col_vi}) hiển thị lỗi {value} của Excel. {fix_vi}",
        "Cell {cell} ({name}, {col_en}) shows the Excel error {value}. {fix_en}",
    ),
)
VALUE_IS_DATE = declare(
    "value-is-date",
    E,
    AREA,
    ("Ô số liệu chứa ngày tháng", "A date in a figure cell"),
    (
        "Ô {cell} ({name}, cột {col_vi}) được định dạng ngày tháng và hiển thị ngày {value} (Excel lưu ngày "
        "này là số {serial}); số liệu của chỉ tiêu không phải là ngày nên không được đọc. Định dạng lại ô "
        "thành số (Định dạng ô > Số), nhập lại đúng số liệu rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) is formatted as a date and shows {value} (Excel stores that date as "
        "the number {serial}); the indicator's figure is not a date, so it was not read. Format the cell as a "
        "number (Format Cells > Number), type the right figure and send the file again.",
    ),
)
VALUE_PERCENT_FORMAT = declare(
    "value-percent-format",
    W,
    AREA,
    ("Tỷ lệ nhập dạng phần trăm của Excel", "Rate typed with Excel's percent format"),
    (
        "Ô {cell} ({name}, cột {col_vi}) được định dạng phần trăm và hiển thị {value}% (Excel lưu là "
        "{stored}); đã đọc là {expected} theo đơn vị %. Nếu đúng thì không cần sửa; lần sau chỉ nhập số "
        "(ví dụ {expected}), không gõ dấu %.",
        "Cell {cell} ({name}, {col_en}) is formatted as a percentage and shows {value}% (Excel stores "
        "{stored}); it was read as {expected} in %. Nothing to fix if that is right; next time type the "
        "number only (e.g. {expected}) without a % sign.",
    ),
)
NOTE_TOO_LONG = declare(
    "note-too-long",
    W,
    AREA,
    ("Ghi chú quá dài", "Note too long"),
    (
        "Ghi chú tại ô {cell} ({name}) dài {length} ký tự, quá giới hạn {limit} ký tự của biểu mẫu (có lẽ "
        "được dán vào nên Excel không chặn). Ghi chú được giữ nguyên để đọc, nhưng bảng tổng hợp và báo "
        "cáo chỉ in được {limit} ký tự: rút gọn ghi chú rồi gửi lại.",
        "The note at {cell} ({name}) is {length} characters long, over the form's limit of {limit} "
        "(probably pasted, so Excel did not stop it). It is kept whole to be read, but the master and the "
        "report print only {limit} characters: shorten it and send the file again.",
    ),
)
INPUT_FORMULA_STALE = declare(
    "input-formula-stale",
    E,
    AREA,
    ("Công thức tự gõ chưa được tính lại", "Typed formula not recalculated"),
    (
        "Ô {cell} ({name}, cột {col_vi}) có công thức '={formula}' tự gõ; tệp lưu kết quả {value} nhưng "
        "tính lại từ các ô của biểu mẫu được {expected} (tệp đã lưu khi Excel đặt chế độ tính tay). Đã đọc "
        "là {expected}. Bấm F9 (hoặc Ctrl+Alt+F9) để tính lại, kiểm tra, tốt nhất nhập thẳng số liệu "
        "(không dùng công thức), lưu rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) holds the typed formula '={formula}'; the file stores the result "
        "{value} but recomputing it from the form's cells gives {expected} (the file was saved with "
        "calculation set to manual). It was read as {expected}. Press F9 (or Ctrl+Alt+F9) to recalculate, "
        "check it, best type the figure itself (no formula), save and send the file again.",
    ),
)
INPUT_FORMULA_UNCHECKED = declare(
    "input-formula-unchecked",
    W,
    AREA,
    ("Công thức tự gõ không kiểm tra được", "Typed formula not checked"),
    (
        "Ô {cell} ({name}, cột {col_vi}) có công thức '={formula}' tự gõ, dùng {why_vi} nên không tính lại "
        "được; đã đọc kết quả tệp lưu là {value}. Kiểm tra lại; tốt nhất nhập thẳng số liệu (không dùng "
        "công thức) rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) holds the typed formula '={formula}', which uses {why_en} and "
        "cannot be recomputed; the result stored in the file, {value}, was read. Check it; best type the "
        "figure itself (no formula) and send the file again.",
    ),
)
