#!/usr/bin/env bash
# bench/serve.sh - load test of `juesuan serve` (issue #11): N check uploads of
# the five seeds (default 200), all sent at once by C concurrent clients
# (default 200) to a server on a free loopback port (127.0.0.1 only). Every
# answer is compared with what `juesuan check --format json` says of the same
# seed; prints answered/correct/lost, p50/p99/max latency and requests/s, and
# as the baseline of the same run the CLI checking the same files one by one.
# Bounded: at most N requests, each given 120 s, the whole run 600 s.
#   bench/serve.sh build [N] [C] [THREADS]
set -euo pipefail
BUILD="${1:-build}"
N="${2:-200}"
C="${3:-200}"
THREADS="${4:-4}"
JS="$BUILD/juesuan"
cd "$(dirname "$0")/.."
SHARED="${JS_SHARED_DIR:-../shared}"
[ -x "$JS" ] || { echo "bench/serve.sh: no $JS (build first)" >&2; exit 2; }
[ "$N" -le 5000 ] || { echo "bench/serve.sh: N at most 5000" >&2; exit 2; }
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

seeds=("$SHARED"/seeds/*.txt)
for s in "${seeds[@]}"; do
  "$JS" check --format json "$s" >"$tmp/$(basename "$s").json" || true
done

# baseline: the CLI, one process per file, the same count of checks (at most 100)
nb=$(( N < 100 ? N : 100 ))
t0=$(date +%s.%N)
for i in $(seq 0 $((nb - 1))); do
  "$JS" check --format json "${seeds[$((i % ${#seeds[@]}))]}" >/dev/null || true
done
t1=$(date +%s.%N)

"$JS" serve --listen 127.0.0.1:0 --db "$tmp/bench.db" --threads "$THREADS" 2>"$tmp/log" &
pid=$!
. tests/cli/lib/serve_wait.sh # serve_url: as long as the server runs (cwd: the source tree)
URL=$(serve_url "$tmp/log" "$pid") || true
[ -n "$URL" ] || { echo "server did not start: $(cat "$tmp/log")" >&2; exit 1; }
case "$URL" in http://127.0.0.1:*) ;; *) echo "not loopback: $URL" >&2; exit 1 ;; esac

timeout 600 python3 - "$URL" "$N" "$C" "$tmp" "$t0" "$t1" "$nb" "$THREADS" "${seeds[@]}" <<'EOF'
import http.client, json, os, sys, threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor
url, n, c, tmp, t0, t1, nb, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7]), sys.argv[8]
seeds = sys.argv[9:]
u = urllib.parse.urlparse(url)
bodies, expect = [], []
for s in seeds:
    data = open(s, 'rb').read()
    b = b'----juesuanbench'
    body = (b'--' + b + b'\r\nContent-Disposition: form-data; name="file"; filename="' +
            os.path.basename(s).encode() + b'"\r\nContent-Type: text/plain\r\n\r\n' + data +
            b'\r\n--' + b + b'--\r\n')
    bodies.append(body)
    e = json.load(open(os.path.join(tmp, os.path.basename(s) + '.json')))
    e.pop('document')
    expect.append(e)
start = threading.Barrier(min(n, c))
def one(i):
    k = i % len(seeds)
    if i < c:
        try: start.wait(30)
        except threading.BrokenBarrierError: pass
    t = time.monotonic()
    try:
        h = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        h.request('POST', '/api/check', bodies[k], {'Content-Type': 'multipart/form-data; boundary=--juesuanbench'})
        r = h.getresponse()
        got = r.read()
        dt = time.monotonic() - t
        h.close()
        if r.status != 200: return (dt, 'status %d' % r.status)
        j = json.loads(got)
        j.pop('document')
        return (dt, None if j == expect[k] else 'different findings')
    except Exception as ex:
        return (time.monotonic() - t, 'lost: %s' % ex)
w0 = time.monotonic()
with ThreadPoolExecutor(max_workers=min(n, c)) as ex:
    res = list(ex.map(one, range(n)))
wall = time.monotonic() - w0
lat = sorted(r[0] for r in res)
bad = [r[1] for r in res if r[1]]
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
cli = (t1 - t0) / nb * 1000
print('juesuan serve load test: %d check uploads of the %d seeds, %d at once, %s worker threads, 127.0.0.1' % (n, len(seeds), min(n, c), threads))
print('  answered correctly: %d of %d; lost or wrong: %d%s' % (n - len(bad), n, len(bad), (' (%s)' % '; '.join(sorted(set(bad))[:3])) if bad else ''))
print('  latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms' % (pct(0.50), pct(0.99), lat[-1] * 1000))
print('  throughput: %.1f requests/s (wall %.2f s)' % (n / wall, wall))
print('  baseline, same run: juesuan check --format json, one process per file: %.1f ms each, %.1f files/s' % (cli, 1000 / cli))
print('  ratio: server throughput / CLI one-by-one = %.2f' % ((n / wall) / (1000 / cli)))
sys.exit(1 if bad else 0)
EOF
