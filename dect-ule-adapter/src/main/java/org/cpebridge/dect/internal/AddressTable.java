package org.cpebridge.dect.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.dect.hanfun.Address;

/**
 * The base's Device Management table: which device UID got which HAN-FUN address. Kept in the durable store
 * ({@value #RECORD}, lines {@code <uid key> <address hex>}), so a device keeps its address across base resets and
 * bridge restarts. Owned by the adapter's serial executor.
 */
public final class AddressTable {
    public static final String RECORD = "dect/addresses";
    public static final int FORMAT_VERSION = 1;

    private final DurableStore store;
    private final Map<String, Integer> addresses = new LinkedHashMap<>();

    public AddressTable(DurableStore store) {
        this.store = store;
        store.read(RECORD).ifPresent(record -> {
            if (record.formatVersion() != FORMAT_VERSION) {
                throw new StoreException(RECORD + " has format " + record.formatVersion() + ", this build reads "
                        + FORMAT_VERSION);
            }
            for (String line : new String(record.payload(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                try {
                    addresses.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1), 16));
                } catch (RuntimeException e) {
                    throw new StoreException(RECORD + " has a bad line: " + line);
                }
            }
        });
    }

    public Optional<Integer> find(String uidKey) {
        return Optional.ofNullable(addresses.get(uidKey));
    }

    /** The device's address, allocating the lowest free one for a new device; empty when the table is full. */
    public Optional<Integer> addressFor(String uidKey) {
        Integer known = addresses.get(uidKey);
        if (known != null) {
            return Optional.of(known);
        }
        java.util.Set<Integer> used = new java.util.HashSet<>(addresses.values());
        for (int candidate = Address.FIRST_DEVICE; candidate <= Address.LAST_DEVICE; candidate++) {
            if (!used.contains(candidate)) {
                addresses.put(uidKey, candidate);
                persist();
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Optional<String> uidAt(int address) {
        return addresses.entrySet().stream().filter(e -> e.getValue() == address).map(Map.Entry::getKey).findFirst();
    }

    public void remove(String uidKey) {
        if (addresses.remove(uidKey) != null) {
            persist();
        }
    }

    public int size() {
        return addresses.size();
    }

    private void persist() {
        StringBuilder text = new StringBuilder();
        addresses.forEach((key, address) -> text.append(key).append(' ').append(Integer.toHexString(address))
                .append('\n'));
        store.write(RECORD, FORMAT_VERSION, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
