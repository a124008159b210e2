package org.cpebridge.mqtt;

import java.time.Duration;
import java.util.List;

/**
 * One MQTT client connection, the same over MQTT 5.0 and 3.1.1 (Eclipse Paho underneath), so the USP MTP and the
 * Zigbee2MQTT link keep their protocol rules and reconnect policies and share the client code. One instance per
 * connection attempt: after a failure or a loss the caller {@link #close closes} it and {@link #open opens} another.
 * Thread-safe as Paho's asynchronous clients are; the {@link Listener} is called on Paho's threads.
 */
public interface MqttClientPort extends AutoCloseable {

    /** What the connection reports, on Paho's threads: keep the callbacks short (post to an executor). */
    interface Listener {
        /** The CONNACK accepted the connection. */
        void connected(ConnAck ack);

        /**
         * The TCP/TLS connection or the CONNECT failed.
         *
         * @param protocolRejected the broker refused this MQTT version (5.0: reason 0x84; 3.1.1: return code 1)
         */
        void connectFailed(String reason, boolean protocolRejected);

        /** The SUBACK (or the subscribe's failure): whether each filter was granted, in order. */
        void subscribed(List<Boolean> granted);

        /** An established connection closed or broke. */
        void lost(String reason);

        /** A PUBLISH arrived; {@code properties} is {@link MessageProperties#NONE} over 3.1.1. */
        void message(String topic, byte[] payload, boolean retained, MessageProperties properties);

        /** A QoS 1/2 publish completed, so an in-flight slot is free again. */
        void delivered();
    }

    /**
     * Makes a client for {@code options.version()}; it does not connect yet. {@code tcp://} brokers get sockets with
     * TCP_NODELAY ({@link NoDelaySocketFactory}).
     *
     * @throws MqttPortException when the server URI or client id is not acceptable
     */
    static MqttClientPort open(ConnectOptions options, Listener listener) throws MqttPortException {
        return options.version() == MqttVersion.V5 ? new Paho5Client(options, listener)
                : new Paho3Client(options, listener);
    }

    /** Sends CONNECT; the outcome arrives as {@link Listener#connected} or {@link Listener#connectFailed}. */
    void connect() throws MqttPortException;

    /** Subscribes to every filter at {@code qos}; the outcome arrives as {@link Listener#subscribed}. */
    void subscribe(List<String> filters, int qos) throws MqttPortException;

    /**
     * Publishes without waiting for the acknowledgement.
     *
     * @return false if every in-flight slot is taken (retry after {@link Listener#delivered})
     * @throws MqttPortException when not connected or the client refuses the message
     */
    boolean publish(String topic, byte[] payload, int qos, boolean retained, MessageProperties properties)
            throws MqttPortException;

    boolean isConnected();

    /** Sends DISCONNECT (so the broker drops the will) and waits up to about twice {@code quiesce} for it. */
    void disconnect(Duration quiesce) throws MqttPortException;

    /**
     * Closes the connection without a DISCONNECT, so the broker publishes the will, and releases the client,
     * whatever its state. Never throws.
     */
    @Override
    void close();
}
