package org.wsfile.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * What `mvn package` puts into each artifact follows from the packages' sides (see each
 * package-info): the command line's jar holds the client side and the shared packages, never a
 * server class; the WAR holds the server side and the shared packages, never the client's.
 */
class ArtifactsIT {
    private static final Set<String> CLIENT_SIDE = Set.of("cli", "client");
    private static final Set<String> SHARED = Set.of("protocol", "websocket", "auth");
    private static final Set<String> SERVER_SIDE = Set.of("server", "relay", "cluster", "history", "spool", "ops", "config");
    /** Packages of APIs that only a server has, as class files name them. */
    private static final List<String> SERVER_APIS = List.of("jakarta/enterprise/", "jakarta/inject/", "jakarta/servlet/",
            "jakarta/websocket/", "org/eclipse/microprofile/");

    @Test
    void theCommandLinesJarHoldsExactlyTheClientSideAndItsLibraries() throws IOException {
        List<String> entries = entries("target/wsfile-cli.jar");

        Set<String> packages = wsfilePackages(entries, "");
        assertEquals(union(CLIENT_SIDE, SHARED), packages, "packages in wsfile-cli.jar");
        for (String library : List.of("picocli/CommandLine.class", "org/eclipse/parsson/JsonProviderImpl.class",
                "jakarta/json/spi/JsonProvider.class", "com/nimbusds/jwt/SignedJWT.class",
                "org/eclipse/jetty/websocket/core/internal/Parser.class", "org/slf4j/jul/JDK14LoggerFactory.class")) {
            assertTrue(entries.contains(library), "wsfile-cli.jar lacks " + library);
        }
    }

    @Test
    void noClassInTheCommandLinesJarUsesAServerApi() throws IOException {
        try (ZipFile jar = new ZipFile("target/wsfile-cli.jar")) {
            for (ZipEntry entry : jar.stream().filter(e -> e.getName().startsWith("org/wsfile/")).toList()) {
                String classFile = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                for (String serverApi : SERVER_APIS) {
                    assertFalse(classFile.contains(serverApi), entry.getName() + " uses " + serverApi);
                }
            }
        }
    }

    @Test
    void theWarHoldsTheServerSideAndNoneOfTheClients() throws IOException {
        List<String> entries = entries("target/wsfile.war");

        assertEquals(union(SERVER_SIDE, SHARED), wsfilePackages(entries, "WEB-INF/classes/"), "packages in wsfile.war");
        List<String> libraries = entries.stream().filter(entry -> entry.startsWith("WEB-INF/lib/")).toList();
        assertTrue(libraries.stream().noneMatch(library -> library.contains("picocli") || library.contains("parsson")
                || library.contains("jakarta.json")), "libraries the server must not bundle: " + libraries);
        assertTrue(libraries.stream().anyMatch(library -> library.contains("nimbus-jose-jwt")), libraries.toString());
        assertTrue(libraries.stream().anyMatch(library -> library.contains("jnats")), libraries.toString());
    }

    private static List<String> entries(String file) throws IOException {
        try (ZipFile zip = new ZipFile(file)) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    /** The first-level packages under org/wsfile that hold classes. */
    private static Set<String> wsfilePackages(List<String> entries, String root) {
        String prefix = root + "org/wsfile/";
        return entries.stream().filter(entry -> entry.startsWith(prefix) && entry.endsWith(".class"))
                .map(entry -> entry.substring(prefix.length()).split("/")[0]).collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> one, Set<String> other) {
        return Stream.concat(one.stream(), other.stream()).collect(Collectors.toSet());
    }
}
