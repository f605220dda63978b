package org.wsfile.server;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.wsfile.config.AccessControl;
import org.wsfile.config.ClusterSettings;
import org.wsfile.config.HistorySettings;
import org.wsfile.config.SpoolSettings;
import org.wsfile.relay.Broker;
import org.wsfile.config.Settings;

/** Reads the settings when the application starts, so a wrong one stops deployment with a clear message, and says where to connect. */
@WebListener
public class StartupLog implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(StartupLog.class.getName());

    @Inject
    Settings settings;
    @Inject
    AccessControl access;
    @Inject
    ClusterSettings cluster;
    @Inject
    HistorySettings history;
    @Inject
    SpoolSettings spool;
    @Inject
    Broker broker;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String ready = readyLine(ListenAddresses.find(), event.getServletContext().getContextPath(), access.tokensRequired());
        LOG.info(() -> ready + " Settings: " + settings + ", " + history + ", " + spool + ", " + cluster);
        // The broker connects to the other servers of a cluster as it is made: now, not at the first file.
        broker.state();
    }

    /** Where people open the pages and where clients connect, as exactly as the server tells. */
    static String readyLine(Optional<ListenAddresses.Listener> listener, String context, boolean tokens) {
        String access = tokens ? "tokens are required" : "tokens are off: anyone who can reach it may send and receive";
        if (listener.isEmpty()) {
            return "wsfile is ready: open http://HOST:PORT" + context + "/ in a browser, with this server's HTTP address"
                    + " and port; clients connect to ws://HOST:PORT" + context + "/ws. " + capitalized(access) + ".";
        }
        int port = listener.get().port();
        List<String> hosts = listener.get().hosts();
        List<String> pages = hosts.stream().map(host -> "http://" + host + ":" + port + context + "/").toList();
        String where = listener.get().listensEverywhere() ? "on every network interface" : "on " + listener.get().address() + " only";
        return "wsfile is ready: open " + String.join(" or ", pages) + " in a browser; clients connect to ws://"
                + hosts.get(0) + ":" + port + context + "/ws. It listens " + where + "; " + access + ".";
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
