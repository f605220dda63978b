#!/usr/bin/env bash
# Wide fan-out: N original-protocol subscribers on one topic, one 10 KB file to all of them
# (../shared/bench/many-subscribers.js), and the server's memory per idle connection.
#   bench/many.sh 8000
# Builds the WAR and runs it on Payara Micro bound to 127.0.0.1 with the connection limits raised.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-8000}
PORT=${WSFILE_BENCH_PORT:-18766}
SHARED=${WSFILE_SHARED:-../shared}

mvn -B -q package -DskipTests -Prun -Dexec.skip
work=${TMPDIR:-/tmp}/compare-original; mkdir -p "$work"
[ -d "$work/node_modules" ] || (cp "$SHARED/bench/package.json" "$SHARED/bench/package-lock.json" "$work/" && cd "$work" && npm ci -s >/dev/null)
export NODE_PATH="$work/node_modules"

sed "s/\${wsfile.address}/127.0.0.1/" src/main/payara/preboot.txt > target/run/preboot-bench.txt
java -Dwsfile.max-connections=$((N + 100)) -Dwsfile.max-connections-per-address=$((N + 100)) ${WSFILE_BENCH_SERVER_OPTS:-} \
    -jar target/run/payara-micro.jar --deploy target/wsfile.war --contextroot wsfile --port "$PORT" --nohazelcast \
    --prebootcommandfile target/run/preboot-bench.txt --logproperties src/main/payara/logging.properties \
    > target/run/bench-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/wsfile/" && break; sleep 1; done
sleep 2

before=$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)
node "$SHARED/bench/many-subscribers.js" "ws://127.0.0.1:$PORT/wsfile/ws" "$N" || echo "not every subscriber got the file within 60 s"
after=$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)
echo "server RSS: ${before} kB idle, ${after} kB with $N subscribers: $(( (after - before) / N )) kB per subscriber"
