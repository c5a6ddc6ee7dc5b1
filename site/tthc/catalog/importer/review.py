"""Find suspicious values in imported procedures so an editor reviews them before trusting them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from tthc.catalog.importer.portal import EXEMPT_NAME
from tthc.text import fold

# An online fee this many times below another channel's is probably a typo (30.000 for 300.000).
LOW_ONLINE_RATIO = 10
# A VND amount below this is probably stored in thousands (135 for 135.000 đ).
TINY_VND = 1000
LONG_STEP = 1500

_NUMBER = re.compile(r"\d{4,}")
_MONEY = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)\s*(?:đ\b|đồng|vnđ|vnd)", re.IGNORECASE)
_DAYS = re.compile(r"(\d+) ngày( làm việc)?", re.IGNORECASE)
_UNTIL = re.compile(r"đến hết(?: ngày)?\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One value an editor should look at: which procedure, which key, what and why."""

    code: str
    key: str
    kind: str
    message: str

    def line(self) -> str:
        return f"{self.code} [{self.key}] {self.message}"


def money_in(text: str) -> list[int]:
    """Return the VND figures a description cites ('135.000 đồng' → 135000)."""
    return [int(figure.replace(".", "")) for figure in _MONEY.findall(text or "")]


def _vnd_fees(option: dict[str, Any]) -> list[dict[str, Any]]:
    return [fee for fee in option.get("fees") or [] if fee.get("currency", "VND") == "VND"]


def _fee_findings(code: str, data: dict[str, Any], today: dt.date) -> list[Finding]:
    found: list[Finding] = []

    def flag(kind: str, message: str) -> None:
        found.append(Finding(code, "channels", kind, message))

    channels = data.get("channels") or []
    for option in channels:
        channel = option["channel"]
        for fee in option.get("fees") or []:
            amount = fee.get("amount")
            note = fee.get("note") or ""
            vnd = fee.get("currency", "VND") == "VND"
            cited = [figure for figure in money_in(note) if figure]
            if vnd and amount and amount < TINY_VND:
                flag("tiny_amount", f"{channel}: fee stored as {amount} đ, "
                     f"probably {_vnd(amount * 1000)}")
            if vnd and amount == 0 and (cited or _NUMBER.search(note)):
                figure = _vnd(max(cited)) if cited else f"'{note[:60]}'"
                flag("zero_but_cited", f"{channel}: fee stored as 0 but its text cites {figure}")
            elif vnd and amount and amount >= TINY_VND and cited and amount not in cited:
                flag("amount_not_in_text", f"{channel}: amount {_vnd(amount)} does not appear "
                     f"in its text ({', '.join(_vnd(c) for c in cited[:3])})")
            if fee.get("name") == EXEMPT_NAME and amount == 0:
                flag("exemption_row", f"{channel}: an exemption is listed as a 0 đ fee; say it "
                     "in the note of the real fees instead")
            for day in _until_dates(note):
                stale = day < today
                kind, what = ("stale_rate", "expired") if stale else ("temporary_rate", "ends")
                flag(kind, f"{channel}: fee text cites a rate that {what} on {day:%d/%m/%Y}: "
                     "publish it as a fee window (valid_from/valid_until) or drop it")
    online, others = _highest_online_and_other(channels)
    if online and others >= LOW_ONLINE_RATIO * online:
        flag("low_online_fee", f"truc_tuyen: fee {_vnd(online)} is {LOW_ONLINE_RATIO}× or more "
             f"below the {_vnd(others)} of another channel")
    return found


def _highest_online_and_other(channels: list[dict[str, Any]]) -> tuple[int, int]:
    """Return the highest VND fee online and the highest on any other channel."""
    online, other = 0, 0
    for option in channels:
        amounts = [fee.get("amount") or 0 for fee in _vnd_fees(option)]
        if option["channel"] == "truc_tuyen":
            online = max([online, *amounts])
        else:
            other = max([other, *amounts])
    return online, other


def _until_dates(text: str) -> list[dt.date]:
    days = []
    for day, month, year in _UNTIL.findall(text):
        try:
            days.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return days


