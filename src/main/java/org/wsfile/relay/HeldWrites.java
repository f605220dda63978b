package org.wsfile.relay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets a thread that relays files that arrived together (a sender's bundle, a batch of small
 * files from another server) hold back the connections it hands them to until it has relayed
 * them all, so that each connection then writes them in as few messages as it can bundle
 * instead of a writer taking the first file alone, or a few at a time, while the rest are still
 * being relayed. Every message a connection writes costs a system call and the container's
 * per-message work, and its client's reading and confirming too.
 * <p>
 * A thread must not wait for a connection it holds: whatever waits for a connection's writes calls
 * {@link #release()} first.
 */
public final class HeldWrites {
    /** The connections the current thread holds, each with what lets it go on writing. */
    private static final ThreadLocal<Map<Object, Runnable>> HELD = new ThreadLocal<>();

    private HeldWrites() {
    }

    /** Relaying that may wait for subscribers. */
    public interface Relaying {
        void run() throws InterruptedException;
    }

    /** Runs {@code relaying}, letting it hold connections until it ends, however it ends. */
    public static void during(Relaying relaying) throws InterruptedException {
        if (HELD.get() != null) {
            relaying.run();
            return;
        }
        HELD.set(new LinkedHashMap<>());
        try {
            relaying.run();
        } finally {
            try {
                release();
            } finally {
                // Even if a release failed: a thread left marked would hold every connection it relays to from then on.
                HELD.remove();
            }
        }
    }

    /**
     * Holds a connection back while the current thread relays files that arrived together.
     *
     * @param release lets the connection go on writing; run once, when the relaying ends or must wait
     * @return whether this call began holding it; false if the thread relays no such files or holds it already
     */
    public static boolean hold(Object connection, Runnable release) {
        Map<Object, Runnable> held = HELD.get();
        return held != null && held.putIfAbsent(connection, release) == null;
    }

    /** Lets every connection the current thread holds go on writing: it is about to wait, maybe for one of them. */
    public static void release() {
        Map<Object, Runnable> held = HELD.get();
        if (held == null || held.isEmpty()) {
            return;
        }
        List<Runnable> releases = List.copyOf(held.values());
        held.clear();
        releases.forEach(Runnable::run);
    }
}
