#!/usr/bin/env bash
# The server's peak memory (VmHWM) for original-protocol files: one of 100 MB to 1 receiver,
# one to 10, and one of 500 MB (the original's limit) to 1, sent with ../shared/bench's Node load
# generator to the WAR on Payara Micro bound to 127.0.0.1; prints each transfer's figures.
#   bench/memory.sh            Payara Micro's default heap (a quarter of the machine's memory)
#   WSFILE_BENCH_SERVER_OPTS=-Xmx512m bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
SHARED=${WSFILE_SHARED:-../shared}
PORT=${WSFILE_BENCH_PORT:-18769}
URL="ws://127.0.0.1:$PORT/wsfile/ws"

build_server
node_tools
start_server "$PORT"
echo "idle: $(grep VmHWM /proc/$SERVER/status)"
for load in "--size 100MB --receivers 1" "--size 100MB --receivers 10" "--size 500MB --receivers 1"; do
    node "$SHARED/bench/loadgen.js" --url "$URL" $load --quiet 2>/dev/null | tail -1 | python3 -c '
import json, sys
run = json.loads(sys.stdin.read())
print("%d MB to %d: all_ok=%s, %.1f s, %s MB/s" % (run["size"] // 1000000, run["receivers"], run["all_ok"],
      run["seconds_total"], run["MBps_payload"]), end=", ")'
    echo "server $(grep VmHWM /proc/$SERVER/status)"
done
