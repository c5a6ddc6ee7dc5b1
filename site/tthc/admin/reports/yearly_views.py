"""Staff page of the yearly report: printable, and as a spreadsheet."""

from __future__ import annotations

from flask import Response, render_template, request

from tthc.admin import audit
from tthc.admin.blueprint import bp
from tthc.admin.reports.yearly import yearly_report
from tthc.admin.reports.yearly_xlsx import workbook_bytes
from tthc.admin.roles import ADMIN, VIEWER, add_nav, require_roles
from tthc.clock import today
from tthc.feedback.models import RATING_LABELS, Rating
from tthc.i18n import _l

FIRST_YEAR = 2020
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_ROLES = (ADMIN, VIEWER)  # counts only, no personal data, every unit together


def _year() -> tuple[int, list[int]]:
    years = list(range(today().year, FIRST_YEAR - 1, -1))
    asked = request.args.get("nam", "")
    return (int(asked) if asked.isdigit() and int(asked) in years else years[0]), years


@bp.get("/bao-cao-nam")
@require_roles(*REPORT_ROLES)
def yearly():
    year, years = _year()
    return render_template(
        "admin/reports/yearly.html",
        report=yearly_report(year, today()),
        years=years,
        rating_levels=list(Rating),
        rating_labels=RATING_LABELS,
    )


@bp.get("/bao-cao-nam.xlsx")
@require_roles(*REPORT_ROLES)
def yearly_xlsx():
    year, _years = _year()
    body = workbook_bytes(yearly_report(year, today()))
    audit.record("report.export", details=f"yearly {year}")
    return Response(
        body,
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="bao-cao-cchc-{year}.xlsx"'},
    )


add_nav("admin.yearly", _l("Báo cáo năm"), order=35)
