package org.wsfile.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** CPU time that processes on this machine have used so far, user and system, from Linux's /proc (ticks of 10 ms). */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** Each process's CPU seconds. */
    static double[] seconds(List<Long> pids) throws IOException {
        double[] seconds = new double[pids.size()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = seconds(Path.of("/proc", Long.toString(pids.get(i)), "stat"));
        }
        return seconds;
    }

    /**
     * The CPU seconds that each process's JIT compiler threads (HotSpot's "C1 CompilerThread" and
     * "C2 CompilerThread") have used; a process without any counts nothing. Threads that ended
     * since are not counted: HotSpot keeps at least one of each.
     */
    static double[] compilerSeconds(List<Long> pids) throws IOException {
        double[] seconds = new double[pids.size()];
        for (int i = 0; i < seconds.length; i++) {
            try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pids.get(i)), "task"))) {
                for (Path thread : threads.toList()) {
                    try {
                        if (Files.readString(thread.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) {
                            seconds[i] += seconds(thread.resolve("stat"));
                        }
                    } catch (IOException ended) {
                        // The thread ended between listing and reading.
                    }
                }
            }
        }
        return seconds;
    }

    private static double seconds(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }
}
