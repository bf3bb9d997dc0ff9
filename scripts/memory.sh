#!/usr/bin/env bash
# Prints the resident memory (RSS) of the README's server: idle (serve, 20 s after its first answer,
# no clients) and at its peak under `bench store` (durable ingest into the embedded store, in the
# same JVM), with the throughput that bench measured.
# usage: scripts/memory.sh [bench store options...]     (default: --duration 20)
# Runs through ./sportsfeeds, so with the server's JVM options; more go in JAVA_OPTS. To measure a
# bare JVM instead, set SPORTSFEEDS_COMMAND, e.g. SPORTSFEEDS_COMMAND="java -jar app-local/target/app-local.jar".
# Needs the build (./mvnw -q package -DskipTests), curl, python3, Linux (/proc).
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a command <<<"${SPORTSFEEDS_COMMAND:-./sportsfeeds}"
data="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
mib() { awk -v field="$2:" '$1 == field {printf "%d", $2 / 1024}' "/proc/$1/status"; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
key="memory-measurement-key"
"${command[@]}" serve --port "$port" --data-dir "$data/store" --api-key "$key" --admin-key "$key" >"$data/serve.log" 2>&1 &
server=$!
until curl -sf -o /dev/null -H "x-api-key: $key" "http://127.0.0.1:$port/clients"; do
  kill -0 "$server" 2>/dev/null || { cat "$data/serve.log" >&2; exit 1; }
  sleep 0.05
done
sleep 20
echo "idle server: RSS $(mib "$server" VmRSS) MiB (peak $(mib "$server" VmHWM) MiB)"
kill "$server"
wait "$server" 2>/dev/null || true
server=""

[ $# -gt 0 ] || set -- --duration 20
"${command[@]}" bench store "$@" >"$data/bench.log" 2>&1 &
bench=$!
peak=0
while kill -0 "$bench" 2>/dev/null; do
  now="$(mib "$bench" VmHWM 2>/dev/null || true)"
  [ -n "$now" ] && peak="$now"
  sleep 0.2
done
wait "$bench" || { cat "$data/bench.log" >&2; exit 1; }
echo "bench store $*: peak RSS $peak MiB; $(grep -E '^ +throughput' "$data/bench.log" | sed 's/^ *//')"
