# serve_wait.sh - sourced by the tests that start `juesuan serve` in the background.
#   serve_url LOG PID   waits until the server PID has written its URL to LOG (its start
#                       line "juesuan serve: http://HOST:PORT/ …") and prints the URL; fails
#                       when the server stopped without saying it. It waits as long as the
#                       server runs, up to 300 s: a loaded machine or a sanitizer build starts
#                       it slowly, and a fixed few seconds made the tests fail under load.
# shellcheck shell=bash
serve_url() {
  local log=$1 pid=$2 url i
  for ((i = 0; i < 3000; i++)); do
    url=$(sed -n 's|^juesuan serve: \(http://[^ ]*\)/ .*|\1|p' "$log" 2>/dev/null)
    [ -n "$url" ] && { echo "$url"; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  url=$(sed -n 's|^juesuan serve: \(http://[^ ]*\)/ .*|\1|p' "$log" 2>/dev/null)
  [ -n "$url" ] && echo "$url"
}
