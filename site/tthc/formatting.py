"""Jinja filters that format money, dates, numbers and durations through Babel."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask_babel import format_date, format_decimal, get_locale, ngettext
from markupsafe import Markup, escape

from tthc.catalog.models import Fee, ProcessingTime, TimeUnit
from tthc.i18n import _
from tthc.official import official as official_text


def money(amount: int | float, currency: str = "VND") -> str:
    """Format an amount of money in the current locale: '25.000 ₫' in Vietnamese."""
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=get_locale(), currency_digits=True)


def day(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    """Format a date, e.g. '31/12/2026' in Vietnamese."""
    if value is None:
        return ""
    if style == "short":
        # Babel's short patterns have two-digit years ("31/12/26"), ambiguous on a fee deadline:
        # Vietnamese official texts write dd/MM/yyyy, other languages get their medium form.
        style = "dd/MM/yyyy" if str(get_locale()) == "vi" else "medium"
    return format_date(value, style)


def number(value: int | float) -> str:
    return format_decimal(value)


def duration(time: ProcessingTime) -> str:
    """Describe a processing time with its unit, e.g. '7 ngày làm việc'."""
    if time.value is None:
        return time.text or ""
    value = int(time.value) if float(time.value).is_integer() else time.value
    n = format_decimal(value)
    texts = {
        TimeUnit.WORKING_DAY: ngettext("%(n)s ngày làm việc", "%(n)s ngày làm việc", value, n=n),
        TimeUnit.DAY: ngettext("%(n)s ngày", "%(n)s ngày", value, n=n),
        TimeUnit.HOUR: ngettext("%(n)s giờ", "%(n)s giờ", value, n=n),
        TimeUnit.MONTH: ngettext("%(n)s tháng", "%(n)s tháng", value, n=n),
        TimeUnit.OTHER: time.text or n,
    }
    return texts[time.unit]


def fee_amount(fee: Fee) -> str:
    """Say what a fee costs: an amount, 'free', or the regulation that sets it."""
    if fee.amount is None or (fee.amount == 0 and fee.set_by):
        return _("Theo quy định tại %(regulation)s", regulation=fee.set_by)
    if fee.amount == 0:
        # One wording for a zero fee everywhere (pages, lists, posters).
        return _("Không thu phí, lệ phí")
    amount = money(fee.amount, fee.currency)
    return _("%(amount)s/%(unit)s", amount=amount, unit=fee.unit) if fee.unit else amount


def fee_amount_html(fee: Fee) -> Markup:
    """fee_amount for a page: the catalogue's words (regulation, unit) marked lang="vi"."""
    if fee.amount is None or (fee.amount == 0 and fee.set_by):
        return escape(_("Theo quy định tại %(regulation)s")) % {
            "regulation": official_text(fee.set_by)}
    if fee.amount and fee.unit:
        return escape(_("%(amount)s/%(unit)s")) % {
            "amount": money(fee.amount, fee.currency), "unit": official_text(fee.unit)}
    return escape(fee_amount(fee))


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        money=money, day=day, number=number, duration=duration, fee_amount=fee_amount_html
    )
