package org.wsfile.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.wsfile.cluster.ClusterMessages.Kind;
import org.wsfile.cluster.ClusterMessages.Report;

/**
 * How other servers' files fared with this server's subscribers, waiting up to a millisecond to
 * go back to the sender's server together: subscribers confirm small files in batches, so their
 * reports come in bursts, and a burst to one server goes as one message.
 */
final class Reports {
    /** At most so many reports in one message, so that it stays far below NATS's largest. */
    private static final int MAX_PER_MESSAGE = 500;

    private final NatsBroker broker;
    private final Map<String, List<Report>> waiting = new HashMap<>();
    private boolean flushDue;

    Reports(NatsBroker broker) {
        this.broker = broker;
    }

    /** Queues the report of a file from {@code origin}, to go back within a millisecond. */
    synchronized void add(String origin, Report report) {
        waiting.computeIfAbsent(origin, server -> new ArrayList<>()).add(report);
        if (!flushDue) {
            flushDue = true;
            broker.soon(this::flush);
        }
    }

    private void flush() {
        Map<String, List<Report>> due;
        synchronized (this) {
            due = new HashMap<>(waiting);
            waiting.clear();
            flushDue = false;
        }
        due.forEach((origin, reports) -> {
            for (int from = 0; from < reports.size(); from += MAX_PER_MESSAGE) {
                broker.answer(origin, Kind.REPORT, ClusterMessages.reports(
                        reports.subList(from, Math.min(reports.size(), from + MAX_PER_MESSAGE))));
            }
        });
    }
}
