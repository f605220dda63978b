package org.wsfile.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;
import org.wsfile.cluster.ClusterMessages.Accepted;
import org.wsfile.cluster.ClusterMessages.Report;
import org.wsfile.cluster.ClusterMessages.Whole;
import org.wsfile.relay.FileOffer;

/** What one server writes, the others read back as it was; what is damaged is refused, never more. */
class ClusterMessagesTest {
    private static final String SEED = "20261126";
    /** A text, so that the messages are seen to carry that too. */
    private final FileOffer offer = new FileOffer(7, "école/6e-b", "message-2026-11-26T05-41-46Z.txt", "text/plain; charset=utf-8",
            3, Instant.ofEpochMilli(1_795_650_000_123L), true);

    @Test
    void aWholeFileReadsBackWithItsOfferChecksumAndBytes() {
        byte[] body = ClusterMessages.whole(offer, List.of("b", "c"), "ab".repeat(32), new byte[] {1, 2, 3});

        Whole whole = ClusterMessages.readWhole(body);

        assertEquals(new ClusterMessages.RemoteOffer(offer.topic(), offer.name(), offer.mime(), 3, offer.sentAt(), true,
                List.of("b", "c"), Optional.of(offer.key())), whole.offer());
        assertEquals("ab".repeat(32), whole.sha256());
        byte[] content = new byte[whole.content().remaining()];
        whole.content().get(content);
        assertArrayEquals(new byte[] {1, 2, 3}, content);
        assertEquals(body.length, whole.length());
    }

    @Test
    void answersReportsAndPresenceReadBackAsTheyWereWritten() {
        List<Accepted> accepted = List.of(new Accepted(1, 3), new Accepted(0xFFFF_FFFEL, 0));
        assertEquals(accepted, ClusterMessages.readAccepted(
                ClusterMessages.accepted("wsfile.node.a", "b", "lane", accepted, 4096).getData()));
        List<Report> reports = List.of(new Report(1, 2, List.of("dropped: too slow")), new Report(2, 0, List.of()));
        assertEquals(reports, ClusterMessages.readReports(ClusterMessages.reports(reports)));
        assertEquals(Set.of("a.b", "ü/x"), ClusterMessages.readPresence(ClusterMessages.presence(Set.of("a.b", "ü/x"))));
    }

    @Test
    void aHugeCountIsRefusedWithoutAllocatingIt() {
        byte[] claimsTwoBillionFiles = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0};

        assertThrows(IllegalArgumentException.class, () -> ClusterMessages.readWholes(claimsTwoBillionFiles));
        assertThrows(IllegalArgumentException.class, () -> ClusterMessages.readWhole(claimsTwoBillionFiles));
    }

    @Property(seed = SEED)
    void anyBytesAreReadOrRefusedWithARuntimeException(@ForAll @Size(max = 200) byte[] body) {
        for (Runnable reader : List.<Runnable>of(() -> ClusterMessages.readWholes(body), () -> ClusterMessages.readWhole(body),
                () -> ClusterMessages.readAccepted(body), () -> ClusterMessages.readReports(body),
                () -> ClusterMessages.readOffer(body), () -> ClusterMessages.readPresence(body))) {
            try {
                reader.run();
            } catch (RuntimeException refused) {
                // what NatsBroker and IncomingLane catch, log and drop
            }
        }
    }

    @Property(seed = SEED)
    void severalWholeFilesReadBackInOrder(@ForAll @Size(max = 20) List<@Size(max = 100) byte[]> contents) {
        List<Map.Entry<Long, byte[]>> files = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            files.add(Map.entry((long) i, ClusterMessages.whole(offer, List.of("b"), "00".repeat(32), contents.get(i))));
        }

        List<Map.Entry<Long, Whole>> read = ClusterMessages.readWholes(ClusterMessages.wholes(files));

        assertEquals(contents.size(), read.size());
        for (int i = 0; i < contents.size(); i++) {
            assertEquals(i, read.get(i).getKey());
            byte[] content = new byte[read.get(i).getValue().content().remaining()];
            read.get(i).getValue().content().get(content);
            assertArrayEquals(contents.get(i), content);
        }
    }
}
