package org.wsfile.server;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import org.wsfile.config.AccessControl;
import org.wsfile.config.Settings;
import org.wsfile.history.History;
import org.wsfile.ops.RelayStatistics;
import org.wsfile.relay.Hub;
import org.wsfile.relay.TopicRelay;

/**
 * What every {@link Connection} uses of the application, in one place. Dependent, so that the
 * endpoint gets the object itself rather than a client proxy, whose fields would be empty; what
 * it holds are the application's beans.
 */
@Dependent
public class ServerContext {
    @Inject
    Settings settings;
    @Inject
    Hub hub;
    @Inject
    TopicRelay relay;
    @Inject
    History history;
    @Inject
    DeliveryThreads threads;
    @Inject
    ResumableUploads uploads;
    @Inject
    OpenConnections connections;
    @Inject
    Refusals refusals;
    @Inject
    RelayStatistics statistics;
    @Inject
    AccessControl access;
}
