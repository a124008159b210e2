package org.cpebridge.matter.message;

import java.util.Objects;

/**
 * Duplicate detection for the messages of one peer and key (Core spec 4.6.5): the largest counter seen plus a 32-entry
 * bitmap of the counters just below it. Checking is pure; {@link #commit} moves the window and must only be called for
 * a message that authenticated, so that a forged counter cannot shift the window.
 *
 * <p>Rules per policy:
 * <ul>
 * <li>{@link Policy#ENCRYPTED_UNICAST} (no rollover): larger than the maximum is new; in the window, new unless its bit
 *     is set; equal to the maximum or behind the window is a duplicate.</li>
 * <li>{@link Policy#ENCRYPTED_GROUP} (rollover): up to 2^31-1 ahead modulo 2^32 is new; in the window as above;
 *     anything else is a duplicate.</li>
 * <li>{@link Policy#UNENCRYPTED} (rollover): only the maximum and set bits in the window are duplicates; anything
 *     else, even far behind (a rebooted peer), is new and resets the window around it.</li>
 * </ul>
 * The first message ever seen is new and initialises the window with every bit set.
 *
 * <p>Not thread-safe: owned by the session's serial executor.
 */
public final class MessageReceptionState {

    /** Window size of the spec (MSG_COUNTER_WINDOW_SIZE). */
    public static final int WINDOW_SIZE = 32;

    private static final long MODULUS = 1L << 32;
    private static final long MAX_FORWARD = (1L << 31) - 1;
    private static final long ALL_SET = 0xFFFF_FFFFL;

    /** Which counter rules apply. */
    public enum Policy {
        /** PASE/CASE session messages. */
        ENCRYPTED_UNICAST,
        /** Group messages (per source node and key). */
        ENCRYPTED_GROUP,
        /** Unencrypted messages (per peer). */
        UNENCRYPTED
    }

    /** Whether a counter is new or a duplicate. */
    public enum Verdict {
        /** Not seen before: process it. */
        NEW,
        /** Seen before, or too old to tell: drop it (but still acknowledge it if it asks for MRP). */
        DUPLICATE
    }

    private final Policy policy;
    private boolean initialized;
    private long maxCounter;
    /** Bit i set: counter maxCounter - (i + 1) was seen. */
    private long bitmap;

    private MessageReceptionState(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** A state that has seen nothing yet: the first counter is accepted. */
    public static MessageReceptionState fresh(Policy policy) {
        return new MessageReceptionState(policy);
    }

    /** A state synchronised to {@code maxCounter}, with every counter behind it considered seen. */
    public static MessageReceptionState synchronizedAt(Policy policy, long maxCounter) {
        MessageReceptionState state = new MessageReceptionState(policy);
        state.initialize(checkCounter(maxCounter));
        return state;
    }

    /** Classifies {@code counter} without changing anything. */
    public Verdict check(long counter) {
        checkCounter(counter);
        if (!initialized) {
            return Verdict.NEW;
        }
        long behind = behindBy(counter);
        if (behind == 0) {
            return Verdict.DUPLICATE;
        }
        if (behind < 0) {
            return Verdict.NEW;
        }
        if (behind <= WINDOW_SIZE) {
            return (bitmap & bit(behind)) != 0 ? Verdict.DUPLICATE : Verdict.NEW;
        }
        return policy == Policy.UNENCRYPTED ? Verdict.NEW : Verdict.DUPLICATE;
    }

    /**
     * Records an authenticated new counter.
     *
     * @throws IllegalStateException if {@link #check} does not say {@link Verdict#NEW} for it
     */
    public void commit(long counter) {
        if (check(counter) != Verdict.NEW) {
            throw new IllegalStateException("counter " + counter + " is not new");
        }
        if (!initialized) {
            initialize(counter);
            return;
        }
        long behind = behindBy(counter);
        if (behind > 0 && behind <= WINDOW_SIZE) {
            bitmap |= bit(behind);
        } else if (behind < 0) {
            long ahead = -behind;
            bitmap = ahead > WINDOW_SIZE ? 0 : ((bitmap << ahead) | bit(ahead)) & ALL_SET;
            maxCounter = counter;
        } else {
            // Unencrypted and far behind: the peer restarted its counter; start a new window there.
            bitmap = 0;
            maxCounter = counter;
        }
    }

    /** {@link #check} and, if new, {@link #commit}: for messages already authenticated (or unencrypted). */
    public Verdict offer(long counter) {
        Verdict verdict = check(counter);
        if (verdict == Verdict.NEW) {
            commit(counter);
        }
        return verdict;
    }

    /** The largest counter accepted so far; meaningless before the first one. */
    public long maxCounter() {
        return maxCounter;
    }

    /** True once a counter has been accepted or the state was synchronised. */
    public boolean isInitialized() {
        return initialized;
    }

    /** The policy in force. */
    public Policy policy() {
        return policy;
    }

    private void initialize(long counter) {
        initialized = true;
        maxCounter = counter;
        bitmap = ALL_SET;
    }

    /**
     * How far behind the maximum the counter is: positive behind, negative ahead, 0 equal. Without rollover this is
     * plain subtraction; with rollover, distances up to 2^31-1 ahead count as ahead and the rest as behind.
     */
    private long behindBy(long counter) {
        if (policy == Policy.ENCRYPTED_UNICAST) {
            return maxCounter - counter;
        }
        long ahead = Math.floorMod(counter - maxCounter, MODULUS);
        return ahead == 0 ? 0 : ahead <= MAX_FORWARD ? -ahead : MODULUS - ahead;
    }

    private static long bit(long behind) {
        return 1L << (behind - 1);
    }

    private static long checkCounter(long counter) {
        if (counter < 0 || counter > MessageHeader.MAX_COUNTER) {
            throw new IllegalArgumentException("message counter out of range 0..0xFFFFFFFF: " + counter);
        }
        return counter;
    }
}
