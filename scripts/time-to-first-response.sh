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
  # One poller process (not a curl per try: on 2 cores, a process spawned every few ms takes CPU
  # from the server it times): it launches the server, then asks every 2 ms until answered.
  python3 - "$port" "$1" "$key" "$log" <<'PY'
import socket, subprocess, sys, time
port, data, key, log = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
request = ("GET /clients HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: %s\r\nConnection: close\r\n\r\n" % key).encode()
start = time.monotonic()
server = subprocess.Popen(["./sportsfeeds", "serve", "--demo", "--port", str(port), "--data-dir", data,
                           "--api-key", key, "--admin-key", key], stdout=open(log, "w"), stderr=subprocess.STDOUT)
try:
    while True:
        if server.poll() is not None:
            sys.stderr.write(open(log).read())
            sys.exit(1)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(request)
                if s.recv(12).startswith(b"HTTP/1.1 200"):
                    break
        except OSError:
            pass
        time.sleep(0.002)
    print(round((time.monotonic() - start) * 1000))
finally:
    server.terminate()
    server.wait()
PY
  stop
}

for run in $(seq "$runs"); do
  store="$data/store-$run"
  echo "first response after $(first_response "$store") ms (first start, new data directory)"
  echo "first response after $(first_response "$store") ms (restart, same data directory)"
done
