#!/usr/bin/env bash
# End to end with wsfile's own command-line client: `wsfile send` of one file (200 MB by default)
# to one `wsfile receive` on the same machine, through the WAR on Payara Micro bound to 127.0.0.1.
# Prints the sender's wall time with and without the JVM's start and each client's CPU time, and
# checks the received copy: once on the freshly started server, then five times (WSFILE_BENCH_RUNS)
# once transfers have warmed it up (the clients' JVMs are new each time, as a user's are).
#   bench/cli.sh [SIZE_IN_MB]      a fraction too: bench/cli.sh 0.01 times one 10 KB file, where the
#                                  clients' start is most of the time
#   WSFILE_BENCH_CONTAINER=wildfly bench/cli.sh    the same on WildFly 39
# WSFILE_BENCH_CLIENT_OPTS adds JVM options to both clients (a profiler).
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
head -c "$(python3 -c "print(round($MB * 1000000))")" /dev/urandom > "$WORK/in/file.bin"
# Runs a client and writes its CPU time (user + system, its JVM's start included) to the file $1.
# Measured on the client's own process: bash's time keyword counts children the shell reaps
# meanwhile too, and so added the previous run's receiver to the second sender's figure.
timed() {
    local out=$1
    shift
    python3 -c 'import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
used = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%.2f s\n" % (used.ru_utime + used.ru_stime))
sys.exit(code)' "$out" "$@"
}
# One transfer: the receiver starts and subscribes, then the sender sends; the received copy is checked.
transfer() {
    rm -f "$WORK/out/file.bin"
    timed "$WORK/receive.cpu" java ${WSFILE_BENCH_CLIENT_OPTS:-} -jar target/wsfile-cli.jar receive -u "$URL" -t cli-bench \
        -o "$WORK/out" --count 1 > "$WORK/receive.log" 2>&1 &
    local receiver=$!
    sleep 3   # the receiver's JVM starts and subscribes
    start=$(date +%s%N)
    timed "$WORK/send.cpu" java ${WSFILE_BENCH_CLIENT_OPTS:-} -jar target/wsfile-cli.jar send -u "$URL" -t cli-bench \
        --min-receivers 1 "$WORK/in/file.bin" > "$WORK/send.log"
    end=$(date +%s%N)
    wait "$receiver"
    cmp "$WORK/in/file.bin" "$WORK/out/file.bin"
}
# The sender's own line times the transfer once connected; the wall time includes the JVM's start.
report() {   # LABEL
    echo "$1: $(cat "$WORK/send.log") (the received copy is identical)"
    python3 -c "print('$1: wall time of wsfile send, JVM start included: %.2f s (%.0f MB/s)' % (($end - $start) / 1e9, $MB / (($end - $start) / 1e9)))"
    echo "$1: CPU time of wsfile send $(cat "$WORK/send.cpu"), of wsfile receive $(cat "$WORK/receive.cpu")"
}

# What a user who has just started the server sees.
transfer
report "fresh server"

# Then a running server, as every other benchmark measures it (docs/BENCHMARKS.md, "Warm-up"):
# transfers, unreported, until the server's JIT compilers used under 10 % of its CPU, or under
# 50 ms, during one (a small file costs the server so little that its compilers' background work
# stays a large share); 30 at most.
for round in $(seq 1 30); do
    while_compiling "$SERVER" transfer
    (( COMPILING_SHARE < 10 || COMPILING_MS < 50 )) && break
done
echo "warm-up: $round transfers; in the last, the JIT compilers used $COMPILING_SHARE % of the server's CPU ($COMPILING_MS ms)"

RUNS=${WSFILE_BENCH_RUNS:-5}
for i in $(seq 1 "$RUNS"); do
    transfer
    report "run $i of $RUNS"
done
