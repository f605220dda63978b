#!/usr/bin/env bash
# wsfile against the original Python server, original protocol, same loads, one run: builds the WAR,
# starts it on Payara Micro bound to 127.0.0.1, warms it up, then runs ../shared/bench/compare-original.sh
# (which starts the original server itself) and stops the server.
#   bench/original.sh          all four loads (100 MB files included)
#   bench/original.sh quick    1 MB x 100 -> 10 and 10 KB x 1000 -> 10
# Needs Node 18+ and Debian's python3-websockets (apt-get install python3-websockets).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${WSFILE_BENCH_PORT:-18767}
SHARED=${WSFILE_SHARED:-../shared}

mvn -B -q package -DskipTests -Prun -Dexec.skip
work=${TMPDIR:-/tmp}/compare-original; mkdir -p "$work"
[ -d "$work/node_modules" ] || (cp "$SHARED/bench/package.json" "$SHARED/bench/package-lock.json" "$work/" && cd "$work" && npm ci -s >/dev/null)
export NODE_PATH="$work/node_modules"

sed "s/\${wsfile.address}/127.0.0.1/" src/main/payara/preboot.txt > target/run/preboot-bench.txt
java -jar target/run/payara-micro.jar --deploy target/wsfile.war --contextroot wsfile --port "$PORT" --nohazelcast \
    --prebootcommandfile target/run/preboot-bench.txt --logproperties src/main/payara/logging.properties \
    ${WSFILE_BENCH_SERVER_OPTS:-} > target/run/bench-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/wsfile/" && break; sleep 1; done

URL="ws://127.0.0.1:$PORT/wsfile/ws"
for _ in 1 2; do   # warm-up: the JIT compiles the relay path
    node "$SHARED/bench/loadgen.js" --url "$URL" --size 10KB --files 2000 --receivers 10 --quiet >/dev/null
    node "$SHARED/bench/loadgen.js" --url "$URL" --size 1MB --files 100 --receivers 10 --quiet >/dev/null
done
bash "$SHARED/bench/compare-original.sh" "$URL" "${1:-all}"
