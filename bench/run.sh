#!/usr/bin/env bash
# Relay benchmark: builds wsfile.war, runs it on Payara Micro bound to 127.0.0.1 with a 256 MiB
# heap and a 4 GB file limit, runs org.wsfile.bench.RelayBenchmark against it and stops the server.
#   bench/run.sh          every scenario, including 1 GB and 2 GB files (several minutes)
#   bench/run.sh quick    the scenarios up to 100 MB
#   bench/run.sh small    the small-file scenario alone, three times (to profile it)
#   bench/run.sh medium   1 MB × 100 → 10 alone, three times (to profile it)
#   bench/run.sh history  1,000 kept small files replayed to ten new subscribers, five times (the
#                         server keeps 1,000 files of each topic, in target/bench/history)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
PORT=${WSFILE_BENCH_PORT:-18765}
HEAP=${WSFILE_BENCH_HEAP:-256m}

build_server
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
mvn -B -q test-compile
HISTORY=()
if [ "${1:-}" = history ]; then
    rm -rf target/bench/history
    HISTORY=(-Dwsfile.history.files=1000 -Dwsfile.history.dir=target/bench/history -Dwsfile.history.max-bytes=64MiB
        -Dwsfile.history.max-total-bytes=256MiB)
fi
start_server "$PORT" -Xmx"$HEAP" -Dwsfile.max-file-size=4GB "${HISTORY[@]}"

java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.wsfile.bench.RelayBenchmark \
    "ws://127.0.0.1:$PORT/wsfile/ws" "$SERVER" target/bench/files "${1:-full}"
