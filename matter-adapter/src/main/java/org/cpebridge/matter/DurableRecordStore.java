package org.cpebridge.matter;

import java.util.Objects;
import java.util.Optional;

import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;

/**
 * matter-protocol's {@link RecordStore} port over the core's {@link DurableStore}: the same record names, format
 * versions and atomic writes; a {@link StoreException} becomes a {@link RecordStoreException} with the same message.
 * Thread-safe, as the durable store is.
 */
public final class DurableRecordStore implements RecordStore {

    private final DurableStore store;

    public DurableRecordStore(DurableStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<byte[]> read(String name, int expectedFormat) {
        try {
            return store.read(name).map(record -> record.payloadOfFormat(expectedFormat));
        } catch (StoreException e) {
            throw new RecordStoreException(e.getMessage(), e);
        }
    }

    @Override
    public void write(String name, int formatVersion, byte[] payload) {
        try {
            store.write(name, formatVersion, payload);
        } catch (StoreException e) {
            throw new RecordStoreException(e.getMessage(), e);
        }
    }
}
