import datetime as dt

from tthc.feedback.workdays import add_working_days, answer_due, is_working_day


def test_weekends_do_not_count():
    assert not is_working_day(dt.date(2026, 11, 28))  # Saturday
    assert not is_working_day(dt.date(2026, 11, 29))  # Sunday
    assert add_working_days(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)


def test_fifteen_working_days_from_receipt():
    # Received on Friday 27/11/2026: three weeks of working days, the day of receipt not counted.
    assert answer_due(dt.date(2026, 11, 27)) == dt.date(2026, 12, 18)
    # Received on a Saturday: the count starts on Monday.
    assert answer_due(dt.date(2026, 11, 28)) == dt.date(2026, 12, 18)


def test_tet_and_public_holidays_are_skipped():
    # Tết Đinh Mùi: 04/2 to 10/2/2027 off.
    for day in range(4, 11):
        assert not is_working_day(dt.date(2027, 2, day))
    assert answer_due(dt.date(2027, 2, 1)) == dt.date(2027, 3, 1)
    # 30/4 and 1/5, and 2/9 with the day next to it.
    assert not is_working_day(dt.date(2027, 4, 30))
    assert not is_working_day(dt.date(2026, 9, 2))
    assert not is_working_day(dt.date(2027, 1, 1))
