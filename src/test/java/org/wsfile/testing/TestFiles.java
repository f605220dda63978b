package org.wsfile.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Files with reproducible content for tests and the benchmark. */
public final class TestFiles {
    private TestFiles() {
    }

    /** Writes {@code size} pseudo-random bytes from {@code seed}, a megabyte at a time, and returns the file. */
    public static Path random(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(left, block.length));
            }
        }
        return file;
    }
}
