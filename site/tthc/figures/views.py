"""/so-lieu: the year's public figures as SVG charts with data tables, and CSV downloads."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import format_decimal, format_percent

from tthc.admin.exports import to_csv
from tthc.catalog import get_catalog
from tthc.clock import today
from tthc.feedback.models import RATING_LABELS, Rating
from tthc.figures import charts, stats
from tthc.i18n import _
from tthc.lookup import or_404

bp = Blueprint("figures", __name__)


def _year() -> tuple[int, list[int]]:
    """The year asked for (?nam=), else this year; one without any data is never an error."""
    years = stats.years_with_data(today())
    asked = request.args.get("nam", "")
    return (int(asked) if asked.isdigit() and int(asked) in years else years[0]), years


def pct(value: float | None) -> str:
    return "" if value is None else format_percent(value)


def num(value: float | int | None) -> str:
    return "" if value is None else format_decimal(value)


def unit_name(slug: str) -> str:
    if slug == stats.NO_UNIT:
        return _("Chưa xác định đơn vị")
    unit = get_catalog().unit(slug)
    return unit.name if unit else slug


def procedure_name(code: str) -> str:
    procedure = get_catalog().get(code)
    return f"{procedure.display_short_name} ({code})" if procedure else code


def _charts(figures, votes, ratings, scans) -> dict:
    note = _("dưới 5, không công bố")
    protected = _("không công bố, để bảo vệ nhóm nhỏ")
    months = [str(m) for m in range(1, 13)]
    by_month = charts.column_chart(
        "chart-months",
        _("Phản ánh, kiến nghị tiếp nhận và đã trả lời theo tháng năm %(year)s", year=figures.year),
        [_("T%(m)s", m=m) for m in months],
        [
            charts.Series(_("Tiếp nhận"), [figures.by_month[m].received for m in range(1, 13)]),
            charts.Series(_("Đã trả lời"), [figures.by_month[m].answered for m in range(1, 13)]),
        ],
        note=_("dưới 5 hoặc để bảo vệ nhóm nhỏ, không công bố")
        if any(h.withheld for h in figures.by_month.values())
        else note,
    )
    on_time = charts.bar_chart(
        "chart-on-time",
        _("Tỷ lệ trả lời đúng hạn theo đơn vị"),
        [
            charts.Bar(
                unit_name(slug), h.on_time_share, protected if h.withheld else pct(h.on_time_share)
            )
            for slug, h in figures.by_unit.items()
        ],
        maximum=1,
        note=note,
    )
    satisfied = charts.bar_chart(
        "chart-satisfaction",
        _("Tỷ lệ hài lòng và rất hài lòng theo đơn vị"),
        [
            charts.Bar(
                unit_name(r.key),
                r.share(Rating.VERY_SATISFIED.value, Rating.SATISFIED.value),
                pct(r.share(Rating.VERY_SATISFIED.value, Rating.SATISFIED.value)),
            )
            for r in ratings
            if r.total is not None
        ],
        maximum=1,
        note=note,
    )
    shown_scans = [s for s in scans if s.total is not None][:10]
    scanned = charts.bar_chart(
        "chart-scans",
        _("Lượt quét mã QR nhiều nhất theo thủ tục"),
        [charts.Bar(procedure_name(s.key), s.total, num(s.total)) for s in shown_scans],
        maximum=max([s.total for s in shown_scans] + [1]),
        note=note,
    )
    return {"by_month": by_month, "on_time": on_time, "satisfied": satisfied, "scans": scanned}


@bp.get("/so-lieu")
def index():
    year, years = _year()
    figures = stats.feedback_figures(year)
    votes = stats.page_votes(year)
    ratings = stats.unit_ratings(year)
    scans = stats.procedure_scans(year)
    return render_template(
        "figures/index.html",
        year=year,
        years=years,
        figures=figures,
        votes=votes,
        ratings=ratings,
        scans=scans,
        charts=_charts(figures, votes, ratings, scans),
        small=stats.small_groups,
        min_group=stats.MIN_GROUP,
        rating_levels=list(Rating),
        pct=pct,
        num=num,
        unit_name=unit_name,
        procedure_name=procedure_name,
    )


def _feedback_rows(year: int) -> list[list]:
    figures = stats.feedback_figures(year)
    header = [
        _("Năm"), _("Tháng"), _("Đơn vị"), _("Tiếp nhận"), _("Đã trả lời"),
        _("Trả lời đúng hạn (%)"), _("Trung vị thời gian trả lời (ngày làm việc)"),
    ]
    rows = [header]
    for (month, slug), h in figures.by_month_and_unit.items():
        rows.append([year, month, unit_name(slug), *_handling_cells(h)])
    return rows


def _handling_cells(h: stats.Handling) -> list:
    share = "" if h.on_time_share is None else round(100 * h.on_time_share, 1)
    if h.withheld:
        return [_("không công bố"), "", "", ""]
    return [
        "<5" if h.received is None else h.received,
        "" if h.answered is None else h.answered,
        share,
        "" if h.median_working_days is None else f"{h.median_working_days:g}",
    ]


def _vote_rows(year: int) -> list[list]:
    rows = [[_("Năm"), _("Mã thủ tục"), _("Thủ tục"), _("Số trả lời"), _("Có"), _("Không")]]
    for v in stats.page_votes(year):
        if v.total is not None:
            name = procedure_name(v.key)
            rows.append([year, v.key, name, v.total, v.parts["yes"], v.parts["no"]])
    return rows


def _rating_rows(year: int) -> list[list]:
    labels = [str(RATING_LABELS[r]) for r in Rating]
    rows = [[_("Năm"), _("Đơn vị"), _("Số đánh giá"), *labels]]
    for r in stats.unit_ratings(year):
        if r.total is not None:
            rows.append([year, unit_name(r.key), r.total, *(r.parts[x.value] for x in Rating)])
    return rows


def _scan_rows(year: int) -> list[list]:
    rows = [[_("Năm"), _("Mã thủ tục"), _("Thủ tục"), _("Lượt quét")]]
    for s in stats.procedure_scans(year):
        if s.total is not None:
            rows.append([year, s.key, procedure_name(s.key), s.total])
    return rows


TABLES = {
    "phan-anh": _feedback_rows,
    "huu-ich": _vote_rows,
    "hai-long": _rating_rows,
    "luot-quet": _scan_rows,
}


@bp.get("/so-lieu/<table>.csv")
def csv(table: str):
    build = or_404(TABLES.get(table))
    year, _years = _year()
    return Response(
        to_csv(build(year)).encode("utf-8"),
        headers={
            "Content-Disposition": f'attachment; filename="so-lieu-{table}-{year}.csv"',
            "Content-Type": "text/csv; charset=utf-8",
        },
    )
