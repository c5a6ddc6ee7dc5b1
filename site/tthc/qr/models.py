"""Scan counts of the short links: aggregated per code, unit and day, nothing personal."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tthc.extensions import db


class QrScan(db.Model):
    """How often one short link was opened at one counter on one day."""

    __tablename__ = "qr_scans"

    # what was scanned: a procedure code, or "lv/<field slug>" for a field poster
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    # which counter: a unit slug, '' when the code names no unit
    unit: Mapped[str] = mapped_column(String(64), primary_key=True, default="", server_default="")
    # day in Vietnam time
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<QrScan {self.code} {self.unit or '-'} {self.day}: {self.count}>"
