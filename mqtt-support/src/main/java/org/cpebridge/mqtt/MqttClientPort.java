package org.cpebridge.mqtt;

import java.time.Duration;
import java.util.List;

/**
 * One MQTT client connection, the same over MQTT 5.0 and 3.1.1 (our own client on netty's MQTT codec underneath), so
 * the USP MTP and the Zigbee2MQTT link keep their protocol rules and reconnect policies and share the client code.
 * One instance per connection attempt: after a failure or a loss the caller {@link #close closes} it and
 * {@link #open opens} another. Every method may be called from any thread and none blocks on the network except
 * {@link #disconnect} called off the connection's loop; the {@link Listener} is called on the connection's netty
 * event loop ({@link ConnectOptions#ioGroup}).
 */
public interface MqttClientPort extends AutoCloseable {

    /**
     * What the connection reports, on its event loop, one call at a time and in the order the packets came: keep the
     * callbacks short and never block in them (post to an executor). After {@link #close} or {@link #disconnect}
     * nothing more is reported.
     */
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
     * Makes a client for {@code options.version()}; it does not connect yet. Its socket has TCP_NODELAY on (with
     * Nagle's algorithm a request/response exchange of small PUBLISHes waits on the peer's delayed ACK, about 40 ms
     * a segment on Linux: 85 ms for a one-parameter USP Get on loopback).
     *
     * @throws MqttPortException when the server URI is not {@code tcp://host[:port]} or {@code ssl://host[:port]}
     */
    static MqttClientPort open(ConnectOptions options, Listener listener) throws MqttPortException {
        return new NettyMqttClient(options, listener);
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

    /**
     * Waits up to {@code quiesce} for the QoS 1/2 publishes in flight, then sends DISCONNECT (so the broker drops the
     * will) and closes the connection; off the event loop it waits up to twice {@code quiesce} for that, on it it
     * returns at once.
     */
    void disconnect(Duration quiesce) throws MqttPortException;

    /**
     * Closes the connection without a DISCONNECT, so the broker publishes the will, and releases the client,
     * whatever its state. Never throws.
     */
    @Override
    void close();
}
