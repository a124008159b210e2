package org.cpebridge.dect.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.dect.hanfun.HanfunMessage.Unit;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.Role;

/**
 * The base's Device Management table: which device UID got which HAN-FUN address, and the units it registered. Kept
 * in the durable store ({@value #RECORD}), so a device keeps its address across base resets and bridge restarts, and a
 * node that does not register again after a restart (hf_node keeps its address) is still understood.
 *
 * <p>Format 1, one line per device: {@code <uid key> <address hex> <unit>/<profile hex>[/<itf hex>...] ...}, interface
 * words with the role bit. Owned by the adapter's serial executor.
 */
public final class AddressTable {
    public static final String RECORD = "dect/addresses";
    public static final int FORMAT_VERSION = 1;

    /** One registered device. */
    public record Entry(int address, List<Unit> units) {
        public Entry {
            units = List.copyOf(units);
        }
    }

    private final DurableStore store;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public AddressTable(DurableStore store) {
        this.store = store;
        store.read(RECORD).ifPresent(record -> {
            for (String line : record.textOfFormat(FORMAT_VERSION).split("\n")) {
                if (!line.isBlank()) {
                    parse(line);
                }
            }
        });
    }

    private void parse(String line) {
        try {
            String[] fields = line.split(" ");
            List<Unit> units = new ArrayList<>();
            for (int i = 2; i < fields.length; i++) {
                String[] parts = fields[i].split("/");
                List<InterfaceAddress> itfs = new ArrayList<>();
                for (int j = 2; j < parts.length; j++) {
                    int word = Integer.parseInt(parts[j], 16);
                    itfs.add(new InterfaceAddress((word & 0x8000) != 0 ? Role.SERVER : Role.CLIENT, word & 0x7FFF));
                }
                units.add(new Unit(Integer.parseInt(parts[0]), Integer.parseInt(parts[1], 16), itfs));
            }
            entries.put(fields[0], new Entry(Integer.parseInt(fields[1], 16), units));
        } catch (RuntimeException e) {
            throw new StoreException(RECORD + " has a bad line: " + line);
        }
    }

    public Optional<Entry> find(String uidKey) {
        return Optional.ofNullable(entries.get(uidKey));
    }

    /** Every known device by UID key, in registration order. */
    public Map<String, Entry> entries() {
        return Map.copyOf(entries);
    }

    /**
     * Records a registration: the device keeps its address (or gets the lowest free one) and its units are stored.
     * Empty when every address is taken.
     */
    public Optional<Integer> register(String uidKey, List<Unit> units) {
        Entry known = entries.get(uidKey);
        int address;
        if (known != null) {
            address = known.address();
        } else {
            Set<Integer> used = new HashSet<>();
            entries.values().forEach(entry -> used.add(entry.address()));
            address = -1;
            for (int candidate = Address.FIRST_DEVICE; candidate <= Address.LAST_DEVICE; candidate++) {
                if (!used.contains(candidate)) {
                    address = candidate;
                    break;
                }
            }
            if (address < 0) {
                return Optional.empty();
            }
        }
        Entry entry = new Entry(address, units);
        if (!entry.equals(known)) {
            entries.put(uidKey, entry);
            persist();
        }
        return Optional.of(address);
    }

    public void remove(String uidKey) {
        if (entries.remove(uidKey) != null) {
            persist();
        }
    }

    public int size() {
        return entries.size();
    }

    private void persist() {
        StringBuilder text = new StringBuilder();
        entries.forEach((key, entry) -> {
            text.append(key).append(' ').append(Integer.toHexString(entry.address()));
            for (Unit unit : entry.units()) {
                text.append(' ').append(unit.id()).append('/').append(Integer.toHexString(unit.profile()));
                for (InterfaceAddress itf : unit.optionalInterfaces()) {
                    text.append('/').append(Integer.toHexString((itf.role() == Role.SERVER ? 0x8000 : 0) | itf.uid()));
                }
            }
            text.append('\n');
        });
        store.write(RECORD, FORMAT_VERSION, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
