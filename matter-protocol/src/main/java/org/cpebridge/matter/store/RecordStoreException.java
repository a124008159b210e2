package org.cpebridge.matter.store;

/** A record of the {@link RecordStore} could not be read, is corrupt, or could not be written. */
public final class RecordStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RecordStoreException(String message) {
        super(message);
    }

    public RecordStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
