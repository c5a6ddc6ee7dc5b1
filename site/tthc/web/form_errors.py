"""Pages showing a form's errors say so in their title, as the error summary's first word."""

from __future__ import annotations

from flask import Flask, before_render_template
from wtforms import Field, Form
from wtforms.widgets import ListWidget


def page_has_errors(context: dict) -> bool:
    """Tell whether a page about to render shows form errors: a form's, or problems listed."""
    if context.get("problems") or (context.get("error") and context.get("form") is not None):
        return True
    return any(isinstance(value, Form) and value.errors for value in context.values())


def field_target(field: Field) -> str:
    """Give the id an error link points to: the field, or the first box of a group of options."""
    if isinstance(field.widget, ListWidget):
        first = next(iter(field), None)
        if first is not None:
            return first.id
    return field.id


def init_app(app: Flask) -> None:
    app.jinja_env.globals["field_target"] = field_target

    # A signal, not per-view code: every form of the site (and of blueprints added later) is
    # covered, and base.html's <title> is rendered before the page's error summary is.
    def mark(sender, template, context, **extra):
        context.setdefault("page_has_errors", page_has_errors(context))

    before_render_template.connect(mark, app, weak=False)
