package org.cpebridge.matter.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.cpebridge.matter.im.ImTlv;
import org.cpebridge.matter.tlv.TlvElement;

/**
 * The node's recent events, numbered in one monotonically increasing sequence (Core spec "Event Number"), kept in
 * a bounded buffer that drops the oldest first. Callers pass the timestamp in: the log has no clock. The first
 * number comes from the caller so a restarted node can continue past what it persisted; a caller that persists
 * numbers ahead of use passes a hook that {@link #record} calls with each number before the number is given out,
 * so every writer of the log (the bridge, the ACL) goes through the same reservation.
 *
 * <p>Owned by the node's serial executor; not thread-safe.
 */
public final class EventLog {

    /**
     * One logged event.
     *
     * @param fabricIndex the fabric a fabric-sensitive event belongs to, 0 when it is not fabric-sensitive
     * @param data the payload, anonymous
     */
    public record Entry(long number, int endpoint, long cluster, long event, int priority, long epochMillis,
            int fabricIndex, TlvElement data) {
        public Entry {
            Objects.requireNonNull(data, "data");
            data = ImTlv.anonymous(data);
        }
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextNumber;
    private final LongConsumer beforeUse;

    /** A log holding at most {@code capacity} events, numbering from {@code firstNumber}. */
    public EventLog(int capacity, long firstNumber) {
        this(capacity, firstNumber, number -> { });
    }

    /**
     * A log holding at most {@code capacity} events, numbering from {@code firstNumber}, that calls
     * {@code beforeUse} with each event number before an event gets it. When {@code beforeUse} throws (the
     * reservation could not be stored), the event is not logged and the number is not used.
     */
    public EventLog(int capacity, long firstNumber, LongConsumer beforeUse) {
        this.beforeUse = Objects.requireNonNull(beforeUse, "beforeUse");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        if (firstNumber < 0) {
            throw new IllegalArgumentException("event numbers are non-negative: " + firstNumber);
        }
        this.capacity = capacity;
        this.nextNumber = firstNumber;
    }

    /** Logs an event and returns its number. */
    public long record(int endpoint, long cluster, long event, int priority, long epochMillis, int fabricIndex,
            TlvElement data) {
        beforeUse.accept(nextNumber);
        Entry entry = new Entry(nextNumber++, endpoint, cluster, event, priority, epochMillis, fabricIndex, data);
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
        return entry.number();
    }

    /** The number the next event will get (persist it to continue after a restart). */
    public long nextNumber() {
        return nextNumber;
    }

    /** The events still held, oldest first. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
