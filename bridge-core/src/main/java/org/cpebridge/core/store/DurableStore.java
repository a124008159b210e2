package org.cpebridge.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Named records that survive a restart and a kill at any moment: a read returns either the last completely
 * written version or, for a record never written, nothing. Each record carries the version of its payload format
 * so that its owner can migrate or refuse it.
 *
 * <p>Names are paths of lower-case segments ({@code matter/fabrics}, {@code core/devices}); the first segment is
 * the owning module. Thread-safe; writes to one name are serialized.
 */
public interface DurableStore {

    /**
     * Reads a record.
     *
     * @throws StoreException when the record exists but cannot be read or is corrupt; never silently empty
     */
    Optional<StoredRecord> read(String name);

    /** Replaces a record atomically and durably: when this returns, a crash keeps the new version. */
    void write(String name, int formatVersion, byte[] payload);

    /** Deletes a record durably; deleting a missing record does nothing. */
    void delete(String name);

    /** Names of the records below a prefix ({@code matter/} lists {@code matter/fabrics}, ...), sorted. */
    List<String> list(String prefix);
}
