"""Poster downloads for counter staff: pick a unit, a field, a size; print one PDF of them."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for

from tthc.admin import audit
from tthc.admin.blueprint import bp
from tthc.admin.catalog import posters
from tthc.admin.roles import ROLES, add_nav, require_roles
from tthc.catalog import get_catalog
from tthc.i18n import _, _l

# Posters are public material: every role may print them.
POSTER_ROLES = ROLES


def _poster_choices() -> tuple[str, str, str]:
    """The unit, field and size asked for; unknown values fall back to none and A4."""
    catalog = get_catalog()
    unit = request.args.get("unit", "")
    field = request.args.get("field", "")
    size = request.args.get("size", "")
    return (
        unit if catalog.unit(unit) else "",
        field if catalog.field(field) else "",
        size if size in posters.SIZES else "a4",
    )


@bp.get("/ap-phich")
@require_roles(*POSTER_ROLES)
def poster_page():
    catalog = get_catalog()
    unit, field, size = _poster_choices()
    procedures = posters.qr_posters.select_procedures(catalog.unit(unit), None)
    groups = [(f, [p for p in procedures if p.field == f.slug]) for f in catalog.fields]
    return render_template(
        "admin/catalog/posters.html",
        groups=[(f, items) for f, items in groups if items],
        fields=catalog.fields,
        units=catalog.units,
        unit=unit,
        field=field,
        size=size,
        sizes=posters.SIZES,
        poster_url=posters.poster_url,
        field_poster_url=posters.field_poster_url,
    )


@bp.get("/ap-phich/tai-ve.pdf")
@require_roles(*POSTER_ROLES)
def poster_batch():
    catalog = get_catalog()
    unit, field, size = _poster_choices()
    body, count = posters.batch_pdf(size, catalog.unit(unit), field or None)
    if not count:
        flash(_("Không có thủ tục nào đang áp dụng khớp lựa chọn này."), "error")
        return redirect(url_for("admin.poster_page", unit=unit or None, field=field or None))
    name = "-".join(part for part in ("ap-phich", unit, field, size) if part)
    # Counted in the yearly report (tthc.admin.reports.yearly): how many posters were printed.
    audit.record("posters.print", details=f"{count} | {name}")
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )



add_nav("admin.poster_page", _l("Áp phích"), order=40)
