package org.wsfile.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The command {@code receive --exec} runs for a saved file. The file's name comes from the
 * network, so it is never part of text a shell parses: on Unix the command runs through
 * {@code sh -c} with the path as {@code $1}; on Windows no shell is used at all, since cmd.exe
 * expands {@code %…%} and obeys {@code & ^ |} even in quoted text: the command is split into
 * words ({@code "…"} keeps spaces) and run with the path as its last argument. A batch file is
 * run by cmd.exe whatever the caller does, so a path with {@code %} is not passed to one.
 */
final class ExecCommand {
    private ExecCommand() {
    }

    /**
     * @param exec    the command as the user gave it
     * @param windows whether this is Windows
     * @return the program and its arguments, or empty if the path cannot be passed safely
     */
    static Optional<List<String>> forFile(String exec, Path file, boolean windows) {
        if (!windows) {
            return Optional.of(List.of("sh", "-c", exec + " \"$1\"", "wsfile", file.toString()));
        }
        List<String> command = words(exec);
        String program = command.isEmpty() ? "" : command.get(0).toLowerCase(Locale.ROOT);
        if ((program.endsWith(".bat") || program.endsWith(".cmd")) && file.toString().contains("%")) {
            return Optional.empty();
        }
        command.add(file.toString());
        return Optional.of(command);
    }

    /** Whether this JVM runs on Windows. */
    static boolean onWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** {@code "C:\Program Files\viewer.exe" /p} → {@code [C:\Program Files\viewer.exe, /p]}: spaces split words, double quotes keep them together. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : command.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
