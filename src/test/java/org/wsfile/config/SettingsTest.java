package org.wsfile.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.wsfile.protocol.Units;

class SettingsTest {

    @Test
    void defaultsMatchTheOriginalLimitAndAreSafe() {
        Settings settings = Settings.from(key -> Optional.empty());

        assertEquals(500L * 1024 * 1024, settings.maxFileSize());
        assertEquals(Duration.ofSeconds(30), settings.subscriberSendTimeout());
        assertEquals(4L * 1024 * 1024, settings.subscriberBuffer());
        assertEquals(64L * 1024 * 1024, settings.subscriberMaxBuffer());
        assertEquals(Duration.ofSeconds(60), settings.senderIdleTimeout());
        assertEquals(new Settings.Limits(1000, 100, 100, 16, 100, Duration.ofMinutes(10)), settings.limits());
        assertEquals(Settings.WebSocketEngine.CONTAINER, settings.streamingWebSocket());
    }

    @Test
    void streamingConnectionsMayBeRunByWsfilesOwnWebSocketAndNothingElse() {
        assertEquals(Settings.WebSocketEngine.WSFILE, Settings.from(key -> key.equals(Settings.STREAMING_WEBSOCKET)
                ? Optional.of(" WSfile ") : Optional.empty()).streamingWebSocket());
        assertEquals(Settings.WebSocketEngine.CONTAINER, Settings.from(key -> key.equals(Settings.STREAMING_WEBSOCKET)
                ? Optional.of("container") : Optional.empty()).streamingWebSocket());

        IllegalArgumentException problem = assertThrows(IllegalArgumentException.class, () -> Settings.from(
                key -> key.equals(Settings.STREAMING_WEBSOCKET) ? Optional.of("tyrus") : Optional.empty()));
        assertTrue(problem.getMessage().contains("wsfile.streaming.websocket"), problem.getMessage());
        assertTrue(problem.getMessage().contains("expected container (the server's WebSocket engine) or wsfile"),
                problem.getMessage());
    }

    @Test
    void valuesAreReadWithTheirUnits() {
        Map<String, String> values = Map.of(
                Settings.MAX_FILE_SIZE, "2GB",
                Settings.SUBSCRIBER_SEND_TIMEOUT, "500ms",
                Settings.SUBSCRIBER_BUFFER, "1MiB",
                Settings.SUBSCRIBER_MAX_BUFFER, "16MiB",
                Settings.SENDER_IDLE_TIMEOUT, "2m");

        Settings settings = Settings.from(key -> Optional.ofNullable(values.get(key)));

        assertEquals(2_000_000_000L, settings.maxFileSize());
        assertEquals(Duration.ofMillis(500), settings.subscriberSendTimeout());
        assertEquals(1L << 20, settings.subscriberBuffer());
        assertEquals(16L << 20, settings.subscriberMaxBuffer());
        assertEquals(Duration.ofMinutes(2), settings.senderIdleTimeout());
    }

    @Test
    void anInvalidValueNamesTheSettingItsEnvironmentVariableAndTheValue() {
        IllegalArgumentException problem = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(key -> key.equals(Settings.MAX_FILE_SIZE) ? Optional.of("lots") : Optional.empty()));

        assertTrue(problem.getMessage().contains("wsfile.max-file-size"), problem.getMessage());
        assertTrue(problem.getMessage().contains("WSFILE_MAX_FILE_SIZE"), problem.getMessage());
        assertTrue(problem.getMessage().contains("'lots'"), problem.getMessage());
    }

    @Test
    void allowedOriginsAreAListOfSchemeAndHost() {
        Settings settings = Settings.from(key -> key.equals(Settings.ALLOWED_ORIGINS)
                ? Optional.of(" https://School.example , http://localhost:3000,") : Optional.empty());

        assertEquals(Set.of("https://school.example", "http://localhost:3000"), settings.allowedOrigins());
        assertTrue(Settings.from(key -> Optional.empty()).allowedOrigins().isEmpty());
        IllegalArgumentException problem = assertThrows(IllegalArgumentException.class, () -> Settings.from(
                key -> key.equals(Settings.ALLOWED_ORIGINS) ? Optional.of("school.example/path") : Optional.empty()));
        assertTrue(problem.getMessage().contains("scheme://host[:port]"), problem.getMessage());
    }

    @Test
    void aZeroLimitIsRefused() {
        IllegalArgumentException problem = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(key -> key.equals(Settings.MAX_FILE_SIZE) ? Optional.of("0") : Optional.empty()));

        assertEquals("setting wsfile.max-file-size must be more than 0 bytes", problem.getMessage());
    }

    @Test
    void aMaxBufferSmallerThanTheBufferIsRefused() {
        Map<String, String> values = Map.of(Settings.SUBSCRIBER_BUFFER, "8MiB", Settings.SUBSCRIBER_MAX_BUFFER, "4MiB");

        IllegalArgumentException problem = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(key -> Optional.ofNullable(values.get(key))));

        assertEquals("setting wsfile.subscriber.max-buffer must be at least wsfile.subscriber.buffer", problem.getMessage());
    }

    @Test
    void settingsAreLoggedByTheirNamesInTheUnitsTheyWereGivenIn() {
        Map<String, String> values = Map.of(Settings.MAX_FILE_SIZE, "2GB", Settings.ALLOWED_ORIGINS, "null");
        Settings settings = Settings.from(key -> Optional.ofNullable(values.get(key)));

        assertTrue(settings.toString().startsWith("wsfile.max-file-size=2 GB, wsfile.max-text-size=64 KiB, wsfile.subscriber.send-timeout=30s,"
                + " wsfile.subscriber.buffer=4 MiB, wsfile.subscriber.max-buffer=64 MiB, wsfile.sender.idle-timeout=1m,"
                + " wsfile.sender.resume-window=2m, wsfile.allowed-origins=null, wsfile.max-connections=1000,"),
                settings.toString());
        assertTrue(settings.toString().endsWith("wsfile.idle-timeout=10m, wsfile.streaming.websocket=container"), settings.toString());
    }

    @Test
    void pagesOpenedFromFilesCanBeAllowedByName() {
        Settings settings = Settings.from(key -> key.equals(Settings.ALLOWED_ORIGINS)
                ? Optional.of("NULL, https://school.example") : Optional.empty());

        assertEquals(Set.of("null", "https://school.example"), settings.allowedOrigins());
    }
}
