"""Flask extensions, created once here and bound to the app in create_app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base of every database model."""


db = SQLAlchemy(model_class=Base)
babel = Babel()
csrf = CSRFProtect()
# Limits are declared on the routes that need them; nothing is limited by default.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
