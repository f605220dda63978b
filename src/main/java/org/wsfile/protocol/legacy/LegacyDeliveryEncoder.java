package org.wsfile.protocol.legacy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes a file as the original protocol delivers it, {@code {mime}:{file name}:{base64}}, while its
 * bytes arrive in chunks of any size: bytes that do not fill a 3-byte base64 group wait for the
 * next chunk, so the pieces joined are exactly the base64 of the whole file.
 */
public final class LegacyDeliveryEncoder {
    private final Base64.Encoder encoder = Base64.getEncoder();
    private final byte[] carry = new byte[2];
    private int carried;

    /** The text that starts the delivery message. */
    public static String header(String mime, String name) {
        return mime + ':' + name + ':';
    }

    /** The base64 (ASCII) of the chunk's bytes that complete whole groups, with what is left held back. */
    public byte[] encode(ByteBuffer chunk) {
        ByteBuffer data = chunk.duplicate();
        int total = carried + data.remaining();
        int whole = total - total % 3;
        if (whole == 0) {
            data.get(carry, carried, data.remaining());
            carried = total;
            return new byte[0];
        }
        byte[] bytes = new byte[whole];
        System.arraycopy(carry, 0, bytes, 0, carried);
        data.get(bytes, carried, whole - carried);
        carried = data.remaining();
        data.get(carry, 0, carried);
        return encoder.encode(bytes);
    }

    /** The base64 (ASCII) of the bytes still held back, with padding: the end of the message. */
    public byte[] finish() {
        byte[] last = encoder.encode(Arrays.copyOf(carry, carried));
        carried = 0;
        return last;
    }
}
