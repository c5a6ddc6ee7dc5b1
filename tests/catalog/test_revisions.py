"""Published revisions in the database overlay the bundled catalogue, on every instance."""

from __future__ import annotations

import datetime as dt
import time

from support import FIXED_TODAY, PROCEDURES, make_app, publish_fee_revision
from tthc.catalog import get_catalog, load_catalog
from tthc.catalog.export_yaml import export_catalog
from tthc.catalog.store import catalog_store

CODE = "1.014064"  # Cấp lại thẻ căn cước
TEST_AMOUNT = 12345  # a fixture value, not a real fee


def _revised(app, amount=TEST_AMOUNT, applies_from=None, number=1):
    publish_fee_revision(app, CODE, amount, applies_from, number)


def _amount(app, day=FIXED_TODAY):
    with app.app_context():
        app.config["TODAY"] = day
        return get_catalog().get(CODE).channels[0].fees[0].amount


def test_a_revision_published_elsewhere_reaches_this_instance_without_a_restart(tmp_path):
    reader = make_app(tmp_path)
    writer = make_app(tmp_path, INSTANCE_PATH=str(tmp_path / "other"))
    before = _amount(reader)
    assert before != TEST_AMOUNT
    _revised(writer)
    assert _amount(reader) == before  # no database read on the way of a request
    with reader.app_context():
        assert catalog_store().refresh() is True
    assert _amount(reader) == TEST_AMOUNT
    page = reader.test_client().get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    assert "12.345" in page


def test_the_background_check_swaps_the_catalogue_in(tmp_path):
    reader = make_app(tmp_path, CATALOG_RELOAD_SECONDS=0)
    writer = make_app(tmp_path, INSTANCE_PATH=str(tmp_path / "other"))
    client = reader.test_client()
    assert client.get(f"/thu-tuc/{CODE}").status_code == 200
    _revised(writer)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if "12.345" in client.get(f"/thu-tuc/{CODE}").get_data(as_text=True):
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the new fee never showed")
    # the search index follows the catalogue it was swapped in with
    with reader.app_context():
        assert reader.extensions["search"].catalog is get_catalog()


def test_a_scheduled_revision_is_invisible_before_its_day_and_visible_from_it(tmp_path):
    app = make_app(tmp_path)
    applies = dt.date(2027, 1, 1)
    before = _amount(app)
    _revised(app, applies_from=applies)
    with app.app_context():
        catalog_store().refresh()
    assert _amount(app, applies - dt.timedelta(days=1)) == before
    assert _amount(app, applies) == TEST_AMOUNT


def test_export_round_trips_to_the_same_effective_catalogue(tmp_path):
    app = make_app(tmp_path)
    _revised(app)
    out = tmp_path / "export"
    with app.app_context():
        store = catalog_store()
        store.refresh()
        effective = get_catalog()
        assert export_catalog(effective, store.baseline, PROCEDURES, out) == 1
    again = load_catalog(out)
    assert [p.model_dump() for p in again] == [p.model_dump() for p in effective]
    assert again.units == effective.units and again.agency == effective.agency
    assert again.guides == effective.guides and effective.guides
    assert again.get(CODE).channels[0].fees[0].amount == TEST_AMOUNT
    # unchanged files are the same bytes
    unchanged = next(PROCEDURES.glob("cu-tru/*.yaml"))
    assert (out / "cu-tru" / unchanged.name).read_bytes() == unchanged.read_bytes()


def test_export_command_writes_the_effective_catalogue(tmp_path):
    app = make_app(tmp_path)
    _revised(app)
    out = tmp_path / "cli-export"
    result = app.test_cli_runner().invoke(args=["catalog", "export", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 from published revisions" in result.output
    assert load_catalog(out).get(CODE).channels[0].fees[0].amount == TEST_AMOUNT


def test_a_worker_forked_during_a_check_still_checks(tmp_path):
    """gunicorn forks the preloaded master, whose warm-up may have started a check: the child
    inherits `checking` without the thread, and must not stay deaf to new revisions."""
    reader = make_app(tmp_path, CATALOG_RELOAD_SECONDS=0)
    writer = make_app(tmp_path, INSTANCE_PATH=str(tmp_path / "other"))
    store = reader.extensions["catalog_store"]
    store._checking = True  # as a fork in the middle of the master's background check leaves it
    store.after_fork()
    _revised(writer)
    client = reader.test_client()
    deadline = time.monotonic() + 20
    while "12.345" not in client.get(f"/thu-tuc/{CODE}").get_data(as_text=True):
        assert time.monotonic() < deadline, "the forked worker never saw the new fee"
        time.sleep(0.2)


def test_a_memoised_page_is_not_served_once_a_revision_is_in_force(tmp_path):
    """The page memo (host-less entries included) is keyed by the catalogue version."""
    reader = make_app(tmp_path, HTTP_MEMO_ENTRIES=50)
    writer = make_app(tmp_path, INSTANCE_PATH=str(tmp_path / "other"))
    client = reader.test_client()
    for _ in range(2):  # rendered, then answered from the memo
        assert "12.345" not in client.get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    assert len(reader.extensions["http_memo"]) > 0
    _revised(writer)
    with reader.app_context():
        assert catalog_store().refresh() is True
    assert "12.345" in client.get(f"/thu-tuc/{CODE}").get_data(as_text=True)
