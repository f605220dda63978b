package org.wsfile.ops;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

/** {@code /wsfile/metrics}: the relay's metrics in Prometheus' text format. */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {
    private static final PrometheusTextFormatWriter FORMAT = PrometheusTextFormatWriter.create();

    @Inject
    RelayStatistics statistics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        FORMAT.write(response.getOutputStream(), statistics.registry().scrape());
    }
}
