#!/usr/bin/env bash
# Prints how long `serve` takes from launch to its first answered request (GET /clients), in ms.
# usage: scripts/time-to-first-response.sh [java options...]
#   e.g. scripts/time-to-first-response.sh -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=app-local/target/app-local.jsa
# Needs the jar (./mvnw -q package -DskipTests), curl, python3, and a JDK 21+ as `java` (or JAVA_HOME).
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
data="$(mktemp -d)"
log="$data.log"
# A free port chosen up front: waiting for the log line that names the port would add its own delay.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
start=$(date +%s%N)
# A key of our own: a request with it is answered as users' are (200), and no made key is printed.
key="time-to-first-response-key"
"$java" "$@" -jar app-local/target/app-local.jar serve --port "$port" --data-dir "$data/store" --api-key "$key" --admin-key "$key" >"$log" 2>&1 &
server=$!
# Under set -e a failing command would end the trap early: the server may be gone already, and it
# ends by this SIGTERM (143); neither is a failure of this script, and the files must go either way.
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data" "$log"' EXIT
until curl -sf -o /dev/null -H "x-api-key: $key" "http://127.0.0.1:$port/clients"; do
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.005
done
echo "first response after $(( ($(date +%s%N) - start) / 1000000 )) ms"
