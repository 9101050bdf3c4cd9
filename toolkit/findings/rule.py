"""Finding codes of the rules across cells of a returned form (area ``rule``): parts and wholes,
ratios, year-to-date, change against last year, outliers among units.

Messages speak to the ward clerk who filled the form. Templates use these fields, always
passed by the validator: ``{cell}``: the A1 address, ``{name}``: the indicator's name,
``{col_vi}``/``{col_en}``: the column, ``{value}``/``{expected}``: numbers already
formatted the Vietnamese way (7.600; 37,89).
"""

from __future__ import annotations

from .code import Area, E, W, declare

AREA = Area(
    "rule",
    "Quy tắc giữa các ô",
    "Rules across cells",
    "Parts and wholes, ratios, year-to-date, change against last year, outliers among units.",
)


YTD_CARRIED_REVISED = declare(
    "ytd-carried-revised",
    W,
    AREA,
    ("Lũy kế kỳ trước đã được sửa", "The previous year-to-date was revised"),
    (
        "Ô {cell} ({name}, cột Lũy kế đến hết kỳ trước) ghi {value} nhưng số liệu đã duyệt đến hết "
        "{prev_vi} nay là {expected}: kỳ trước đã được sửa sau khi gửi biểu mẫu này. Hệ thống dùng "
        "{expected}, lũy kế từ đầu năm được tính lại là {total}. Đơn vị không cần gửi lại.",
        "Cell {cell} ({name}, year to date before this period) shows {value} but the accepted figure "
        "up to {prev_en} is now {expected}: that period was corrected after this form was sent. "
        "{expected} is used and the year to date becomes {total}. The unit need not send again.",
    ),
)
YTD_BEFORE_DIFFERS = declare(
    "ytd-before-differs",
    W,
    AREA,
    ("Lũy kế kỳ trước khác số đã duyệt", "Previous year-to-date differs from the accepted one"),
    (
        "Ô {cell} ({name}, cột Lũy kế đến hết kỳ trước) nhập {value} nhưng số liệu đã duyệt đến hết "
        "{prev_vi} là {expected}. Hệ thống dùng {expected}, lũy kế từ đầu năm là {total}. Nếu số đã "
        "duyệt sai, báo cho bộ phận tổng hợp.",
        "Cell {cell} ({name}, year to date before this period) was typed as {value} but the accepted "
        "figure up to {prev_en} is {expected}. {expected} is used and the year to date is {total}. "
        "If the accepted figure is wrong, tell the reporting office.",
    ),
)
# --- rules across cells --------------------------------------------------------------------
PARTS_SUM_MISMATCH = declare(
    "parts-sum-mismatch",
    E,
    AREA,
    ("Tổng không bằng các thành phần", "Whole differs from its parts"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là {value} nhưng tổng các thành phần ({parts}) là {expected}. "
        "Kiểm tra lại các số thành phần; ô tổng phải bằng tổng các thành phần.",
        "Cell {cell} ({name}, {col_en}) is {value} but its parts ({parts}) add up to {expected}. Check "
        "the parts; the whole must equal their sum.",
    ),
)
PARTS_EXCEED_WHOLE = declare(
    "parts-exceed-whole",
    E,
    AREA,
    ("Số 'trong đó' lớn hơn tổng", "Parts exceed the whole"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là {value} nhưng các số 'trong đó' ({parts}) cộng lại đã là "
        "{expected}, lớn hơn tổng. Kiểm tra lại rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) is {value} but its 'of which' parts ({parts}) already add up to "
        "{expected}, more than the whole. Check the figures and send the file again.",
    ),
)
NUMERATOR_ABOVE_DENOMINATOR = declare(
    "numerator-above-denominator",
    E,
    AREA,
    ("Tử số lớn hơn mẫu số", "Numerator above denominator"),
    (
        "Ô {cell} ({name}, cột {col_vi}) là {value}, lớn hơn {den_name} ({expected}), nên tỷ lệ "
        "'{ratio_name}' sẽ vượt 100%. Kiểm tra lại hai số này rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) is {value}, more than {den_name} ({expected}), so the rate "
        "'{ratio_name}' would exceed 100%. Check both figures and send the file again.",
    ),
)
FORMULA_VALUE_MISMATCH = declare(
    "formula-value-mismatch",
    E,
    AREA,
    ("Kết quả công thức không khớp", "Formula result does not match"),
    (
        "Ô {cell} ({name}, cột {col_vi}) hiển thị {value} nhưng tính lại từ số liệu của biểu mẫu được "
        "{expected}. Công thức đã bị sửa hoặc tệp chưa được tính lại: mở bằng Excel, nhấn Ctrl+Alt+F9, "
        "lưu rồi gửi lại.",
        "Cell {cell} ({name}, {col_en}) shows {value} but recomputing from the form's figures gives "
        "{expected}. The formula was changed or the file was not recalculated: open it in Excel, "
        "press Ctrl+Alt+F9, save and send it again.",
    ),
)
FORMULAS_NOT_RECALCULATED = declare(
    "formulas-not-recalculated",
    E,
    AREA,
    ("Biểu mẫu chưa được tính lại", "Form not recalculated"),
    (
        "{count} ô tự tính của biểu mẫu hiển thị kết quả cũ vì tệp được lưu khi chưa tính lại (Excel đặt "
        "chế độ tính tay, hoặc LibreOffice tắt Tự động tính): ô {cell} ({name}) hiển thị {value} nhưng tính "
        "lại được {expected}; các ô: {cells}. Số liệu đã được tính lại từ các số đã nhập. Bấm Ctrl+Alt+F9 "
        "(LibreOffice: Dữ liệu > Tính > Tính lại toàn bộ), lưu rồi gửi lại.",
        "{count} computed cells of the form show old results because the file was saved without "
        "recalculating (Excel's calculation set to manual, or LibreOffice's AutoCalculate off): {cell} "
        "({name}) shows {value} but recomputes to {expected}; the cells: {cells}. The figures were computed "
        "again from the typed ones. Press Ctrl+Alt+F9 (LibreOffice: Data > Calculate > Recalculate Hard), "
        "save and send the file again.",
    ),
)
YTD_BELOW_VALUE = declare(
    "ytd-below-value",
    E,
    AREA,
    ("Lũy kế nhỏ hơn kỳ này", "Year-to-date below this period"),
    (
        "Ô {cell} ({name}, cột Lũy kế từ đầu năm) là {value}, nhỏ hơn số thực hiện kỳ này {expected}. "
        "Lũy kế phải gồm cả kỳ này: kiểm tra lại rồi gửi lại.",
        "Cell {cell} ({name}, year to date) is {value}, less than this period's {expected}. The "
        "year-to-date figure includes this period: check it and send the file again.",
    ),
)
YTD_BELOW_BEFORE = declare(
    "ytd-below-before",
    E,
    AREA,
    ("Lũy kế nhỏ hơn lũy kế kỳ trước", "Year-to-date below the year-to-date before"),
    (
        "Ô {cell} ({name}, cột Lũy kế từ đầu năm) là {value}, nhỏ hơn lũy kế đến hết kỳ trước {expected}: "
        "số thực hiện kỳ này (lũy kế trừ lũy kế kỳ trước) sẽ âm. Ghi đúng số lũy kế của hệ thống rồi gửi lại.",
        "Cell {cell} ({name}, year to date) is {value}, less than the year to date before this period "
        "{expected}: this period (the difference) would be negative. Enter the system's year-to-date "
        "figure and send the file again.",
    ),
)
YTD_MISMATCH = declare(
    "ytd-mismatch",
    E,
    AREA,
    ("Lũy kế không khớp", "Year-to-date does not add up"),
    (
        "Ô {cell} ({name}, cột Lũy kế từ đầu năm) là {value} nhưng {basis_vi} là {expected}. Kiểm tra lại rồi gửi lại.",
        "Cell {cell} ({name}, year to date) is {value} but {basis_en} is {expected}. Check it and send the file again.",
    ),
)
CHANGE_VS_SAME_PERIOD = declare(
    "change-vs-same-period",
    W,
    AREA,
    ("Biến động bất thường so với cùng kỳ", "Unusual change against last year"),
    (
        "Ô {cell} ({name}) là {value}, so với cùng kỳ năm trước {expected} thì {change_vi}, vượt ngưỡng "
        "cảnh báo {threshold}. Kiểm tra lại; nếu đúng, ghi lý do vào cột Ghi chú.",
        "Cell {cell} ({name}) is {value}; against {expected} in the same period last year that is "
        "{change_en}, beyond the warning threshold {threshold}. Check it; if it is right, explain "
        "in the Note column.",
    ),
)
OUTLIER_AMONG_UNITS = declare(
    "outlier-among-units",
    W,
    AREA,
    ("Khác thường so với các đơn vị cùng loại", "Outlier among similar units"),
    (
        "Ô {cell} ({name}) của {unit_name} là {value}, khác xa các {kind_vi} khác (trung vị {expected}). "
        "Kiểm tra lại số liệu và đơn vị tính; nếu đúng, ghi lý do vào cột Ghi chú.",
        "Cell {cell} ({name}) of {unit_name} is {value}, far from the other {kind_en} (median "
        "{expected}). Check the figure and its unit; if it is right, explain in the Note column.",
    ),
)
