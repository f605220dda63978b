package org.wsfile.cli;

/** What the commands' exit codes mean, for scripts. */
final class ExitCodes {
    /** Everything was done. */
    static final int OK = 0;
    /** The command line was wrong (picocli's own code for this). */
    static final int USAGE = 2;
    /** The server could not be reached, or the connection failed before the work was done. */
    static final int CONNECTION_FAILED = 3;
    /** The server refused a request: a file over its limit, an invalid topic or name, no access. */
    static final int REFUSED = 4;
    /** A file reached fewer subscribers than {@code --min-receivers}. */
    static final int PARTIAL_DELIVERY = 5;

    private ExitCodes() {
    }
}
