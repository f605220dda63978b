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
                "2:wrong command line (an address or topic that cannot be right, a missing file)",
                "3:the server could not be reached or the connection failed",
                "4:the server refused a request (file over its limit, no access to the topic)",
                "5:a file reached fewer subscribers than --min-receivers"})
public final class WsfileCli {

    private WsfileCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to execute. */
    static CommandLine commandLine() {
        return new CommandLine(new WsfileCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(WsfileCli::wrongCommandLine);
    }

    /** A wrong command line gets its one sentence and where to read more, rather than the whole help. */
    private static int wrongCommandLine(CommandLine.ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        command.getErr().println("wsfile: " + problem.getMessage());
        command.getErr().println("(" + command.getCommandSpec().qualifiedName() + " --help lists every option)");
        return command.getCommandSpec().exitCodeOnInvalidInput();
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
