package org.cpebridge.mqtt.link;

/**
 * One MQTT client connection that keeps itself connected: it reconnects with backoff and subscribes again after
 * each connect. The Zigbee adapter and the Zigbee2MQTT simulator use it without seeing the client ({@link MqttLinks}).
 */
public interface MqttLink extends AutoCloseable {

    /**
     * Callbacks, made on the client's netty event loop (the service's shared I/O loop) or on the thread that called
     * {@link #start}/{@link #close}: keep them short and never block (hand work to an executor).
     */
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
