package org.wsfile.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.wsfile.config.SpoolSettings;
import org.wsfile.relay.Hub;

/**
 * Spooled delivery, on unless {@code wsfile.spool.max-bytes} is 0: the hub feeds streaming
 * subscribers that fall behind from a {@link SpoolStore}, so the slowest no longer sets everyone's pace.
 */
@ApplicationScoped
public class Spooling {
    private static final Logger LOG = Logger.getLogger(Spooling.class.getName());

    @Inject
    SpoolSettings settings;
    @Inject
    Hub hub;

    private volatile SpoolStore store;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!settings.enabled()) {
            return;
        }
        try {
            SpoolStore opened = SpoolStore.open(settings);
            store = opened;
            hub.spool(opened);
        } catch (IOException e) {
            throw new UncheckedIOException("the spool cannot use " + settings.dir().toAbsolutePath() + " ("
                    + SpoolSettings.DIR + "; " + SpoolSettings.MAX_BYTES + "=0 turns it off): " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stop() {
        SpoolStore open = store;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.warning("spool: could not delete its folder: " + e.getMessage());
            }
        }
    }

    /** Bytes spooled now for subscribers that fell behind. */
    public long bytes() {
        SpoolStore open = store;
        return open == null ? 0 : open.bytes();
    }
}
