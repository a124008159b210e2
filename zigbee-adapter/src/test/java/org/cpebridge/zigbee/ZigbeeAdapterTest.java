package org.cpebridge.zigbee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.AttributeState;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.mqtt.link.MqttLink;
import org.cpebridge.mqtt.link.MqttLinkException;
import org.cpebridge.zigbee.sim.SimModels;
import org.cpebridge.zigbee.testing.Await;
import org.cpebridge.zigbee.testing.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter driven through a fake MQTT link and a manual scheduler: no sockets, time moved by hand. */
class ZigbeeAdapterTest {

    private static final String HUE = "0x0017880104a1c2d3";
    private static final String PLUG = "0x84fd27fffe1a2b3c";
    private static final String COORDINATOR = "{\"friendly_name\":\"Coordinator\",\"ieee_address\":"
            + "\"0x00124b0018e1f2a3\",\"interview_state\":\"SUCCESSFUL\",\"type\":\"Coordinator\"}";

    private final ManualScheduler scheduler = new ManualScheduler(new ManualClock());
    private final List<String> published = new CopyOnWriteArrayList<>();
    private volatile boolean linkUp = true;
    private MqttLink.Listener listener;
    private TestContext context;
    private ZigbeeAdapter adapter;

    @BeforeEach
    void setUp() throws Exception {
        context = new TestContext(config -> config.set("zigbee.commandTimeout", "5s", "test"), scheduler);
        adapter = new ZigbeeAdapter(context, ZigbeeSettings.from(context.config()), (settings, s, l) -> {
            listener = l;
            return new MqttLink() {
                @Override
                public void start() {
                }

                @Override
                public void publish(String topic, byte[] payload, int qos, boolean retained) {
                    if (!linkUp) {
                        throw new MqttLinkException("down", null);
                    }
                    published.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
                }

                @Override
                public boolean isConnected() {
                    return linkUp;
                }

                @Override
                public void close() {
                }

                @Override
                public void kill() {
                }
            };
        }, () -> { });
        adapter.start();
        listener.connected();
        receive("bridge/devices", "[" + COORDINATOR + "," + SimModels.element("hue-color") + ","
                + SimModels.element("ikea-plug") + "]");
    }

    @AfterEach
    void tearDown() throws Exception {
        adapter.close();
        context.close();
    }

