package org.wsfile.ops;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /wsfile/health/live} and {@code /wsfile/health/ready}, in MicroProfile Health's JSON
 * shape (status UP with 200, DOWN with 503), on every server whether it has MicroProfile Health
 * or not. Live: the threads that write to subscribers run. Ready: live, and the application is
 * not stopping. Each names its check as MicroProfile Health does on Payara.
 */
@WebServlet("/health/*")
public class HealthServlet extends HttpServlet {
    private static final JsonProvider JSON = JsonProvider.provider();
    @Inject
    RelayState state;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String check = request.getPathInfo() == null ? "" : request.getPathInfo();
        String name;
        boolean up;
        switch (check) {
            case "/live" -> {
                name = RelayState.LIVE_CHECK;
                up = state.deliveryThreadsRunning();
            }
            case "/ready", "", "/" -> {
                name = RelayState.READY_CHECK;
                up = state.ready();
            }
            default -> {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
        }
        String status = up ? "UP" : "DOWN";
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        JsonResponse.send(response, JSON.createObjectBuilder().add("status", status)
                .add("checks", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                        .add("name", name).add("status", status)))
                .build());
    }
}
