package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.wsfile.testing.Browser;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.StreamClient;

/** What operators see: metrics, health and the status page, while files move. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonProvider JSON = JsonProvider.provider();
    /** A file name in two scripts, which the status must pass on as it is. */
    private static final String NAME = "größe-日本.pdf";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-ops.war", "wsfile.max-file-size=1MiB\n");
    }

    @TempDir
    Path downloads;

    @Test
    @Order(1)
    void theStatusSaysWhenTheApplicationStartedNotWhenItWasFirstAsked() throws Exception {
        Instant firstAsked = Instant.now();
        Thread.sleep(20);

        Instant startedAt = Instant.parse(JSON.createReader(new StringReader(get("status").body())).readObject()
                .getString("startedAt"));

        assertTrue(startedAt.isBefore(firstAsked), "started at " + startedAt + ", first asked at " + firstAsked);
    }

    @Test
    void everyPageScriptAndAnswerIsUtf8AndSaysSo() throws Exception {
        for (String path : new String[] {"", "index.html", "receiver.html", "sender.html", "status.html",
            "js/connection.js", "css/wsfile.css", "status", "health/live", "health/ready", "metrics"}) {
            HttpResponse<String> answer = get(path);
            assertEquals(200, answer.statusCode(), path);
            String type = answer.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).replace(" ", "");
            assertTrue(type.contains("charset=utf-8"), path + " is served as " + type);
        }
    }

    @Test
    void healthNamesTheSameChecksAsPayarasMicroProfileHealth() throws Exception {
        for (String check : new String[] {"live", "ready"}) {
            HttpResponse<String> payaras = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base.toString()).resolve("/health/" + check)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, payaras.statusCode(), payaras.body());
            assertEquals(checkNames(get("health/" + check).body()), checkNames(payaras.body()), check);
        }
    }

    private static List<String> checkNames(String health) {
        return JSON.createReader(new StringReader(health)).readObject().getJsonArray("checks").stream()
                .map(check -> check.asJsonObject().getString("name")).sorted().toList();
    }

    @Test
    void metricsCountFilesBytesAbortsAndErrorsByCode() throws Exception {
        URI endpoint = endpoint();
        try (StreamClient receiver = StreamClient.connect(endpoint);
             StreamClient sender = StreamClient.connect(endpoint)) {
            receiver.subscribe("metrics");
            String before = get("metrics").body();
            sender.send("metrics", "a.bin", 1000, 1).awaitReceipt(WAIT);
            sender.send("metrics", "b.bin", 500, 2).awaitReceipt(WAIT);
            StreamClient.Outgoing cancelled = sender.start("metrics", "c.bin", "", 100, 3);
            cancelled.cancel();
            cancelled.awaitReceipt(WAIT);
            sender.start("metrics", "huge.bin", "", 2 << 20, 4);
            sender.nextError(WAIT);

            String after = get("metrics").body();

            assertEquals(2, increase(before, after, "wsfile_files_relayed_total"), after);
            assertEquals(1500, increase(before, after, "wsfile_relayed_bytes_total"), after);
            assertEquals(1, increase(before, after, "wsfile_transfers_aborted_total"), after);
            assertEquals(2, increase(before, after, "wsfile_deliveries_total{outcome=\"completed\"}"), after);
            assertEquals(1, increase(before, after, "wsfile_deliveries_total{outcome=\"failed\"}"), after);
            assertEquals(1, increase(before, after, "wsfile_errors_total{code=\"too-large\"}"), after);
            assertTrue(after.contains("wsfile_subscribers{topic=\"metrics\"} 1.0"), after);
            assertTrue(after.contains("wsfile_connections 2.0"), after);
        }
    }

    @Test
    void healthSaysUpInMicroProfileHealthsShape() throws Exception {
        for (String check : new String[] {"health/live", "health/ready"}) {
            HttpResponse<String> health = get(check);
            assertEquals(200, health.statusCode());
            JsonObject body = JSON.createReader(new StringReader(health.body())).readObject();
            assertEquals("UP", body.getString("status"));
        }
        assertEquals(404, get("health/nonsense").statusCode());
    }

    @Test
    void theStatusPageShowsTopicsAndAFileArrivingLive() throws Exception {
        URI endpoint = endpoint();
        try (StreamClient receiver = StreamClient.connect(endpoint);
             StreamClient sender = StreamClient.connect(endpoint);
             Browser browser = Browser.start(downloads, 1000, 800)) {
            receiver.subscribe("status-7b");
            browser.open(base + "status.html");
            browser.awaitElement("#topics td", WAIT);
            StreamClient.Outgoing arriving = sender.start("status-7b", NAME, "application/pdf", 1_000_000, 5);
            arriving.sendChunk(400_000);

            // The chunk is sent when the client has written it; the server reads it a moment later.
            JsonObject status = awaitStatus(json -> json.getJsonArray("transfers").size() == 1
                    && json.getJsonArray("transfers").getJsonObject(0).getJsonNumber("received").longValue() == 400_000);
            assertEquals(NAME, status.getJsonArray("transfers").getJsonObject(0).getString("name"));
            assertEquals(1, status.getJsonArray("topics").getJsonObject(0).getInt("subscribers"));
            browser.awaitElement(".file[data-name='" + NAME + "'] progress", WAIT);
            assertTrue(browser.find(".file[data-name='" + NAME + "']").getText().contains(NAME),
                    browser.find(".file").getText());
            browser.screenshot("status");

            while (arriving.hasMore()) {
                arriving.sendChunk(StreamClient.CHUNK_SIZE);
            }
            arriving.end();
            arriving.awaitReceipt(WAIT);
            browser.await(WAIT, page -> page.findElements(By.cssSelector(".file")).isEmpty());
        }
    }

    /** Reads /status until it satisfies the condition; fails with the last one read if it does not in time. */
    private JsonObject awaitStatus(Predicate<JsonObject> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject status;
        do {
            status = JSON.createReader(new StringReader(get("status").body())).readObject();
            if (condition.test(status)) {
                return status;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the status never showed what was expected: " + status);
    }

    /** How much a sample grew between two scrapes (a sample not yet there counts as 0). */
    private static double increase(String before, String after, String sample) {
        return value(after, sample) - value(before, sample);
    }

    private static double value(String metrics, String sample) {
        return metrics.lines().filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1))).findFirst().orElse(0);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
