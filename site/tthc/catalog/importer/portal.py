"""Convert one record of the national portal's export into the fields of our procedure YAML."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from tthc.catalog.importer.text import (
    case_label,
    clean,
    folded,
    form_code,
    regulations_in,
    split_steps,
)
from tthc.catalog.models import Channel, FeeKind, Level, OnlineLevel, TimeUnit
from tthc.catalog.rules import date_after_number_in, is_information_page, note_opening

EXEMPT_NAME = "Đối tượng được miễn"
BCA_PORTAL = "https://dichvucong.bocongan.gov.vn"

CHANNELS = {
    "truc tiep": Channel.IN_PERSON,
    "truc tuyen": Channel.ONLINE,
    "buu chinh": Channel.POSTAL,
    "dich vu buu chinh": Channel.POSTAL,
}
TIME_UNITS = {
    "WORKING_DAY": TimeUnit.WORKING_DAY,
    "DAY": TimeUnit.DAY,
    "HOUR": TimeUnit.HOUR,
    "MONTH": TimeUnit.MONTH,
    "OTHER": TimeUnit.OTHER,
}
LEVELS = {"cap tinh": Level.PROVINCE, "cap xa": Level.COMMUNE}
CURRENCIES = {"viet nam dong": "VND", "vnd": "VND", "dong": "VND", "usd": "USD"}

_CASE_TAIL = re.compile(r",?\s*hồ sơ (?:bao )?gồm\s*$", re.IGNORECASE)
_CASE_WORDS = ("truong hop", "doi voi", "ho so", "dang ky", "tach ho", "gia han")
# An address in the record's text where a dossier is actually submitted (not its info page).
_URL = re.compile(r"https?://[A-Za-z0-9.-]+\.gov\.vn(?:/[^\s\"“”'<>),;]*)?")
# Words of the description that make a charge a "phí" (a service paid for), not a "lệ phí".
_SERVICE_WORDS = (
    "phi tham dinh",
    "phi sat hach",
    "phi kiem dinh",
    "phi khai thac",
    "phi cung cap",
    "muc phi",
    "phi :",
    "phi:",
)


def channel_of(label: str) -> Channel | None:
    return CHANNELS.get(folded(label))


def levels_of(label: str) -> list[Level]:
    """Map 'Cấp bộ, Cấp tỉnh, Cơ quan ngành dọc' to the levels the site shows."""
    parts = {part.strip() for part in folded(label).split(",")}
    return [level for name, level in LEVELS.items() if name in parts]


def fee_kind(description: str) -> FeeKind:
    """Decide phí or lệ phí from the wording; the portal's FEE/SERVICE_FEE flag is unreliable."""
    text = folded(description)
    return FeeKind.FEE if any(word in text for word in _SERVICE_WORDS) else FeeKind.CHARGE


def fee_name(kind: FeeKind, description: str) -> str:
    """Name a fee from the start of its description ('Đăng ký tạm trú theo danh sách: …')."""
    head = clean(description).lstrip("-+ ").split(":")[0].strip(" -+")
    words = folded(head)
    if 5 < len(head) <= 70 and not words.startswith("truong hop") and ":" in description:
        return head[0].upper() + head[1:]
    return "Phí" if kind is FeeKind.FEE else "Lệ phí"


def _exempts(description: str) -> bool:
    """Tell whether a fee's text describes an exemption rather than a rate."""
    text = folded(description)
    return text.startswith(("mien phi", "truong hop cong dan thuoc dien duoc mien"))


def convert_fee(raw: dict[str, Any]) -> dict[str, Any]:
    description = clean(raw.get("mo_ta"))
    kind = fee_kind(description)
    amount = raw.get("so_tien")
    currency = CURRENCIES.get(folded(raw.get("tien_te") or ""), "VND")
    regulations = regulations_in(description)
    fee: dict[str, Any] = {"name": fee_name(kind, description), "kind": kind.value}
    if amount in (0, None) and _exempts(description):
        fee["name"], fee["amount"] = EXEMPT_NAME, 0
    elif amount in (0, None) and regulations:
        fee["amount"] = None
        fee["set_by"] = regulations[0]
    else:
        fee["amount"] = int(amount or 0)
    if currency != "VND":
        fee["currency"] = currency
    if description:
        fee["note"] = description
    if regulations and "set_by" not in fee:
        fee["legal_source"] = regulations[0]
    return fee


