package org.wsfile.testing;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;

/** What a server's {@code /wsfile/status} says, read the way the tests and benchmarks need it. */
public final class StatusPage {
    private static final JsonProvider JSON = JsonProvider.provider();

    private StatusPage() {
    }

    /** The status as JSON, from the body the server sent. */
    public static JsonObject read(String body) {
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    /** The status of the deployment at {@code statusUrl} ({@code …/status}), fetched now. */
    public static JsonObject fetch(String statusUrl) throws IOException, InterruptedException {
        return read(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(statusUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Whether the server has heard that exactly {@code servers} other servers have subscribers for the topic. */
    public static boolean otherServersWant(JsonObject status, String topic, int servers) {
        return status.getJsonArray("topics").getValuesAs(JsonObject.class).stream()
                .anyMatch(entry -> entry.getString("topic").equals(topic)
                        && entry.getJsonArray("otherServers").size() == servers);
    }
}
