package org.cpebridge.matter.commissioning;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each fabric's commissioning completed, for the household's console ("added on ..."): record
 * {@value #RECORD}, format 1, {@code {"fabrics": {"<fabric index>": "<ISO-8601 instant>"}}}. A fabric gets its time
 * at CommissioningComplete (an AddNOC that the fail-safe rolls back never gets one), keeps it through later
 * reconfigurations and loses it when it is removed. A fabric commissioned before this record existed has none.
 * Display only, so an unreadable record is logged and read as empty rather than stopping the bridge.
 *
 * <p>Written on the node loop; the console reads it from its own threads, so every method is synchronized.
 */
public final class FabricAddedTimes {

    /** The store record. */
    public static final String RECORD = "matter/fabric-added";
    private static final int FORMAT_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(FabricAddedTimes.class);

    private final DurableStore store;
    private final Map<Integer, Instant> added = new TreeMap<>();

    private FabricAddedTimes(DurableStore store) {
        this.store = store;
    }

    /** Reads the record (empty when absent or unreadable). */
    public static FabricAddedTimes load(DurableStore store) {
        FabricAddedTimes times = new FabricAddedTimes(Objects.requireNonNull(store, "store"));
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
    public synchronized void commissioned(int fabricIndex, Instant at) {
        if (!added.containsKey(fabricIndex)) {
            added.put(fabricIndex, Objects.requireNonNull(at, "at"));
            save();
        }
    }

    /** Fabric {@code fabricIndex} is gone; its index may be given to another one later. */
    public synchronized void removed(int fabricIndex) {
        if (added.remove(fabricIndex) != null) {
            save();
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
