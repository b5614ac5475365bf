#!/usr/bin/env bash
# damage.sh - issue #16, reliability suite: one byte damaged (replaced, inserted, deleted) in
# the seed texts, the Shanghai PDF and workbooks, 12 mutants per input here (bounded for CI; the
# figures of docs/reliability.md come from `damage.py JUESUAN --mutants 200`): no crash, no hang,
# and the median damaged text keeps at least 95% of its facts. JS_DAMAGE_MUTANTS=N for more.
set -u
exec python3 "$(dirname "$0")/damage.py" "$1" --mutants "${JS_DAMAGE_MUTANTS:-12}" --timeout 120
