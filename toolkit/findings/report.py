"""Finding codes of the report draft (area ``report``)."""

from __future__ import annotations

from .code import INFO, Area, E, W, declare

AREA = Area(
    "report",
    "Dự thảo báo cáo",
    "Report draft",
    "Writing the Word draft of the period's report.",
)


GAPS = declare(
    "report-gaps",
    W,
    AREA,
    ("Dự thảo còn chỗ trống", "The draft has gaps"),
    (
        "Dự thảo có {count} chỗ đánh dấu vàng cần bổ sung (đơn vị chưa gửi, báo cáo còn lỗi, thuyết minh chưa có): "
        "{value}.",
        "The draft has {count} highlighted gaps to fill (units not sent, returns with errors, texts missing): {value}.",
    ),
)
CHANGED = declare(
    "report-changed",
    INFO,
    AREA,
    ("Số liệu thay đổi so với bản trước", "Figures changed since the last draft"),
    (
        "{count} số liệu khác với bản dự thảo trước ({value}); xem phụ lục «Số liệu thay đổi».",
        "{count} figures differ from the previous draft ({value}); see the appendix «Số liệu thay đổi».",
    ),
)
APPROVED_MASTER = declare(
    "report-approved-master",
    INFO,
    AREA,
    ("Kỳ đã duyệt", "Approved period"),
    (
        "Kỳ {period} đã duyệt: số liệu của dự thảo là số liệu đã duyệt, đối chiếu với bảng tổng hợp đã duyệt {file}.",
        "{period} is approved: the draft states the approved figures; its trail points at the approved master {file}.",
    ),
)
MASTER_FAILED = declare(
    "report-master-failed",
    E,
    AREA,
    ("Chưa lập được bảng tổng hợp", "The master could not be built"),
    (
        "Không lập được dự thảo vì bảng tổng hợp chưa lập được (xem các lỗi kèm theo).",
        "No draft: the master workbook it is drawn from could not be built (see the findings with it).",
    ),
)
FILE_IN_USE = declare(
    "report-file-in-use",
    E,
    AREA,
    ("Tệp dự thảo đang mở", "The draft is open"),
    (
        "Không ghi được {file}: tệp đang mở trong Word hoặc chương trình khác. Đóng tệp rồi chạy lại.",
        "Could not write {file}: it is open in Word or another program. Close it and run again.",
    ),
)
WRITE_FAILED = declare(
    "report-write-failed",
    E,
    AREA,
    ("Không ghi được dự thảo", "The draft could not be written"),
    ("Không ghi được {file}: {detail}.", "Could not write {file}: {detail}."),
)
