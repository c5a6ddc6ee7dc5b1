#!/usr/bin/env python3
"""Append reference translations (name_translations, summary_translations) to procedure files.

    .venv/bin/python scripts/translate_catalog.py scripts/translations/cu-tru.yaml [...]
    .venv/bin/python scripts/translate_catalog.py --replace scripts/translations/*.yaml

A batch file maps procedure codes to what a translator wrote, per language: the name and a
lead (who needs the procedure, what they get). The "how long" and "how much" sentences are
composed here from the procedure's own channels, so a summary never states a time or fee the
catalogue does not publish, and says so when they differ by channel or case. Every translation
is written with ``reviewed: false``; an editor sets it to true after checking it.

Procedure files are edited by other people at the same time: this script only APPENDS a block
at the end of a file (never re-dumps it). ``--replace`` removes a block it appended before,
and only when that block is still the end of the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "site"))

from tthc.catalog.loader import load_catalog, procedure_files  # noqa: E402
from tthc.catalog.models import (  # noqa: E402
    TRANSLATION_LANGUAGES,
    Channel,
    Procedure,
    ProcessingTime,
    TimeUnit,
)

BLOCK_START = "name_translations:"
# A regulation named by its number ("Thông tư 60/2023/TT-BTC"): quoted as it is, not translated.
_LEGAL_REFERENCE = re.compile(
    r"^(Thông tư|Nghị định|Quyết định|Luật|Thông tư liên tịch)( số)? [\w/.-]*\d[\w/.-]*"
)
CHANNEL_ORDER = [Channel.IN_PERSON, Channel.ONLINE, Channel.POSTAL]
_HOURS = {TimeUnit.HOUR: 1, TimeUnit.DAY: 24, TimeUnit.WORKING_DAY: 24, TimeUnit.MONTH: 720}

WORDS = {
    "en": {
        "channel": {Channel.IN_PERSON: "in person", Channel.ONLINE: "online",
                    Channel.POSTAL: "by post"},
        "unit": {TimeUnit.WORKING_DAY: ("working day", "working days"),
                 TimeUnit.DAY: ("day", "days"), TimeUnit.HOUR: ("hour", "hours"),
                 TimeUnit.MONTH: ("month", "months")},
        "time": "How long: {}.",
        "time_by_channel": "How long (it depends on how you apply): {}.",
        "time_other": "see the official processing time below",
        "stages": "{}, in stages",
        "then": ", then ",
        "fee": "How much: {}.",
        "fee_by_channel": "How much (it depends on how you apply): {}.",
        "free": "free",
        "none": "no fee is published",
        "range": "{} to {} depending on the case",
        "set_by": "the amount set by {} (see the official table below)",
        "set_by_other": "an amount set as shown in the official table below",
        "postal": "plus the postal operator's charge",
        "change": "The fees change on {}: see the official table below.",
        "sep": "; ",
        "pair": "{}, {}",
        "currency": {"VND": "VND"},
    },
    "km": {
        "channel": {Channel.IN_PERSON: "ដោយផ្ទាល់", Channel.ONLINE: "តាមអនឡាញ",
                    Channel.POSTAL: "តាមប្រៃសណីយ៍"},
        "unit": {TimeUnit.WORKING_DAY: ("ថ្ងៃធ្វើការ", "ថ្ងៃធ្វើការ"),
                 TimeUnit.DAY: ("ថ្ងៃ", "ថ្ងៃ"), TimeUnit.HOUR: ("ម៉ោង", "ម៉ោង"),
                 TimeUnit.MONTH: ("ខែ", "ខែ")},
        "time": "រយៈពេល៖ {}។",
        "time_by_channel": "រយៈពេល (អាស្រ័យលើវិធីដាក់ពាក្យ)៖ {}។",
        "time_other": "សូមមើលរយៈពេលផ្លូវការខាងក្រោម",
        "stages": "{} ជាដំណាក់កាល",
        "then": " បន្ទាប់មក ",
        "fee": "កម្រៃ៖ {}។",
        "fee_by_channel": "កម្រៃ (អាស្រ័យលើវិធីដាក់ពាក្យ)៖ {}។",
        "free": "ឥតគិតថ្លៃ",
        "none": "មិនមានកម្រៃដែលបានប្រកាសទេ",
        "range": "ពី {} ដល់ {} អាស្រ័យលើករណី",
        "set_by": "ចំនួនទឹកប្រាក់កំណត់ដោយ {} (សូមមើលតារាងផ្លូវការខាងក្រោម)",
        "set_by_other": "ចំនួនទឹកប្រាក់ដែលកំណត់ដូចក្នុងតារាងផ្លូវការខាងក្រោម",
        "postal": "បូកថ្លៃសេវាប្រៃសណីយ៍",
        "change": "កម្រៃផ្លាស់ប្តូរចាប់ពីថ្ងៃទី {}៖ សូមមើលតារាងផ្លូវការខាងក្រោម។",
        "sep": "; ",
        "pair": "{} {}",
        "currency": {"VND": "ដុង"},
    },
}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _duration(time: ProcessingTime, words: dict) -> str:
    if time.unit is TimeUnit.OTHER or time.value is None:
        return words["time_other"]
    one, many = words["unit"][time.unit]
    return f"{_number(time.value)} {one if time.value == 1 else many}"


def _hours(time: ProcessingTime) -> float:
    if time.value is None or time.unit not in _HOURS:
        return float("inf")
    return time.value * _HOURS[time.unit]


def _describe_times(options, words: dict) -> str:
    if all((o.case or "").startswith("Giai đoạn") for o in options):  # stages add up
        stages = list(dict.fromkeys(_duration(o.time, words) for o in options))
        return words["stages"].format(words["then"].join(stages))
    times = [o.time for o in options]
    distinct = sorted(set(times), key=_hours)
    if len(distinct) == 1:
        return _duration(distinct[0], words)
    return words["range"].format(_duration(distinct[0], words), _duration(distinct[-1], words))


def _by_channel(procedure: Procedure, describe, words: dict) -> tuple[str, bool]:
    """Describe each channel; return one description when every channel says the same."""
    parts = []
    for channel in CHANNEL_ORDER:
        options = procedure.channels_of(channel)
        if options:
            parts.append((channel, describe(options)))
    if len({text for _, text in parts}) == 1:
        return parts[0][1], False
    pairs = [words["pair"].format(words["channel"][channel], text) for channel, text in parts]
    return words["sep"].join(pairs), True


def _describe_fees(options, day: dt.date, words: dict) -> str:
    fees = [fee for option in options for fee in option.fees_on(day)]
    if not fees:
        return words["none"]
    pieces, postal = [], False
    amounts: dict[str, set[int]] = {}
    for fee in fees:
        if fee.set_by:
            reference = _LEGAL_REFERENCE.match(fee.set_by)
            if "bưu chính" in fee.set_by.lower():
                postal = True
                continue
            text = (words["set_by"].format(reference.group(0)) if reference
                    else words["set_by_other"])
            if text not in pieces:
                pieces.append(text)
        elif fee.amount is not None:
            amounts.setdefault(fee.currency, set()).add(fee.amount)
    described = []
    for currency, values in amounts.items():
        ordered = sorted(values)
        low, high = ordered[0], ordered[-1]

        unit = words["currency"].get(currency, currency)
        if high == 0:
            described.append(words["free"])
        elif low == high:
            described.append(f"{high:,} {unit}")
        else:
            start = words["free"] if low == 0 else f"{low:,}"
            described.append(words["range"].format(start, f"{high:,} {unit}"))
    text = words["sep"].join(described + pieces)
    if postal:
        text = f"{text} {words['postal']}" if text else words["postal"]
    return text


def facts(procedure: Procedure, language: str, day: dt.date) -> str:
    """The "how long" and "how much" sentences, from the procedure's own channels."""
    words = WORDS[language]
    time, time_varies = _by_channel(
        procedure, lambda options: _describe_times(options, words), words
    )
    fee, fee_varies = _by_channel(
        procedure, lambda options: _describe_fees(options, day, words), words
    )
    sentences = [
        (words["time_by_channel"] if time_varies else words["time"]).format(time),
        (words["fee_by_channel"] if fee_varies else words["fee"]).format(fee),
    ]
    upcoming = sorted(
        {f.valid_from for o in procedure.channels for f in o.upcoming_fees(day) if f.valid_from}
    )
    if upcoming:
        sentences.append(words["change"].format(upcoming[0].strftime("%d/%m/%Y")))
    return " ".join(sentences)


