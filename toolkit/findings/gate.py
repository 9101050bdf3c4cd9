"""Finding codes of the reading gate (area ``gate``): the file itself, before any cell is read.

Messages are written for the ward clerk who sent the file: what is wrong, then what to do.
Vietnamese first, English second. Every ``{field}`` used in a template is always passed by
the gate when it builds the finding.
"""

from __future__ import annotations

from .code import Area, E, W, declare

AREA = Area(
    "gate",
    "Cổng đọc tệp",
    "Reading gate",
    "The file itself: format, package, safety limits. Nothing is read past a gate error.",
)

_SAVE_AS_VI = "Mở tệp bằng Excel, chọn Tệp > Lưu thành (File > Save As) kiểu Sổ làm việc Excel (*.xlsx) rồi gửi lại."
_SAVE_AS_EN = "Open the file in Excel, choose File > Save As, type Excel Workbook (*.xlsx), and send it again."
_USE_FORM_VI = "Hãy nhập số liệu vào đúng biểu mẫu Excel (.xlsx) đã được gửi cho xã/phường, lưu lại rồi gửi lại."
_USE_FORM_EN = "Enter the figures into the Excel form (.xlsx) that was sent to the ward, save it and send it again."
_RESEND_VI = "Gửi lại tệp gốc; nếu vẫn lỗi, mở biểu mẫu bằng Excel, lưu lại thành .xlsx rồi gửi lại."
_RESEND_EN = "Send the original file again; if that fails, open the form in Excel, save it as .xlsx and send it."
_SUSPECT_VI = (
    "Vì an toàn, hệ thống không mở tệp này. Mở biểu mẫu gốc bằng Excel, nhập số liệu, "
    "lưu thành .xlsx rồi gửi lại; nếu lỗi lặp lại, báo cho bộ phận tổng hợp báo cáo."
)
_SUSPECT_EN = (
    "For safety the system does not open this file. Open the original form in Excel, enter the "
    "figures, save as .xlsx and send it again; if this happens again, tell the reporting office."
)

