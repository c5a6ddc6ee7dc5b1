"""The most-used procedures shown on the home page, configurable per deployment."""

from __future__ import annotations

from flask import current_app

from tthc.catalog.catalog import Catalog
from tthc.catalog.models import Procedure

# Codes people ask for most at police one-stop desks: căn cước, cư trú, hộ chiếu,
# đăng ký xe, giấy phép lái xe, lý lịch tư pháp, định danh điện tử. A deployment may
# replace the list with the FEATURED_PROCEDURES config key; unknown codes are skipped.
DEFAULT_FEATURED = (
    "1.014063",  # Cấp đổi thẻ căn cước (cấp xã)
    "1.014061",  # Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên (cấp xã)
    "2.001195",  # Cấp đổi thẻ căn cước (cấp tỉnh)
    "1.004222",  # Đăng ký thường trú
    "1.004194",  # Đăng ký tạm trú
    "1.002755",  # Gia hạn tạm trú
    "1.001456",  # Cấp hộ chiếu phổ thông ở trong nước
    "1.013067",  # Đăng ký, cấp biển số xe lần đầu
    "1.013076",  # Đăng ký sang tên xe
    "3.000348",  # Cấp lại giấy phép lái xe
    "3.000333",  # Cấp Phiếu lý lịch tư pháp
    "3.000228",  # Cấp tài khoản định danh điện tử mức độ 2
)


def featured_codes() -> list[str]:
    """Return the configured list of featured codes, or the default one."""
    configured = current_app.config.get("FEATURED_PROCEDURES")
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    return list(configured or DEFAULT_FEATURED)


def featured_procedures(catalog: Catalog, limit: int = 12) -> list[Procedure]:
    """Return the featured procedures that exist and are active, in the configured order."""
    found: list[Procedure] = []
    for code in featured_codes():
        procedure = catalog.get(code)
        if procedure is not None and procedure.is_active and procedure not in found:
            found.append(procedure)
    return found[:limit]
