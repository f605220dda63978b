package org.wsfile.cli;

import java.net.URI;
import java.net.URISyntaxException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import org.wsfile.client.FileConnection;

/**
 * Reads {@code --url} as people write it: a WebSocket address ({@code ws://host:8765/wsfile/ws}),
 * the address of the server's pages ({@code http://host:8765/wsfile/}, which becomes
 * {@code ws://host:8765/wsfile/ws}), or just {@code host:port} (which means wsfile's endpoint
 * there). Anything else is a usage error that says what an address looks like.
 */
final class ServerAddress implements ITypeConverter<URI> {
    private static final String EXAMPLES = "give one such as ws://localhost:8765/wsfile/ws, http://localhost:8765/wsfile/"
            + " or localhost:8765";

    @Override
    public URI convert(String text) {
        String given = text.strip();
        boolean bare = !given.contains("://");
        URI uri;
        try {
            uri = new URI(bare ? "ws://" + given : given);
        } catch (URISyntaxException e) {
            throw new TypeConversionException("'" + text + "' is not a server address; " + EXAMPLES);
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null) {
            throw new TypeConversionException("'" + text + "' names no server; " + EXAMPLES);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return switch (scheme) {
            case "ws", "wss" -> bare && (path.isEmpty() || path.equals("/"))
                    ? URI.create(scheme + "://" + uri.getRawAuthority() + FileConnection.DEFAULT_PATH + query) : uri;
            case "http", "https" -> URI.create((scheme.equals("https") ? "wss" : "ws") + "://" + uri.getRawAuthority()
                    + pagesToEndpoint(path) + query);
            default -> throw new TypeConversionException("'" + text + "' is not a WebSocket or web address (" + scheme
                    + "://); " + EXAMPLES);
        };
    }

    /** {@code /wsfile/} and {@code /wsfile} → {@code /wsfile/ws}; nothing → {@link FileConnection#DEFAULT_PATH}. */
    private static String pagesToEndpoint(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return FileConnection.DEFAULT_PATH;
        }
        if (path.endsWith("/ws")) {
            return path;
        }
        return (path.endsWith("/") ? path : path + "/") + "ws";
    }
}
