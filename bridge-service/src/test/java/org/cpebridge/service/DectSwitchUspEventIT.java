package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.cpebridge.core.json.Json;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's last acceptance point over the whole service: a DECT wall switch's press reaches a Household Controller
 * as a USP Event notification. The real path, end to end: the service as its own JVM (as the README runs it) with the
 * DECT simulator's Simple On-Off Switch (it sends the base an On-Off Toggle, the bytes a real switch sends), pressed
 * through the simulator's HTTP control; the DECT adapter turns the command into a core {@code button.pressed} event;
 * the USP agent notifies over a real mosquitto broker a Paho Controller, which is the Controller created at first
 * start and so holds the Household role (an ISP role would not see the ACTIVITY-class event).
 */
class DectSwitchUspEventIT {
    private static final String CONTROLLER = "proto::cpe-bridge-controller";

    @TempDir
    Path dir;

    private final BlockingQueue<UspRecord.Record> records = new LinkedBlockingQueue<>();

    @Test
    void aSwitchPressArrivesAsAnEventNotifyAtTheHouseholdController() throws Exception {
        int mqttPort = ServiceProcess.freePort();
        int controlPort = ServiceProcess.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + mqttPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        MqttClient controller = new MqttClient("tcp://127.0.0.1:" + mqttPort, "dect-switch-it-controller",
                new MemoryPersistence());
        try {
            controller.setCallback(new Collector());
            connectWhenListening(controller);
            controller.subscribe("usp/controller", 1);
            try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", dir.resolve("data").toString(),
                    "--set", "mqtt.embedded.enabled=false", "--set", "usp.mqtt.url=tcp://127.0.0.1:" + mqttPort,
                    "--set", "zigbee.enabled=false", "--set", "matter.enabled=false",
                    "--set", "dect.simulator.devices=switch:1",
                    "--set", "dect.simulator.control=127.0.0.1:" + controlPort)) {
                bridge.awaitLine("READY", 60);
                UspRecord.Record connect = next(r -> r.hasMqttConnect(), bridge);
                String agent = connect.getFromId();
                String agentTopic = connect.getMqttConnect().getSubscribedTopic();

                // The switch is in the model (registered and interviewed) before anyone presses it.
                String switchPath = proxiedDevicePath(controller, agentTopic, agent, bridge);

                send(controller, agentTopic, agent, UspMsg.Msg.newBuilder().setHeader(header("it-sub",
                        UspMsg.Header.MsgType.ADD)).setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request
                        .newBuilder().setAdd(UspMsg.Add.newBuilder().addCreateObjs(UspMsg.Add.CreateObject
                                .newBuilder().setObjPath("Device.LocalAgent.Subscription.")
                                .addParamSettings(param("Enable", "true"))
                                .addParamSettings(param("ID", "wall-switch"))
                                .addParamSettings(param("NotifType", "Event"))
                                .addParamSettings(param("ReferenceList",
                                        switchPath + "X_CPEBRIDGE_CapabilityEvent!")))))).build());
                assertTrue(message(next(r -> msgId(r).equals("it-sub"), bridge)).getBody().getResponse()
                        .hasAddResp());

                HttpResponse<String> pressed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + controlPort + "/devices/switch-1/press"))
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, pressed.statusCode(), pressed.body());

                UspRecord.Record notifyRecord = next(r -> message(r).getBody().getRequest().hasNotify()
                        && message(r).getBody().getRequest().getNotify().hasEvent(), bridge);
                assertEquals(CONTROLLER, notifyRecord.getToId());
                UspMsg.Notify notify = message(notifyRecord).getBody().getRequest().getNotify();
                assertEquals("wall-switch", notify.getSubscriptionId());
                assertEquals(switchPath, notify.getEvent().getObjPath());
                assertEquals("X_CPEBRIDGE_CapabilityEvent!", notify.getEvent().getEventName());
                Map<String, String> args = notify.getEvent().getParamsMap();
                assertEquals("button", args.get("Capability"));
                assertEquals("pressed", args.get("Event"));
                assertEquals(Map.of("action", "toggle"), Json.parseObject(args.get("Fields")));
                assertEquals(0, bridge.terminate(30));
            }
        } finally {
            if (controller.isConnected()) {
                controller.disconnect();
            }
            controller.close();
            mosquitto.toHandle().destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Gets {@code Device.ProxiedDevice.} until the switch's row is there; returns its path. */
    private String proxiedDevicePath(MqttClient controller, String agentTopic, String agent, ServiceProcess bridge)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String id = "it-get-" + attempt;
            send(controller, agentTopic, agent, UspMsg.Msg.newBuilder().setHeader(header(id,
                    UspMsg.Header.MsgType.GET)).setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request
                    .newBuilder().setGet(UspMsg.Get.newBuilder().addParamPaths("Device.ProxiedDevice.*.Online"))))
                    .build());
            UspMsg.GetResp get = message(next(r -> msgId(r).equals(id), bridge)).getBody().getResponse()
                    .getGetResp();
            List<UspMsg.GetResp.ResolvedPathResult> rows = get.getReqPathResults(0).getResolvedPathResultsList();
            if (rows.size() == 1 && "true".equals(rows.get(0).getResultParamsMap().get("Online"))) {
                return rows.get(0).getResolvedPath();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the switch never showed up online in Device.ProxiedDevice.; the bridge said:\n"
                + bridge.output());
    }

    private final class Collector implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            records.add(UspRecord.Record.parseFrom(message.getPayload()));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
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
    }

    private static void connectWhenListening(MqttClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                client.connect();
                return;
            } catch (MqttException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    private static UspMsg.Header header(String id, UspMsg.Header.MsgType type) {
        return UspMsg.Header.newBuilder().setMsgId(id).setMsgType(type).build();
    }

    private static UspMsg.Add.CreateParamSetting param(String name, String value) {
        return UspMsg.Add.CreateParamSetting.newBuilder().setParam(name).setValue(value).setRequired(true).build();
    }

    private static void send(MqttClient client, String agentTopic, String agent, UspMsg.Msg msg) throws Exception {
        byte[] record = UspRecord.Record.newBuilder().setVersion("1.4").setToId(agent).setFromId(CONTROLLER)
                .setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder().setPayload(msg.toByteString()))
                .build().toByteArray();
        client.publish(agentTopic, record, 1, false);
    }

    private static UspMsg.Msg message(UspRecord.Record record) {
        try {
            return record.hasNoSessionContext() ? UspMsg.Msg.parseFrom(record.getNoSessionContext().getPayload())
                    : UspMsg.Msg.getDefaultInstance();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static String msgId(UspRecord.Record record) {
        return message(record).getHeader().getMsgId();
    }

    private UspRecord.Record next(Predicate<UspRecord.Record> wanted, ServiceProcess bridge)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            UspRecord.Record record = records.poll(1, TimeUnit.SECONDS);
            if (record != null && wanted.test(record)) {
                return record;
            }
        }
        throw new AssertionError("no such USP Record within 60 s; the bridge said:\n" + bridge.output());
    }
}
