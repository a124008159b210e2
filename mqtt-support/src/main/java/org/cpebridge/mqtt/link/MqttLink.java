package org.cpebridge.mqtt.link;

/**
 * One MQTT client connection that keeps itself connected: it reconnects with backoff and subscribes again after
 * each connect. The Zigbee adapter and the Zigbee2MQTT simulator use it without seeing Paho ({@link MqttLinks}).
 */
public interface MqttLink extends AutoCloseable {

    /** Callbacks, made on the client library's thread: keep them short (hand work to an executor). */
    interface Listener {
        /** Connected and subscribed; retained messages follow. */
        void connected();

        /** The connection is gone (or the first attempt failed); the link retries by itself. */
        void disconnected(String reason);

        void message(String topic, byte[] payload, boolean retained);
    }

    /** Starts connecting in the background; returns at once. */
    void start();

    /**
     * Publishes without waiting.
     *
     * @throws MqttLinkException when not connected or the client refuses the message
     */
    void publish(String topic, byte[] payload, int qos, boolean retained);

    boolean isConnected();

    /** Disconnects (sending no will) and stops reconnecting. */
    @Override
    void close();

    /** Drops the connection without a DISCONNECT packet, so the broker publishes the will. For tests. */
    void kill();
}
