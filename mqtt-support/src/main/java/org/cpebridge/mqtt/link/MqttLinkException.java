package org.cpebridge.mqtt.link;

/** A publish the MQTT link could not take (not connected, client refused). */
public final class MqttLinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MqttLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
