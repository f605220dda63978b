package org.wsfile.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import picocli.CommandLine.Option;

import org.wsfile.client.ConnectionLostException;
import org.wsfile.client.FileConnection;
import org.wsfile.client.FileSink;
import org.wsfile.client.LegacyConnection;
import org.wsfile.client.StreamConnection;

/** The options both commands share: where the server is and which protocol to speak. */
final class ConnectionOptions {
    @Option(names = {"-u", "--url"}, paramLabel = "URL", defaultValue = "ws://localhost:8765/wsfile/ws",
            converter = ServerAddress.class,
            description = "The server's WebSocket address, the address of its pages (http://host:8765/wsfile/), "
                    + "or host:port for wsfile's endpoint there. Default: ${DEFAULT-VALUE}.")
    URI url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:WSFILE_TOKEN}",
            description = "The access token, for servers that require one (default: the environment variable WSFILE_TOKEN).")
    String token;

    @Option(names = "--legacy",
            description = "Speak the original text protocol, for servers that know nothing else "
                    + "(no receipts or checksums; files are held whole in the server's memory).")
    boolean legacy;

    /** The WebSocket address, with the token if there is one. */
    URI endpoint() {
        if (token == null || token.isBlank()) {
            return url;
        }
        String query = "token=" + URLEncoder.encode(token.strip(), StandardCharsets.UTF_8);
        String separator = url.getRawQuery() == null ? "?" : "&";
        return URI.create(url + separator + query);
    }

    FileConnection connect(FileSink sink, Consumer<String> notices) throws ConnectionLostException, InterruptedException {
        return legacy ? LegacyConnection.connect(endpoint(), sink, notices)
                : StreamConnection.connect(endpoint(), sink, notices);
    }
}
