"""The form every staff area uses: nothing but its CSRF token (Flask-WTF).

The forms of one domain live with it (accounts/forms.py, feedback/forms.py); this module
imports nothing of the site, so roles.py and the blueprint can use it without a circle.
"""

from __future__ import annotations

from flask_wtf import FlaskForm


class PlainForm(FlaskForm):
    """A form with nothing but its CSRF token: log out, unhide, the editor's buttons."""
