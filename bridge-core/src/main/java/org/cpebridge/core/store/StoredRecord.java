package org.cpebridge.core.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** A record read back from the store: its name, payload format version and payload. */
public final class StoredRecord {

    private final String name;
    private final int formatVersion;
    private final byte[] payload;

    public StoredRecord(String name, int formatVersion, byte[] payload) {
        this.name = Objects.requireNonNull(name, "name");
        this.formatVersion = formatVersion;
        this.payload = payload.clone();
    }

    public String name() {
        return name;
    }

    public int formatVersion() {
        return formatVersion;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * A copy of the payload, checked to be in format {@code expected}: a record that another build wrote in a format
     * this one does not read stops the reader rather than being misread.
     *
     * @throws StoreException naming the record and both format versions
     */
    public byte[] payloadOfFormat(int expected) {
        if (formatVersion != expected) {
            throw new StoreException(name + " has format version " + formatVersion + "; this build reads " + expected);
        }
        return payload.clone();
    }

    /** {@link #payloadOfFormat} as UTF-8 text. */
    public String textOfFormat(int expected) {
        return new String(payloadOfFormat(expected), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredRecord that && name.equals(that.name) && formatVersion == that.formatVersion
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, formatVersion) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "StoredRecord[" + name + " v" + formatVersion + ", " + payload.length + " bytes]";
    }
}
