package org.wsfile.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.protocol.Sha256;

class DownloadFolderTest {
    @TempDir
    Path root;

    private final List<DownloadFolder.Saved> saved = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();

    private DownloadFolder folder() throws IOException {
        return new DownloadFolder(root, saved::add, notices::add);
    }

    @Test
    void aWholeFileTakesItsNameOnlyWhenItsChecksumMatches() throws Exception {
        DownloadFolder folder = folder();
        folder.begin(1, header("notes.txt", 5));
        folder.data(1, bytes("hel"));
        assertFalse(Files.exists(root.resolve("notes.txt")), "the file showed under its name before it was complete");
        folder.data(1, bytes("lo"));

        assertEquals(Optional.empty(), folder.end(1, Optional.of(sha256("hello"))));

        assertEquals(List.of("notes.txt"), names());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(root.resolve("notes.txt")));
        assertEquals(root.toRealPath().resolve("notes.txt"), saved.get(0).path());
    }

    @Test
    void aFileCutOffMidWayIsKeptAndTheRestCompletesItCheckedAsAWhole() throws Exception {
        DownloadFolder folder = folder();
        FileHeader header = new FileHeader("t", "lecture.mp4", "video/mp4", 11, false, Optional.of("k-1"), 0);
        folder.begin(1, header);
        folder.data(1, bytes("hello "));

        folder.cut(1, "the connection closed");
        assertEquals(Map.of("k-1", 6L), folder.resumable());
        folder.begin(7, new FileHeader("t", "lecture.mp4", "video/mp4", 11, false, Optional.of("k-1"), 6));
        folder.data(7, bytes("world"));

        assertEquals(Optional.empty(), folder.end(7, Optional.of(sha256("hello world"))));
        assertArrayEquals("hello world".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(root.resolve("lecture.mp4")));
        assertEquals(Map.of(), folder.resumable());
        assertEquals(List.of("lecture.mp4"), names());
    }

    @Test
    void aCutFileThatCannotBeResumedAndOneWithoutAKeyLeaveNothingBehind() throws Exception {
        DownloadFolder folder = folder();
        folder.begin(1, new FileHeader("t", "a.bin", "", 11, false, Optional.of("k-1"), 0));
        folder.data(1, bytes("hello "));
        folder.begin(2, header("b.bin", 11));
        folder.data(2, bytes("hello "));

        folder.cut(1, "the connection closed");
        folder.cut(2, "the connection closed");
        folder.forget("k-1");

        assertEquals(Map.of(), folder.resumable());
        assertEquals(List.of(), names());
    }

    @Test
    void aCorruptFileLeavesNothingBehind() throws Exception {
        DownloadFolder folder = folder();
        folder.begin(1, header("notes.txt", 5));
        folder.data(1, bytes("hellO"));

        assertEquals(Optional.of("checksum mismatch"), folder.end(1, Optional.of(sha256("hello"))));

        assertEquals(List.of(), names());
        assertEquals(List.of(), saved);
    }

    @Test
    void anAbortedFileLeavesNothingBehind() throws Exception {
        DownloadFolder folder = folder();
        folder.begin(1, header("big.iso", 100));
        folder.data(1, bytes("part of it"));

        folder.abort(1, "the sender disconnected");

        assertEquals(List.of(), names());
    }

    @Test
    void aFileShorterThanItsHeaderSaidIsNotKept() throws Exception {
        DownloadFolder folder = folder();
        folder.begin(1, header("a.bin", 10));
        folder.data(1, bytes("abc"));

        assertEquals(Optional.of("size mismatch: 3 bytes instead of 10"), folder.end(1, Optional.empty()));
        assertEquals(List.of(), names());
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Files.writeString(root.resolve("report.pdf"), "mine");
        DownloadFolder folder = folder();
        for (long id = 1; id <= 2; id++) {
            folder.begin(id, header("report.pdf", 3));
            folder.data(id, bytes("new"));
            folder.end(id, Optional.empty());
        }

        assertEquals(List.of("report (1).pdf", "report (2).pdf", "report.pdf"), names());
        assertEquals("mine", Files.readString(root.resolve("report.pdf")));
    }

    @Test
    void aHostileNameStaysInsideTheFolderAndFoldersInANameAreMade() throws Exception {
        DownloadFolder folder = folder();
        folder.begin(1, header("../../escape.txt", 1));
        folder.data(1, bytes("x"));
        folder.end(1, Optional.empty());
        folder.begin(2, header("photos/2024/a.jpg", 1));
        folder.data(2, bytes("y"));
        folder.end(2, Optional.empty());

        assertEquals(List.of("escape.txt", "photos/2024/a.jpg"), names());
    }

    @Test
    void numberedNamesKeepTheExtension() {
        assertEquals("report (1).pdf", DownloadFolder.numbered("report.pdf", 1));
        assertEquals("notes (2)", DownloadFolder.numbered("notes", 2));
        assertEquals(".bashrc (1)", DownloadFolder.numbered(".bashrc", 1));
        assertEquals("a.tar (1).gz", DownloadFolder.numbered("a.tar.gz", 1));
    }

    @Test
    void namesLongerThanTheFileSystemTakesAreCutKeepingTheExtensionAndStayingApart() throws Exception {
        DownloadFolder folder = folder();
        String common = "Protokoll der Elternversammlung vom 12. März – ausführliche Fassung ".repeat(5);
        for (long id = 1; id <= 3; id++) {
            String name = id == 3 ? "ü".repeat(127) + "x.pdf" : common + id + ".pdf";
            folder.begin(id, header(name, 1));
            folder.data(id, bytes("x"));
            assertEquals(Optional.empty(), folder.end(id, Optional.empty()), name);
        }
        folder.begin(4, header("ü".repeat(127) + "x.pdf", 1));
        folder.data(4, bytes("y"));
        assertEquals(Optional.empty(), folder.end(4, Optional.empty()));

        List<String> names = names();
        assertEquals(4, names.size(), names.toString());
        for (String name : names) {
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
            assertTrue(name.endsWith(".pdf"), name);
        }
        assertEquals(List.of(), notices);
        assertEquals(4, saved.size());
    }

    @Test
    void aCutNameIsTheSameEveryTimeAndFitsInBytes() {
        String name = "日本語のファイル名".repeat(20) + ".txt";

        String cut = SafeNames.fit(name, 255);

        assertEquals(cut, SafeNames.fit(name, 255));
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 255, cut);
        assertTrue(cut.matches(".*~[0-9a-f]{6}\\.txt"), cut);
        assertEquals("short.txt", SafeNames.fit("short.txt", 255));
    }

    /** Every file under the root, as relative paths with /, sorted; .part files included. */
    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static FileHeader header(String name, long size) {
        return new FileHeader("t", name, "application/octet-stream", size);
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String text) {
        var digest = Sha256.digest();
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return Sha256.hex(digest);
    }
}
