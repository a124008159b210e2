package org.cpebridge.core.testing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoredRecord;

/**
 * A durable store that hands every call to another (usually the real {@code FileDurableStore}), so that a test
 * overrides only the call it is about: counting writes, refusing them as a full disk would, or dying at a chosen
 * record, without restating the others. Thread-safe as far as the delegate is.
 */
public class ForwardingStore implements DurableStore {
    private final DurableStore delegate;

    public ForwardingStore(DurableStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Optional<StoredRecord> read(String name) {
        return delegate.read(name);
    }

    @Override
    public void write(String name, int formatVersion, byte[] payload) {
        delegate.write(name, formatVersion, payload);
    }

    @Override
    public void delete(String name) {
        delegate.delete(name);
    }

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }
}