def convert_channel(raw: dict[str, Any], duplicated: bool) -> dict[str, Any] | None:
    channel = channel_of(raw.get("kenh") or "")
    if channel is None:
        return None
    unit = TIME_UNITS.get(raw.get("don_vi") or "", TimeUnit.OTHER)
    note = clean(raw.get("mo_ta"))
    value = raw.get("thoi_han")
    time: dict[str, Any] = {"value": value, "unit": unit.value}
    if not value or value <= 0:
        time = {"unit": TimeUnit.OTHER.value, "text": note or "Không nêu thời hạn"}
    elif unit is TimeUnit.OTHER:
        time["text"] = note
    option: dict[str, Any] = {"channel": channel.value, "time": time}
    if duplicated and note:
        option["case"] = case_label(note)
    option["fees"] = [convert_fee(fee) for fee in raw.get("phi_le_phi") or []]
    if note:
        option["note"] = note
    return option


def convert_documents(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the documents and the notes ('Lưu ý: …') the portal lists among them."""
    documents: list[dict[str, Any]] = []
    notes: list[str] = []
    flags = {bool(item.get("bat_buoc")) for item in items}
    shared = Counter(clean(item.get("truong_hop")) for item in items)
    heading, heading_case = "", None
    for item in items:
        name = clean(item.get("ten_giay_to")).lstrip("-+* ").strip()
        case = _CASE_TAIL.sub("", clean(item.get("truong_hop")).lstrip("*-+ ").rstrip(":"))
        if not name:
            continue
        if folded(name).startswith(("luu y", "ghi chu")):
            notes.append(name)
            continue
        if note_opening(name):
            # "Ví dụ: …", "Trường hợp nộp hồ sơ trực tuyến thì …", "Thông tin … được khai thác
            # trong Cơ sở dữ liệu …": a note under the documents of its case, not one to bring.
            notes.append({"text": name, "case": case} if case else name)
            continue
        if case != heading_case:
            heading, heading_case = "", case
        if _is_heading(item, name):
            # 'Trường hợp …, hồ sơ gồm:' with no quantity heads the documents that follow it.
            heading = name.rstrip(":").strip()
            continue
        note = None
        if case and shared[clean(item.get("truong_hop"))] == 1 and not _is_case(case):
            # The portal sometimes puts a description of the document where its case belongs.
            note, case = (case if len(case) > 12 else None), ""
        if heading:
            case = f"{case}: {heading}" if case else heading
        document: dict[str, Any] = {"name": name}
        document["originals"] = int(item.get("ban_chinh") or 0)
        document["copies"] = int(item.get("ban_sao") or 0)
        # The export marks every document optional; trust the flag only when it varies.
        if len(flags) > 1 and not item.get("bat_buoc"):
            document["required"] = False
        if code := form_code(name):
            document["form"] = code
        if case:
            document["case"] = case
        if note:
            document["note"] = note
        documents.append(document)
    return documents, notes


def _is_case(text: str) -> bool:
    words = folded(text)
    return words.startswith(_CASE_WORDS) or "ho so gom" in words or "ho so bao gom" in words


def _is_heading(item: dict[str, Any], name: str) -> bool:
    return name.endswith(":") and not item.get("ban_chinh") and not item.get("ban_sao")


def convert_legal_basis(
    item: dict[str, Any], others: list[str] | None = None
) -> dict[str, Any] | None:
    number = clean(item.get("so_hieu"))
    if not number:
        return None
    basis: dict[str, Any] = {"number": number}
    title = clean(item.get("trich_yeu"))
    if title:
        basis["title"] = title
    # Only a date written right after the number is this document's: the first date of the
    # title often belongs to another document it amends or cites. The other titles of the
    # same record may name it with its date ("sửa đổi bởi Thông tư số … ngày …").
    if issued_on := date_after_number_in([title, *(others or [])], number):
        basis["issued_on"] = issued_on
    return basis


def submission_url(record: dict[str, Any]) -> str | None:
    """Return the address the record gives for submitting online, if any (never invented)."""
    texts = [record.get("dia_chi_tiep_nhan") or ""]
    texts += [c.get("mo_ta") or "" for c in record.get("cach_thuc_thuc_hien") or []
              if channel_of(c.get("kenh") or "") is Channel.ONLINE]
    texts += list(record.get("trinh_tu_thuc_hien") or [])
    for text in texts:
        for url in _URL.findall(text):
            if not is_information_page(url):
                return url.rstrip(".")
    return None


def _titles(record: dict[str, Any], item: dict[str, Any]) -> list[str]:
    """Return the trích yếu of every other legal basis of the record."""
    return [clean(o.get("trich_yeu")) for o in record.get("can_cu_phap_ly") or [] if o is not item]


def _agency_fallback(record: dict[str, Any]) -> str | None:
    """Name the competent agency, or the level's police, when the portal names no executing one."""
    competent = [clean(a) for a in record.get("co_quan_co_tham_quyen") or [] if clean(a)]
    if competent:
        return ", ".join(competent)
    names = {Level.PROVINCE: "Công an cấp tỉnh", Level.COMMUNE: "Công an cấp xã"}
    levels = levels_of(record.get("cap_thuc_hien") or "")
    return ", ".join(names[level] for level in levels) or None


def convert(record: dict[str, Any], field_slug: str, verified_on: dt.date) -> dict[str, Any]:
    """Map a portal record to the portal-owned keys of a procedure file."""
    raw_channels = record.get("cach_thuc_thuc_hien") or []
    counts = Counter(channel_of(c.get("kenh") or "") for c in raw_channels)
    channels = [
        option
        for raw in raw_channels
        if (option := convert_channel(raw, counts[channel_of(raw.get("kenh") or "")] > 1))
    ]
    documents, document_notes = convert_documents(record.get("thanh_phan_ho_so") or [])
    source_url = clean(record.get("nguon")) or BCA_PORTAL
    data: dict[str, Any] = {
        "code": clean(record["ma_thu_tuc"]),
        "name": clean(record["ten_thu_tuc"]),
        "field": field_slug,
        "levels": [level.value for level in levels_of(record.get("cap_thuc_hien") or "")],
        "agency": clean(record.get("co_quan_thuc_hien")) or _agency_fallback(record),
        "competent_agency": ", ".join(
            clean(a) for a in record.get("co_quan_co_tham_quyen") or [] if clean(a)
        )
        or None,
        "receiving_address": clean(record.get("dia_chi_tiep_nhan")) or None,
        "subjects": [clean(s) for s in record.get("doi_tuong_thuc_hien") or [] if clean(s)],
        "channels": channels,
        "documents": documents,
        "document_notes": document_notes,
        "steps": split_steps(record.get("trinh_tu_thuc_hien") or []),
        "requirements": clean(record.get("yeu_cau_dieu_kien")) or None,
        "results": [clean(r) for r in record.get("ket_qua_thuc_hien") or [] if clean(r)],
        "legal_basis": [
            basis
            for item in record.get("can_cu_phap_ly") or []
            if (basis := convert_legal_basis(item, _titles(record, item)))
        ],
        "online_service": None,
        "decision": clean(record.get("quyet_dinh_cong_bo")) or None,
        "source_url": source_url,
        "verified_on": verified_on,
    }
    if any(option["channel"] == Channel.ONLINE.value for option in channels):
        level = OnlineLevel.FULL if record.get("toan_trinh") else OnlineLevel.PARTIAL
        data["online_service"] = {"level": level.value, "url": source_url}
        if submit := submission_url(record):
            data["online_service"]["submit_url"] = submit
    return data
