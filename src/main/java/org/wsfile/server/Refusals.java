package org.wsfile.server;

import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.wsfile.ops.RelayStatistics;
import org.wsfile.protocol.ProtocolException;

/** Every refused request: one log line (connection, code and sentence, never the payload) and a count by code. */
@ApplicationScoped
public class Refusals {
    private static final Logger LOG = Logger.getLogger(Refusals.class.getName());

    @Inject
    RelayStatistics statistics;

    /** @param client who asked, such as {@code connection 12} or an address */
    void record(String client, ProtocolException problem) {
        statistics.refused(problem.code());
        LOG.info(() -> "refused a request from " + client + ": " + problem.code().wireName() + ": " + problem.getMessage());
    }
}
