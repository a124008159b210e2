package org.cpebridge.matter.bridge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;

/**
 * The endpoint number of each bridged device (or device part), kept in the core's durable store so that rooms and
 * automations a controller built on an endpoint survive restarts, removals and re-pairing. Numbers are given out in
 * ascending order from 2 (0 is the root, 1 the Aggregator), are never reused for another device, and a device that
 * comes back gets its old number. A new number is stored before it is used.
 *
 * <p>Stored as record {@value #RECORD}, format 1, JSON {@code {"next": n, "endpoints": {"dect:0F015E0001": 2}}}.
 * Owned by the node loop.
 */
final class EndpointNumbers {

    static final String RECORD = "matter/bridge-endpoints";
    static final int FORMAT_VERSION = 1;
    static final int FIRST = 2;
    static final int LAST = 0xFFFE;

    private final DurableStore store;
    private final Map<String, Integer> numbers = new LinkedHashMap<>();
    private int next = FIRST;
    private boolean deferred;
    private boolean unsaved;

    private EndpointNumbers(DurableStore store) {
        this.store = store;
    }

    /**
     * Loads the numbers given out so far.
     *
     * @throws StoreException when the record is damaged (startup stops rather than renumber the household's devices)
     */
    static EndpointNumbers load(DurableStore store) {
        EndpointNumbers loaded = new EndpointNumbers(Objects.requireNonNull(store, "store"));
        store.read(RECORD).ifPresent(record -> {
            try {
                Map<String, Object> json = Json.parseObject(record.textOfFormat(FORMAT_VERSION));
                loaded.next = toEndpoint(json.get("next"));
                if (json.get("endpoints") instanceof Map<?, ?> endpoints) {
                    for (Map.Entry<?, ?> entry : endpoints.entrySet()) {
                        int number = toEndpoint(entry.getValue());
                        if (number >= loaded.next) {
                            throw new StoreException(RECORD + ": endpoint " + number + " is not below next "
                                    + loaded.next);
                        }
                        loaded.numbers.put((String) entry.getKey(), number);
                    }
                } else {
                    throw new StoreException(RECORD + ": no endpoints object");
                }
            } catch (ClassCastException | IllegalArgumentException e) {
                throw new StoreException(RECORD + " is damaged: " + e.getMessage());
            }
        });
        return loaded;
    }

    private static int toEndpoint(Object value) {
        if (!(value instanceof Long number) || number < FIRST || number > LAST + 1) {
            throw new IllegalArgumentException("not an endpoint number: " + value);
        }
        return number.intValue();
    }

    /** The number already given to {@code key}, if any. */
    OptionalInt find(String key) {
        Integer number = numbers.get(key);
        return number == null ? OptionalInt.empty() : OptionalInt.of(number);
    }

    /**
     * The number of {@code key}, given out and stored now if it has none.
     *
     * @throws IllegalStateException when every endpoint number has been used
     */
    int numberFor(String key) {
        Integer known = numbers.get(key);
        if (known != null) {
            return known;
        }
        if (next > LAST) {
            throw new IllegalStateException("every Matter endpoint number up to " + LAST + " has been used");
        }
        int number = next;
        numbers.put(key, number);
        next = number + 1;
        if (deferred) {
            unsaved = true;
        } else {
            persist();
        }
        return number;
    }

    /**
     * Holds writes until {@link #flush}: at start, the numbers of every device are stored in one write. Safe because
     * no number is shown to anyone before the flush (the node loop answers nothing meanwhile).
     */
    void defer() {
        deferred = true;
    }

    /** Stores what {@link #defer} held back and writes at once again. */
    void flush() {
        deferred = false;
        if (unsaved) {
            unsaved = false;
            persist();
        }
    }

    private void persist() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("next", (long) next);
        json.put("endpoints", new LinkedHashMap<>(numbers));
        store.write(RECORD, FORMAT_VERSION, Json.write(json).getBytes(StandardCharsets.UTF_8));
    }
}
