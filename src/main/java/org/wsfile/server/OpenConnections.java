package org.wsfile.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

import org.wsfile.config.Settings;
import org.wsfile.ops.ConnectionCount;

/**
 * Every open connection, so that when the application stops (server shut down or application
 * undeployed) each is closed with 1001, "going away": clients then know to reconnect, and files
 * in flight are aborted rather than left hanging. The WebSocket engine itself does not close
 * them then (Payara leaves them open, with nobody behind them).
 */
@ApplicationScoped
public class OpenConnections implements ConnectionCount {
    /** Each open connection and the client address it comes from. */
    private final Map<Outbox, String> open = new ConcurrentHashMap<>();
    /** How many open connections each client address has; kept with {@link #open}, so a check costs the same at any count. */
    private final Map<String, Integer> perAddress = new HashMap<>();

    /**
     * Counts a new connection in, unless the server or its address already has as many as the
     * limits allow; checked and counted in one step, so connections opening at the same moment
     * cannot all slip under a limit.
     *
     * @return empty if it was counted in, otherwise why not
     */
    synchronized Optional<String> admit(Outbox outbox, String address, Settings.Limits limits) {
        if (open.size() >= limits.maxConnections()) {
            return Optional.of("the server has too many connections; try again later");
        }
        if (perAddress.getOrDefault(address, 0) >= limits.maxConnectionsPerAddress()) {
            return Optional.of("too many connections from " + address);
        }
        open.put(outbox, address);
        perAddress.merge(address, 1, Integer::sum);
        return Optional.empty();
    }

    synchronized void closed(Outbox outbox) {
        String address = open.remove(outbox);
        if (address != null) {
            perAddress.computeIfPresent(address, (a, count) -> count == 1 ? null : count - 1);
        }
    }

    @Override
    public int count() {
        return open.size();
    }

    /**
     * Closes every connection with 1001.
     *
     * @param log where to say how many were closed, if any
     */
    void closeAll(Logger log) {
        if (!open.isEmpty()) {
            log.info(() -> "closing " + open.size() + " connections with 1001 (going away): the application is stopping");
        }
        open.keySet().forEach(outbox -> outbox.close(Closure.goingAway()));
        synchronized (this) {
            open.clear();
            perAddress.clear();
        }
    }
}
