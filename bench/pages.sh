#!/usr/bin/env bash
# The pages end to end: a file from sender.html to receiver.html in two headless Chromium
# instances (Debian's chromium and chromium-driver), the server on Payara Micro bound to
# 127.0.0.1 (default heap, 2 GB file limit). Prints MB/s and, per tab, its largest JS heap,
# its renderer memory growth and its longest stall.
#   bench/pages.sh                 100 MB
#   bench/pages.sh 100000000 300000000
#   WSFILE_BENCH_CONTAINER=wildfly bench/pages.sh 1000000000    the same on WildFly 39
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
PORT=${WSFILE_BENCH_PORT:-18767}

build_server
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
mvn -B -q test-compile
if [ "${WSFILE_BENCH_CONTAINER:-payara}" = wildfly ]; then
    start_wildfly "-Dwsfile.max-file-size=2GB"
    PORT=8280
else
    start_server "$PORT" -Dwsfile.max-file-size=2GB
fi

# Warm the server up first, as the other benchmarks do (docs/BENCHMARKS.md, "Warm-up"), with the
# Java client's loads, which take the same streaming path as the pages.
java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.wsfile.bench.RelayBenchmark \
    "ws://127.0.0.1:$PORT/wsfile/ws" "$SERVER" target/bench/files warm-up
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.wsfile.bench.PagesBenchmark \
    "http://127.0.0.1:$PORT/wsfile/" target/bench/files "${@:-100000000}"