def block(procedure: Procedure, entry: dict, day: dt.date) -> str:
    """The YAML text appended to a procedure file."""
    names, summaries = {}, {}
    for language in TRANSLATION_LANGUAGES:
        if language not in entry:
            continue
        name, lead = entry[language]
        lead = " ".join(lead.split())
        names[language] = {"text": name.strip(), "reviewed": False}
        summary = f"{lead} {facts(procedure, language, day)}"
        summaries[language] = {"text": summary, "reviewed": False}
    data = {"name_translations": names, "summary_translations": summaries}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=92)


def _strip_block(text: str) -> str:
    """Remove a block this script appended, when it is still the end of the file."""
    match = re.search(r"^name_translations:\n(?:[ \n].*\n|summary_translations:\n)*\Z", text,
                      flags=re.M)
    return text[: match.start()] if match else text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batches", nargs="+", type=Path)
    parser.add_argument("--replace", action="store_true",
                        help="replace a block appended before (only if still at the end)")
    parser.add_argument("--dir", type=Path, default=ROOT / "procedures")
    parser.add_argument("--day", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the day whose fees the summary states (default: today)")
    args = parser.parse_args()
    catalog = load_catalog(args.dir)
    paths = {path.stem.split("-")[0]: path for path in procedure_files(args.dir)}
    problems = 0
    for batch in args.batches:
        entries = yaml.safe_load(batch.read_text(encoding="utf-8")) or {}
        for code, entry in entries.items():
            procedure, path = catalog.get(str(code)), paths.get(str(code))
            if procedure is None or path is None:
                print(f"{batch}: {code}: no such procedure", file=sys.stderr)
                problems += 1
                continue
            text = path.read_text(encoding="utf-8")
            if args.replace:
                text = _strip_block(text)
            if re.search(r"^(name|summary)_translations:", text, flags=re.M):
                print(f"{path}: already translated (use --replace)", file=sys.stderr)
                problems += 1
                continue
            if not text.endswith("\n"):
                text += "\n"
            path.write_text(text + block(procedure, entry, args.day), encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
