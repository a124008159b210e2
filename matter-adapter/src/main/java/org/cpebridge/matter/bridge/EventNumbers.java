package org.cpebridge.matter.bridge;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.matter.cluster.EventLog;
import org.cpebridge.matter.tlv.TlvElement;

/**
 * Event numbers that never repeat across restarts (Matter core "Event Number": monotonically increasing for the life
 * of the node). Numbers are reserved in blocks: before the first number of a block is used, the block's end is written
 * to the core's durable store, so after a restart or a kill at any moment the log resumes at the reserved end and at
 * most one block is skipped, none reused. The reservation is the log's own hook, so every writer of the log goes
 * through it: the bridge's device events and the ACL's AccessControlEntryChanged alike.
 *
 * <p>Stored as record {@value #RECORD}, format 1, the decimal reserved end. Owned by the node loop.
 */
public final class EventNumbers {

    static final String RECORD = "matter/event-numbers";
    static final int FORMAT_VERSION = 1;
    static final long BLOCK = 1000;

    private final DurableStore store;
    private final EventLog log;
    private long reservedEnd;

    private EventNumbers(DurableStore store, int capacity, long first) {
        this.store = store;
        this.reservedEnd = first;
        this.log = new EventLog(capacity, first, this::reserve);
    }

    /**
     * Opens the numbering and the node's event log (holding {@code capacity} events) starting past every number used
     * before.
     */
    public static EventNumbers open(DurableStore store, int capacity) {
        Objects.requireNonNull(store, "store");
        long first = store.read(RECORD).map(record -> {
            try {
                long value = Long.parseLong(record.textOfFormat(FORMAT_VERSION).trim());
                if (value < 1) {
                    throw new NumberFormatException("below 1");
                }
                return value;
            } catch (NumberFormatException e) {
                throw new StoreException(RECORD + " is damaged: " + e.getMessage());
            }
        }).orElse(1L);
        return new EventNumbers(store, capacity, first);
    }

    /** The node's event log; whoever records into it gets numbers reserved in the store first. */
    public EventLog log() {
        return log;
    }

    /** Logs an event that is not fabric-sensitive. */
    public long record(int endpoint, long cluster, long event, int priority, long epochMillis, TlvElement data) {
        return log.record(endpoint, cluster, event, priority, epochMillis, 0, data);
    }

    /** The log's hook: {@code number} is about to be used; a number past the reserved block reserves the next. */
    private void reserve(long number) {
        if (number >= reservedEnd) {
            long end = number + BLOCK;
            store.write(RECORD, FORMAT_VERSION, Long.toString(end).getBytes(StandardCharsets.US_ASCII));
            reservedEnd = end;
        }
    }
}
