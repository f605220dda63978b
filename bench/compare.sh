#!/usr/bin/env bash
# Two tables and a latency figure from one run: the original Python server, then wsfile on Payara
# Micro and on WildFly, each under the original protocol's four loads (../shared/bench's Node load
# generator) and wsfile under the same loads in its streaming protocol (org.wsfile.bench.RelayBenchmark,
# wsfile's Java client), and on Payara Micro once more in its streaming protocol with
# wsfile.streaming.websocket=wsfile; every figure with its ratio to the original's, then the CPU
# seconds of server and clients per load where both were measured, then the latency of a 10 KB file
# to ten receivers on each of wsfile's servers (RelayBenchmark's, on the idle server after the loads).
# Servers bound to 127.0.0.1, 512 MiB heap, warmed up first, stopped at the end. About 10-15 minutes.
# Needs Node 18+ and Debian's python3-websockets (apt-get install python3-websockets).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
SHARED=${WSFILE_SHARED:-../shared}
OUT=target/bench/compare
LOADS=("--size 100MB --receivers 1" "--size 100MB --receivers 10" "--size 1MB --files 100 --receivers 10"
       "--size 10KB --files 1000 --receivers 10")

build_server
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
mvn -B -q test-compile
node_tools
mkdir -p "$OUT"
/usr/bin/python3 -c 'import websockets' || { echo "apt-get install python3-websockets first" >&2; exit 2; }

# Original protocol: one JSON line per load.
original_protocol() {   # NAME URL
    original_warm_up "$SERVER" "$2"
    for load in "${LOADS[@]}"; do
        node "$SHARED/bench/loadgen.js" --url "$2" $load --quiet 2>/dev/null | tail -1
    done > "$OUT/$1-original-protocol.jsonl"
}

# Streaming protocol: RelayBenchmark's table for the same loads.
streaming() {   # NAME URL PID
    java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.wsfile.bench.RelayBenchmark \
        "$2" "$3" target/bench/files compare > "$OUT/$1-streaming.md"
}

echo "the original..." >&2
for load in "${LOADS[@]}"; do
    node "$SHARED/bench/runbench.js" --seed "$SHARED/original" -- $load --quiet 2>/dev/null | tail -1
done > "$OUT/original.jsonl"

echo "wsfile on Payara Micro..." >&2
start_server 18771 -Xmx512m
original_protocol payara "ws://127.0.0.1:18771/wsfile/ws"
streaming payara "ws://127.0.0.1:18771/wsfile/ws" "$SERVER"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

echo "wsfile on Payara Micro, streaming connections on wsfile's own WebSocket handling..." >&2
start_server 18772 -Xmx512m -Dwsfile.streaming.websocket=wsfile
streaming payara-own "ws://127.0.0.1:18772/wsfile/ws" "$SERVER"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

echo "wsfile on WildFly..." >&2
start_wildfly -Xmx512m
original_protocol wildfly "ws://127.0.0.1:8280/wsfile/ws"
streaming wildfly "ws://127.0.0.1:8280/wsfile/ws" "$SERVER"

python3 bench/compare-table.py "$OUT"
