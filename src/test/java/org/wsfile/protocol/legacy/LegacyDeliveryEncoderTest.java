package org.wsfile.protocol.legacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyDeliveryEncoderTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 1000})
    void piecesEncodedChunkByChunkJoinToTheBase64OfTheWholeFile(int chunkSize) {
        byte[] file = new byte[2 * 1000 + 1];
        new Random(chunkSize).nextBytes(file);
        LegacyDeliveryEncoder encoder = new LegacyDeliveryEncoder();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();

        for (int from = 0; from < file.length; from += chunkSize) {
            joined.writeBytes(encoder.encode(ByteBuffer.wrap(file, from, Math.min(chunkSize, file.length - from))));
        }
        joined.writeBytes(encoder.finish());

        assertArrayEquals(Base64.getEncoder().encode(file), joined.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void anEmptyOrTinyFileGetsItsPaddingAtTheEnd(int size) {
        byte[] file = new byte[size];
        LegacyDeliveryEncoder encoder = new LegacyDeliveryEncoder();

        ByteArrayOutputStream base64 = new ByteArrayOutputStream();
        base64.writeBytes(encoder.encode(ByteBuffer.wrap(file)));
        base64.writeBytes(encoder.finish());

        assertArrayEquals(Base64.getEncoder().encode(file), base64.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100_000, 262_144})
    void slicesOfALegacyFrameDecodeToItsContent(int size) throws Exception {
        byte[] content = new byte[size * 3 + 1];
        new Random(size).nextBytes(content);
        String frame = "message:t:application/octet-stream:x.bin:" + Base64.getEncoder().encodeToString(content);
        LegacyFile file = new LegacyFile("t", "application/octet-stream", "x.bin", frame,
                frame.lastIndexOf(':') + 1, content.length);

        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        Base64Slices slices = file.content();
        while (slices.hasNext()) {
            decoded.writeBytes(slices.next());
        }

        assertArrayEquals(content, decoded.toByteArray());
    }
}
