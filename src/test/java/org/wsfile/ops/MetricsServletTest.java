package org.wsfile.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.spool.Spooling;

/** What a Prometheus scrape of a server that has done nothing yet shows. */
class MetricsServletTest {

    @Test
    void everyMetricIsAnnouncedFromTheStartAndSeriesWithKnownLabelsStartAtZero() throws IOException {
        RelayStatistics statistics = new RelayStatistics();
        statistics.topics = new Hub();
        statistics.broker = new LocalBroker(statistics.topics);
        statistics.connections = () -> 0;
        statistics.spooling = new Spooling();
        statistics.register();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        MetricsServlet.write(statistics.registry().scrape(), out);

        String text = out.toString(StandardCharsets.UTF_8);
        for (String line : new String[] {
            "# TYPE wsfile_subscribers gauge",
            "# HELP wsfile_subscribers Subscribers, by topic",
            "wsfile_deliveries_total{outcome=\"completed\"} 0.0",
            "wsfile_deliveries_total{outcome=\"failed\"} 0.0",
            "wsfile_errors_total{code=\"too-large\"} 0.0",
            "wsfile_errors_total{code=\"invalid-topic\"} 0.0",
            "wsfile_files_relayed_total 0.0",
            "wsfile_connections 0.0",
            "wsfile_broker_connected 1.0",
            "wsfile_broker_published_bytes_total 0.0",
            "wsfile_broker_received_bytes_total 0.0",
            "wsfile_broker_dropped_peers_total 0.0",
            "wsfile_spool_bytes 0.0"}) {
            assertTrue(text.contains(line + "\n"), "missing " + line + " in\n" + text);
        }
    }
}
