package org.cpebridge.service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** An MQTT 5 test client (Paho) that keeps what it receives, and can act as a USP Controller. */
final class MqttProbe implements AutoCloseable {

    /** One received PUBLISH. */
    record Received(String topic, byte[] payload) {
    }

    final MqttClient client;
    final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

    MqttProbe(String url, String clientId) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbox.add(new Received(topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
    }

    static MqttConnectionOptions login(String user, String password) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    /** Connects, or returns the refusal's reason code. */
    int connect(MqttConnectionOptions options) {
        try {
            client.connect(options);
            return 0;
        } catch (MqttException refused) {
            return refused.getReasonCode();
        }
    }

    /** Subscribes and returns the SUBACK's reason code. */
    int subscribe(String filter) throws MqttException {
        return client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                new org.eclipse.paho.mqttv5.common.MqttSubscription(filter, 1)}, null).getReasonCodes()[0];
    }

    /** Sends a USP Get as Controller {@code from} and returns the agent's answer to it. */
    UspMsg.Msg get(String agentTopic, String agentId, String from, String msgId, String path) throws Exception {
        return call(agentTopic, agentId, from, getRequest(msgId, path));
    }

    /** Sends a USP request as Controller {@code from} and returns the agent's answer to it (same msg_id). */
    UspMsg.Msg call(String agentTopic, String agentId, String from, UspMsg.Msg request) throws Exception {
        String msgId = request.getHeader().getMsgId();
        publish(agentTopic, agentId, from, request);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Received received = inbox.poll(1, TimeUnit.SECONDS);
            if (received == null) {
                continue;
            }
            UspRecord.Record answer = UspRecord.Record.parseFrom(received.payload());
            if (answer.hasNoSessionContext()) {
                UspMsg.Msg msg = UspMsg.Msg.parseFrom(answer.getNoSessionContext().getPayload());
                if (msg.getHeader().getMsgId().equals(msgId)) {
                    return msg;
                }
            }
        }
        throw new AssertionError("no answer to " + msgId + " within 60 s");
    }

    /** Publishes a USP Get Record as Controller {@code from} (no reply-to: the agent answers on the configured topic). */
    void publishGet(String agentTopic, String agentId, String from, String msgId, String path) throws MqttException {
        publish(agentTopic, agentId, from, getRequest(msgId, path));
    }

    private void publish(String agentTopic, String agentId, String from, UspMsg.Msg request) throws MqttException {
        byte[] record = UspRecord.Record.newBuilder().setVersion("1.4").setToId(agentId).setFromId(from)
                .setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder().setPayload(request.toByteString()))
                .build().toByteArray();
        client.publish(agentTopic, record, 1, false);
    }

    private static UspMsg.Msg getRequest(String msgId, String path) {
        return UspMsg.Msg.newBuilder().setHeader(UspMsg.Header.newBuilder().setMsgId(msgId)
                .setMsgType(UspMsg.Header.MsgType.GET)).setBody(UspMsg.Body.newBuilder().setRequest(
                UspMsg.Request.newBuilder().setGet(UspMsg.Get.newBuilder().addParamPaths(path)))).build();
    }

    /** The agent's MQTTConnect Record on the Controller topic (sent when it connects). */
    UspRecord.Record awaitMqttConnect() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Received received = inbox.poll(1, TimeUnit.SECONDS);
            if (received != null) {
                UspRecord.Record record = UspRecord.Record.parseFrom(received.payload());
                if (record.hasMqttConnect()) {
                    return record;
                }
            }
        }
        throw new AssertionError("no MQTTConnect Record within 60 s");
    }

    /** The payload of a durable-store record file (after the header's blank line), as text. */
    static String storedPayload(Path file) throws java.io.IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.substring(text.indexOf("\n\n") + 2);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
