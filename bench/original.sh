#!/usr/bin/env bash
# wsfile against the original Python server, original protocol, same loads, one run: builds the WAR,
# starts it on Payara Micro bound to 127.0.0.1, warms it up, then runs ../shared/bench/compare-original.sh
# (which starts the original server itself) and stops the server.
#   bench/original.sh          all four loads (100 MB files included)
#   bench/original.sh quick    1 MB x 100 -> 10 and 10 KB x 1000 -> 10
# Needs Node 18+ and Debian's python3-websockets (apt-get install python3-websockets).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
PORT=${WSFILE_BENCH_PORT:-18767}
SHARED=${WSFILE_SHARED:-../shared}

build_server
node_tools
start_server "$PORT"
URL="ws://127.0.0.1:$PORT/wsfile/ws"
original_warm_up "$SERVER" "$URL"
bash "$SHARED/bench/compare-original.sh" "$URL" "${1:-all}"
