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
 * Thread-safe.
 */
public final class InstanceNumbers {
    public static final String RECORD = "usp/instances";
    static final int FORMAT_VERSION = 1;

    private final DurableStore store;
    private final Map<DeviceId, Long> numbers = new LinkedHashMap<>();
    private final Map<Long, DeviceId> devices = new java.util.HashMap<>();
    private long next = 1;

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

    /** The device's number, assigning (and storing) a new one the first time a device is seen. */
    public synchronized long numberOf(DeviceId id) {
        Long known = numbers.get(id);
        if (known != null) {
            return known;
        }
        long assigned = next++;
        numbers.put(id, assigned);
        devices.put(assigned, id);
        persist();
        return assigned;
    }

    /** The device that has {@code number}, if any. */
    public synchronized Optional<DeviceId> deviceOf(long number) {
        return Optional.ofNullable(devices.get(number));
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