# --- the file itself -------------------------------------------------------------------
FILE_NOT_FOUND = declare(
    "file-not-found",
    E,
    AREA,
    ("Không tìm thấy tệp", "File not found"),
    (
        "Không tìm thấy tệp hoặc không có quyền đọc tệp. " + _RESEND_VI,
        "The file does not exist or cannot be read. " + _RESEND_EN,
    ),
)
NOT_A_REGULAR_FILE = declare(
    "not-a-regular-file",
    E,
    AREA,
    ("Không phải tệp thông thường", "Not a regular file"),
    (
        "Đây là thư mục, lối tắt (liên kết) hoặc thiết bị chứ không phải một tệp Excel. Chỉ gửi chính tệp biểu mẫu .xlsx.",
        "This is a folder, a shortcut (link) or a device, not an Excel file. Send the .xlsx form itself.",
    ),
)
EMPTY_FILE = declare(
    "empty-file",
    E,
    AREA,
    ("Tệp rỗng", "Empty file"),
    (
        "Tệp rỗng (0 byte): tệp chưa được lưu hoặc bị hỏng khi gửi. Mở tệp trên máy của xã/phường, "
        "kiểm tra có số liệu, lưu lại rồi gửi lại.",
        "The file is empty (0 bytes): it was not saved or was damaged in transfer. Open it on the "
        "ward's computer, check the figures are there, save it and send it again.",
    ),
)
FILE_TOO_LARGE = declare(
    "file-too-large",
    E,
    AREA,
    ("Tệp quá lớn", "File too large"),
    (
        "Tệp quá lớn ({size_mb} MB, giới hạn {limit_mb} MB); một biểu mẫu báo cáo chỉ cần vài chục KB. "
        "Xoá hình ảnh, trang tính và dữ liệu thừa, lưu lại rồi gửi lại.",
        "The file is too large ({size_mb} MB, limit {limit_mb} MB); a report form needs only tens of KB. "
        "Remove pictures, extra sheets and extra data, save and send it again.",
    ),
)
# --- not an xlsx at all ----------------------------------------------------------------
NOT_A_WORKBOOK = declare(
    "not-a-workbook",
    E,
    AREA,
    ("Không phải sổ làm việc Excel", "Not an Excel workbook"),
    (
        "Tệp này không phải là sổ làm việc Excel (.xlsx) (nhận dạng được: {kind}). " + _USE_FORM_VI,
        "This file is not an Excel workbook (.xlsx) (it looks like: {kind}). " + _USE_FORM_EN,
    ),
)
CSV_RENAMED = declare(
    "csv-renamed",
    E,
    AREA,
    ("Tệp CSV, không phải Excel", "CSV text, not a workbook"),
    (
        "Tệp là văn bản CSV (các giá trị cách nhau bằng dấu phẩy hoặc chấm phẩy), không phải sổ làm "
        "việc Excel, dù tên tệp là gì. " + _USE_FORM_VI,
        "The file is CSV text (values separated by commas or semicolons), not an Excel workbook, "
        "whatever its name says. " + _USE_FORM_EN,
    ),
)
HTML_RENAMED = declare(
    "html-renamed",
    E,
    AREA,
    ("Trang web đổi tên", "HTML file renamed"),
    (
        "Tệp là trang web (HTML), thường do một phần mềm khác xuất ra, không phải sổ làm việc Excel. " + _USE_FORM_VI,
        "The file is a web page (HTML), usually exported by another program; it is not an Excel workbook. "
        + _USE_FORM_EN,
    ),
)
PDF_RENAMED = declare(
    "pdf-renamed",
    E,
    AREA,
    ("Tệp PDF đổi tên", "PDF file renamed"),
    (
        "Tệp là tài liệu PDF, không phải sổ làm việc Excel. Hãy gửi chính tệp Excel (.xlsx) của biểu "
        "mẫu đã nhập số liệu, không gửi bản in hoặc bản PDF.",
        "The file is a PDF document, not an Excel workbook. Send the Excel file (.xlsx) of the filled "
        "form itself, not a printout or a PDF.",
    ),
)
XML2003_RENAMED = declare(
    "xml2003-renamed",
    E,
    AREA,
    ("Bảng tính XML 2003", "XML Spreadsheet 2003"),
    (
        "Tệp được lưu theo kiểu Bảng tính XML 2003 (XML Spreadsheet 2003), không phải sổ làm việc "
        "Excel (.xlsx). " + _SAVE_AS_VI,
        "The file was saved as XML Spreadsheet 2003, not as an Excel workbook (.xlsx). " + _SAVE_AS_EN,
    ),
)
ODS_RENAMED = declare(
    "ods-renamed",
    E,
    AREA,
    ("Bảng tính OpenDocument", "OpenDocument spreadsheet"),
    (
        "Tệp là bảng tính OpenDocument (.ods, thường từ LibreOffice hoặc WPS), không phải sổ làm việc "
        "Excel. Mở tệp bằng phần mềm đó, chọn Lưu thành (Save As) kiểu Excel 2007-365 (.xlsx) rồi "
        "gửi lại.",
        "The file is an OpenDocument spreadsheet (.ods, usually from LibreOffice or WPS), not an Excel "
        "workbook. Open it in that program, Save As type Excel 2007-365 (.xlsx) and send it again.",
    ),
)
XLSB_RENAMED = declare(
    "xlsb-renamed",
    E,
    AREA,
    ("Sổ làm việc nhị phân", "Binary workbook"),
    (
        "Tệp là Sổ làm việc nhị phân Excel (.xlsb), hệ thống không đọc được loại này. " + _SAVE_AS_VI,
        "The file is an Excel Binary Workbook (.xlsb), which the system does not read. " + _SAVE_AS_EN,
    ),
)
XLS_RENAMED = declare(
    "xls-renamed",
    E,
    AREA,
    ("Định dạng Excel 97-2003", "Excel 97-2003 format"),
    (
        "Tệp là định dạng Excel 97-2003 (.xls) cũ, không phải sổ làm việc .xlsx. " + _SAVE_AS_VI,
        "The file is in the old Excel 97-2003 format (.xls), not an .xlsx workbook. " + _SAVE_AS_EN,
    ),
)
ENCRYPTED_FILE = declare(
    "encrypted-file",
    E,
    AREA,
    ("Tệp có mật khẩu", "Password-protected file"),
    (
        "Tệp được đặt mật khẩu để mở nên hệ thống không đọc được. Mở tệp bằng Excel, vào Tệp > "
        "Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu (File > Info > Protect Workbook > "
        "Encrypt with Password), xoá mật khẩu, lưu lại rồi gửi lại.",
        "The file needs a password to open, so the system cannot read it. Open it in Excel, go to "
        "File > Info > Protect Workbook > Encrypt with Password, clear the password, save and send "
        "it again.",
    ),
)
MACRO_ENABLED = declare(
    "macro-enabled",
    E,
    AREA,
    ("Tệp có macro", "Macro-enabled workbook"),
    (
        "Tệp là sổ làm việc có macro (.xlsm hoặc có mã VBA/macro bên trong); vì an toàn hệ thống "
        "không nhận loại tệp này. " + _SAVE_AS_VI + " Không chọn kiểu Sổ làm việc hỗ trợ macro.",
        "The file is a macro-enabled workbook (.xlsm, or VBA/macro code inside); for safety the "
        "system does not accept it. " + _SAVE_AS_EN + " Do not pick Excel Macro-Enabled Workbook.",
    ),
)
STRICT_OOXML = declare(
    "strict-ooxml",
    E,
    AREA,
    ("Bảng tính Strict Open XML", "Strict Open XML workbook"),
    (
        "Tệp được lưu theo kiểu Bảng tính Strict Open XML, hệ thống không đọc được kiểu này. " + _SAVE_AS_VI,
        "The file was saved as Strict Open XML Spreadsheet, which the system does not read. " + _SAVE_AS_EN,
    ),
)
# --- the zip package -------------------------------------------------------------------
CORRUPT_ZIP = declare(
    "corrupt-zip",
    E,
    AREA,
    ("Tệp bị hỏng", "Corrupt file"),
    (
        "Tệp bị hỏng hoặc chưa được gửi hết (ví dụ tải lên bị gián đoạn). " + _RESEND_VI,
        "The file is damaged or incomplete (for example the upload was interrupted). " + _RESEND_EN,
    ),
)
ZIP_TOO_MANY_ENTRIES = declare(
    "zip-too-many-entries",
    E,
    AREA,
    ("Quá nhiều thành phần", "Too many parts"),
    (
        "Tệp chứa {count} thành phần bên trong (giới hạn {limit}), bất thường với một biểu mẫu. " + _SUSPECT_VI,
        "The file holds {count} internal parts (limit {limit}), which is abnormal for a form. " + _SUSPECT_EN,
    ),
)
ZIP_TOO_LARGE = declare(
    "zip-too-large",
    E,
    AREA,
    ("Giải nén quá lớn", "Uncompressed size too large"),
    (
        "Khi giải nén, {part} sẽ chiếm {size_mb} MB (giới hạn {limit_mb} MB). " + _SUSPECT_VI,
        "Uncompressed, {part} would take {size_mb} MB (limit {limit_mb} MB). " + _SUSPECT_EN,
    ),
)
ZIP_BOMB = declare(
    "zip-bomb",
    E,
    AREA,
    ("Nén bất thường (zip bomb)", "Abnormal compression (zip bomb)"),
    (
        "Thành phần {part} được nén với tỉ lệ {ratio}:1 (giới hạn {limit}:1), dấu hiệu của tệp độc "
        "hại (zip bomb). " + _SUSPECT_VI,
        "Part {part} is compressed at {ratio}:1 (limit {limit}:1), the mark of a malicious file (zip bomb). "
        + _SUSPECT_EN,
    ),
)
ZIP_ENTRY_OVERFLOW = declare(
    "zip-entry-overflow",
    E,
    AREA,
    ("Thành phần lớn hơn khai báo", "Part larger than declared"),
    (
        "Thành phần {part} giải nén ra nhiều hơn kích thước ghi trong tệp ({declared} byte); tệp bị "
        "hỏng hoặc bị sửa có chủ ý. " + _SUSPECT_VI,
        "Part {part} decompresses to more than the size recorded in the file ({declared} bytes); the "
        "file is damaged or was tampered with. " + _SUSPECT_EN,
    ),
)
UNSUPPORTED_COMPRESSION = declare(
    "unsupported-compression",
    E,
    AREA,
    ("Kiểu nén lạ", "Unsupported compression"),
    (
        "Thành phần {part} được nén theo kiểu mà Excel không dùng (mã {method}); tệp không do Excel tạo ra. "
        + _SAVE_AS_VI,
        "Part {part} uses a compression method Excel does not use (method {method}); the file was not "
        "written by Excel. " + _SAVE_AS_EN,
    ),
)
DUPLICATE_PART = declare(
    "duplicate-part",
    E,
    AREA,
    ("Thành phần trùng lặp", "Duplicate part"),
    (
        "Tệp chứa hai thành phần cùng tên {part}, không biết đọc bản nào. " + _SUSPECT_VI,
        "The file holds two parts named {part}; it is ambiguous which one counts. " + _SUSPECT_EN,
    ),
)
MISSING_PART = declare(
    "missing-part",
    E,
    AREA,
    ("Thiếu thành phần", "Missing part"),
    (
        "Tệp thiếu thành phần {part} nên không đọc được (tệp bị hỏng hoặc do phần mềm khác tạo ra "
        "không đúng chuẩn). " + _SAVE_AS_VI + " Nếu Excel không mở được, nhập lại số liệu vào biểu mẫu gốc.",
        "The file lacks its part {part} and cannot be read (it is damaged or was written by another "
        "program incorrectly). " + _SAVE_AS_EN + " If Excel cannot open it, re-enter the figures in "
        "the original form.",
    ),
)
# --- XML -------------------------------------------------------------------------------
XML_DOCTYPE = declare(
    "xml-doctype",
    E,
    AREA,
    ("Khai báo DOCTYPE/thực thể XML", "XML DOCTYPE or entity"),
    (
        "Thành phần {part} chứa khai báo DOCTYPE hoặc thực thể XML, điều Excel không bao giờ tạo ra; "
        "đây là dấu hiệu của tệp độc hại. " + _SUSPECT_VI,
        "Part {part} contains a DOCTYPE or XML entity declaration, which Excel never writes; this is "
        "the mark of a malicious file. " + _SUSPECT_EN,
    ),
)
XML_MALFORMED = declare(
    "xml-malformed",
    E,
    AREA,
    ("Nội dung XML hỏng", "Malformed XML"),
    (
        "Thành phần {part} của tệp bị hỏng hoặc không đúng định dạng (dòng {line}). " + _SAVE_AS_VI,
        "Part {part} of the file is damaged or not in the expected format (line {line}). " + _SAVE_AS_EN,
    ),
)
XML_ENCODING = declare(
    "xml-encoding",
    E,
    AREA,
    ("Bảng mã XML lạ", "Unexpected XML encoding"),
    (
        "Thành phần {part} dùng bảng mã {encoding} thay vì UTF-8; tệp không do Excel tạo ra. " + _SAVE_AS_VI,
        "Part {part} uses the encoding {encoding} instead of UTF-8; the file was not written by Excel. " + _SAVE_AS_EN,
    ),
)
# --- the workbook ----------------------------------------------------------------------
NO_SHEETS = declare(
    "no-sheets",
    E,
    AREA,
    ("Không có trang tính", "No sheets"),
    (
        "Sổ làm việc không có trang tính nào để đọc. " + _USE_FORM_VI,
        "The workbook has no worksheet to read. " + _USE_FORM_EN,
    ),
)
TOO_MANY_SHEETS = declare(
    "too-many-sheets",
    E,
    AREA,
    ("Quá nhiều trang tính", "Too many sheets"),
    (
        "Sổ làm việc có {count} trang tính (giới hạn {limit}). Xoá các trang tính thừa, lưu lại rồi gửi lại.",
        "The workbook has {count} sheets (limit {limit}). Delete the extra sheets, save and send it again.",
    ),
)
SHEET_TOO_LARGE = declare(
    "sheet-too-large",
    E,
    AREA,
    ("Dữ liệu ngoài vùng biểu mẫu", "Data far outside the form"),
    (
        "Trang tính '{sheet}' có dữ liệu ở ô {cell}, quá xa vùng của biểu mẫu (tối đa {area}), cùng "
        "{count} ô khác ngoài vùng. Xoá nội dung các dòng/cột thừa đó (chọn dòng/cột, bấm chuột phải "
        "> Xoá), lưu lại rồi gửi lại.",
        "Sheet '{sheet}' has data at {cell}, far outside the form's area (at most {area}), with "
        "{count} more cells outside it. Delete the contents of those extra rows/columns (select them, "
        "right-click > Delete), save and send it again.",
    ),
)
DIMENSION_MISMATCH = declare(
    "dimension-mismatch",
    E,
    AREA,
    ("Vùng dữ liệu khai báo sai", "Declared sheet size is wrong"),
    (
        "Trang tính '{sheet}' khai báo vùng dữ liệu {declared} nhưng dữ liệu thật nằm trong {actual}; "
        "tệp do phần mềm khác tạo ra và có thể bị đọc thiếu số liệu. " + _SAVE_AS_VI,
        "Sheet '{sheet}' declares its data at {declared} but the data really is at {actual}; the file "
        "was written by another program and figures could be missed. " + _SAVE_AS_EN,
    ),
)
TOO_MANY_CELLS = declare(
    "too-many-cells",
    E,
    AREA,
    ("Quá nhiều ô", "Too many cells"),
    (
        "Tệp có hơn {limit} ô dữ liệu, quá lớn với một biểu mẫu. Xoá các trang tính và dữ liệu thừa, lưu lại rồi gửi lại.",
        "The file has more than {limit} cells, too many for a form. Delete extra sheets and data, save and send it again.",
    ),
)
TOO_MUCH_TEXT = declare(
    "too-much-text",
    E,
    AREA,
    ("Quá nhiều văn bản", "Too much text"),
    (
        "Tệp chứa hơn {limit_mb} MB văn bản, quá lớn với một biểu mẫu. Xoá văn bản thừa, lưu lại rồi gửi lại.",
        "The file holds more than {limit_mb} MB of text, too much for a form. Delete the extra text, "
        "save and send it again.",
    ),
)
SHARED_STRING_MISSING = declare(
    "shared-string-missing",
    E,
    AREA,
    ("Tham chiếu văn bản hỏng", "Broken text reference"),
    (
        "Ô {cell} của trang '{sheet}' trỏ tới văn bản số {index} không có trong tệp (tệp bị hỏng). " + _SAVE_AS_VI,
        "Cell {cell} of sheet '{sheet}' points to text number {index}, which the file lacks (the file "
        "is damaged). " + _SAVE_AS_EN,
    ),
)
CONTROL_CHARACTERS = declare(
    "control-characters",
    E,
    AREA,
    ("Ký tự điều khiển", "Control characters"),
    (
        "Ô {cell} của trang '{sheet}' chứa ký tự điều khiển không in được ({chars}), thường do sao "
        "chép từ Word hoặc trang web; ký tự này không ghi lại được vào sổ làm việc. Gõ lại nội dung "
        "ô đó (không dán), lưu lại rồi gửi lại.",
        "Cell {cell} of sheet '{sheet}' contains invisible control characters ({chars}), usually "
        "pasted from Word or a web page; they cannot be written back into a workbook. Retype the "
        "cell (do not paste), save and send it again.",
    ),
)
FORMULA_NO_VALUE = declare(
    "formula-no-value",
    W,
    AREA,
    ("Công thức chưa có kết quả", "Formula without a stored result"),
    (
        "Ô {cell} của trang '{sheet}' (và {more} ô khác) có công thức nhưng tệp không lưu kết quả "
        "tính, nên được đọc là không có giá trị. Mở tệp bằng Excel, nhấn Ctrl+Alt+F9 để tính lại, "
        "lưu rồi gửi lại.",
        "Cell {cell} of sheet '{sheet}' (and {more} other cells) holds a formula but the file stores "
        "no computed result, so it is read as having no value. Open the file in Excel, press "
        "Ctrl+Alt+F9 to recalculate, save and send it again.",
    ),
)
BAD_CELL_VALUE = declare(
    "bad-cell-value",
    W,
    AREA,
    ("Giá trị ô không hợp lệ", "Invalid cell value"),
    (
        "Ô {cell} của trang '{sheet}' chứa giá trị không hợp lệ '{value}' và được đọc là không có "
        "giá trị. Nhập lại số liệu ô đó, lưu lại rồi gửi lại.",
        "Cell {cell} of sheet '{sheet}' holds the invalid value '{value}' and is read as having no "
        "value. Re-enter that cell, save and send it again.",
    ),
)
# --- bounds and the unknown -------------------------------------------------------------
READ_TIMEOUT = declare(
    "read-timeout",
    E,
    AREA,
    ("Đọc tệp quá lâu", "Reading took too long"),
    (
        "Đọc tệp mất hơn {seconds} giây nên hệ thống đã dừng; tệp quá lớn hoặc có cấu trúc bất "
        "thường. Mở biểu mẫu gốc bằng Excel, xoá dữ liệu thừa ngoài biểu mẫu, lưu thành .xlsx rồi "
        "gửi lại.",
        "Reading the file took more than {seconds} seconds, so the system stopped; the file is too "
        "large or oddly built. Open the original form in Excel, delete data outside the form, save as "
        ".xlsx and send it again.",
    ),
)
READ_MEMORY = declare(
    "read-memory",
    E,
    AREA,
    ("Đọc tệp cần quá nhiều bộ nhớ", "Reading needs too much memory"),
    (
        "Đọc tệp cần hơn {limit_mb} MB bộ nhớ nên hệ thống đã dừng; tệp quá lớn hoặc có cấu trúc bất "
        "thường. Mở biểu mẫu gốc bằng Excel, xoá dữ liệu thừa, lưu thành .xlsx rồi gửi lại.",
        "Reading the file needs more than {limit_mb} MB of memory, so the system stopped; the file is "
        "too large or oddly built. Open the original form in Excel, delete extra data, save as .xlsx "
        "and send it again.",
    ),
)
UNREADABLE_FILE = declare(
    "unreadable-file",
    E,
    AREA,
    ("Không đọc được tệp", "Unreadable file"),
    (
        "Hệ thống không đọc được tệp này. " + _SAVE_AS_VI + " Nếu vẫn lỗi, báo cho bộ phận tổng hợp báo cáo.",
        "The system cannot read this file. " + _SAVE_AS_EN + " If it still fails, tell the reporting office.",
    ),
)
