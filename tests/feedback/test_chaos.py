"""The short form of scripts/chaos_feedback.py: 300 acknowledged submissions under SIGKILLs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "chaos_feedback.py"
COUNT = int(os.environ.get("CHAOS_COUNT", "300"))


def run_chaos(*extra: str) -> str:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--count", str(COUNT), "--timeout", "600", *extra],
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def counts(output: str) -> dict[str, str]:
    return {
        line[:20].strip(): line[20:].strip() for line in output.splitlines() if line[:20].strip()
    }


@pytest.mark.slow
def test_no_acknowledged_submission_is_lost_with_sqlite():
    result = counts(run_chaos())
    assert int(result["acknowledged"]) >= COUNT
    assert result["lost"] == "0" and result["duplicates"] == "0" and result["altered"] == "0"
    assert result["integrity_check"] == "ok"
    assert int(result["workers killed"]) > 0


@pytest.mark.slow
@pytest.mark.postgres
def test_no_acknowledged_submission_is_lost_with_postgres():
    url = os.environ.get("DATABASE_URL_TEST")
    if not url:
        pytest.skip("DATABASE_URL_TEST is not set (scripts/test starts a PostgreSQL server)")
    result = counts(run_chaos("--database-url", url))
    assert int(result["acknowledged"]) >= COUNT
    assert result["lost"] == "0" and result["duplicates"] == "0" and result["altered"] == "0"
    assert int(result["workers killed"]) > 0
