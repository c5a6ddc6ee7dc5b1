"""Citizen pages of the anonymous opinions: the 'useful' box and the unit rating."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for

from tthc.catalog import get_catalog
from tthc.extensions import limiter
from tthc.feedback import antiabuse, votes
from tthc.feedback.forms import RatingForm, UsefulForm
from tthc.feedback.models import Rating
from tthc.feedback.service import StorageUnavailable
from tthc.feedback.views import bp, unavailable
from tthc.lookup import or_404


def _vote_limit() -> str:
    return current_app.config["FEEDBACK_VOTE_LIMIT"]


@bp.route("/huu-ich/<code>", methods=["POST"])
@limiter.limit(_vote_limit)
def useful(code: str):
    procedure = or_404(get_catalog().get(code))
    vote = UsefulForm()
    target = url_for("catalog.procedure", code=procedure.code, slug=procedure.slug)
    genuine = antiabuse.check_vote_token(vote.token.data, procedure.code)
    if not (genuine and antiabuse.same_origin(request)):
        abort(400)
    if not vote.validate():
        # To the error summary itself: a page opened at a fragment skips autofocus.
        return redirect(f"{target}?huu_ich=loi#error-summary", 303)
    try:
        votes.record_vote(procedure.code, vote.useful.data == "co", vote.comment.data)
    except StorageUnavailable:
        return unavailable(vote.comment.data)
    return redirect(f"{target}?huu_ich=cam-on#huu-ich", 303)


@bp.route("/danh-gia/<unit>", methods=["GET", "POST"])
@limiter.limit(_vote_limit, methods=["POST"])
def rate(unit: str):
    found = or_404(get_catalog().unit(unit))
    rating_form = RatingForm()
    status_code = 200
    if request.method == "POST":
        if rating_form.validate():
            try:
                votes.record_rating(
                    found.slug, Rating(rating_form.rating.data), rating_form.comment.data
                )
            except StorageUnavailable:
                return unavailable(rating_form.comment.data)
            return redirect(url_for("feedback.rate", unit=found.slug, cam_on=1), 303)
        status_code = 422
    html = render_template(
        "feedback/rate.html",
        form=rating_form,
        unit=found,
        thanked=request.args.get("cam_on") == "1",
    )
    return current_app.make_response((html, status_code))
