package org.wsfile.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wsfile} command line: {@code wsfile send} and {@code wsfile receive}, run with
 * {@code java -jar wsfile-cli.jar}.
 */
@Command(name = "wsfile", mixinStandardHelpOptions = true, versionProvider = WsfileCli.Version.class,
        subcommands = {SendCommand.class, ReceiveCommand.class, TokenCommand.class, CommandLine.HelpCommand.class},
        description = "Sends files to everyone subscribed to a topic on a wsfile server, and receives them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "2:wrong command line",
                "3:the server could not be reached or the connection failed",
                "4:the server refused a request (file over its limit, invalid topic, no access)",
                "5:a file reached fewer subscribers than --min-receivers"})
public final class WsfileCli {

    private WsfileCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to execute. */
    static CommandLine commandLine() {
        return new CommandLine(new WsfileCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The version the jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = WsfileCli.class.getPackage().getImplementationVersion();
            return new String[] {"wsfile " + (version == null ? "(development build)" : version)};
        }
    }
}
