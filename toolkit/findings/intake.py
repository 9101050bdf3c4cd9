"""Finding codes of intake (area ``intake``): why a file was not filed as a new version.

Written for the office clerk who runs intake and for the ward that must resend.
"""

from __future__ import annotations

from .code import INFO, Area, E, W, declare

AREA = Area(
    "intake",
    "Tiếp nhận và lưu trữ",
    "Intake and archive",
    "Filing returned files and their versions.",
)


UNIDENTIFIED = declare(
    "intake-unidentified",
    E,
    AREA,
    ("Không nhận dạng được biểu mẫu", "Form not identified"),
    (
        "Không biết tệp {file} là báo cáo của đơn vị nào, kỳ nào: tệp không mang phần định danh của "
        "biểu mẫu baocao (có thể đã chép số liệu sang tệp khác hoặc dùng mẫu cũ). Đơn vị cần nhập số "
        "liệu vào đúng biểu mẫu đã được gửi rồi gửi lại.",
        "Cannot tell which unit and period {file} reports for: the file does not carry the baocao form "
        "identity (figures copied into another file, or an old template?). The unit must enter the "
        "figures into the form it was sent and send it again.",
    ),
)
UNKNOWN_UNIT = declare(
    "intake-unknown-unit",
    E,
    AREA,
    ("Đơn vị không có trong danh sách", "Unknown unit"),
    (
        "Biểu mẫu {file} ghi mã đơn vị '{unit}', không có trong danh sách đơn vị (templates/units.yaml). "
        "Kiểm tra biểu mẫu đã gửi cho đơn vị hoặc bổ sung đơn vị vào danh sách.",
        "Form {file} names unit '{unit}', which is not in the unit list (templates/units.yaml). Check the "
        "form that was sent, or add the unit to the list.",
    ),
)
NOT_EXPECTED = declare(
    "intake-unit-not-expected",
    E,
    AREA,
    ("Đơn vị không phải báo cáo kỳ này", "Unit not expected for the period"),
    (
        "Đơn vị {unit} không thuộc danh sách phải báo cáo kỳ {period} (đã sáp nhập, ngừng hoạt động hoặc "
        "không phụ trách chỉ tiêu nào).",
        "Unit {unit} is not among the units expected to report for {period} (merged, inactive, or owning no indicator).",
    ),
)
BAD_PERIOD = declare(
    "intake-bad-period",
    E,
    AREA,
    ("Kỳ báo cáo không hợp lệ", "Invalid period"),
    (
        "Biểu mẫu {file} ghi kỳ báo cáo '{period}', không phải một kỳ hợp lệ.",
        "Form {file} names the period '{period}', which is not a valid period.",
    ),
)
WRONG_PERIOD = declare(
    "intake-wrong-period",
    E,
    AREA,
    ("Sai kỳ báo cáo", "Wrong period"),
    (
        "Tệp {file} là báo cáo kỳ {found}, không phải kỳ đang nhận {expected}. Tệp được để lại trong "
        "hộp thư đến; chạy 'baocao intake' không kèm --period (hoặc --period {found}) để nhận vào kỳ {found}.",
        "File {file} reports for {found}, not for {expected}, the period being received. It is left in the "
        "inbox; run 'baocao intake' without --period (or with --period {found}) to file it under {found}.",
    ),
)
PERIOD_APPROVED = declare(
    "intake-period-approved",
    E,
    AREA,
    ("Kỳ đã duyệt, không nhận thêm", "Period approved: not accepted"),
    (
        "Kỳ {period} đã được duyệt và khóa lúc {at} ({by}); tệp {file} của {unit} không được nhận và "
        "được để lại trong hộp thư đến. Nếu cần nhận, mở lại kỳ: 'baocao approve --period {period} "
        "--reopen', rồi chạy lại 'baocao intake'.",
        "Period {period} was approved and locked at {at} ({by}); file {file} from {unit} is not accepted "
        "and is left in the inbox. To accept it, reopen the period with 'baocao approve --period {period} "
        "--reopen', then run 'baocao intake' again.",
    ),
)
DUPLICATE = declare(
    "intake-duplicate",
    INFO,
    AREA,
    ("Đã nhận tệp này", "Already received"),
    (
        "Tệp {file} giống hệt phiên bản {version} của {unit} kỳ {period} đã nhận lúc {at}; không tạo "
        "phiên bản mới (phiên bản hiện hành: {current}).",
        "File {file} is identical to version {version} of {unit} for {period}, received at {at}; no new "
        "version (current version: {current}).",
    ),
)
NOT_REGULAR = declare(
    "intake-not-a-file",
    E,
    AREA,
    ("Không phải tệp thông thường", "Not a regular file"),
    (
        "{file} là thư mục, lối tắt hoặc thiết bị, không phải tệp; không nhận.",
        "{file} is a folder, link or device, not a file; not taken.",
    ),
)
CHANGING = declare(
    "intake-file-changing",
    W,
    AREA,
    ("Tệp đang thay đổi", "File changing"),
    (
        "Tệp {file} thay đổi trong lúc đọc (đang được chép vào?); để lại, lần nhận sau sẽ xử lý.",
        "File {file} changed while being read (still being copied?); left for the next intake.",
    ),
)
FILE_IN_USE = declare(
    "intake-file-in-use",
    W,
    AREA,
    ("Tệp đang mở trong chương trình khác", "File open in another program"),
    (
        "Tệp {file} đang mở trong chương trình khác (Excel?) nên không đọc được; tệp được để lại trong hộp "
        "thư đến, lần nhận sau sẽ nhận. Đóng tệp rồi chạy lại 'baocao intake'.",
        "File {file} is open in another program (Excel?) and cannot be read; it stays in the inbox and the "
        "next intake takes it. Close the file and run 'baocao intake' again.",
    ),
)
INBOX_HELD = declare(
    "intake-inbox-file-held",
    W,
    AREA,
    ("Chưa chuyển được tệp khỏi hộp thư", "File left in the inbox"),
    (
        "Tệp {file} đã được nhận nhưng đang mở trong chương trình khác (Excel?) nên chưa chuyển khỏi hộp "
        "thư đến được; lần nhận sau sẽ chuyển (không nhận hai lần). Đóng tệp.",
        "File {file} was received but is open in another program (Excel?), so it could not be moved out of "
        "the inbox; the next intake moves it (it is not received twice). Close the file.",
    ),
)
INTERNAL = declare(
    "intake-internal-error",
    E,
    AREA,
    ("Lỗi nội bộ khi kiểm tra tệp", "Internal error while checking the file"),
    (
        "Không kiểm tra được tệp {file} do lỗi của chương trình ({error}); tệp được giữ trong mục bị từ "
        "chối, báo cho người quản trị baocao.",
        "The file {file} could not be checked because of a program error ({error}); it is kept with the "
        "rejected files; tell the baocao administrator.",
    ),
)
ARCHIVE_MISSING = declare(
    "intake-archive-missing",
    E,
    AREA,
    ("Thiếu tệp lưu trữ", "Archived file missing"),
    (
        "Sổ theo dõi ghi phiên bản {version} của {unit} kỳ {period} tại {file}, nhưng tệp không còn ở đó "
        "(bị xóa hoặc di chuyển bằng tay?). Khôi phục tệp từ bản sao lưu.",
        "The ledger records version {version} of {unit} for {period} at {file}, but the file is gone "
        "(deleted or moved by hand?). Restore it from a backup.",
    ),
)
RECOVERED = declare(
    "intake-recovered",
    W,
    AREA,
    ("Khôi phục sau khi bị gián đoạn", "Recovered after an interruption"),
    (
        "Lần nhận trước bị gián đoạn sau khi lưu {file}; tệp được ghi bổ sung vào sổ theo dõi "
        "(phiên bản {version} của {unit} kỳ {period}).",
        "The previous intake was interrupted after storing {file}; it is now entered in the ledger "
        "(version {version} of {unit} for {period}).",
    ),
)
RECOVERED_REJECTED = declare(
    "intake-recovered-rejected",
    W,
    AREA,
    ("Khôi phục tệp bị từ chối", "Rejected file recovered"),
    (
        "Lần nhận trước bị gián đoạn sau khi cất tệp bị từ chối {file}; tệp được ghi bổ sung vào sổ theo dõi.",
        "The previous intake was interrupted after keeping the rejected file {file}; it is now entered in the ledger.",
    ),
)
DAMAGED = declare(
    "intake-archive-damaged",
    W,
    AREA,
    ("Bản lưu dở dang", "Incomplete archive copy"),
    (
        "Bản lưu {file} không khớp mã băm trong tên (bị cắt do mất điện giữa chừng?); bản này chưa từng "
        "được ghi sổ nên được để riêng (.damaged), tệp gốc trong hộp thư đến sẽ được nhận lại.",
        "The archive copy {file} does not match the hash in its name (cut short by a power loss?); it was "
        "never recorded, so it is set aside (.damaged) and the original in the inbox is filed again.",
    ),
)
