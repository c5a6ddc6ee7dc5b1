"""No figure shown lets a reader subtract their way to a group of fewer than five."""

from __future__ import annotations

from tthc.figures.disclosure import MIN_GROUP, withheld

SMALL, PROTECTED = True, False


def _readable(counts, relations, hidden):
    """What a reader can work out: a whole minus its shown parts, when one hidden part remains."""
    known = {key: count for key, count in counts.items() if key not in hidden}
    learned = True
    while learned:
        learned = False
        for whole, parts in relations:
            unknown = [p for p in parts if p not in known]
            if whole in known and len(unknown) == 1:
                known[unknown[0]] = known[whole] - sum(known[p] for p in parts if p in known)
                learned = True
    return {key for key, count in known.items() if 0 < count < MIN_GROUP}


def test_a_lone_small_unit_hides_the_total_rather_than_the_other_unit():
    counts = {"year": 13, "a": 10, "b": 3}
    relations = [("year", ["a", "b"])]
    hidden = withheld(counts, relations, total_first=frozenset({"year"}))
    assert hidden == {"b": SMALL, "year": PROTECTED}
    assert not _readable(counts, relations, hidden)


def test_without_a_total_first_the_next_smallest_part_is_withheld():
    counts = {"march": 30, "a": 20, "b": 2, "c": 8}
    relations = [("march", ["a", "b", "c"])]
    hidden = withheld(counts, relations)
    assert hidden == {"b": SMALL, "c": PROTECTED}
    assert not _readable(counts, relations, hidden)


def test_small_parts_that_together_make_a_group_need_nothing_more():
    counts = {"whole": 16, "a": 3, "b": 3, "c": 10}
    assert withheld(counts, [("whole", ["a", "b", "c"])]) == {"a": SMALL, "b": SMALL}


def test_empty_parts_reveal_nothing():
    counts = {"whole": 12, "a": 12, "b": 0, "c": 0}
    assert withheld(counts, [("whole", ["a", "b", "c"])]) == {"b": SMALL, "c": SMALL}


def test_a_cross_table_stays_closed_both_ways():
    # Two months by three units; one small cell. Hiding a second cell in its month exposes it
    # in its unit's column unless a third is hidden there too, and so on.
    cells = {("m1", "a"): 20, ("m1", "b"): 2, ("m1", "c"): 9, ("m2", "a"): 7, ("m2", "c"): 6}
    counts = dict(cells)
    counts.update({"m1": 31, "m2": 13, "a": 27, "b": 2, "c": 15, "year": 46})
    relations = [
        ("year", ["m1", "m2"]),
        ("year", ["a", "b", "c"]),
        ("m1", [("m1", "a"), ("m1", "b"), ("m1", "c")]),
        ("m2", [("m2", "a"), ("m2", "c")]),
        ("a", [("m1", "a"), ("m2", "a")]),
        ("b", [("m1", "b")]),
        ("c", [("m1", "c"), ("m2", "c")]),
    ]
    primary_only = {key: SMALL for key, count in counts.items() if count < MIN_GROUP}
    assert _readable(counts, relations, primary_only)  # year minus the others gives b
    hidden = withheld(counts, relations, total_first=frozenset({"year"}))
    assert hidden[("m1", "b")] is SMALL
    assert "m1" not in hidden and "m2" not in hidden and "a" not in hidden  # wholes stay
    assert not _readable(counts, relations, hidden)
