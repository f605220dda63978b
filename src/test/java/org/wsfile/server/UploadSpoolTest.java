package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which uploads' base64 original-protocol subscribers can be sent as the sender sent it. */
class UploadSpoolTest {

    @Test
    void theBase64OfAFileHeldInMemoryIsPassedOnWhenItIsWhatEncodingTheFileGives() throws Exception {
        try (UploadSpool spool = new UploadSpool(1000)) {
            byte[] content = "a file of 25 bytes, or so".getBytes(StandardCharsets.US_ASCII);
            String base64 = Base64.getEncoder().encodeToString(content);
            // In two writes, the way a frame arrives.
            spool.write(ByteBuffer.wrap(content, 0, 12), ascii(base64.substring(0, 16)));
            spool.write(ByteBuffer.wrap(content, 12, content.length - 12), ascii(base64.substring(16)));

            assertEquals(Optional.of(base64), spool.sendersBase64().map(UploadSpoolTest::text));
        }
    }

    @Test
    void base64WithoutItsPaddingIsNotPassedOn() throws Exception {
        assertEquals(Optional.empty(), sendersBase64(new byte[] {'A'}, "QQ"));
        assertEquals(Optional.of("QQ=="), sendersBase64(new byte[] {'A'}, "QQ=="));
    }

    @Test
    void base64WithStrayBitsInItsLastGroupIsNotPassedOn() throws Exception {
        // 'R' carries bits that 'A' (0x41) does not have: a decoder drops them, a strict receiver may not.
        assertEquals(Optional.empty(), sendersBase64(new byte[] {'A'}, "QR=="));
        assertEquals(Optional.empty(), sendersBase64(new byte[] {'A', 'B'}, "QUL="));
        assertEquals(Optional.of("QUI="), sendersBase64(new byte[] {'A', 'B'}, "QUI="));
    }

    @Test
    void anEmptyFilesBase64IsEmpty() throws Exception {
        assertEquals(Optional.of(""), sendersBase64(new byte[0], ""));
    }

    @Test
    void aFileTooLargeToHoldInMemoryHasNoBase64ToPassOn() throws Exception {
        try (UploadSpool spool = new UploadSpool(1000)) {
            byte[] slice = new byte[3 * 65_536];
            byte[] base64 = Base64.getEncoder().encode(slice);
            for (long held = 0; held <= UploadSpool.IN_MEMORY; held += slice.length) {
                spool.write(ByteBuffer.wrap(slice), ByteBuffer.wrap(base64));
            }

            assertEquals(Optional.empty(), spool.sendersBase64());
        }
    }

    private static Optional<String> sendersBase64(byte[] content, String base64) throws Exception {
        try (UploadSpool spool = new UploadSpool(1000)) {
            spool.write(ByteBuffer.wrap(content), ascii(base64));
            return spool.sendersBase64().map(UploadSpoolTest::text);
        }
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(HeldBytes held) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        held.copy(0, held.size(), text);
        return text.toString(StandardCharsets.US_ASCII);
    }
}
