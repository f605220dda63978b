package org.wsfile.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.wsfile.auth.InvalidTokenException;
import org.wsfile.auth.Permissions;
import org.wsfile.auth.Tokens;

/**
 * Whether tokens are required, and what a connection's token allows. Tokens are off until
 * {@value #HS256_SECRET} or {@value #RS256_PUBLIC_KEY_FILE} is set; then every connection needs a
 * valid one. The secret is kept here, not in {@link Settings}, so that it is
 * never logged with the other settings.
 */
@ApplicationScoped
public class AccessControl {
    public static final String HS256_SECRET = "wsfile.auth.hs256-secret";
    public static final String RS256_PUBLIC_KEY_FILE = "wsfile.auth.rs256-public-key-file";

    private Optional<Tokens> tokens;

    @PostConstruct
    void read() {
        Optional<String> secret = ConfigValues.get(HS256_SECRET).filter(value -> !value.isBlank());
        Optional<String> keyFile = ConfigValues.get(RS256_PUBLIC_KEY_FILE).filter(value -> !value.isBlank());
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < Tokens.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("setting " + HS256_SECRET + " must have at least " + Tokens.MIN_SECRET_BYTES
                    + " bytes");
        }
        try {
            tokens = secret.isEmpty() && keyFile.isEmpty() ? Optional.empty()
                    : Optional.of(Tokens.verifying(secret, keyFile.isPresent()
                    ? Optional.of(Tokens.readPublicKey(Path.of(keyFile.get()))) : Optional.empty()));
        } catch (IOException e) {
            throw new IllegalArgumentException("setting " + RS256_PUBLIC_KEY_FILE + ": " + e.getMessage(), e);
        }
    }

    /** Whether connections need a token. */
    public boolean tokensRequired() {
        return tokens.isPresent();
    }

    /**
     * What a client with this token (if it gave one) may do.
     *
     * @throws InvalidTokenException if tokens are required and this one is missing or not valid
     */
    public Permissions permissions(Optional<String> token) throws InvalidTokenException {
        if (tokens.isEmpty()) {
            return Permissions.ALL;
        }
        if (token.isEmpty() || token.get().isBlank()) {
            throw new InvalidTokenException("this server needs a token");
        }
        return tokens.get().verify(token.get());
    }
}
