package org.wsfile.client;

import java.util.concurrent.ThreadFactory;

/** The client's background threads: daemons, so that none of them keeps a command's JVM running once it is done. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Makes daemon threads of this name. */
    static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
