#!/usr/bin/env bash
# Relay benchmark: builds wsfile.war, runs it on Payara Micro bound to 127.0.0.1 with a 256 MiB
# heap and a 4 GB file limit, runs org.wsfile.bench.RelayBenchmark against it and stops the server.
#   bench/run.sh          every scenario, including 1 GB and 2 GB files (several minutes)
#   bench/run.sh quick    the scenarios up to 100 MB
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${WSFILE_BENCH_PORT:-18765}
HEAP=${WSFILE_BENCH_HEAP:-256m}
PAYARA=6.2025.10

mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
mvn -B -q dependency:copy -Dartifact=fish.payara.extras:payara-micro:$PAYARA -DoutputDirectory=target/bench

echo 'set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1' \
    > target/bench/preboot.txt
java -Xmx"$HEAP" ${WSFILE_BENCH_SERVER_OPTS:-} -Dwsfile.max-file-size=4GB -jar target/bench/payara-micro-$PAYARA.jar --nohazelcast --port "$PORT" \
    --prebootcommandfile target/bench/preboot.txt --deploy target/wsfile.war > target/bench/server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    grep -q "wsfile is ready" target/bench/server.log && break
    kill -0 $SERVER || { cat target/bench/server.log; exit 1; }
    sleep 1
done

java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.wsfile.bench.RelayBenchmark \
    "ws://127.0.0.1:$PORT/wsfile/ws" "$SERVER" target/bench/files "${1:-full}"
