package org.wsfile.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import org.junit.jupiter.api.Test;

/** Nothing a client names can become a NATS subject token, a wildcard, or another topic's subject. */
class SubjectsTest {
    private final Subjects subjects = new Subjects("wsfile");

    @Property
    void everyTopicIsOnePlainTokenAfterTheClusterPrefix(@ForAll String topic) {
        String subject = subjects.topic(topic);

        assertTrue(subject.startsWith("wsfile.topic."), subject);
        String token = subject.substring("wsfile.topic.".length());
        assertTrue(token.matches("[A-Za-z0-9_-]*"), () -> topic + " → " + subject);
    }

    @Property
    void differentTopicsHaveDifferentSubjects(@ForAll String one, @ForAll String other) {
        if (!one.equals(other)) {
            assertNotEquals(subjects.topic(one), subjects.topic(other));
        }
    }

    @Test
    void dotsAndWildcardsInATopicAreEncoded() {
        assertEquals("wsfile.topic.Y2xhc3MuN2IuKi4-", subjects.topic("class.7b.*.>"));
    }
}
