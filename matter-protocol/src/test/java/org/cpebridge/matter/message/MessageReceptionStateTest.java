package org.cpebridge.matter.message;

import static org.cpebridge.matter.message.MessageReceptionState.Policy.ENCRYPTED_GROUP;
import static org.cpebridge.matter.message.MessageReceptionState.Policy.ENCRYPTED_UNICAST;
import static org.cpebridge.matter.message.MessageReceptionState.Policy.UNENCRYPTED;
import static org.cpebridge.matter.message.MessageReceptionState.Verdict.DUPLICATE;
import static org.cpebridge.matter.message.MessageReceptionState.Verdict.NEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.cpebridge.matter.message.MessageReceptionState.Policy;
import org.cpebridge.matter.message.MessageReceptionState.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Core spec 4.6.5 duplicate detection; cases after matter.js {@code test/protocol/MessageReceptionStateTest.ts}. */
class MessageReceptionStateTest {

    private static final long MAX = 0xFFFF_FFFFL;

    @ParameterizedTest
    @EnumSource(Policy.class)
    void firstCounterIsNewAndRepeatingItIsADuplicate(Policy policy) {
        MessageReceptionState state = MessageReceptionState.fresh(policy);
        assertFalse(state.isInitialized());
        assertEquals(NEW, state.offer(1000));
        assertTrue(state.isInitialized());
        assertEquals(1000, state.maxCounter());
        assertEquals(DUPLICATE, state.offer(1000));
    }

    @ParameterizedTest
    @EnumSource(Policy.class)
    void aheadIsNewAndMovesTheMaximum(Policy policy) {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(policy, 1000);
        assertEquals(NEW, state.offer(1001));
        assertEquals(NEW, state.offer(1005));
        assertEquals(1005, state.maxCounter());
    }

    @ParameterizedTest
    @EnumSource(Policy.class)
    void gapsInTheWindowAreNewOnceThenDuplicates(Policy policy) {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(policy, 1000);
        assertEquals(NEW, state.offer(1010)); // 1001..1009 now missing, inside the window
        for (long counter = 1001; counter <= 1009; counter++) {
            assertEquals(NEW, state.offer(counter), "first " + counter);
            assertEquals(DUPLICATE, state.offer(counter), "again " + counter);
        }
        assertEquals(1010, state.maxCounter());
        // 1000 was the synchronised maximum: still marked as seen after the shift.
        assertEquals(DUPLICATE, state.check(1000));
    }

    @ParameterizedTest
    @EnumSource(Policy.class)
    void windowEdgeIsExactlyThirtyTwoBehind(Policy policy) {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(policy, 100);
        assertEquals(NEW, state.offer(200)); // jump more than the window: every bit cleared
        assertEquals(NEW, state.check(200 - 32)); // oldest slot of the window
        assertEquals(NEW, state.offer(199));
        long behindWindow = 200 - 33;
        Verdict expected = policy == UNENCRYPTED ? NEW : DUPLICATE;
        assertEquals(expected, state.check(behindWindow));
    }

    @Test
    void jumpOfExactlyThirtyTwoKeepsTheOldMaximumInTheLastSlot() {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(ENCRYPTED_UNICAST, 100);
        assertEquals(NEW, state.offer(132));
        assertEquals(DUPLICATE, state.check(100)); // slot 32: old maximum, seen
        assertEquals(NEW, state.check(101)); // slot 31: never seen
        assertEquals(DUPLICATE, state.check(99)); // behind the window
    }

    @Test
    void unicastBehindTheWindowIsADuplicate() {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(ENCRYPTED_UNICAST, 1000);
        assertEquals(DUPLICATE, state.check(1000 - 33));
        assertEquals(DUPLICATE, state.check(0));
    }

    @Test
    void unicastHasNoRollover() {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(ENCRYPTED_UNICAST, MAX - 1);
        assertEquals(NEW, state.offer(MAX));
        // Zero is far behind, not "just after" 2^32-1.
        assertEquals(DUPLICATE, state.check(0));
        assertEquals(DUPLICATE, state.check(5));
    }

    @Test
    void unicastFarAheadIsNew() {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(ENCRYPTED_UNICAST, 5);
        assertEquals(NEW, state.offer(MAX));
        assertEquals(MAX, state.maxCounter());
        assertEquals(NEW, state.check(MAX - 3)); // window cleared by the jump
    }

    @Test
    void groupRollsOverAndTreatsTheLowerHalfAsAhead() {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(ENCRYPTED_GROUP, MAX - 2);
        assertEquals(NEW, state.offer(1)); // 3 ahead across the rollover
        assertEquals(1, state.maxCounter());
        assertEquals(NEW, state.offer(MAX)); // 2 behind, in the window, not seen
        assertEquals(DUPLICATE, state.offer(MAX));
        assertEquals(DUPLICATE, state.check(MAX - 2)); // old maximum
        // Up to 2^31 - 1 ahead is new; 2^31 ahead counts as behind, far outside the window.
        assertEquals(NEW, state.check(1 + (1L << 31) - 1));
        assertEquals(DUPLICATE, state.check(1 + (1L << 31)));
    }

    @Test
    void unencryptedFarBehindIsANewStart() {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(UNENCRYPTED, 500_000);
        assertEquals(NEW, state.offer(7)); // peer rebooted with a new random counter
        assertEquals(7, state.maxCounter());
        assertEquals(DUPLICATE, state.offer(7));
        assertEquals(NEW, state.offer(6)); // the reset window has no bits set
        assertEquals(NEW, state.offer(8));
    }

    @Test
    void unencryptedRollsOver() {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(UNENCRYPTED, MAX);
        assertEquals(NEW, state.offer(0));
        assertEquals(DUPLICATE, state.check(MAX));
    }

    @Test
    void checkDoesNotMoveTheWindowAndCommitRefusesDuplicates() {
        MessageReceptionState state = MessageReceptionState.synchronizedAt(ENCRYPTED_UNICAST, 10);
        assertEquals(NEW, state.check(11));
        assertEquals(NEW, state.check(11));
        assertEquals(10, state.maxCounter());
        state.commit(11);
        assertThrows(IllegalStateException.class, () -> state.commit(11));
        assertThrows(IllegalArgumentException.class, () -> state.check(-1));
        assertThrows(IllegalArgumentException.class, () -> state.check(MAX + 1));
    }

    /** Against a brute-force model: a set of every counter seen, for unicast with random reordering. */
    @Test
    void unicastMatchesABruteForceModel() {
        SplittableRandom random = new SplittableRandom(99);
        MessageReceptionState state = MessageReceptionState.synchronizedAt(ENCRYPTED_UNICAST, 1_000);
        Set<Long> seen = new HashSet<>();
        long max = 1_000;
        for (int i = 0; i < 50_000; i++) {
            long counter = Math.max(0, max + random.nextLong(-40, 8));
            boolean expectNew = counter > max || (counter > max - 33 && counter < max && !seen.contains(counter)
                    && counter > 1_000);
            Verdict verdict = state.offer(counter);
            assertEquals(expectNew ? NEW : DUPLICATE, verdict, "counter " + counter + " max " + max);
            if (expectNew) {
                seen.add(counter);
                max = Math.max(max, counter);
            }
        }
    }
}
