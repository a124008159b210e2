package org.cpebridge.mqtt;

/** The client refused a call (bad server URI, not connected, a closed client, unreadable TLS files). */
public final class MqttPortException extends Exception {

    private static final long serialVersionUID = 1L;

    public MqttPortException(String message, Throwable cause) {
        super(message, cause);
    }
}
