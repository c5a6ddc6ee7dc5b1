import math

from tthc.feedback import tracking


def test_codes_are_long_enough_not_to_be_guessed():
    assert tracking.LENGTH * math.log2(len(tracking.ALPHABET)) >= 60


def test_alphabet_has_no_confusable_or_foreign_symbols():
    for symbol in "0O1IL" + "FJWZ":
        assert symbol not in tracking.ALPHABET
    assert len(set(tracking.ALPHABET)) == len(tracking.ALPHABET)


def test_new_codes_use_the_alphabet_and_differ():
    codes = {tracking.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(
        len(code) == tracking.LENGTH and set(code) <= set(tracking.ALPHABET) for code in codes
    )


def test_display_groups_for_reading_aloud():
    assert tracking.display("K7M2Q9XH4CTN3PB") == "K7M2Q-9XH4C-TN3PB"


def test_lookup_forgives_case_spaces_and_dashes():
    for typed in (
        "k7m2q-9xh4c-tn3pb",
        " K7M2Q 9XH4C TN3PB ",
        "k7m2q9xh4ctn3pb",
        "K7M2Q–9XH4C–TN3PB",
    ):
        assert tracking.normalize(typed) == "K7M2Q9XH4CTN3PB"


def test_lookup_rejects_what_cannot_be_a_code():
    for typed in ("", None, "K7M2Q-9XH4C", "K7M2Q-9XH4C-TN3P0", "O" * 15, "<script>", "x" * 500):
        assert tracking.normalize(typed) is None