    private void receive(String subTopic, String payload) {
        listener.message("zigbee2mqtt/" + subTopic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    private Device device(String ieee) {
        return Await.value(ieee, () -> context.registry().device(DeviceId.of("zigbee", ieee)).orElse(null));
    }

    private Value state(String ieee, String capability, String attribute) {
        return context.registry().state(new AttributeRef(DeviceId.of("zigbee", ieee), capability, attribute))
                .map(AttributeState::value).orElse(null);
    }

    private static ErrorKind failureOf(CompletableFuture<Void> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return DeviceException.from(e.getCause()).kind();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void devicesAreUnreachableUntilTheBridgeIsOnline() {
        assertFalse(device(HUE).reachable());
        assertEquals("waiting for Zigbee2MQTT", device(HUE).statusReason());
        receive("bridge/state", "{\"state\":\"online\"}");
        Await.until("reachable", () -> device(HUE).reachable() && device(PLUG).reachable());
        Await.until("/get refresh", () -> published.stream().anyMatch(p -> p.startsWith(
                "zigbee2mqtt/" + HUE + "/get ") && p.contains("\"brightness\":\"\"")));
        receive(PLUG + "/availability", "{\"state\":\"offline\"}");
        Await.until("plug offline", () -> !device(PLUG).reachable());
        assertEquals("Zigbee2MQTT reports the device offline", device(PLUG).statusReason());
        receive("bridge/state", "{\"state\":\"offline\"}");
        Await.until("all offline", () -> !device(HUE).reachable());
        listener.disconnected("test");
        // The registry keeps the first reason while a device stays unreachable; the adapter status says more.
        Await.until("adapter offline", () -> context.statuses.get(context.statuses.size() - 1).reason()
                .contains("not connected"));
    }

    @Test
    void aCommandIsConfirmedByTheNextMatchingStateOrTimesOut() throws Exception {
        receive("bridge/state", "{\"state\":\"online\"}");
        Await.until("reachable", () -> device(HUE).reachable());
        CompletableFuture<Void> off = adapter.execute(new DeviceCommand.Invoke(DeviceId.of("zigbee", HUE), "onOff",
                "off", Map.of())).toCompletableFuture();
        Await.until("/set sent", () -> published.contains("zigbee2mqtt/" + HUE + "/set {\"state\":\"OFF\"}"));
        receive(HUE, "{\"brightness\":200,\"state\":\"ON\"}");
        receive(HUE + "/availability", "{\"state\":\"online\"}");
        assertFalse(off.isDone(), "a state that still says ON does not confirm");
        receive(HUE, "{\"brightness\":200,\"state\":\"OFF\"}");
        off.get(10, TimeUnit.SECONDS);
        assertEquals(Value.of(false), state(HUE, "onOff", "on"));

        CompletableFuture<Void> on = adapter.execute(new DeviceCommand.Invoke(DeviceId.of("zigbee", HUE), "onOff",
                "on", Map.of())).toCompletableFuture();
        Await.until("second /set", () -> published.contains("zigbee2mqtt/" + HUE + "/set {\"state\":\"ON\"}"));
        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(ErrorKind.TIMEOUT, failureOf(on));
    }

    @Test
    void lostConnectionFailsPendingCommandsAndRefusesNewOnes() throws Exception {
        receive("bridge/state", "{\"state\":\"online\"}");
        Await.until("reachable", () -> device(PLUG).reachable());
        CompletableFuture<Void> toggle = adapter.execute(new DeviceCommand.Invoke(DeviceId.of("zigbee", PLUG),
                "onOff", "toggle", Map.of())).toCompletableFuture();
        Await.until("/set sent", () -> published.stream().anyMatch(p -> p.contains(PLUG + "/set")));
        linkUp = false;
        listener.disconnected("test");
        assertEquals(ErrorKind.UNREACHABLE, failureOf(toggle));
        assertEquals(ErrorKind.UNREACHABLE, failureOf(adapter.execute(new DeviceCommand.Invoke(
                DeviceId.of("zigbee", PLUG), "onOff", "on", Map.of())).toCompletableFuture()));
    }

    @Test
    void renameKeepsTheIdAndLeaveRemoves() {
        receive("bridge/state", "{\"state\":\"online\"}");
        String renamed = SimModels.element("hue-color").replace("\"friendly_name\":\"" + HUE + "\"",
                "\"friendly_name\":\"living/lamp\"");
        receive("bridge/devices", "[" + COORDINATOR + "," + renamed + "," + SimModels.element("ikea-plug") + "]");
        receive("living/lamp", "{\"brightness\":127,\"state\":\"ON\"}");
        Await.until("state under the new name", () -> Value.of(50L).equals(state(HUE, "level", "level")));
        assertEquals(2, context.registry().devices().size());
        receive("bridge/event", "{\"data\":{\"friendly_name\":\"living/lamp\",\"ieee_address\":\"" + HUE
                + "\"},\"type\":\"device_leave\"}");
        Await.until("removed", () -> context.registry().device(DeviceId.of("zigbee", HUE)).isEmpty());
        // Malformed lists, including one without the coordinator, change nothing.
        receive("bridge/devices", "[]");
        receive("bridge/devices", "{");
        receive(PLUG, "{\"power\":12.5}");
        Await.until("plug still there", () -> Value.of(12.5).equals(state(PLUG, "electricalPower", "power")));
    }

    @Test
    void permitJoinMatchesItsTransaction() throws Exception {
        receive("bridge/state", "{\"state\":\"online\"}");
        Await.until("reachable", () -> device(HUE).reachable());
        CompletableFuture<Void> join = adapter.permitJoin(Duration.ofSeconds(60)).toCompletableFuture();
        Await.until("request", () -> published.contains(
                "zigbee2mqtt/bridge/request/permit_join {\"time\":60,\"transaction\":\"cpe-1\"}"));
        receive("bridge/response/permit_join", "{\"data\":{\"time\":60},\"status\":\"ok\",\"transaction\":\"other\"}");
        assertFalse(join.isDone());
        receive("bridge/response/permit_join", "{\"data\":{\"time\":60},\"status\":\"ok\",\"transaction\":\"cpe-1\"}");
        join.get(10, TimeUnit.SECONDS);

        CompletableFuture<Void> refused = adapter.permitJoin(Duration.ofSeconds(10)).toCompletableFuture();
        Await.until("second request", () -> published.stream().anyMatch(p -> p.contains("cpe-2")));
        receive("bridge/response/permit_join", "{\"data\":{},\"error\":\"boom\",\"status\":\"error\","
                + "\"transaction\":\"cpe-2\"}");
        assertEquals(ErrorKind.INVALID_VALUE, failureOf(refused));

        CompletableFuture<Void> silent = adapter.permitJoin(Duration.ofSeconds(10)).toCompletableFuture();
        Await.until("third request", () -> published.stream().anyMatch(p -> p.contains("cpe-3")));
        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(ErrorKind.TIMEOUT, failureOf(silent));
        assertTrue(context.registry().device(DeviceId.of("zigbee", HUE)).isPresent());
    }
}
