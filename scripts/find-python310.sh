#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 needs 3.10; the machine default is newer).
# Order: $PYTHON310, a working python3.10 on PATH (a pyenv shim may not work), the newest 3.10 under pyenv.
set -euo pipefail
if [ -n "${PYTHON310:-}" ]; then echo "$PYTHON310"; exit 0; fi
if command -v python3.10 >/dev/null 2>&1 && python3.10 --version >/dev/null 2>&1; then
  command -v python3.10; exit 0
fi
if command -v pyenv >/dev/null 2>&1; then
  found=$(ls -d "$(pyenv root)"/versions/3.10.*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ]; then echo "$found"; exit 0; fi
fi
echo "No Python 3.10 found: install one (e.g. 'pyenv install 3.10') or set PYTHON310=/path/to/python3.10" >&2
exit 1
