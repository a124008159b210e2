package org.cpebridge.usp.agent.model;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;

/**
 * Stable {@code Device.ProxiedDevice.{i}} instance numbers: a device keeps its number across restarts, and a number
 * is never given to another device, even after the first one left (TR-369 "Instance numbers", R-ADD.9 spirit).
 * Stored in the record {@value #RECORD} as lines {@code <number> <device id>}, headed by {@code next <n>}.
 *
 * <p>A new number is kept in memory until {@link #flush}: rewriting the record for every new device wrote about 400 MB
 * for a 5,000-device Zigbee join (issue 23). The agent flushes before anything it sends can carry a number (an answer,
 * a notification), shortly after a burst of new devices, and at start and stop; a number lost to a crash before its
 * flush was never seen by a Controller, so the device may get another one after the restart. Thread-safe.
 */
public final class InstanceNumbers {
    public static final String RECORD = "usp/instances";
    static final int FORMAT_VERSION = 1;

    private final DurableStore store;
    private final Map<DeviceId, Long> numbers = new LinkedHashMap<>();
    private final Map<Long, DeviceId> devices = new java.util.HashMap<>();
    private long next = 1;
    private boolean dirty;

    public InstanceNumbers(DurableStore store) {
        this.store = Objects.requireNonNull(store, "store");
        store.read(RECORD).ifPresent(record -> {
            parse(record.textOfFormat(FORMAT_VERSION));
        });
    }

    private void parse(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(" ", 2);
            try {
                if (parts.length != 2) {
                    throw new StoreException(RECORD + ": bad line '" + line + "'");
                }
                if (parts[0].equals("next")) {
                    next = Math.max(next, Long.parseLong(parts[1]));
                } else {
                    long number = Long.parseLong(parts[0]);
                    DeviceId id = DeviceId.parse(parts[1]);
                    numbers.put(id, number);
                    devices.put(number, id);
                    next = Math.max(next, number + 1);
                }
            } catch (IllegalArgumentException e) {
                throw new StoreException(RECORD + ": bad line '" + line + "': " + e.getMessage());
            }
        }
    }

    /** Whether numbers assigned since the last {@link #flush} wait to be stored. */
    public synchronized boolean hasUnstored() {
        return dirty;
    }

    /** The device's number, assigning a new one (stored at the next {@link #flush}) the first time it is seen. */
    public synchronized long numberOf(DeviceId id) {
        Long known = numbers.get(id);
        if (known != null) {
            return known;
        }
        long assigned = next++;
        numbers.put(id, assigned);
        devices.put(assigned, id);
        dirty = true;
        return assigned;
    }

    /** Stores the numbers assigned since the last flush, if any; returns whether it wrote. */
    public synchronized boolean flush() {
        if (!dirty) {
            return false;
        }
        persist();
        dirty = false;
        return true;
    }

    /** The device that has {@code number}, if any. */
    public synchronized Optional<DeviceId> deviceOf(long number) {
        return Optional.ofNullable(devices.get(number));
    }

    /**
     * {@link #deviceOf}, null for none: a Get's walk asks this several times for each of thousands of objects, and
     * under the router's C1-only JIT every {@code Optional} is an allocation.
     */
    public synchronized DeviceId deviceOrNull(long number) {
        return devices.get(number);
    }

    /** The number of a device already seen. */
    public synchronized Optional<Long> find(DeviceId id) {
        return Optional.ofNullable(numbers.get(id));
    }

    private void persist() {
        StringBuilder text = new StringBuilder("next ").append(next).append('\n');
        numbers.forEach((id, n) -> text.append(n).append(' ').append(id).append('\n'));
        store.write(RECORD, FORMAT_VERSION, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
