# Sourced by the bench scripts: builds the WAR and Payara Micro's jar, and starts the WAR on
# Payara Micro bound to 127.0.0.1, with wsfile's logging; the server stops when the script ends.
#   start_server PORT [JVM OPTIONS...]   sets SERVER to the server's process id; may be called again
#                                        for more servers (its log: target/run/bench-server-PORT.log)
#   start_wildfly [JAVA_OPTS]            the same on WildFly 39 (unpacked by -Pportability), on
#                                        port 8280; sets SERVER to its JVM's process id
#   while_compiling PID COMMAND...       runs COMMAND; sets COMPILING_SHARE and COMPILING_MS, what PID's
#                                        JIT compilers used meanwhile
#   original_warm_up PID URL             the original protocol's loads until the JIT compilers of process
#                                        PID are done with them (needs node_tools)
# WSFILE_BENCH_SERVER_OPTS adds JVM options (a profiler, a heap size) to every run.

build_server() {
    mvn -B -q package -DskipTests -Prun -Dexec.skip
    sed "s/\${wsfile.address}/127.0.0.1/" src/main/payara/preboot.txt > target/run/preboot-bench.txt
}

start_server() {
    local port=$1
    shift
    local log=target/run/bench-server-$port.log
    java "$@" ${WSFILE_BENCH_SERVER_OPTS:-} -jar target/run/payara-micro.jar --deploy target/wsfile.war --contextroot wsfile \
        --port "$port" --nohazelcast --prebootcommandfile target/run/preboot-bench.txt \
        --logproperties src/main/payara/logging.properties > "$log" 2>&1 &
    SERVER=$!
    SERVERS+=("$SERVER")
    trap stop_servers EXIT
    for _ in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/wsfile/" && return 0
        kill -0 "$SERVER" || { cat "$log"; exit 1; }
        sleep 1
    done
    echo "the server did not come up; see $log" >&2
    exit 1
}

SERVERS=()
stop_servers() {
    for server in "${SERVERS[@]}"; do
        kill "$server" 2>/dev/null || true
    done
    for server in "${SERVERS[@]}"; do
        wait "$server" 2>/dev/null || true
    done
}

# The Node `ws` package for the load tools in ../shared/bench, installed once.
node_tools() {
    local work=${TMPDIR:-/tmp}/compare-original
    mkdir -p "$work"
    [ -d "$work/node_modules" ] || (cp "$SHARED/bench/package.json" "$SHARED/bench/package-lock.json" "$work/" \
        && cd "$work" && npm ci -s >/dev/null)
    export NODE_PATH="$work/node_modules"
}

start_wildfly() {
    mvn -B -q -Pportability dependency:unpack@unpack-servers
    local wildfly
    wildfly=$(ls -d target/portability/wildfly-*)
    cp target/wsfile.war "$wildfly/standalone/deployments/wsfile.war"
    chmod +x "$wildfly"/bin/*.sh
    JAVA_OPTS="${1:-}" "$wildfly/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
        -Djboss.socket.binding.port-offset=200 > target/run/bench-wildfly.log 2>&1 &
    local script=$!
    trap "pkill -P $script 2>/dev/null; kill $script 2>/dev/null || true" EXIT
    for _ in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:8280/wsfile/" && break
        sleep 1
    done
    SERVER=$(pgrep -P "$script" java)
}

# The CPU ticks a process has used and those of its JIT compiler threads: "TOTAL COMPILERS".
cpu_ticks() {
    local compilers=0 thread
    for thread in /proc/"$1"/task/*; do
        case "$(cat "$thread/comm" 2>/dev/null)" in
            "C1 CompilerThre"* | "C2 CompilerThre"*)
                compilers=$((compilers + $(awk '{print $14 + $15}' "$thread/stat" 2>/dev/null || echo 0))) ;;
        esac
    done
    echo "$(awk '{print $14 + $15}' "/proc/$1/stat") $compilers"
}

# Runs a command and sets COMPILING_SHARE and COMPILING_MS: the part of process PID's CPU, and the
# milliseconds, that its JIT compilers used meanwhile.
while_compiling() {   # PID COMMAND...
    local pid=$1 before after
    shift
    before=($(cpu_ticks "$pid"))
    "$@"
    after=($(cpu_ticks "$pid"))
    COMPILING_SHARE=$(( 100 * (after[1] - before[1]) / (after[0] - before[0] + 1) ))
    COMPILING_MS=$(( (after[1] - before[1]) * 1000 / $(getconf CLK_TCK) ))
}

# A fresh server compiles its hot code for minutes on these two cores; figures taken meanwhile
# are not those of a running server (docs/BENCHMARKS.md, "Warm-up"). Rounds of the original
# protocol's loads (../shared/bench), large, medium and small files to ten receivers, until in one
# round the JIT compilers of PID used under 10 % of its CPU during each load, 30 rounds at most.
# Judged over a round of small and medium files together, the medium files' CPU hid the small
# files' paths still being compiled; and with no large file in the warm-up, its paths were compiled
# in the measured runs, and the small files' again after them.
original_warm_up() {   # PID URL
    local pid=$1 url=$2 round load most warm
    for round in $(seq 1 30); do
        warm=1
        most=0
        for load in "20MB --files 2" "1MB --files 100" "10KB --files 2000"; do
            while_compiling "$pid" node "$SHARED/bench/loadgen.js" --url "$url" --size $load --receivers 10 --quiet >/dev/null
            (( COMPILING_SHARE > most )) && most=$COMPILING_SHARE
            (( COMPILING_SHARE < 10 )) || warm=0
        done
        (( warm )) && break
    done
    echo "warm-up: $round rounds; in the last, the JIT compilers used at most $most % of the server's CPU during one load" >&2
}
