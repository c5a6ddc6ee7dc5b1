"""Public pages of the catalogue (being built by the catalogue-pages work)."""

from flask import Blueprint

bp = Blueprint("catalog", __name__)


@bp.get("/")
def home():
    return "TTHC"


@bp.get("/linh-vuc")
def fields():
    return "fields"


@bp.get("/don-vi")
def units():
    return "units"
