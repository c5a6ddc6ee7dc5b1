"""flask search reindex | zero-results."""

from tthc.search import zero_results
from tthc.search.index import current_build


def test_reindex_builds_a_new_index_and_swaps_it_in(small_app):
    before = current_build(small_app.config["INDEX_DIR"])
    result = small_app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 6 procedures" in result.output
    after = current_build(small_app.config["INDEX_DIR"])
    assert after != before
    # The app keeps answering, from the new build.
    data = small_app.test_client().get("/api/v1/search?q=cccd").get_json()
    assert data["results"][0]["code"] in {"1.014063", "2.001195"}


def test_reindex_shows_progress(small_app):
    result = small_app.test_cli_runner().invoke(args=["search", "reindex"])
    assert "6/6" in result.output  # tqdm writes to stderr, which the runner mixes in


def test_zero_results_report(small_app):
    runner = small_app.test_cli_runner()
    assert "No zero-result searches" in runner.invoke(args=["search", "zero-results"]).output
    for query in ["flycam", "Flycam", "giấy phép bay", "flycam"]:
        zero_results.record(small_app.instance_path, query)
    result = runner.invoke(args=["search", "zero-results", "--limit", "5"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["3  flycam", "1  giấy phép bay"]
