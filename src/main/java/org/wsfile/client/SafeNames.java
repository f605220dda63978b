package org.wsfile.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.wsfile.protocol.Names;

/**
 * Turns a file name from the network into a relative path that is safe to create on any common
 * file system: folders are kept, but nothing can climb out ({@code ..}), start at the root, name a
 * device ({@code NUL}, {@code COM1}), hide control characters or use characters Windows forbids.
 */
public final class SafeNames {
    /** What a name that has nothing usable left becomes. */
    static final String UNNAMED = "unnamed";
    private static final int MAX_COMPONENT_BYTES = 255;
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
        return fit(cleaned);
    }

    /** Cuts a name to what file systems take, keeping a short extension. */
    private static String fit(String name) {
        if (bytes(name) <= MAX_COMPONENT_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = name.substring(0, name.length() - extension.length());
        while (bytes(stem) + bytes(extension) > MAX_COMPONENT_BYTES) {
            stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
        }
        return stem + extension;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
