package org.cpebridge.matter.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageCounterTest {

    @Test
    void randomInitialValueIsWithinOneToTwoPowerTwentyEight() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            long initial = MessageCounter.random(MessageCounter.Kind.SECURE_SESSION, random).current();
            assertTrue(initial >= 1 && initial <= (1L << 28), "initial " + initial);
        }
    }

    @Test
    void valuesIncreaseByOne() {
        MessageCounter counter = MessageCounter.startingAfter(MessageCounter.Kind.SECURE_SESSION, 41);
        assertEquals(OptionalLong.of(42), counter.next());
        assertEquals(OptionalLong.of(43), counter.next());
        assertEquals(43, counter.current());
    }

    @Test
    void sessionCounterExhaustsInsteadOfRollingOver() {
        MessageCounter counter = MessageCounter.startingAfter(MessageCounter.Kind.SECURE_SESSION, 0xFFFF_FFFEL);
        assertEquals(OptionalLong.of(0xFFFF_FFFFL), counter.next());
        assertFalse(counter.isExhausted());
        assertEquals(OptionalLong.empty(), counter.next());
        assertTrue(counter.isExhausted());
        assertEquals(OptionalLong.empty(), counter.next());
    }

    @Test
    void unencryptedAndGroupCountersRollOverToZero() {
        for (MessageCounter.Kind kind : new MessageCounter.Kind[] {MessageCounter.Kind.GLOBAL_UNENCRYPTED,
            MessageCounter.Kind.GROUP}) {
            MessageCounter counter = MessageCounter.startingAfter(kind, 0xFFFF_FFFEL);
            assertEquals(OptionalLong.of(0xFFFF_FFFFL), counter.next());
            assertEquals(OptionalLong.of(0), counter.next());
            assertEquals(OptionalLong.of(1), counter.next());
            assertFalse(counter.isExhausted());
        }
    }

    @Test
    void rejectsOutOfRangeStart() {
        assertThrows(IllegalArgumentException.class,
                () -> MessageCounter.startingAfter(MessageCounter.Kind.GROUP, 0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class,
                () -> MessageCounter.startingAfter(MessageCounter.Kind.GROUP, -1));
    }
}
