#!/usr/bin/env bash
# jobs.sh - how `check`, `facts` and `db load` scale with --jobs on this machine (issue #18).
#
#   bench/jobs.sh [BUILD_DIR] [COPIES] [RUNS]     (default build/, 100 copies of the
#                                                   five seeds = 500 files, 3 runs)
#
# Wall and CPU time (bench/cpu.py) of one process over all the files with
# --jobs 1, 2, 4 (and the cores, if more), the runs of each N taken in
# alternation; medians, and the speed-up of N jobs against 1 job in the same run.
# Then the same for PDF (the PDFs of ../shared/pdf, 4 copies each), and `db load`
# of the text files into a new SQLite database (one writer, N readers). Also the
# peak memory (max RSS) of each, which must not grow with N by more than a
# few documents a job. The machine's load average is printed: other work on
# the machine takes cores from the jobs.
set -u
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$SRC/build}"
COPIES="${2:-100}"
RUNS="${3:-3}"
JS="$BUILD/juesuan"
[ -x "$JS" ] || { echo "jobs.sh: build first (no $JS)" >&2; exit 2; }
CPU="$SRC/bench/cpu.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/txt" "$tmp/pdf" "$tmp/uniq"
for i in $(seq "$COPIES"); do
  for f in "$SRC"/../shared/seeds/*.txt; do
    cp "$f" "$tmp/txt/c${i}_$(basename "$f")"
    # db load stores a document once (by its hash): copies that differ in a last line
    { cat "$f"; printf '\n%d\n' "$i"; } >"$tmp/uniq/c${i}_$(basename "$f")"
  done
done
for i in 1 2 3 4; do
  for f in "$SRC"/../shared/pdf/*.pdf; do cp "$f" "$tmp/pdf/c${i}_$(basename "$f")"; done
done
cores=$(nproc)
js=(1 2 4)
[ "$cores" -gt 4 ] && js+=("$cores")
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

bench() { # label dir cmd (db: db load into a new database each run)
  local label=$1 dir=$2 cmd=$3 files=("$2"/*)
  local bytes
  bytes=$(cat "${files[@]}" | wc -c)
  for r in $(seq "$RUNS"); do
    for j in "${js[@]}"; do
      if [ "$cmd" = db ]; then
        rm -f "$tmp/load.db"*
        "$CPU" "$JS" db --db "$tmp/load.db" load --jobs "$j" "${files[@]}" >>"$tmp/$label.$j"
      else
        "$CPU" "$JS" "$cmd" --jobs "$j" "${files[@]}" >>"$tmp/$label.$j"
      fi
    done
  done
  local w1
  w1=$(awk '{ print $2 }' "$tmp/$label.1" | median)
  for j in "${js[@]}"; do
    local c w m
    c=$(awk '{ print $1 }' "$tmp/$label.$j" | median)
    w=$(awk '{ print $2 }' "$tmp/$label.$j" | median)
    m=$(awk '{ print $3 }' "$tmp/$label.$j" | median)
    awk -v l="$label" -v j="$j" -v c="$c" -v w="$w" -v w1="$w1" -v m="$m" -v n="${#files[@]}" -v b="$bytes" 'BEGIN {
      printf "%-6s --jobs %-2d %4d files: wall %7.2f s (%6.1f files/s, speed-up %.2f x), CPU %7.2f s, max RSS %6d KB\n",
             l, j, n, w, n / w, w1 / w, c, m }'
  done
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $cores cores; $RUNS runs of each, medians"
bench facts "$tmp/txt" facts
bench check "$tmp/txt" check
bench pdf "$tmp/pdf" check
bench load "$tmp/uniq" db
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
