package org.cpebridge.matter.store;

import java.util.Optional;

/**
 * Where the protocol keeps what must survive a restart (fabrics, CASE resumption records, message counters, the
 * development attestation identity): named records, each written with the version of its payload format. The
 * protocol defines this port and knows no store; the face implements it over the bridge's durable store, whose
 * writes are atomic and durable when they return (a kill at any moment keeps the old or the new version).
 *
 * <p>Implementations are thread-safe.
 */
public interface RecordStore {

    /**
     * The payload of record {@code name}, checked to be in format {@code expectedFormat}; empty when the record was
     * never written.
     *
     * @throws RecordStoreException when the record exists but cannot be read or is in another format version
     */
    Optional<byte[]> read(String name, int expectedFormat);

    /**
     * Replaces record {@code name} atomically and durably.
     *
     * @throws RecordStoreException when the record could not be written (the old version stays)
     */
    void write(String name, int formatVersion, byte[] payload);
}
