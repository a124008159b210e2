package org.cpebridge.usp.testing;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.usp.record.RecordBody;
import org.cpebridge.usp.record.RecordCodec;
import org.cpebridge.usp.record.RecordEnvelope;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A minimal USP Controller over Paho MQTT 5 for the tests: publishes Records to the agent's topic (with or without a
 * Response Topic) and collects every Record on its topics.
 */
public final class PahoTestController implements AutoCloseable {
    /** A Record received, with the topic and Content Type it came with. */
    public record Received(String topic, RecordEnvelope record, Optional<String> contentType) {
    }

    private final String endpointId;
    private final String agentId;
    private final MqttClient client;
    private final RecordCodec codec = new RecordCodec();
    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    /** Non-USP messages (the agent's status topic). */
    public final BlockingQueue<String> status = new LinkedBlockingQueue<>();

    public PahoTestController(String brokerUrl, String endpointId, String agentId, String... topics)
            throws MqttException {
        this.endpointId = endpointId;
        this.agentId = agentId;
        client = new MqttClient(brokerUrl, "ctl-" + Long.toHexString(System.nanoTime()), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(3);
        options.setAutomaticReconnectDelay(1, 2);
        options.setSocketFactory(new org.cpebridge.mqtt.NoDelaySocketFactory());
        // Many requests in flight for the throughput measurement.
        options.setReceiveMaximum(1000);
        client.connect(options);
        for (String topic : topics) {
            subscribe(topic);
        }
    }

    public void subscribe(String filter) throws MqttException {
        MqttSubscription[] subs = {new MqttSubscription(filter, 1)};
        client.subscribe(subs, new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {this::arrived});
    }

    private void arrived(String topic, MqttMessage message) {
        if (topic.endsWith("/status")) {
            status.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            return;
        }
        try {
            RecordEnvelope record = codec.decode(message.getPayload());
            received.add(new Received(topic, record, Optional.ofNullable(message.getProperties() == null ? null
                    : message.getProperties().getContentType())));
        } catch (Exception e) {
            received.add(new Received(topic, null, Optional.empty()));
        }
    }

    /** Publishes a USP Message in a No Session Context Record to {@code agentTopic}. */
    public void send(String agentTopic, UspMsg.Msg msg, Optional<String> responseTopic) throws MqttException {
        RecordEnvelope record = RecordEnvelope.plain(agentId, endpointId,
                new RecordBody.NoSessionContext(Bytes.of(msg.toByteArray())));
        sendRaw(agentTopic, codec.encode(record), responseTopic);
    }

    /** Publishes raw bytes (for garbage tests). */
    public void sendRaw(String agentTopic, byte[] payload, Optional<String> responseTopic) throws MqttException {
        sendRaw(agentTopic, payload, responseTopic, 1);
    }

    /** Publishes a USP Message at QoS 0 (no in-flight limit on the controller's side). */
    public void sendQos0(String agentTopic, UspMsg.Msg msg, Optional<String> responseTopic) throws MqttException {
        RecordEnvelope record = RecordEnvelope.plain(agentId, endpointId,
                new RecordBody.NoSessionContext(Bytes.of(msg.toByteArray())));
        sendRaw(agentTopic, codec.encode(record), responseTopic, 0);
    }

    private void sendRaw(String agentTopic, byte[] payload, Optional<String> responseTopic, int qos)
            throws MqttException {
        MqttMessage message = new MqttMessage(payload, qos, false, null);
        MqttProperties properties = new MqttProperties();
        responseTopic.ifPresent(properties::setResponseTopic);
        message.setProperties(properties);
        client.publish(agentTopic, message);
    }

    /** The next Record carrying a USP Message (skipping Connect Records), within {@code seconds}. */
    public Received nextMessage(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (r == null) {
                return null;
            }
            if (r.record() != null && r.record().body() instanceof RecordBody.NoSessionContext) {
                return r;
            }
        }
    }

    /** The USP Message inside a received Record. */
    public static UspMsg.Msg message(Received received) throws Exception {
        return UspMsg.Msg.parseFrom(((RecordBody.NoSessionContext) received.record().body()).payload().toByteArray());
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            }
        } catch (MqttException brokenConnection) {
            client.disconnectForcibly(0, 1_000, false);
        }
        client.close(true);
    }
}
