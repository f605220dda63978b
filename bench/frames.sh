#!/usr/bin/env bash
# How fast the server reads original-protocol frames (org.wsfile.websocket.FrameReadingBenchmark):
# the working tree's classes, and with a COMMIT also that commit's, in one run.
# (A COMMIT from before 2026-11-27 has the codec in org.wsfile.server: the benchmark finds no class there.)
#   bench/frames.sh [COMMIT]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
mvn -B -q test-compile
DEPS=$(cat target/bench.classpath)
BENCH=target/bench/frames
# The benchmark's class alone, so that it can run against either commit's server classes.
rm -rf "$BENCH" && mkdir -p "$BENCH/classes/org/wsfile/websocket"
cp target/test-classes/org/wsfile/websocket/FrameReadingBenchmark*.class "$BENCH/classes/org/wsfile/websocket/"
if [ $# -eq 1 ]; then
    OTHER=$(mktemp -d)
    git worktree add -q --detach "$OTHER" "$1"
    trap 'git worktree remove --force "$OTHER"' EXIT
    (cd "$OTHER" && mvn -B -q compile)
    echo "$1: $(java -cp "$BENCH/classes:$OTHER/target/classes:$DEPS" org.wsfile.websocket.FrameReadingBenchmark)"
fi
echo "working tree: $(java -cp "$BENCH/classes:target/classes:$DEPS" org.wsfile.websocket.FrameReadingBenchmark)"
