package org.wsfile.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.wsfile.auth.Permissions;
import org.wsfile.auth.Tokens;

/** {@code wsfile token}: makes an access token for a server that requires them, and prints it. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = WsfileCli.Version.class,
        description = {"Makes an access token for a wsfile server that requires tokens, and prints it.",
                "A topic may contain * for any characters: class-* is every topic that starts with class-."})
final class TokenCommand implements Callable<Integer> {

    /** The key to sign with: the server's shared secret, or the private half of its key pair. */
    static final class Key {
        @Option(names = "--hs256-secret-file", paramLabel = "FILE", required = true,
                description = "A file holding the secret the server has as wsfile.auth.hs256-secret (HS256).")
        Path secretFile;

        @Option(names = "--rs256-private-key", paramLabel = "FILE", required = true,
                description = "The PEM (PKCS #8) private key whose public key the server has (RS256).")
        Path privateKey;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Key key;

    @Option(names = {"-p", "--publish"}, split = ",", paramLabel = "TOPIC", description = "Topics it may send to.")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-s", "--subscribe"}, split = ",", paramLabel = "TOPIC", description = "Topics it may receive from.")
    List<String> subscribe = new ArrayList<>();

    @Option(names = "--admin", description = "It may also see the server's status page and metrics.")
    boolean admin;

    @Option(names = "--days", paramLabel = "DAYS", defaultValue = "30", description = "Days it is valid. Default: ${DEFAULT-VALUE}.")
    long days;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "wsfile", description = "Whom it is for (its subject). Default: ${DEFAULT-VALUE}.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (publish.isEmpty() && subscribe.isEmpty() && !admin) {
            throw new ParameterException(spec.commandLine(), "say what the token allows: --publish, --subscribe or --admin");
        }
        if (days < 1) {
            throw new ParameterException(spec.commandLine(), "--days must be at least 1");
        }
        Permissions permissions = new Permissions(publish, subscribe, admin);
        Duration validFor = Duration.ofDays(days);
        try {
            String token = key.secretFile != null
                    ? Tokens.signHs256(Files.readString(key.secretFile).strip(), permissions, name, validFor)
                    : Tokens.signRs256(Tokens.readPrivateKey(key.privateKey), permissions, name, validFor);
            spec.commandLine().getOut().println(token);
            return ExitCodes.OK;
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
