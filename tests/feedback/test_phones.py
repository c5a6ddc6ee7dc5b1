import pytest

from tthc.feedback.phones import normalize_phone


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("0388-123-456", "0388123456"),
        ("(0299) 3822 123", "02993822123"),
        ("0567123456", "0567123456"),
    ],
)
def test_vietnamese_numbers_as_people_type_them(typed, number):
    assert normalize_phone(typed) == number


@pytest.mark.parametrize(
    "typed",
    ["", "123", "0112345678", "091234567", "09123456789", "0612345678", "phone", "+1 202 555 0100"],
)
def test_what_is_not_a_vietnamese_number(typed):
    assert normalize_phone(typed) is None
