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
    ("typed", "number"),
    [
        # mobile prefixes of every carrier: 03x, 05x, 07x, 08x, 09x
        ("0358 123 456", "0358123456"),
        ("0599.123.456", "0599123456"),
        ("070 123 4567", "0701234567"),
        ("0868 123 456", "0868123456"),
        ("+84 868 123 456", "0868123456"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("  0912 345 678  ", "0912345678"),
        # landlines: 02xx area codes, 11 digits in the national form
        ("024 3825 6789", "02438256789"),
        ("028.3822.0000", "02838220000"),
        ("+84 24 3825 6789", "02438256789"),
        ("84 299 3822 123", "02993822123"),
        ("0084 299 3822 123", "02993822123"),
    ],
)
def test_mobile_and_landline_forms(typed, number):
    assert normalize_phone(typed) == number


@pytest.mark.parametrize(
    "typed",
    ["", "123", "0112345678", "091234567", "09123456789", "0612345678", "phone", "+1 202 555 0100"],
)
def test_what_is_not_a_vietnamese_number(typed):
    assert normalize_phone(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "0912-FLOWER",  # a vanity number: the library would turn the letters into digits
        "0912345678a",
        "0912345678 ext 12",
        "+855 12 345 678",  # a valid Cambodian mobile, not a Vietnamese one
        "+84 12 345 678",
        "0241234567",  # a Hà Nội landline one digit short
        "++84912345678",
        "0912 345 678 / 0913 345 678",
    ],
)
def test_letters_foreign_and_malformed_numbers_are_refused(typed):
    assert normalize_phone(typed) is None
