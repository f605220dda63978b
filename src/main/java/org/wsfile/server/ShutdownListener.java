package org.wsfile.server;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Marks the application as stopping (no longer ready) and closes every connection with 1001
 * when it stops, so that clients know to reconnect.
 * <p>
 * An undeploy or an orderly server stop reaches {@link #contextDestroyed}: listeners hear of
 * the stop in the reverse of their start order, so this one, started after the WebSocket
 * engine's, runs while the engine can still send close frames. Ctrl+C or SIGTERM does not get
 * there on Payara Micro, whose own exit hook takes the network down before it stops the
 * applications; an exit hook of the application's own closes the connections first.
 */
@WebListener
public class ShutdownListener implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(ShutdownListener.class.getName());

    @Inject
    OpenConnections connections;
    @Inject
    ApplicationState state;

    private Thread onExit;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        onExit = new Thread(() -> stop(exitLog()), "wsfile-exit");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs (or ran) anyway
        }
        stop(LOG);
    }

    private void stop(Logger log) {
        state.stop();
        connections.closeAll(log);
    }

    /**
     * A logger of its own for the exit hook: the JVM resets the logging configuration in an exit
     * hook of its own, which may run first and silence every configured logger.
     */
    private static Logger exitLog() {
        Logger log = Logger.getAnonymousLogger();
        log.setUseParentHandlers(false);
        log.setLevel(Level.INFO);
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return String.format("%1$tT %2$s %3$s%n", record.getMillis(), record.getLevel(), formatMessage(record));
            }
        });
        log.addHandler(console);
        return log;
    }
}
