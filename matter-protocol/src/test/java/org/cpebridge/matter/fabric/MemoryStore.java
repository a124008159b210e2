package org.cpebridge.matter.fabric;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.store.StoredRecord;

/** A durable store in memory for unit tests; can be told to fail writes, and counts them. */
public final class MemoryStore implements DurableStore {

    private final TreeMap<String, StoredRecord> records = new TreeMap<>();
    private boolean failWrites;
    private int writes;

    @Override
    public synchronized Optional<StoredRecord> read(String name) {
        return Optional.ofNullable(records.get(name));
    }

    @Override
    public synchronized void write(String name, int formatVersion, byte[] payload) {
        if (failWrites) {
            throw new StoreException("simulated write failure for " + name);
        }
        writes++;
        records.put(name, new StoredRecord(name, formatVersion, payload));
    }

    @Override
    public synchronized void delete(String name) {
        records.remove(name);
    }

    @Override
    public synchronized List<String> list(String prefix) {
        List<String> names = new ArrayList<>();
        for (String name : records.keySet()) {
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        return names;
    }

    public synchronized void failWrites(boolean fail) {
        failWrites = fail;
    }

    public synchronized int writes() {
        return writes;
    }
}
