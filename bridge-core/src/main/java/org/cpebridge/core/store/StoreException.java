package org.cpebridge.core.store;

/** A store record could not be read or written. The message names the file and what is wrong with it. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
