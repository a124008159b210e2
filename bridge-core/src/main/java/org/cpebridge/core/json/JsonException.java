package org.cpebridge.core.json;

/** Text that is not valid JSON, or JSON of the wrong shape; the message says where. */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
