package org.wsfile.server;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Marks the application as stopping (no longer ready) and closes every connection when it stops. Listeners hear of the stop in the reverse
 * of their start order, so this one, started after the WebSocket engine's, runs while the
 * engine can still send close frames.
 */
@WebListener
public class ShutdownListener implements ServletContextListener {
    @Inject
    OpenConnections connections;
    @Inject
    ApplicationState state;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        state.stop();
        connections.closeAll();
    }
}
