package org.wsfile.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/** The opening handshake's key and answer (RFC 6455, section 4), as both ends make and check them. */
public final class Handshake {
    /** RFC 6455: appended to the client's key before hashing. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom KEYS = new SecureRandom();

    private Handshake() {
    }

    /** A client's {@code Sec-WebSocket-Key}: sixteen random bytes in base64. */
    public static String newKey() {
        byte[] key = new byte[16];
        KEYS.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The server's {@code Sec-WebSocket-Accept} for a client's key. */
    public static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** Whether a header's comma-separated values hold this token, in any case: {@code Connection: keep-alive, Upgrade}. */
    public static boolean hasToken(String header, String token) {
        return header != null && Arrays.stream(header.split(","))
                .anyMatch(part -> part.trim().toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT)));
    }
}
