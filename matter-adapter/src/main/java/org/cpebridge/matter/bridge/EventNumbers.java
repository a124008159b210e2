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
 * most one block is skipped, none reused.
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

    private EventNumbers(DurableStore store, EventLog log, long reservedEnd) {
        this.store = store;
        this.log = log;
        this.reservedEnd = reservedEnd;
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
        return new EventNumbers(store, new EventLog(capacity, first), first);
    }

    /** The node's event log; record events through {@link #record} so their numbers are reserved first. */
    public EventLog log() {
        return log;
    }

    /** Logs an event after making sure its number is reserved in the store. */
    public long record(int endpoint, long cluster, long event, int priority, long epochMillis, TlvElement data) {
        if (log.nextNumber() >= reservedEnd) {
            reservedEnd = log.nextNumber() + BLOCK;
            store.write(RECORD, FORMAT_VERSION, Long.toString(reservedEnd).getBytes(StandardCharsets.US_ASCII));
        }
        return log.record(endpoint, cluster, event, priority, epochMillis, 0, data);
    }
}
