#!/usr/bin/env bash
# Two builds side by side: the WAR of COMMIT and the working tree's, each on Payara Micro bound to
# 127.0.0.1 (512 MiB heaps), both warmed up, then each original-protocol load of ../shared/bench's
# Node load generator run four times on each, alternating, so that both see the machine alike
# (figures here swing 2x between runs). Prints files/s and the server's CPU seconds per run.
#   bench/side-by-side.sh COMMIT
# Needs Node 18+.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
SHARED=${WSFILE_SHARED:-../shared}
[ $# -eq 1 ] || { echo "usage: bench/side-by-side.sh COMMIT" >&2; exit 2; }
LOADS=("--size 1MB --files 100 --receivers 10" "--size 10KB --files 1000 --receivers 10" "--size 100MB --receivers 10")

OTHER=$(mktemp -d)
git worktree add -q --detach "$OTHER" "$1"
cleanup() { stop_servers; git worktree remove --force "$OTHER"; }
build_server
(cd "$OTHER" && build_server)
node_tools
start_server 18802 -Xmx512m
THIS=$SERVER
trap cleanup EXIT
# Not start_server, whose exit trap would stop the server when the subshell ends.
(cd "$OTHER" && exec java -Xmx512m -jar target/run/payara-micro.jar --deploy target/wsfile.war --contextroot wsfile \
    --port 18801 --nohazelcast --prebootcommandfile target/run/preboot-bench.txt \
    --logproperties src/main/payara/logging.properties > target/run/bench-server-18801.log 2>&1) &
THAT=$!
SERVERS+=("$THAT")
for _ in $(seq 1 120); do
    curl -sf -o /dev/null http://127.0.0.1:18801/wsfile/ && break
    sleep 1
done
original_warm_up "$THAT" ws://127.0.0.1:18801/wsfile/ws
original_warm_up "$THIS" ws://127.0.0.1:18802/wsfile/ws
hz=$(getconf CLK_TCK)
for load in "${LOADS[@]}"; do
    echo "$load"
    for _ in 1 2 3 4; do
        for side in "$1" "working tree"; do
            if [ "$side" = "working tree" ]; then port=18802; pid=$THIS; else port=18801; pid=$THAT; fi
            before=$(cpu_ticks "$pid" | cut -d' ' -f1)
            figures=$(node "$SHARED/bench/loadgen.js" --url "ws://127.0.0.1:$port/wsfile/ws" $load --quiet 2>/dev/null | tail -1 \
                | python3 -c 'import json, sys; r = json.loads(sys.stdin.read()); print(r["files_per_s"], "files/s,", r["MBps_payload"], "MB/s, all delivered:", r["all_ok"])')
            after=$(cpu_ticks "$pid" | cut -d' ' -f1)
            echo "  $side: $figures, server CPU $(python3 -c "print(round(($after - $before) / $hz, 2))") s"
        done
    done
done
