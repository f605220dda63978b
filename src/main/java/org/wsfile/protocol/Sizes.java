package org.wsfile.protocol;

/** Sizes said to people as they were most likely set: {@code 500 MiB}, {@code 2 GB}, {@code 1000 bytes}. */
public final class Sizes {
    private static final String[] BINARY = {"KiB", "MiB", "GiB", "TiB"};
    private static final String[] DECIMAL = {"kB", "MB", "GB", "TB"};

    private Sizes() {
    }

    /**
     * A size in the largest unit that divides it exactly, binary ({@code 524288000} → {@code 500 MiB})
     * before decimal ({@code 2000000000} → {@code 2 GB}); in bytes if none does or it is under 1 KiB.
     */
    public static String exact(long bytes) {
        if (bytes >= 1024) {
            for (int unit = BINARY.length; unit >= 1; unit--) {
                String binary = inUnit(bytes, 1L << (10 * unit), BINARY[unit - 1]);
                if (binary != null) {
                    return binary;
                }
                String decimal = inUnit(bytes, (long) Math.pow(1000, unit), DECIMAL[unit - 1]);
                if (decimal != null) {
                    return decimal;
                }
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    private static String inUnit(long bytes, long unit, String name) {
        return bytes >= unit && bytes % unit == 0 ? bytes / unit + " " + name : null;
    }
}
