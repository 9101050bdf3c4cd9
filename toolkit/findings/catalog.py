"""Finding codes of the workspace definitions (area ``catalog``): catalog, units, targets, baseline.

These are for the office that edits the definitions, so each names the file and line.
"""

from __future__ import annotations

from .code import Area, E, W, declare

AREA = Area(
    "catalog",
    "Định nghĩa thư mục làm việc",
    "Workspace definitions (catalog, units, targets, baseline)",
    "For the office that edits `templates/`: each names the file and line.",
)


FILE_MISSING = declare(
    "catalog-file-missing",
    E,
    AREA,
    ("Thiếu tệp định nghĩa", "Definition file missing"),
    ("Không tìm thấy tệp {file}.", "File {file} was not found."),
)
YAML_SYNTAX = declare(
    "catalog-yaml-syntax",
    E,
    AREA,
    ("Lỗi cú pháp YAML", "YAML syntax error"),
    (
        "Dòng {line}: lỗi cú pháp YAML ({detail}). Kiểm tra thụt lề và dấu hai chấm.",
        "Line {line}: YAML syntax error ({detail}). Check indentation and colons.",
    ),
)
BAD_STRUCTURE = declare(
    "catalog-bad-structure",
    E,
    AREA,
    ("Cấu trúc sai", "Bad structure"),
    ("Dòng {line}: {detail}.", "Line {line}: {detail}."),
)
DUPLICATE_SECTION = declare(
    "catalog-duplicate-section",
    E,
    AREA,
    ("Trùng mã phần", "Duplicate section code"),
    ("Dòng {line}: mã phần {indicator} đã có.", "Line {line}: section code {indicator} is already defined."),
)
DUPLICATE_CODE = declare(
    "catalog-duplicate-code",
    E,
    AREA,
    ("Trùng mã chỉ tiêu", "Duplicate indicator code"),
    (
        "Dòng {line}: mã chỉ tiêu {indicator} đã dùng ở dòng {first_line}. Mỗi chỉ tiêu cần một mã riêng.",
        "Line {line}: indicator code {indicator} is already used on line {first_line}. Each indicator needs its own code.",
    ),
)
UNKNOWN_FIELD = declare(
    "catalog-unknown-field",
    E,
    AREA,
    ("Trường không hợp lệ", "Unknown field"),
    (
        "Dòng {line}: chỉ tiêu {indicator} có trường lạ '{field}' (gõ sai tên?).",
        "Line {line}: indicator {indicator} has an unknown field '{field}' (a typo?).",
    ),
)
MISSING_FIELD = declare(
    "catalog-missing-field",
    E,
    AREA,
    ("Thiếu trường bắt buộc", "Required field missing"),
    (
        "Dòng {line}: chỉ tiêu {indicator} thiếu trường bắt buộc '{field}'.",
        "Line {line}: indicator {indicator} lacks the required field '{field}'.",
    ),
)
BAD_CODE = declare(
    "catalog-bad-code",
    E,
    AREA,
    ("Mã chỉ tiêu không hợp lệ", "Invalid indicator code"),
    (
        "Dòng {line}: mã '{indicator}' chỉ được dùng chữ in hoa A-Z, số, dấu chấm và gạch dưới.",
        "Line {line}: code '{indicator}' may only use A-Z, digits, '.' and '_'.",
    ),
)
BAD_VALUE = declare(
    "catalog-bad-value",
    E,
    AREA,
    ("Giá trị không hợp lệ", "Invalid value"),
    (
        "Dòng {line}: chỉ tiêu {indicator}, trường '{field}': {detail}.",
        "Line {line}: indicator {indicator}, field '{field}': {detail}.",
    ),
)
UNKNOWN_SECTION = declare(
    "catalog-unknown-section",
    E,
    AREA,
    ("Phần không tồn tại", "Unknown section"),
    (
        "Dòng {line}: chỉ tiêu {indicator} thuộc phần '{section}' chưa khai báo trong 'sections'.",
        "Line {line}: indicator {indicator} is in section '{section}', which is not declared.",
    ),
)
UNKNOWN_REPORTER = declare(
    "catalog-unknown-reporter",
    E,
    AREA,
    ("Đơn vị báo cáo không tồn tại", "Unknown reporting unit"),
    (
        "Dòng {line}: chỉ tiêu {indicator} do đơn vị '{unit}' báo cáo, nhưng units.yaml không có mã này.",
        "Line {line}: indicator {indicator} is reported by unit '{unit}', which units.yaml does not define.",
    ),
)
UNKNOWN_PART = declare(
    "catalog-unknown-part",
    E,
    AREA,
    ("Chỉ tiêu thành phần không tồn tại", "Unknown part"),
    (
        "Dòng {line}: chỉ tiêu {indicator} có thành phần '{part}' không có trong danh mục.",
        "Line {line}: indicator {indicator} lists part '{part}', which is not in the catalog.",
    ),
)
UNKNOWN_OPERAND = declare(
    "catalog-unknown-operand",
    E,
    AREA,
    ("Tử số/mẫu số không tồn tại", "Unknown ratio operand"),
    (
        "Dòng {line}: tỷ lệ {indicator} dùng {role} '{operand}' không có trong danh mục.",
        "Line {line}: ratio {indicator} uses {role} '{operand}', which is not in the catalog.",
    ),
)
RATIO_OPERAND_MISSING = declare(
    "catalog-ratio-operand-missing",
    E,
    AREA,
    ("Tỷ lệ thiếu tử số hoặc mẫu số", "Ratio lacks an operand"),
    (
        "Dòng {line}: chỉ tiêu {indicator} tổng hợp theo tỷ lệ nhưng thiếu '{role}'.",
        "Line {line}: indicator {indicator} aggregates as a ratio but has no '{role}'.",
    ),
)
RATIO_OF_RATIO = declare(
    "catalog-ratio-of-ratio",
    E,
    AREA,
    ("Tỷ lệ của tỷ lệ", "Ratio over a ratio"),
    (
        "Dòng {line}: tỷ lệ {indicator} lấy {role} là '{operand}', bản thân cũng là tỷ lệ. Hãy dùng chỉ tiêu số lượng.",
        "Line {line}: ratio {indicator} uses {role} '{operand}', which is itself a ratio. Use a count.",
    ),
)
OPERAND_NOT_NUMERIC = declare(
    "catalog-operand-not-numeric",
    E,
    AREA,
    ("Tử số/mẫu số không phải số lượng", "Ratio operand is not a count"),
    (
        "Dòng {line}: tỷ lệ {indicator} lấy {role} '{operand}' kiểu {kind}; cần chỉ tiêu cộng được (sum).",
        "Line {line}: ratio {indicator} uses {role} '{operand}' of kind {kind}; an additive (sum) indicator is needed.",
    ),
)
PARTS_CYCLE = declare(
    "catalog-parts-cycle",
    E,
    AREA,
    ("Vòng lặp thành phần", "Cycle among parts"),
    (
        "Dòng {line}: thành phần của {indicator} tạo thành vòng lặp: {cycle}.",
        "Line {line}: the parts of {indicator} form a cycle: {cycle}.",
    ),
)
PART_UNIT_MISMATCH = declare(
    "catalog-part-unit-mismatch",
    E,
    AREA,
    ("Đơn vị tính của thành phần khác tổng", "Part has another unit"),
    (
        "Dòng {line}: thành phần {part} tính bằng '{part_unit}' nhưng {indicator} tính bằng '{unit}'.",
        "Line {line}: part {part} is in '{part_unit}' but {indicator} is in '{unit}'.",
    ),
)
PART_REPORTERS_MISMATCH = declare(
    "catalog-part-reporters-mismatch",
    E,
    AREA,
    ("Thành phần do đơn vị khác báo cáo", "Part has other reporters"),
    (
        "Dòng {line}: thành phần {part} không do cùng đơn vị với {indicator} báo cáo; biểu không thể kiểm tra tổng.",
        "Line {line}: part {part} is not reported by the same units as {indicator}; the form cannot check the sum.",
    ),
)
OPERAND_REPORTERS_MISMATCH = declare(
    "catalog-operand-reporters-mismatch",
    E,
    AREA,
    ("Tử số/mẫu số do đơn vị khác báo cáo", "Operand has other reporters"),
    (
        "Dòng {line}: {role} {operand} không do cùng đơn vị với tỷ lệ {indicator} báo cáo.",
        "Line {line}: {role} {operand} is not reported by the same units as ratio {indicator}.",
    ),
)
SINGLE_MANY_REPORTERS = declare(
    "catalog-single-many-reporters",
    E,
    AREA,
    ("'single' nhưng nhiều đơn vị báo cáo", "'single' with several reporters"),
    (
        "Dòng {line}: chỉ tiêu {indicator} lấy số của một đơn vị (single) nhưng có nhiều đơn vị báo cáo.",
        "Line {line}: indicator {indicator} takes a single reporter's value but has several reporters.",
    ),
)
NO_REPORTER = declare(
    "catalog-no-reporter",
    E,
    AREA,
    ("Chỉ tiêu không có đơn vị báo cáo", "Indicator without a reporter"),
    (
        "Dòng {line}: chỉ tiêu {indicator} không có đơn vị nào báo cáo {when} (các kỳ {periods}): "
        "thêm một mục 'reporters' có hiệu lực trong thời gian đó, hoặc ghi valid_to cho chỉ tiêu nếu "
        "không còn thu thập.",
        "Line {line}: indicator {indicator} has no reporter {when_en} (periods {periods}): add a "
        "'reporters' entry valid in that time, or give the indicator a valid_to if it is no longer collected.",
    ),
)
COLLECTOR_AMBIGUOUS = declare(
    "catalog-collector-ambiguous",
    E,
    AREA,
    ("Không xác định được đơn vị thu báo cáo", "Which office collects is ambiguous"),
    (
        "Từ {start}: nhiều đơn vị cùng thu báo cáo ({units}); ghi 'district: MÃ' trong workspace.yaml "
        "hoặc đánh dấu external: true cho đơn vị ngoài văn phòng này.",
        "From {start}: several units collect ({units}); set 'district: CODE' in workspace.yaml or mark "
        "the units outside this office external: true.",
    ),
)
MIN_ABOVE_MAX = declare(
    "catalog-min-above-max",
    E,
    AREA,
    ("Cận dưới lớn hơn cận trên", "min above max"),
    (
        "Dòng {line}: chỉ tiêu {indicator} có min {min} > max {max}.",
        "Line {line}: indicator {indicator} has min {min} > max {max}.",
    ),
)
PARTS_MODE_WITHOUT_PARTS = declare(
    "catalog-parts-mode-without-parts",
    W,
    AREA,
    ("parts_mode không có parts", "parts_mode without parts"),
    (
        "Dòng {line}: chỉ tiêu {indicator} khai báo parts_mode nhưng không có thành phần.",
        "Line {line}: indicator {indicator} sets parts_mode but has no parts.",
    ),
)
BAD_UNIT = declare(
    "catalog-bad-unit",
    E,
    AREA,
    ("Đơn vị không hợp lệ", "Invalid unit definition"),
    ("Dòng {line}: {detail}.", "Line {line}: {detail}."),
)
TARGET_UNKNOWN_INDICATOR = declare(
    "catalog-target-unknown-indicator",
    E,
    AREA,
    ("Chỉ tiêu kế hoạch cho mã không tồn tại", "Target for an unknown indicator"),
    (
        "Dòng {line}: có chỉ tiêu kế hoạch cho '{indicator}' nhưng danh mục không có mã này.",
        "Line {line}: a target is set for '{indicator}', which is not in the catalog.",
    ),
)
TARGET_BAD_VALUE = declare(
    "catalog-target-bad-value",
    E,
    AREA,
    ("Chỉ tiêu kế hoạch không hợp lệ", "Invalid target"),
    ("Dòng {line}: chỉ tiêu kế hoạch của {indicator}: {detail}.", "Line {line}: target of {indicator}: {detail}."),
)
BASELINE_UNKNOWN_INDICATOR = declare(
    "catalog-baseline-unknown-indicator",
    E,
    AREA,
    ("Số liệu cùng kỳ cho mã không tồn tại", "Baseline for an unknown indicator"),
    (
        "Dòng {line}: số liệu cùng kỳ cho '{indicator}' nhưng danh mục không có mã này.",
        "Line {line}: a baseline row names '{indicator}', which is not in the catalog.",
    ),
)
BASELINE_UNKNOWN_UNIT = declare(
    "catalog-baseline-unknown-unit",
    E,
    AREA,
    ("Số liệu cùng kỳ cho đơn vị không tồn tại", "Baseline for an unknown unit"),
    (
        "Dòng {line}: số liệu cùng kỳ cho đơn vị '{unit}' không có trong units.yaml.",
        "Line {line}: a baseline row names unit '{unit}', which units.yaml does not define.",
    ),
)
BASELINE_BAD_ROW = declare(
    "catalog-baseline-bad-row",
    E,
    AREA,
    ("Dòng số liệu cùng kỳ không hợp lệ", "Invalid baseline row"),
    ("Dòng {line}: {detail}.", "Line {line}: {detail}."),
)
BAD_WORKSPACE = declare(
    "catalog-bad-workspace",
    E,
    AREA,
    ("Cấu hình không hợp lệ", "Invalid workspace settings"),
    ("Dòng {line}: {detail}.", "Line {line}: {detail}."),
)
