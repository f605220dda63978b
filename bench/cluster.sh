#!/usr/bin/env bash
# Cluster benchmark: a NATS server (Debian's nats-server) and three wsfile servers on Payara Micro,
# all on 127.0.0.1 with a 256 MiB heap each. One sender on the first server; each load runs with
# its 10 receivers on the first server alone, then spread over the three (4 + 3 + 3), in three
# alternating rounds of one run, after a warm-up until every server's JIT compilers are done,
# with the CPU time the servers and NATS used for each. About four minutes.
#   bench/cluster.sh
#   bench/cluster.sh small   the small-file load alone, in twelve rounds (its rounds vary most)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
PORT=${WSFILE_BENCH_PORT:-18765}
NATS_PORT=${WSFILE_BENCH_NATS_PORT:-14222}
NATS=$(command -v nats-server || echo /usr/sbin/nats-server)
[ -x "$NATS" ] || { echo "nats-server is not installed (apt-get install nats-server)" >&2; exit 1; }

build_server
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
mvn -B -q test-compile
"$NATS" -a 127.0.0.1 -p "$NATS_PORT" > target/run/bench-nats.log 2>&1 &
NATS_PID=$!
endpoints=()
pids=()
for node in a b c; do
    port=$((PORT + ${#pids[@]}))
    start_server "$port" -Xmx256m -Dwsfile.cluster.nats-url="nats://127.0.0.1:$NATS_PORT" -Dwsfile.cluster.node-id="$node"
    endpoints+=("ws://127.0.0.1:$port/wsfile/ws")
    pids+=("$SERVER")
done
trap 'stop_servers; kill $NATS_PID 2>/dev/null || true' EXIT

java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.wsfile.bench.RelayBenchmark \
    "$(IFS=,; echo "${endpoints[*]}")" "$(IFS=,; echo "${pids[*]},$NATS_PID")" target/bench/files "cluster${1:+-$1}"
