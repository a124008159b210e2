package org.cpebridge.usp.mtp.mqtt;

import java.util.List;
import java.util.Optional;

/**
 * What {@link PahoMqttMtp} needs from one MQTT client connection, so the same link logic runs over Paho's 5.0 and
 * 3.1.1 clients. One instance per connection attempt; callbacks arrive on Paho's threads.
 */
interface MqttClientPort {

    /** What the client reports. */
    interface Events {
        void connected(MqttLink.ConnAck ack);

        void connectFailed(String reason);

        void subscribed(List<Boolean> granted);

        void lost(String reason);

        void message(String topic, byte[] payload, Optional<String> responseTopic, Optional<String> contentType);

        /** A QoS 1 publish was acknowledged, so an in-flight slot is free. */
        void delivered();
    }

    void connect(MqttLink.Connect connect, PahoMqttMtp.Broker broker, Optional<String> willTopic, Events events)
            throws Exception;

    void subscribe(List<String> filters, Events events) throws Exception;

    /** Publishes; false if every in-flight slot is taken (the caller retries after {@link Events#delivered}). */
    boolean publish(String topic, byte[] payload, int qos, boolean retained, Optional<String> responseTopic,
            Optional<String> contentType) throws Exception;

    boolean isConnected();

    /** Sends DISCONNECT and waits up to {@code quiesceMillis} for it. */
    void disconnect(long quiesceMillis) throws Exception;

    /** Closes the connection and releases the client, whatever its state. */
    void close();
}
