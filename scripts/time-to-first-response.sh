#!/usr/bin/env bash
# Prints how long the README's start command (./sportsfeeds serve --demo) takes from launch to its
# first answered request (GET /clients), in ms: on a new data directory (the first start, which
# seeds the samples and hashes their secrets) and again on the same directory (a restart).
# usage: scripts/time-to-first-response.sh [runs]      (default 1 of each)
# Extra JVM options go in JAVA_OPTS, as for ./sportsfeeds. Needs the build
# (./mvnw -q package -DskipTests), curl, python3, and a JDK 21+ as JAVA_HOME (or java on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1}"
data="$(mktemp -d)"
log="$data.log"
server=""
# Under set -e a failing command would end the trap early: the server may be gone already, and it
# ends by this SIGTERM (143); neither is a failure of this script, and the files must go either way.
stop() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
trap 'stop; rm -rf "$data" "$log"' EXIT
# A key of our own: a request with it is answered as users' are (200), and no made key is printed.
key="time-to-first-response-key"

first_response() {
  # A free port chosen up front: waiting for the log line that names the port would add its own delay.
  local port start
  trap stop EXIT # this runs in a subshell, which has no trap of its own
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  start=$(date +%s%N)
  ./sportsfeeds serve --demo --port "$port" --data-dir "$1" --api-key "$key" --admin-key "$key" >"$log" 2>&1 &
  server=$!
  until curl -sf -o /dev/null -H "x-api-key: $key" "http://127.0.0.1:$port/clients"; do
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.005
  done
  echo "$(( ($(date +%s%N) - start) / 1000000 ))"
  stop
}

for run in $(seq "$runs"); do
  store="$data/store-$run"
  echo "first response after $(first_response "$store") ms (first start, new data directory)"
  echo "first response after $(first_response "$store") ms (restart, same data directory)"
done
