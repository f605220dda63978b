package org.wsfile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** --url as people write it. */
class ServerAddressTest {

    @ParameterizedTest
    @CsvSource({
        "ws://school:8765/wsfile/ws,         ws://school:8765/wsfile/ws",
        "wss://school.example/wsfile/ws,     wss://school.example/wsfile/ws",
        "ws://127.0.0.1:8765,                ws://127.0.0.1:8765",
        "http://school:8765/wsfile/,         ws://school:8765/wsfile/ws",
        "http://school:8765/wsfile,          ws://school:8765/wsfile/ws",
        "https://school.example/,            wss://school.example/wsfile/ws",
        "https://school.example/files/ws,    wss://school.example/files/ws",
        "localhost:8765,                     ws://localhost:8765/wsfile/ws",
        "school.example,                     ws://school.example/wsfile/ws",
        "10.0.0.5:9000/other/ws,             ws://10.0.0.5:9000/other/ws",
        "' localhost:8765 ',                 ws://localhost:8765/wsfile/ws",
    })
    void addressesBecomeTheWebSocketEndpoint(String given, String endpoint) {
        assertEquals(URI.create(endpoint), new ServerAddress().convert(given));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://school/", "ws://", "http:///wsfile/", ":8765"})
    void anythingElseIsRefusedWithExamples(String given) {
        TypeConversionException refused = assertThrows(TypeConversionException.class, () -> new ServerAddress().convert(given));

        assertTrue(refused.getMessage().contains("give one such as ws://localhost:8765/wsfile/ws"), refused.getMessage());
    }
}
