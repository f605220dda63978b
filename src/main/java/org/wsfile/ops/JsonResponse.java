package org.wsfile.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;

/** Writes a JSON answer in UTF-8, saying so, so that topics and file names in any script arrive as they are. */
final class JsonResponse {
    private JsonResponse() {
    }

    static void send(HttpServletResponse response, JsonObject body) throws IOException {
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body.toString());
    }
}
