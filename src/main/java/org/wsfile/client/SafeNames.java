package org.wsfile.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.wsfile.protocol.Names;
import org.wsfile.protocol.Sha256;

/**
 * Turns a file name from the network into a relative path that is safe to create on any common
 * file system: folders are kept, but nothing can climb out ({@code ..}), start at the root, name a
 * device ({@code NUL}, {@code COM1}), hide control characters or use characters Windows forbids.
 */
public final class SafeNames {
    /** What a name that has nothing usable left becomes. */
    static final String UNNAMED = "unnamed";
    /** What common file systems take as one file or folder name, in bytes. */
    static final int MAX_COMPONENT_BYTES = 255;
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\\u0080-\\u009f<>:\"|?*\\u2028\\u2029]");
    private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private SafeNames() {
    }

    /** The relative path under which a file with this name is saved. */
    public static Path relativePath(String name) {
        List<String> components = new ArrayList<>();
        for (String part : Names.pathComponents(name)) {
            String component = component(part);
            if (!component.isEmpty()) {
                components.add(component);
            }
        }
        if (components.isEmpty()) {
            return Path.of(UNNAMED);
        }
        return Path.of(components.get(0), components.subList(1, components.size()).toArray(String[]::new));
    }

    private static String component(String part) {
        String cleaned = UNSAFE.matcher(part).replaceAll("_").strip();
        // Windows drops trailing dots and spaces, which would make "a." and "a" the same file.
        cleaned = cleaned.replaceAll("[. ]+$", "");
        if (cleaned.isEmpty()) {
            return "";
        }
        int dot = cleaned.indexOf('.');
        String stem = dot < 0 ? cleaned : cleaned.substring(0, dot);
        if (DEVICES.contains(stem.toUpperCase(Locale.ROOT))) {
            cleaned = "_" + cleaned;
        }
        return fit(cleaned, MAX_COMPONENT_BYTES);
    }

    /**
     * A file or folder name cut to at most {@code maxBytes} bytes of UTF-8, for file systems that
     * take no more. A cut name keeps its extension (up to 16 characters) and gets {@code ~} and six
     * hex digits of the whole name's SHA-256 before it, so that two long names that begin alike
     * still differ: {@code lecture-notes-…~3fa2c1.pdf}.
     */
    public static String fit(String name, int maxBytes) {
        if (Names.utf8Length(name) <= maxBytes) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        MessageDigest sha256 = Sha256.digest();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        String tail = "~" + Sha256.hex(sha256).substring(0, 6) + extension;
        String stem = name.substring(0, name.length() - extension.length());
        while (!stem.isEmpty() && Names.utf8Length(stem) + Names.utf8Length(tail) > maxBytes) {
            stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
        }
        return stem + tail;
    }
}
