package org.wsfile.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules for topics and file names that both protocols share. */
class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"chat", "class-7b", "Klasse_7b", "famille.photos", "école", "日本語", "school/class-7b",
            "ada@home", "v1.2~rc+1"})
    void topicsPeopleUseAreAccepted(String topic) throws ProtocolException {
        assertEquals(topic, Names.checkTopic(topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad topic/../x", "class 7b", "a:b", "class-*", "a>b", "a?b", "a#b", "a%20b", ".hidden",
            "/root", "trailing/", "a//b", "a/../b", "tab\there", "quote\"d"})
    void topicsWithOtherCharactersOrPathTricksAreRefusedWithTheRule(String topic) {
        ProtocolException refused = assertThrows(ProtocolException.class, () -> Names.checkTopic(topic));

        assertEquals(ErrorCode.INVALID_TOPIC, refused.code());
        assertTrue(refused.getMessage().endsWith(Names.TOPIC_RULE), refused.getMessage());
    }

    @Test
    void aTopicIsMeasuredInBytes() throws ProtocolException {
        String atLimit = "é".repeat(Names.MAX_TOPIC_BYTES / 2);
        assertEquals(atLimit, Names.checkTopic(atLimit));

        ProtocolException refused = assertThrows(ProtocolException.class, () -> Names.checkTopic(atLimit + "e"));
        assertEquals("the topic is longer than 256 bytes (UTF-8)", refused.getMessage());
    }

    @Test
    void aFileOrFolderNameOfUpTo255BytesIsAcceptedAndOneByteMoreRefusedSayingSo() throws ProtocolException {
        String longest = "ü".repeat(125) + "x.pdf";
        assertEquals(Names.MAX_NAME_PART_BYTES, Names.utf8Length(longest));
        assertEquals("photos/" + longest, Names.checkFileName("photos/" + longest));
        String folder = "x".repeat(Names.MAX_NAME_PART_BYTES);
        assertEquals(folder + "/a.txt", Names.checkFileName(folder + "/a.txt"));

        ProtocolException refused = assertThrows(ProtocolException.class, () -> Names.checkFileName("a".repeat(300) + ".txt"));

        assertEquals(ErrorCode.INVALID_NAME, refused.code());
        assertTrue(refused.getMessage().contains("has 304 bytes; a file or folder name may have at most 255 bytes (UTF-8)"),
                refused.getMessage());
    }

    @Test
    void aWholeNameIsMeasuredInBytesFoldersIncluded() {
        String part = "ä".repeat(100);
        String name = String.join("/", part, part, part, part, part, part) + "/x";

        ProtocolException refused = assertThrows(ProtocolException.class, () -> Names.checkFileName(name));

        assertEquals("the file name is longer than 1024 bytes (UTF-8), folders included", refused.getMessage());
    }

    @Test
    void limitsAreSaidInTheUnitTheyWereMostLikelySetIn() {
        assertEquals("the file has 524288001 bytes, more than the limit of 500 MiB (524288000 bytes)",
                Names.tooLarge(524_288_001L, 524_288_000L).getMessage());
        assertEquals("the file has 11 bytes, more than the limit of 10 bytes", Names.tooLarge(11, 10).getMessage());
    }

    @Test
    void sizesAreExactInTheLargestUnitThatDividesThem() {
        assertEquals("500 MiB", Sizes.exact(500L << 20));
        assertEquals("2 GB", Sizes.exact(2_000_000_000L));
        assertEquals("4 GiB", Sizes.exact(4L << 30));
        assertEquals("1536 KiB", Sizes.exact(1536L * 1024));
        assertEquals("1000 bytes", Sizes.exact(1000));
        assertEquals("1 byte", Sizes.exact(1));
        assertEquals("123456789 bytes", Sizes.exact(123_456_789));
    }
}
