package org.wsfile.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static ClusterSettings read(Map<String, String> values) {
        return ClusterSettings.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void withoutANatsAddressTheServerWorksOnItsOwn() {
        ClusterSettings settings = read(Map.of());

        assertFalse(settings.enabled());
        assertEquals("wsfile", settings.name());
        assertEquals(8L << 20, settings.window());
        assertEquals(Duration.ofSeconds(3), settings.peerTimeout());
        assertTrue(settings.nodeId().matches("[0-9a-f]{8}"), settings.nodeId());
    }

    @Test
    void aNodeIdThatIsNotAPlainSubjectTokenIsRefusedWithItsName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(ClusterSettings.NODE_ID, "a.b")));

        assertTrue(refused.getMessage().contains("wsfile.cluster.node-id"), refused.getMessage());
        assertTrue(refused.getMessage().contains("WSFILE_CLUSTER_NODE_ID"), refused.getMessage());
    }

    @Test
    void aPasswordInTheNatsAddressStaysOutOfTheLoggedSettings() {
        ClusterSettings settings = read(Map.of(ClusterSettings.NATS_URL, "nats://wsfile:secret@nats1:4222,nats://nats2:4222"));

        assertTrue(settings.enabled());
        assertFalse(settings.toString().contains("secret"), settings.toString());
        assertTrue(settings.toString().contains("nats://***@nats1:4222,nats://nats2:4222"), settings.toString());
        assertEquals("tls://***@nats1:4222", ClusterSettings.withoutPassword("tls://user:pa:ss@nats1:4222"));
    }

    @Test
    void aWindowBelowOneMebibyteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> read(Map.of(ClusterSettings.WINDOW, "64KiB")));
    }
}