def _vnd(amount: int) -> str:
    return f"{amount:,} đ".replace(",", ".")


def _structure_findings(code: str, data: dict[str, Any], record: dict[str, Any]) -> list[Finding]:
    online_full = bool(record.get("toan_trinh"))
    found: list[Finding] = []
    channels = data.get("channels") or []
    present = [option["channel"] for option in channels]
    if not channels:
        found.append(Finding(code, "channels", "no_channel", "no submission channel at all"))
    elif "truc_tiep" not in present and "truc_tuyen" not in present:
        found.append(Finding(code, "channels", "missing_channel", "neither in person nor online"))
    if online_full and "truc_tuyen" not in present:
        found.append(Finding(code, "channels", "missing_channel", (
            "the portal says toàn trình but lists no online channel"
        )))
    duplicated = sorted({c for c in present if present.count(c) > 1})
    if duplicated:
        found.append(Finding(code, "channels", "sub_cases", (
            f"{', '.join(duplicated)} listed more than once: check the 'case' of each row"
        )))
    for option in channels:
        if mismatch := _unit_mismatch(option):
            found.append(Finding(code, "channels", "time_unit", f"{option['channel']}: {mismatch}"))
    steps = data.get("steps") or []
    if not steps:
        found.append(Finding(code, "steps", "no_steps", "no steps"))
    elif len(steps) == 1 and len(steps[0]) > LONG_STEP:
        found.append(Finding(code, "steps", "unsplit_steps", "one long step: split it by hand"))
    if not data.get("documents"):
        found.append(Finding(code, "documents", "no_documents", "no documents listed"))
    if not data.get("agency"):
        found.append(Finding(code, "agency", "no_agency", "no executing agency"))
    elif not (record.get("co_quan_thuc_hien") or "").strip():
        found.append(Finding(code, "agency", "no_agency", (
            f"the portal names no executing agency; '{data['agency']}' was filled in: check it"
        )))
    elif "huyen" in fold(data["agency"]).lower():
        found.append(Finding(code, "agency", "district_agency", (
            f"agency '{data['agency']}' names the district police, abolished in 2025"
        )))
    return found


def _unit_mismatch(option: dict[str, Any]) -> str | None:
    """Say so when the wording gives the same number of days in the other kind of day."""
    time, note = option.get("time") or {}, option.get("note") or ""
    unit = time.get("unit")
    if unit not in ("ngay", "ngay_lam_viec") or not time.get("value"):
        return None
    for number, working in _DAYS.findall(note):
        if int(number) != time["value"]:
            continue
        if working and unit == "ngay":
            return f"stored as {number} ngày but the text says {number} ngày làm việc"
        if not working and unit == "ngay_lam_viec":
            return f"stored as {number} ngày làm việc but the text says {number} ngày"
    return None


def _paraphrase_findings(code: str, data: dict[str, Any], record: dict[str, Any]) -> list[Finding]:
    """List fee notes that are not the portal's words: a paraphrase must keep the meaning."""
    source = " ".join(" ".join(
        fee.get("mo_ta") or ""
        for channel in record.get("cach_thuc_thuc_hien") or []
        for fee in channel.get("phi_le_phi") or []
    ).split())
    found, seen = [], set()
    for option in data.get("channels") or []:
        for fee in option.get("fees") or []:
            note = " ".join((fee.get("note") or "").split())
            if note and note not in source and note not in seen:
                seen.add(note)
                found.append(Finding(code, "channels", "paraphrase", (
                    f"{option['channel']}: fee note is not the portal's wording, compare its "
                    f"meaning with the source: '{note[:80]}…'"
                )))
    return found


def review(data: dict[str, Any], record: dict[str, Any], today: dt.date) -> list[Finding]:
    """Return everything suspicious in one procedure file, given the portal record it came from."""
    code = data["code"]
    return (
        _structure_findings(code, data, record)
        + _fee_findings(code, data, today)
        + _paraphrase_findings(code, data, record)
    )
