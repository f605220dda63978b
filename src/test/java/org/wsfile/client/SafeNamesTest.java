package org.wsfile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "report.pdf                  | report.pdf",
            "photos/2024/a.jpg           | photos/2024/a.jpg",
            "../../etc/passwd            | etc/passwd",
            "..                          | unnamed",
            "/etc/passwd                 | etc/passwd",
            "C:\\Windows\\system32\\x.dll | Windows/system32/x.dll",
            "a\\..\\..\\b.txt            | a/b.txt",
            "./././a.txt                 | a.txt",
            "NUL                         | _NUL",
            "con.txt                     | _con.txt",
            "Com1.tar.gz                 | _Com1.tar.gz",
            "lpt9                        | _lpt9",
            "console.txt                 | console.txt",
            "a<b>c:d\"e?g*h.txt           | a_b_c_d_e_g_h.txt",
            "trailing dots...            | trailing dots",
            "'   spaces   '              | spaces",
            "''                          | unnamed",
            "'/ / /'                     | unnamed",
            "...hidden                   | ...hidden",
            "résumé 10:30 — été.pdf      | résumé 10_30 — été.pdf",
    })
    void hostileNamesBecomeSafeRelativePaths(String name, String expected) {
        assertEquals(Path.of(expected), SafeNames.relativePath(name));
    }

    @Test
    void controlAndDirectionCharactersAreReplaced() {
        assertEquals(Path.of("a_b_c_dexe.txt"), SafeNames.relativePath("a\u0000b\nc\u001bd\u202eexe.txt"));
        assertEquals(Path.of("x_y"), SafeNames.relativePath("x\u0085y"));
        assertEquals(Path.of("a_b"), SafeNames.relativePath("a|b"));
    }

    @Test
    void anOverlongNameIsCutToWhatFileSystemsTakeKeepingItsExtension() {
        Path cut = SafeNames.relativePath("é".repeat(300) + ".jpeg");

        String name = cut.toString();
        assertTrue(name.endsWith(".jpeg"), name);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
    }
}
