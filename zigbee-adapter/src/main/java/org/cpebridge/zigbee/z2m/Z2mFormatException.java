package org.cpebridge.zigbee.z2m;

/** A Zigbee2MQTT payload that is not JSON or not shaped as Zigbee2MQTT publishes it. */
public final class Z2mFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public Z2mFormatException(String message) {
        super(message);
    }

    public Z2mFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
