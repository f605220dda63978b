package org.wsfile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    private static final String SECRET = "a shared secret of more than 32 bytes, for tests";
    private static final Permissions TEACHER = new Permissions(List.of("class-*"), List.of("staff"), false);

    private final Tokens hs256 = Tokens.verifying(Optional.of(SECRET), Optional.empty());

    @Test
    void aTokenSignedWithTheSecretGrantsItsTopicsWithWildcards() throws Exception {
        Permissions granted = hs256.verify(Tokens.signHs256(SECRET, TEACHER, "teacher", Duration.ofHours(1)));

        assertTrue(granted.canPublish("class-7b"));
        assertFalse(granted.canPublish("staff"));
        assertTrue(granted.canSubscribe("staff"));
        assertFalse(granted.canSubscribe("class-7b"));
        assertFalse(granted.admin());
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = Tokens.signHs256(SECRET, TEACHER, "teacher", Duration.ofMinutes(-5));

        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> hs256.verify(expired));
        assertTrue(refused.getMessage().startsWith("the token expired at"), refused.getMessage());
    }

    @Test
    void aTokenSignedWithAnotherSecretOrNotAtAllIsRefused() {
        String other = Tokens.signHs256("another secret of more than 32 bytes, too", TEACHER, "x", Duration.ofHours(1));
        String[] parts = Tokens.signHs256(SECRET, TEACHER, "x", Duration.ofHours(1)).split("\\.");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";

        for (String token : List.of(other, unsigned, "not a token", parts[0] + "." + parts[1] + ".AAAA")) {
            assertThrows(InvalidTokenException.class, () -> hs256.verify(token), token);
        }
    }

    @Test
    void aTokenSignedWithAPrivateKeyIsCheckedWithItsPublicKeyReadFromPem(@TempDir Path folder) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path publicPem = pem(folder.resolve("public.pem"), "PUBLIC KEY", pair.getPublic().getEncoded());
        Path privatePem = pem(folder.resolve("private.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
        RSAPublicKey publicKey = Tokens.readPublicKey(publicPem);
        RSAPrivateKey privateKey = Tokens.readPrivateKey(privatePem);

        String token = Tokens.signRs256(privateKey, new Permissions(List.of(), List.of("*"), true), "ops", Duration.ofDays(1));
        Permissions granted = Tokens.verifying(Optional.empty(), Optional.of(publicKey)).verify(token);

        assertTrue(granted.admin());
        assertTrue(granted.canSubscribe("anything"));
        assertThrows(InvalidTokenException.class, () -> hs256.verify(token), "an RS256 token where only HS256 is set up");
    }

    @Test
    void wildcardsMatchAnyCharactersAndNothingElseIsSpecial() {
        assertTrue(Permissions.matches("*", "anything at all"));
        assertTrue(Permissions.matches("class-*", "class-7b"));
        assertTrue(Permissions.matches("*-7b", "class-7b"));
        assertFalse(Permissions.matches("class-*", "classes"));
        assertFalse(Permissions.matches("class.7b", "classX7b"));
        assertTrue(Permissions.matches("a*b*c", "aXbYc"));
        assertFalse(Permissions.matches("a*b*c", "acb"));
        assertFalse(Permissions.matches("ab*ba", "aba"), "the ends may not overlap");
        assertEquals(false, Permissions.NONE.canSubscribe("x"));
    }

    private static Path pem(Path file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
