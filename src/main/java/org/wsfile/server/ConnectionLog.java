package org.wsfile.server;

import java.util.logging.Logger;

import org.wsfile.protocol.ProtocolException;

/** One log line per refused request: which connection, the error code and the sentence, never the payload. */
final class ConnectionLog {
    private static final Logger LOG = Logger.getLogger(ConnectionLog.class.getName());

    private ConnectionLog() {
    }

    static void refused(String connectionId, ProtocolException problem) {
        LOG.info(() -> "refused a request from connection " + connectionId + ": " + problem.code().wireName()
                + ": " + problem.getMessage());
    }
}
