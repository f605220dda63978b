#!/usr/bin/env bash
# Wide fan-out: N original-protocol subscribers on one topic, one 10 KB file to all of them
# (../shared/bench/many-subscribers.js), and the server's memory per subscriber; on the fresh server,
# then twice once it is warmed up, then twice on the original server. After each delivery, the CPU
# time the load generator and the server used during it (bench/fanout-cpu.js).
#   bench/many.sh 8000
# Builds the WAR and runs it on Payara Micro bound to 127.0.0.1 with the connection limits raised.
# Needs Node 18+, Debian's python3-websockets (apt-get install python3-websockets) and N + 100 open
# files per process (ulimit -n).
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

export WSFILE_CLK_TCK=$(getconf CLK_TCK)
# One delivery to N subscribers of the server with process id $1 at URL $2.
deliver() {
    WSFILE_SERVER_PID=$1 node -r "$PWD/bench/fanout-cpu.js" "$SHARED/bench/many-subscribers.js" "$2" "$N" \
        || echo "not every subscriber got the file within 60 s"
}
URL="ws://127.0.0.1:$PORT/wsfile/ws"

# First on the fresh server, whose memory has not grown yet: what the subscribers cost.
before=$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)
echo "fresh server:"
deliver "$SERVER" "$URL"
after=$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)
echo "server RSS: ${before} kB idle, ${after} kB with $N subscribers: $(( (after - before) / N )) kB per subscriber"

# Then on a running server, as every other benchmark measures: the same write path warmed up with
# the original protocol's loads until the JIT compilers are done.
original_warm_up "$SERVER" "$URL"
echo "warm server:"
deliver "$SERVER" "$URL"
deliver "$SERVER" "$URL"
stop_servers

# The original server, with the same load generator.
ORIGINAL_PORT=$((PORT + 1))
/usr/bin/python3 "$SHARED/original/server.py" -p "$ORIGINAL_PORT" -i 127.0.0.1 > target/run/bench-original-many.log 2>&1 &
ORIGINAL=$!
SERVERS+=("$ORIGINAL")
for _ in $(seq 1 50); do
    (exec 3<>/dev/tcp/127.0.0.1/$ORIGINAL_PORT) 2>/dev/null && break
    sleep 0.2
done
echo "the original:"
deliver "$ORIGINAL" "ws://127.0.0.1:$ORIGINAL_PORT"
deliver "$ORIGINAL" "ws://127.0.0.1:$ORIGINAL_PORT"
echo "the original's peak RSS: $(awk '/VmHWM/ {print $2}' /proc/$ORIGINAL/status) kB"
