#!/usr/bin/env bash
# End to end with wsfile's own command-line client: `wsfile send` of one file (200 MB by default)
# to one `wsfile receive` on the same machine, through the WAR on Payara Micro bound to 127.0.0.1.
# Prints the sender's wall time with and without the JVM's start and each client's CPU time, and
# checks the received copy; twice: on the freshly started server, then on the server that has
# relayed the file once.
#   bench/cli.sh [SIZE_IN_MB]
#   WSFILE_BENCH_CONTAINER=wildfly bench/cli.sh    the same on WildFly 39
# WSFILE_BENCH_CLIENT_OPTS adds JVM options to both clients (a profiler, -Djdk.httpclient.bufsize=...).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
MB=${1:-200}
PORT=${WSFILE_BENCH_PORT:-18773}
WORK=target/bench/cli

build_server
if [ "${WSFILE_BENCH_CONTAINER:-payara}" = wildfly ]; then
    start_wildfly "-Xmx512m -Dwsfile.max-file-size=4GB"
    URL="ws://127.0.0.1:8280/wsfile/ws"
else
    start_server "$PORT" -Xmx512m -Dwsfile.max-file-size=4GB
    URL="ws://127.0.0.1:$PORT/wsfile/ws"
fi
rm -rf "$WORK" && mkdir -p "$WORK/in" "$WORK/out"
head -c $((MB * 1000000)) /dev/urandom > "$WORK/in/file.bin"
# Each client's CPU time (user + system, its JVM's start included), from bash's time keyword.
TIMEFORMAT='%U %S'
cpu() { tail -1 "$1" | awk '{printf "%.2f s", $1 + $2}'; }
for run in "fresh server" "warm server"; do
    rm -f "$WORK/out/file.bin"
    { time java ${WSFILE_BENCH_CLIENT_OPTS:-} -jar target/wsfile-cli.jar receive -u "$URL" -t cli-bench -o "$WORK/out" --count 1 > "$WORK/receive.log" 2>&1; } \
        2> "$WORK/receive.cpu" &
    RECEIVER=$!
    sleep 3   # the receiver's JVM starts and subscribes
    start=$(date +%s%N)
    { time java ${WSFILE_BENCH_CLIENT_OPTS:-} -jar target/wsfile-cli.jar send -u "$URL" -t cli-bench --min-receivers 1 "$WORK/in/file.bin" > "$WORK/send.log"; } \
        2> "$WORK/send.cpu"
    end=$(date +%s%N)
    echo "$run: $(cat "$WORK/send.log")"
    wait "$RECEIVER"
    cmp "$WORK/in/file.bin" "$WORK/out/file.bin" && echo "$run: the received copy is identical"
    # The sender's own line times the transfer once connected; the wall time includes the JVM's start.
    python3 -c "print('$run: wall time of wsfile send, JVM start included: %.2f s (%.0f MB/s)' % (($end - $start) / 1e9, $MB / (($end - $start) / 1e9)))"
    echo "$run: CPU time of wsfile send $(cpu "$WORK/send.cpu"), of wsfile receive $(cpu "$WORK/receive.cpu")"
done
