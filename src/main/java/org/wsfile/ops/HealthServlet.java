package org.wsfile.ops;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.wsfile.relay.BrokerState;

/**
 * {@code /wsfile/health/live} and {@code /wsfile/health/ready}, in MicroProfile Health's JSON
 * shape (status UP with 200, DOWN with 503), on every server whether it has MicroProfile Health
 * or not. Live: the threads that write to subscribers run. Ready: live, the broker reaches the
 * other servers of a cluster, and the application is not stopping. Each names its check as
 * MicroProfile Health does on Payara.
 */
@WebServlet("/health/*")
public class HealthServlet extends HttpServlet {
    private static final JsonProvider JSON = JsonProvider.provider();
    @Inject
    RelayState state;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String name;
        boolean up;
        JsonObjectBuilder check = JSON.createObjectBuilder();
        switch (path) {
            case "/live" -> {
                name = RelayState.LIVE_CHECK;
                up = state.deliveryThreadsRunning();
            }
            case "/ready", "", "/" -> {
                name = RelayState.READY_CHECK;
                up = state.ready();
                BrokerState broker = state.broker();
                check.add("data", JSON.createObjectBuilder().add("broker", broker.kind())
                        .add("brokerConnected", broker.connected()));
            }
            default -> {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
        }
        String status = up ? "UP" : "DOWN";
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        JsonResponse.send(response, JSON.createObjectBuilder().add("status", status)
                .add("checks", JSON.createArrayBuilder().add(check.add("name", name).add("status", status)))
                .build());
    }
}
