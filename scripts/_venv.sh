# Shared by scripts/serve and scripts/test: create .venv and install the project (idempotent).
# Usage: source scripts/_venv.sh [extras]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_apt.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    echo "python3 -m venv failed; installing python3-venv with apt" >&2
    apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi
extras="${1:-}"
stamp=".venv/.installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
export FLASK_APP=tthc
# Compile the interface translations (the .mo files are build output, not committed).
.venv/bin/pybabel compile --use-fuzzy -q -d site/tthc/translations 2>/dev/null || true
