package org.wsfile.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules for topics and file names that both protocols share. */
class NamesTest {
    private static final String SEED = "20261125";

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

    /** The topic rule as a regular expression, to check the character-by-character test against. */
    private static final Pattern TOPIC_RULE = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}\\-_.~+@/]+");
    private static final Pattern SEPARATORS = Pattern.compile("[/\\\\]+");
    private static final Pattern BIDI_CONTROLS = Pattern.compile("[\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]");

    @Property(seed = SEED)
    void aTopicIsAcceptedExactlyWhenItsCharactersFollowTheRule(@ForAll("topicLike") String topic) {
        boolean followsRule = TOPIC_RULE.matcher(topic).matches() && !topic.startsWith(".") && !topic.startsWith("/")
                && !topic.endsWith("/") && !topic.contains("..") && !topic.contains("//")
                && Names.utf8Length(topic) <= Names.MAX_TOPIC_BYTES;
        boolean accepted;
        try {
            Names.checkTopic(topic);
            accepted = true;
        } catch (ProtocolException refused) {
            accepted = false;
        }
        assertEquals(followsRule, accepted, topic);
    }

    @Property(seed = SEED)
    void aNameSplitsIntoItsPartsAtEitherSlashWithoutDirectionMarksOrDotFolders(@ForAll("topicLike") String name) {
        List<String> expected = new ArrayList<>();
        for (String part : SEPARATORS.split(BIDI_CONTROLS.matcher(name).replaceAll(""))) {
            String trimmed = part.strip();
            boolean drive = expected.isEmpty() && trimmed.matches("\\p{L}:");
            if (!trimmed.isEmpty() && !trimmed.equals(".") && !trimmed.equals("..") && !drive) {
                expected.add(trimmed);
            }
        }
        assertEquals(expected, Names.pathComponents(name));
    }

    @Property(seed = SEED)
    void utf8LengthIsTheLengthOfTheEncodedText(@ForAll @StringLength(max = 50) String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Names.utf8Length(text));
    }

    /** Short texts of letters, marks and digits of several scripts, the symbols a topic may have, and others. */
    @Provide
    Arbitrary<String> topicLike() {
        return Arbitraries.strings()
                .withChars("aZ09-_.~+@/\\: *?\t")
                .withChars("éü日本ǅ٣\u0301\u20dd\u0903\u200e\u202b\u2067")
                .withCharRange('\u0000', '\uffff')
                .ofMinLength(1).ofMaxLength(12);
    }
}
