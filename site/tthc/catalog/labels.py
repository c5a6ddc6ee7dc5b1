"""Words shown to citizens for the catalogue's enumerations, through gettext."""

from __future__ import annotations

from collections.abc import Iterable

from babel.lists import format_list
from flask_babel import get_locale

from tthc.catalog.models import Channel, Level, OnlineLevel
from tthc.i18n import _l

CHANNELS = {
    Channel.IN_PERSON: _l("Trực tiếp"),
    Channel.ONLINE: _l("Trực tuyến"),
    Channel.POSTAL: _l("Bưu chính"),
}

# i18n: a short explanation under the channel name in the summary table
CHANNEL_HINTS = {
    Channel.IN_PERSON: _l("Nộp tại nơi tiếp nhận"),
    Channel.ONLINE: _l("Nộp qua mạng"),
    Channel.POSTAL: _l("Gửi qua bưu điện"),
}

LEVELS = {
    Level.PROVINCE: _l("Cấp tỉnh"),
    Level.COMMUNE: _l("Cấp xã"),
}

# i18n: heading of the procedures of one level on a field page
LEVEL_SECTIONS = {
    Level.PROVINCE: _l("Thực hiện tại cấp tỉnh"),
    Level.COMMUNE: _l("Thực hiện tại cấp xã"),
}

ONLINE_LEVELS = {
    OnlineLevel.FULL: _l("Dịch vụ công trực tuyến toàn trình"),
    OnlineLevel.PARTIAL: _l("Dịch vụ công trực tuyến một phần"),
}

# i18n: what "toàn trình" and "một phần" mean, in plain words for citizens
ONLINE_LEVEL_HINTS = {
    OnlineLevel.FULL: _l(
        "Làm toàn bộ trên mạng: nộp hồ sơ, nộp phí và nhận kết quả mà không phải đến cơ quan."
    ),
    OnlineLevel.PARTIAL: _l(
        "Nộp hồ sơ trên mạng, nhưng vẫn phải đến nơi tiếp nhận để đối chiếu giấy tờ "
        "hoặc nhận kết quả."
    ),
}


def channel_names(channels: Iterable[Channel]) -> str:
    """Channels as the reader's language lists them, capitalised as a sentence: "Trực tiếp và
    trực tuyến", "In person and online" (Khmer has no letter case)."""
    names = [str(CHANNELS[channel]) for channel in channels]
    names[1:] = [name[:1].lower() + name[1:] for name in names[1:]]
    return format_list(names, locale=str(get_locale() or "vi"))


def register(globals_: dict) -> None:
    """Expose the label tables to templates."""
    globals_.update(
        channel_labels=CHANNELS,
        channel_names=channel_names,
        channel_hints=CHANNEL_HINTS,
        level_labels=LEVELS,
        level_sections=LEVEL_SECTIONS,
        online_level_labels=ONLINE_LEVELS,
        online_level_hints=ONLINE_LEVEL_HINTS,
    )
