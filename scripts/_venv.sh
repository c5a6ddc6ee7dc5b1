# Shared by scripts/serve and scripts/test: create .venv and install the project (idempotent).
# Usage: source scripts/_venv.sh [extras]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_apt.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv; then
    echo "python3 -m venv failed; installing python3-venv with apt" >&2
    rm -rf .venv
    apt_install python3-venv
    "$PYTHON" -m venv .venv || die "could not create the virtual environment .venv"
  fi
fi
extras="${1:-}"
stamp=".venv/.installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip || die "could not upgrade pip in .venv"
  .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}" \
    || die "could not install the project into .venv (pip install -e .${extras:+[$extras]})"
  touch "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
export FLASK_APP=tthc
# Compile the interface translations (the .mo files are build output, not committed). Fuzzy
# entries are guesses and stay out; a catalogue that does not compile stops the script.
.venv/bin/pybabel compile -d site/tthc/translations >/dev/null \
  || die "the interface translations in site/tthc/translations do not compile"
