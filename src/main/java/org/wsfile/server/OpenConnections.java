package org.wsfile.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.CloseReason;

import org.wsfile.ops.ConnectionCount;

/**
 * Every open connection, so that when the application stops (server shut down or application
 * undeployed) each is closed with 1001, "going away": clients then know to reconnect, and files
 * in flight are aborted rather than left hanging. The WebSocket engine itself does not close
 * them then (Payara leaves them open, with nobody behind them).
 */
@ApplicationScoped
public class OpenConnections implements ConnectionCount {
    private static final Logger LOG = Logger.getLogger(OpenConnections.class.getName());

    private final Set<SessionOutbox> open = ConcurrentHashMap.newKeySet();

    void opened(SessionOutbox outbox) {
        open.add(outbox);
    }

    void closed(SessionOutbox outbox) {
        open.remove(outbox);
    }

    @Override
    public int count() {
        return open.size();
    }

    /** Closes every connection with 1001. */
    void closeAll() {
        if (!open.isEmpty()) {
            LOG.info(() -> "closing " + open.size() + " connections: the application is stopping");
        }
        open.forEach(outbox -> outbox.close(CloseReason.CloseCodes.GOING_AWAY, "the server is going away"));
        open.clear();
    }
}
