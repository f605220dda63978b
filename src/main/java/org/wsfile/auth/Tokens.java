package org.wsfile.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * wsfile's access tokens: signed JWTs (HS256 with a shared secret, or RS256 with a key pair)
 * whose claims {@code publish} and {@code subscribe} list topic patterns and {@code admin}
 * allows the status page and metrics; {@code exp} is required. Signing and checking are
 * Nimbus JOSE + JWT's; this class only chooses the key and reads the claims.
 */
public final class Tokens {
    /** Tokens whose clocks are this far apart still count as valid. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** HS256 needs a secret of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private final Optional<JWSVerifier> hs256;
    private final Optional<JWSVerifier> rs256;

    private Tokens(Optional<JWSVerifier> hs256, Optional<JWSVerifier> rs256) {
        this.hs256 = hs256;
        this.rs256 = rs256;
    }

    /**
     * A checker for tokens signed with the secret (HS256) or the private key whose public key
     * is given (RS256); at least one must be given.
     */
    public static Tokens verifying(Optional<String> hs256Secret, Optional<RSAPublicKey> rs256PublicKey) {
        try {
            Optional<JWSVerifier> hs256 = hs256Secret.isPresent()
                    ? Optional.of(new MACVerifier(hs256Secret.get().getBytes(StandardCharsets.UTF_8))) : Optional.empty();
            return new Tokens(hs256, rs256PublicKey.map(RSASSAVerifier::new));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the HS256 secret must have at least " + MIN_SECRET_BYTES + " bytes", e);
        }
    }

    /**
     * The permissions a token grants.
     *
     * @throws InvalidTokenException saying why the token is not accepted (never quoting it)
     */
    public Permissions verify(String token) throws InvalidTokenException {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a signed JWT");
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        Optional<JWSVerifier> verifier = JWSAlgorithm.HS256.equals(algorithm) ? hs256
                : JWSAlgorithm.RS256.equals(algorithm) ? rs256 : Optional.empty();
        try {
            if (verifier.isEmpty() || !jwt.verify(verifier.get())) {
                throw new InvalidTokenException("the token's signature is not valid");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("the token's signature is not valid");
        }
        Instant now = Instant.now();
        if (claims.getExpirationTime() == null) {
            throw new InvalidTokenException("the token has no expiry time");
        }
        if (claims.getExpirationTime().toInstant().plus(CLOCK_SKEW).isBefore(now)) {
            throw new InvalidTokenException("the token expired at " + claims.getExpirationTime().toInstant());
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw new InvalidTokenException("the token is not valid before " + claims.getNotBeforeTime().toInstant());
        }
        try {
            return new Permissions(list(claims, "publish"), list(claims, "subscribe"),
                    Boolean.TRUE.equals(claims.getBooleanClaim("admin")));
        } catch (ParseException e) {
            throw new InvalidTokenException("the token's claims publish, subscribe and admin are of the wrong kind");
        }
    }

    /** A token signed with a shared secret (HS256). */
    public static String signHs256(String secret, Permissions permissions, String subject, Duration validFor) {
        try {
            return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, permissions, subject, validFor);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the HS256 secret must have at least " + MIN_SECRET_BYTES + " bytes", e);
        }
    }

    /** A token signed with a private key (RS256). */
    public static String signRs256(RSAPrivateKey key, Permissions permissions, String subject, Duration validFor) {
        return sign(new RSASSASigner(key), JWSAlgorithm.RS256, permissions, subject, validFor);
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, Permissions permissions, String subject,
                               Duration validFor) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validFor)))
                .claim("publish", permissions.publish()).claim("subscribe", permissions.subscribe())
                .claim("admin", permissions.admin()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign the token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The RSA public key in a PEM file ({@code -----BEGIN PUBLIC KEY-----}). */
    public static RSAPublicKey readPublicKey(Path pem) throws IOException {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pemBytes(pem)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(pem + " does not hold an RSA public key in PEM form", e);
        }
    }

    /** The RSA private key in a PEM file ({@code -----BEGIN PRIVATE KEY-----}, PKCS #8). */
    public static RSAPrivateKey readPrivateKey(Path pem) throws IOException {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBytes(pem)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(pem + " does not hold an RSA private key in PKCS #8 PEM form", e);
        }
    }

    private static byte[] pemBytes(Path pem) throws IOException {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static List<String> list(JWTClaimsSet claims, String name) throws ParseException {
        List<String> values = claims.getStringListClaim(name);
        return values == null ? List.of() : values;
    }
}
