#!/usr/bin/env bash
# Print the interpreter for .venv: Python 3.12 when available, else python3.
set -u
for candidate in python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3.12 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1; then
    echo "$candidate"; exit 0
  fi
done
echo "No Python 3.11+ found" >&2; exit 1
