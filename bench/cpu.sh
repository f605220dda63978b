#!/usr/bin/env bash
# The server's CPU time per load: the original Python server and wsfile on Payara Micro (512 MiB
# heap, bound to 127.0.0.1, warmed up first) under the same original-protocol loads from
# ../shared/bench's Node load generator, each wsfile load twice. With the load generator on the
# same cores, what the server does not burn the clients get.
#   bench/cpu.sh
# Needs Node 18+ and Debian's python3-websockets (apt-get install python3-websockets).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
PORT=${WSFILE_BENCH_PORT:-18790}
SHARED=${WSFILE_SHARED:-../shared}
LOADS=("--size 10KB --files 1000 --receivers 10" "--size 1MB --files 100 --receivers 10")

build_server
node_tools
start_server "$PORT" -Xmx512m
URL="ws://127.0.0.1:$PORT/wsfile/ws"
original_warm_up "$SERVER" "$URL"

server_ticks() { cpu_ticks "$SERVER" | cut -d' ' -f1; }
figures() {   # NAME [SERVER_CPU_SECONDS]: one line from loadgen's or runbench's JSON
    python3 -c '
import json, sys
r = json.loads(sys.stdin.read().strip().splitlines()[-1])
cpu = sys.argv[2] if len(sys.argv) > 2 else r.get("server_cpu_s")
print("  %-9s %s files/s, server CPU %s s, all delivered: %s" % (sys.argv[1], r.get("files_per_s"), cpu, r.get("all_ok")))
' "$@"
}
hz=$(getconf CLK_TCK)
for load in "${LOADS[@]}"; do
    echo "$load"
    node "$SHARED/bench/runbench.js" --seed "$SHARED/original" -- $load --quiet 2>/dev/null | figures original
    for _ in 1 2; do
        before=$(server_ticks)
        result=$(node "$SHARED/bench/loadgen.js" --url "$URL" $load --quiet 2>/dev/null)
        after=$(server_ticks)
        echo "$result" | figures wsfile "$(python3 -c "print(round(($after - $before) / $hz, 2))")"
    done
done
