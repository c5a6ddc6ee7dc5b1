"""Vietnamese names of the catalogue's fields, for the staff editor and the change lists.

Keyed by model and field; a field the table does not know yet (added to the model later)
is shown under its own name, never dropped.
"""

from __future__ import annotations

from tthc.i18n import _l

LABELS = {
    "Procedure": {
        "code": _l("Mã thủ tục"),
        "name": _l("Tên thủ tục"),
        "short_name": _l("Tên ngắn (áp phích, bảng)"),
        "name_translations": _l("Bản dịch tham khảo của tên thủ tục"),
        "summary_translations": _l("Bản dịch tham khảo của phần tóm tắt"),
        "field": _l("Lĩnh vực"),
        "levels": _l("Cấp thực hiện"),
        "kind": _l("Loại thủ tục"),
        "agency": _l("Cơ quan thực hiện"),
        "competent_agency": _l("Cơ quan có thẩm quyền"),
        "receiving_address": _l("Địa chỉ tiếp nhận hồ sơ"),
        "units": _l("Đơn vị tiếp nhận"),
        "subjects": _l("Đối tượng thực hiện"),
        "channels": _l("Cách thức thực hiện"),
        "documents": _l("Thành phần hồ sơ"),
        "document_notes": _l("Lưu ý về hồ sơ"),
        "steps": _l("Trình tự thực hiện"),
        "requirements": _l("Yêu cầu, điều kiện"),
        "results": _l("Kết quả thực hiện"),
        "legal_basis": _l("Căn cứ pháp lý"),
        "online_service": _l("Dịch vụ công trực tuyến"),
        "aliases": _l("Tên gọi khác (tìm kiếm)"),
        "status": _l("Tình trạng"),
        "abolished_on": _l("Ngày bãi bỏ"),
        "abolished_by": _l("Văn bản bãi bỏ"),
        "replaced_by": _l("Được thay thế bằng thủ tục (mã)"),
        "effective_from": _l("Ngày có hiệu lực"),
        "decision": _l("Quyết định công bố"),
        "changes": _l("Nhật ký thay đổi"),
        "source_url": _l("Nguồn trên Cổng Dịch vụ công quốc gia"),
        "verified_on": _l("Ngày đối chiếu với nguồn"),
        "keep_on_import": _l("Giữ nguyên khi nhập lại từ cổng quốc gia"),
    },
    "ChannelOption": {
        "channel": _l("Hình thức nộp"),
        "time": _l("Thời hạn giải quyết"),
        "case": _l("Trường hợp"),
        "fees": _l("Phí, lệ phí"),
        "note": _l("Ghi chú"),
    },
    "ProcessingTime": {
        "value": _l("Số"),
        "unit": _l("Đơn vị thời gian"),
        "text": _l("Diễn giải"),
    },
    "Fee": {
        "name": _l("Tên khoản thu"),
        "kind": _l("Loại"),
        "amount": _l("Số tiền (đồng)"),
        "currency": _l("Tiền tệ"),
        "unit": _l("Tính theo (thẻ, lần…)"),
        "set_by": _l("Văn bản quy định mức thu"),
        "note": _l("Ghi chú"),
        "legal_source": _l("Căn cứ"),
        "valid_from": _l("Áp dụng từ ngày"),
        "valid_until": _l("Áp dụng đến hết ngày"),
    },
    "Document": {
        "name": _l("Tên giấy tờ"),
        "originals": _l("Số bản chính"),
        "copies": _l("Số bản sao"),
        "required": _l("Bắt buộc"),
        "form": _l("Mẫu đơn, tờ khai"),
        "case": _l("Trường hợp"),
        "note": _l("Ghi chú"),
    },
    "LegalBasis": {
        "number": _l("Số, ký hiệu văn bản"),
        "title": _l("Trích yếu"),
        "issued_on": _l("Ngày ban hành"),
    },
    "OnlineService": {
        "level": _l("Mức độ"),
        "url": _l("Địa chỉ"),
    },
    "Unit": {
        "slug": _l("Mã đơn vị (đường dẫn)"),
        "name": _l("Tên đơn vị"),
        "level": _l("Cấp"),
        "address": _l("Địa chỉ"),
        "phone": _l("Điện thoại"),
        "email": _l("Thư điện tử"),
        "opening_hours": _l("Giờ làm việc"),
        "fields": _l("Lĩnh vực tiếp nhận"),
        "note": _l("Ghi chú"),
    },
    "Agency": {
        "name": _l("Tên cơ quan"),
        "short_name": _l("Tên viết tắt"),
        "logo_text": _l("Chữ trên biểu trưng"),
        "parent": _l("Cơ quan cấp trên"),
        "address": _l("Địa chỉ"),
        "hotline": _l("Đường dây nóng"),
        "email": _l("Thư điện tử"),
        "site_url": _l("Địa chỉ trang web (mã QR)"),
        "portal_url": _l("Cổng dịch vụ công"),
        "feedback_note": _l("Ghi chú cho người gửi phản ánh"),
    },
    "Translation": {
        "text": _l("Bản dịch"),
        "reviewed": _l("Đã đối chiếu với bản tiếng Việt"),
    },
    "Change": {
        "date": _l("Ngày"),
        "summary": _l("Nội dung thay đổi"),
        "decision": _l("Quyết định, văn bản"),
    },
}

# One item of a repeated part, e.g. "Phí, lệ phí 2".
ITEM_LABELS = {
    "channels": _l("Cách thức"),
    "fees": _l("Khoản thu"),
    "documents": _l("Giấy tờ"),
    "legal_basis": _l("Văn bản"),
    "steps": _l("Bước"),
    "changes": _l("Mục"),
}

# The keys of a mapping with a fixed set of keys (a translation's language).
KEY_LABELS = {
    "en": _l("Tiếng Anh"),
    "km": _l("Tiếng Khmer"),
}


def label(model: str, name: str) -> str:
    found = LABELS.get(model, {}).get(name)
    return str(found) if found is not None else name


def item_label(name: str, index: int) -> str:
    word = ITEM_LABELS.get(name)
    return f"{word} {index + 1}" if word is not None else f"{name} {index + 1}"


def key_label(key: str) -> str:
    found = KEY_LABELS.get(key)
    return str(found) if found is not None else key
