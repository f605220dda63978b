package org.wsfile.server;

import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.wsfile.auth.AccessControl;
import org.wsfile.config.Settings;

/** Reads the settings when the application starts, so a wrong one stops deployment with a clear message, and says where to connect. */
@WebListener
public class StartupLog implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(StartupLog.class.getName());

    @Inject
    Settings settings;
    @Inject
    AccessControl access;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String context = event.getServletContext().getContextPath();
        LOG.info(() -> String.format("wsfile is ready: open http://HOST:PORT%s/ in a browser; clients connect to"
                        + " ws://HOST:PORT%s/ws (HOST:PORT as this server listens, e.g. localhost:8765). %s; tokens %s",
                context, context, settings, access.tokensRequired() ? "required" : "off"));
    }
}
