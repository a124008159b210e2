package org.cpebridge.matter.fabric;

import java.util.Optional;
import java.util.TreeMap;

import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;

/**
 * A record store in memory for unit tests: reopening a table over the same instance is a restart. It checks format
 * versions as the bridge's durable store does, can be told to fail writes, and counts them.
 */
public final class MemoryStore implements RecordStore {

    private record Stored(int formatVersion, byte[] payload) {
    }

    private final TreeMap<String, Stored> records = new TreeMap<>();
    private boolean failWrites;
    private int writes;

    @Override
    public synchronized Optional<byte[]> read(String name, int expectedFormat) {
        Stored stored = records.get(name);
        if (stored == null) {
            return Optional.empty();
        }
        if (stored.formatVersion() != expectedFormat) {
            throw new RecordStoreException(name + " has format version " + stored.formatVersion()
                    + "; this build reads " + expectedFormat);
        }
        return Optional.of(stored.payload().clone());
    }

    @Override
    public synchronized void write(String name, int formatVersion, byte[] payload) {
        if (failWrites) {
            throw new RecordStoreException("simulated write failure for " + name);
        }
        writes++;
        records.put(name, new Stored(formatVersion, payload.clone()));
    }

    public synchronized void failWrites(boolean fail) {
        failWrites = fail;
    }

    public synchronized int writes() {
        return writes;
    }
}
