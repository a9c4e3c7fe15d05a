#!/usr/bin/env bash
# Run the browser suite RUNS times (default 3) in a row while stress-ng keeps
# every CPU busy, to prove the tests do not depend on a quiet machine.
# stress-ng comes from apt (as root) when missing; it is stopped on exit.
# Prints pass/fail and duration per run; exits non-zero if any run failed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-3}"
if ! [[ "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/stress_browser.sh [RUNS]   (RUNS a positive integer, default 3)" >&2
  exit 2
fi
PYTEST="${PYTEST:-.venv/bin/pytest}"

if ! command -v stress-ng >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "stress_browser.sh: installing stress-ng with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >/dev/null
  else
    echo "stress_browser.sh: stress-ng is missing and cannot be installed here" \
      "(install it, e.g. 'sudo apt-get install stress-ng', and rerun)" >&2
    exit 3
  fi
fi
scripts/browser_setup.sh

CPUS="$(nproc)"
stress_pid=""
stop_stress() {
  if [ -n "$stress_pid" ] && kill -0 "$stress_pid" 2>/dev/null; then
    kill "$stress_pid" 2>/dev/null || true
    wait "$stress_pid" 2>/dev/null || true
  fi
  stress_pid=""
}
trap stop_stress EXIT
trap 'exit 130' INT TERM

# The timeout is only a safety net should this script be killed without its
# trap running; the trap stops stress-ng as soon as the runs are done.
stress-ng --cpu "$CPUS" --timeout "$((RUNS * 1800))s" --quiet &
stress_pid=$!
echo "stress_browser.sh: stress-ng --cpu $CPUS running (pid $stress_pid); $RUNS run(s)" >&2

failed=0
results=()
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s)
  if env -u DATABASE_URL DJANGO_ALLOW_ASYNC_UNSAFE=true \
    "$PYTEST" -m browser -p no:cacheprovider -p no:xdist tests/browser; then
    status=passed
  else
    status=FAILED
    failed=$((failed + 1))
  fi
  results+=("run $run/$RUNS: $status in $(($(date +%s) - start))s")
  echo "stress_browser.sh: ${results[-1]}" >&2
done

stop_stress
echo "stress_browser.sh: summary (stress-ng --cpu $CPUS)"
printf '  %s\n' "${results[@]}"
if [ "$failed" -gt 0 ]; then
  echo "stress_browser.sh: $failed of $RUNS run(s) failed" >&2
  exit 1
fi
echo "stress_browser.sh: all $RUNS run(s) passed"
