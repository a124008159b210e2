package org.cpebridge.matter.commissioning;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each fabric's commissioning completed, for the household's console ("added on ..."): record
 * {@value #RECORD}, format 1, {@code {"fabrics": {"<fabric index>": "<ISO-8601 instant>"}}}. A fabric gets its time
 * at CommissioningComplete (an AddNOC that the fail-safe rolls back never gets one), keeps it through later
 * reconfigurations and loses it when it is removed. A fabric commissioned before this record existed has none.
 * Display only, so an unreadable record is logged and read as empty rather than stopping the bridge, and a new time
 * is written behind, on the writer executor given to {@link #load(DurableStore, Executor)}: CommissioningComplete's
 * answer does not wait for the disk, and a kill before the write costs the console that one date (the fabric
 * itself was written by AddNOC). A removal writes at once, with any time still waiting; {@link #flush} at stop.
 *
 * <p>Changed on the node loop; the console reads it from its own threads, so every method is synchronized.
 */
public final class FabricAddedTimes {

    /** The store record. */
    public static final String RECORD = "matter/fabric-added";
    private static final int FORMAT_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(FabricAddedTimes.class);

    private final DurableStore store;
    private final Executor writer;
    private final Map<Integer, Instant> added = new TreeMap<>();
    /** A write is queued on the writer and has not yet taken its snapshot. */
    private boolean writeQueued;

    private FabricAddedTimes(DurableStore store, Executor writer) {
        this.store = store;
        this.writer = writer;
    }

    /** Reads the record (empty when absent or unreadable); every change writes before it returns. */
    public static FabricAddedTimes load(DurableStore store) {
        return load(store, Runnable::run);
    }

    /** Reads the record (empty when absent or unreadable); a new time is written behind, on {@code writer}. */
    public static FabricAddedTimes load(DurableStore store, Executor writer) {
        FabricAddedTimes times = new FabricAddedTimes(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(writer, "writer"));
        try {
            store.read(RECORD).ifPresent(record -> Json.asObject(Json.parseObject(record.textOfFormat(FORMAT_VERSION))
                    .get("fabrics")).orElseThrow(() -> new IllegalArgumentException("no fabrics object"))
                    .forEach((index, at) -> times.added.put(Integer.parseInt(index), Instant.parse((String) at))));
        } catch (RuntimeException e) { // StoreException, JsonException, a bad number or instant
            LOG.warn("[matter] {} is unreadable ({}); the console shows no dates for the fabrics already there",
                    RECORD, e.getClass().getSimpleName());
            times.added.clear();
        }
        return times;
    }

    /** Fabric {@code fabricIndex} completed commissioning at {@code at}; kept if it already has a time. */
    public void commissioned(int fabricIndex, Instant at) {
        Objects.requireNonNull(at, "at");
        synchronized (this) {
            if (added.containsKey(fabricIndex)) {
                return;
            }
            added.put(fabricIndex, at);
            if (writeQueued) {
                return;
            }
            writeQueued = true;
        }
        try {
            writer.execute(this::writeBehind);
        } catch (RejectedExecutionException e) {
            // Stopping: the write stays queued for flush().
            LOG.debug("[matter] {} write deferred to the flush at stop", RECORD);
        }
    }

    /** Fabric {@code fabricIndex} is gone; its index may be given to another one later. Writes before returning. */
    public synchronized void removed(int fabricIndex) {
        if (added.remove(fabricIndex) != null) {
            writeQueued = false;
            save();
        }
    }

    /** Writes now, on the caller's thread, a time still waiting for the writer (at stop); a failure is logged. */
    public void flush() {
        writeBehind();
    }

    /** The writer's task: writes the current times, unless a removal or a flush already did. */
    private synchronized void writeBehind() {
        if (!writeQueued) {
            return;
        }
        writeQueued = false;
        try {
            save();
        } catch (StoreException e) {
            LOG.warn("[matter] {} not written; the console may show no date for a new fabric: {}", RECORD,
                    e.getMessage());
        }
    }

    /** When the fabric completed commissioning, if known. */
    public synchronized Optional<Instant> of(int fabricIndex) {
        return Optional.ofNullable(added.get(fabricIndex));
    }

    private void save() {
        Map<String, Object> fabrics = new TreeMap<>();
        added.forEach((index, at) -> fabrics.put(Integer.toString(index), at.toString()));
        store.write(RECORD, FORMAT_VERSION, Json.write(Map.of("fabrics", fabrics)).getBytes(StandardCharsets.UTF_8));
    }
}
