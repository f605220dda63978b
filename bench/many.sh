#!/usr/bin/env bash
# Wide fan-out: N original-protocol subscribers on one topic, one 10 KB file to all of them
# (../shared/bench/many-subscribers.js), and the server's memory per subscriber; on the fresh server,
# then again once it is warmed up.
#   bench/many.sh 8000
# Builds the WAR and runs it on Payara Micro bound to 127.0.0.1 with the connection limits raised.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
N=${1:-8000}
PORT=${WSFILE_BENCH_PORT:-18766}
SHARED=${WSFILE_SHARED:-../shared}

build_server
node_tools
start_server "$PORT" -Dwsfile.max-connections=$((N + 100)) -Dwsfile.max-connections-per-address=$((N + 100))
sleep 2

# First on the fresh server, whose memory has not grown yet: what the subscribers cost.
before=$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)
echo "fresh server:"
node "$SHARED/bench/many-subscribers.js" "ws://127.0.0.1:$PORT/wsfile/ws" "$N" || echo "not every subscriber got the file within 60 s"
after=$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)
echo "server RSS: ${before} kB idle, ${after} kB with $N subscribers: $(( (after - before) / N )) kB per subscriber"

# Then on a running server, as every other benchmark measures: the same write path warmed up with
# the original protocol's loads until the JIT compilers are done.
original_warm_up "$SERVER" "ws://127.0.0.1:$PORT/wsfile/ws"
echo "warm server:"
node "$SHARED/bench/many-subscribers.js" "ws://127.0.0.1:$PORT/wsfile/ws" "$N" || echo "not every subscriber got the file within 60 s"
