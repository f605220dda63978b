#!/usr/bin/env bash
# How fast the server reads original-protocol frames (org.wsfile.server.FrameReadingBenchmark):
# the working tree's classes, and with a COMMIT also that commit's, in one run.
#   bench/frames.sh [COMMIT]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
mvn -B -q test-compile
DEPS=$(cat target/bench.classpath)
BENCH=target/bench/frames
# The benchmark's class alone, so that it can run against either commit's server classes.
rm -rf "$BENCH" && mkdir -p "$BENCH/classes/org/wsfile/server"
cp target/test-classes/org/wsfile/server/FrameReadingBenchmark*.class "$BENCH/classes/org/wsfile/server/"
if [ $# -eq 1 ]; then
    OTHER=$(mktemp -d)
    git worktree add -q --detach "$OTHER" "$1"
    trap 'git worktree remove --force "$OTHER"' EXIT
    (cd "$OTHER" && mvn -B -q compile)
    echo "$1: $(java -cp "$BENCH/classes:$OTHER/target/classes:$DEPS" org.wsfile.server.FrameReadingBenchmark)"
fi
echo "working tree: $(java -cp "$BENCH/classes:target/classes:$DEPS" org.wsfile.server.FrameReadingBenchmark)"
