package org.wsfile.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** {@code /wsfile/metrics}: the relay's metrics in Prometheus' text format. */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {
    private static final PrometheusTextFormatWriter FORMAT = PrometheusTextFormatWriter.create();

    @Inject
    RelayStatistics statistics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        write(statistics.registry().scrape(), response.getOutputStream());
    }

    /** Writes the metrics in Prometheus' text format. */
    static void write(MetricSnapshots metrics, OutputStream out) throws IOException {
        FORMAT.write(out, metrics);
        // The writer leaves out a metric with no series yet (subscribers by topic while there are
        // no topics); Prometheus' convention is to announce every metric from the start.
        for (MetricSnapshot metric : metrics) {
            if (metric.getDataPoints().isEmpty()) {
                boolean counter = metric instanceof CounterSnapshot;
                String name = metric.getMetadata().getPrometheusName() + (counter ? "_total" : "");
                out.write(("# HELP " + name + " " + metric.getMetadata().getHelp() + "\n# TYPE " + name + " "
                        + (counter ? "counter" : "gauge") + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
