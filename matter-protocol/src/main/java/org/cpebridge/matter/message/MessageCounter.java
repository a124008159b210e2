package org.cpebridge.matter.message;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * An outgoing message counter (Core spec 4.6.1-4.6.3). Starts at a random value in [1, 2^28]; each message takes the
 * next value. The global unencrypted and group counters roll over from 2^32-1 to 0; a secure session counter does not:
 * once it reaches 2^32-1 the session is exhausted and must be replaced.
 *
 * <p>Not thread-safe: owned by the session's serial executor.
 */
public final class MessageCounter {

    /** Which counter this is, deciding rollover. */
    public enum Kind {
        /** The node's global counter for unencrypted messages; rolls over. */
        GLOBAL_UNENCRYPTED(true),
        /** A PASE/CASE session's counter; exhausts instead of rolling over. */
        SECURE_SESSION(false),
        /** A global group counter (data or control); rolls over. */
        GROUP(true);

        private final boolean rollsOver;

        Kind(boolean rollsOver) {
            this.rollsOver = rollsOver;
        }
    }

    /** Upper bound of the random initial value (Core spec 4.6.1.1). */
    public static final long MAX_INITIAL_VALUE = 1L << 28;

    private final Kind kind;
    private long current;
    private boolean exhausted;

    private MessageCounter(Kind kind, long current) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (current < 0 || current > MessageHeader.MAX_COUNTER) {
            throw new IllegalArgumentException("counter out of range 0..0xFFFFFFFF: " + current);
        }
        this.current = current;
    }

    /** A counter with a random initial value in [1, 2^28]. */
    public static MessageCounter random(Kind kind, RandomGenerator random) {
        return new MessageCounter(kind, 1 + random.nextLong(MAX_INITIAL_VALUE));
    }

    /** A counter whose last used value is {@code current} (restored from storage, or for tests). */
    public static MessageCounter startingAfter(Kind kind, long current) {
        return new MessageCounter(kind, current);
    }

    /**
     * Takes the next counter value.
     *
     * @return the value, or empty if a secure session counter is exhausted
     */
    public OptionalLong next() {
        if (exhausted) {
            return OptionalLong.empty();
        }
        if (current == MessageHeader.MAX_COUNTER) {
            if (!kind.rollsOver) {
                exhausted = true;
                return OptionalLong.empty();
            }
            current = 0;
        } else {
            current++;
        }
        return OptionalLong.of(current);
    }

    /** The last value handed out (or the initial value if none yet). */
    public long current() {
        return current;
    }

    /** True once a secure session counter has run out. */
    public boolean isExhausted() {
        return exhausted;
    }

    /** The counter kind. */
    public Kind kind() {
        return kind;
    }
}
