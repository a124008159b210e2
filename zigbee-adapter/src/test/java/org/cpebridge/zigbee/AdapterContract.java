package org.cpebridge.zigbee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.AttributeState;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.AdapterStatus;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.mqtt.link.MqttLinks;
import org.cpebridge.mqtt.link.MqttProtocol;
import org.cpebridge.zigbee.sim.SimModels;
import org.cpebridge.zigbee.sim.Z2mSimulator;
import org.cpebridge.zigbee.testing.Await;
import org.cpebridge.zigbee.testing.TestBroker;
import org.cpebridge.zigbee.testing.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptance tests, run against a real broker (subclasses pick Moquette in this JVM or Debian's
 * mosquitto) with the Zigbee2MQTT simulator publishing the six models' payloads.
 */
abstract class AdapterContract {

    /** How long the flood test runs; the acceptance figure is 30 s ({@code -Dzigbee.flood.seconds=30}). */
    private static final int FLOOD_SECONDS = Integer.getInteger("zigbee.flood.seconds", 3);

    protected TestBroker broker;
    protected TestContext context;
    protected Z2mSimulator simulator;
    protected ZigbeeAdapter adapter;

    protected abstract TestBroker newBroker() throws Exception;

    @BeforeEach
    void startEverything() throws Exception {
        broker = newBroker();
        broker.start();
        context = new TestContext(config -> config
                .set("zigbee.mqtt.url", broker.url(), "test")
                .set("zigbee.commandTimeout", "2s", "test")
                .set("zigbee.mqtt.reconnectMinDelay", "100ms", "test")
                .set("zigbee.mqtt.reconnectMaxDelay", "1s", "test")
                // A stopped broker may leave connections open; keep-alive then finds out within 7.5 s.
                .set("zigbee.mqtt.keepAlive", "5s", "test")
                .set("zigbee.mqtt.clientId", "adapter-" + System.nanoTime(), "test"));
        adapter = (ZigbeeAdapter) new ZigbeeAdapterFactory().create(context);
        adapter.start();
        // Zigbee2MQTT sends its cached states once when it starts (non-retained): connect the bridge first.
        Await.until("adapter connected", () -> context.statuses.stream()
                .anyMatch(st -> st.reason().equals("waiting for Zigbee2MQTT bridge/state")));
        simulator = newSimulator();
        simulator.start();
        Await.until("six reachable devices", () -> reachableCount() == 6);
        // The sensors report their cached state at start; wait for the last model's values.
        Await.until("initial state", () -> state(simulator.ieeeOf("trv", 0), "thermostat", "heatingSetpoint") != null
                && state(simulator.ieeeOf("aqara-climate", 0), "temperature", "temperature") != null);
    }

    private Z2mSimulator newSimulator() {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String key : SimModels.KEYS) {
            counts.put(key, 1);
        }
        return new Z2mSimulator(broker.url(), "zigbee2mqtt", counts, contextlessScheduler(),
                (link, scheduler, listener) -> MqttLinks.create(MqttProtocol.AUTO, link,
                        (delay, task) -> scheduler.schedule(delay, task)::cancel, listener), 5);
    }

    private static final java.util.concurrent.ScheduledExecutorService SIM_TIMERS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "sim-timers");
                thread.setDaemon(true);
                return thread;
            });

    private static org.cpebridge.core.time.Scheduler contextlessScheduler() {
        return new org.cpebridge.core.time.ExecutorScheduler(SIM_TIMERS);
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (adapter != null) {
            adapter.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (context != null) {
            context.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    // ---- helpers ----

    protected long reachableCount() {
        return context.registry().devices().stream().filter(Device::reachable).count();
    }

    protected DeviceId id(String model) {
        return DeviceId.of("zigbee", simulator.ieeeOf(model, 0));
    }

    protected Value state(String ieee, String capability, String attribute) {
        return context.registry().state(new AttributeRef(DeviceId.of("zigbee", ieee), capability, attribute))
                .map(AttributeState::value).orElse(null);
    }

    protected Value state(DeviceId id, String capability, String attribute) {
        return state(id.nativeId(), capability, attribute);
    }

    protected static void await(CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    protected static DeviceException failure(CompletionStage<Void> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return DeviceException.from(e.getCause());
        }
        throw new AssertionError("expected the command to fail");
    }

    protected CompletionStage<Void> invoke(String model, String capability, String command,
                                           Map<String, Value> arguments) {
        return adapter.execute(new DeviceCommand.Invoke(id(model), capability, command, arguments));
    }

    protected CompletionStage<Void> write(String model, String capability, String attribute, Value value) {
        return adapter.execute(new DeviceCommand.WriteAttribute(new AttributeRef(id(model), capability, attribute),
                value));
    }

    private List<String> capabilityKeys(String model) {
        return context.registry().device(id(model)).orElseThrow().capabilities().stream().map(Capability::key)
                .toList();
    }

    // ---- acceptance ----

    @Test
    void everyModelMapsToItsCapabilitiesAndState() {
        assertEquals(List.of("onOff", "level", "colorTemperature", "colorXy", "colorHueSaturation", "linkQuality"),
                capabilityKeys("hue-color"));
        assertEquals(List.of("onOff", "electricalPower", "energy", "linkQuality"), capabilityKeys("ikea-plug"));
        assertEquals(List.of("battery", "contact", "linkQuality"), capabilityKeys("aqara-contact"));
        assertEquals(List.of("battery", "temperature", "humidity", "pressure", "linkQuality"),
                capabilityKeys("aqara-climate"));
        assertEquals(List.of("battery", "button", "linkQuality"), capabilityKeys("sonoff-button"));
        assertEquals(List.of("thermostat", "battery", "linkQuality"), capabilityKeys("trv"));
        Device hue = context.registry().device(id("hue-color")).orElseThrow();
        assertEquals("Philips", hue.vendor());
        assertEquals("9290022166", hue.model());
        assertEquals(id("hue-color").nativeId(), hue.serial());

        Await.until("hue state", () -> Value.of(79L).equals(state(id("hue-color"), "level", "level")));
        assertEquals(Value.of(true), state(id("hue-color"), "onOff", "on"));
        assertEquals(Value.of(370L), state(id("hue-color"), "colorTemperature", "colorTemperature"));
        Await.until("plug state", () -> Value.of(42.5).equals(state(id("ikea-plug"), "electricalPower", "power")));
        assertEquals(Value.of(12.43), state(id("ikea-plug"), "energy", "energy"));
        assertEquals(Value.of(false), state(id("aqara-contact"), "contact", "open"));
        assertEquals(Value.of(21.37), state(id("aqara-climate"), "temperature", "temperature"));
        assertEquals(Value.of(1003.4), state(id("aqara-climate"), "pressure", "pressure"));
        assertEquals(Value.of(100L), state(id("sonoff-button"), "battery", "batteryLevel"));
        assertEquals(Value.of(19.5), state(id("trv"), "thermostat", "localTemperature"));
        assertEquals(Value.of("heat"), state(id("trv"), "thermostat", "mode"));
        Await.until("adapter online", () -> context.statuses.contains(AdapterStatus.online()));
    }

    @Test
    void commandsRoundTrip() throws Exception {
        await(invoke("hue-color", "onOff", "off", Map.of()));
        assertEquals(Value.of(false), state(id("hue-color"), "onOff", "on"));
        assertEquals("OFF", simulator.state(id("hue-color").nativeId()).get("state"));

        await(invoke("hue-color", "level", "setLevel", Map.of("level", Value.of(50L))));
        assertEquals(127L, simulator.state(id("hue-color").nativeId()).get("brightness"));
        assertEquals(Value.of(50L), state(id("hue-color"), "level", "level"));
        assertEquals(Value.of(true), state(id("hue-color"), "onOff", "on"));

        await(write("hue-color", "colorTemperature", "colorTemperature", Value.of(250L)));
        assertEquals(Value.of(250L), state(id("hue-color"), "colorTemperature", "colorTemperature"));
        await(invoke("hue-color", "colorXy", "setXy", Map.of("x", Value.of(0.3), "y", Value.of(0.3))));
        assertEquals(Value.of(0.3), state(id("hue-color"), "colorXy", "x"));

        await(invoke("ikea-plug", "onOff", "toggle", Map.of()));
        assertEquals(Value.of(false), state(id("ikea-plug"), "onOff", "on"));
        await(invoke("ikea-plug", "onOff", "toggle", Map.of()));
        assertEquals(Value.of(true), state(id("ikea-plug"), "onOff", "on"));

        await(write("trv", "thermostat", "heatingSetpoint", Value.of(22.5)));
        assertEquals(Value.of(22.5), state(id("trv"), "thermostat", "heatingSetpoint"));
        await(invoke("trv", "thermostat", "raiseLowerSetpoint", Map.of("delta", Value.of(-1.0))));
        assertEquals(Value.of(21.5), state(id("trv"), "thermostat", "heatingSetpoint"));

        assertEquals(ErrorKind.UNSUPPORTED,
                failure(invoke("aqara-climate", "temperature", "temperature", Map.of())).kind());
        assertEquals(ErrorKind.NOT_FOUND, failure(adapter.execute(new DeviceCommand.Invoke(
                DeviceId.of("zigbee", "0x0000000000000bad"), "onOff", "on", Map.of()))).kind());

        simulator.setMuted(id("ikea-plug").nativeId(), true);
        assertEquals(ErrorKind.TIMEOUT, failure(invoke("ikea-plug", "onOff", "off", Map.of())).kind());
        simulator.setMuted(id("ikea-plug").nativeId(), false);
        await(invoke("ikea-plug", "onOff", "off", Map.of()));

        simulator.setAvailable(id("ikea-plug").nativeId(), false);
        Await.until("plug unreachable", () -> !context.registry().device(id("ikea-plug")).orElseThrow().reachable());
        assertEquals(ErrorKind.UNREACHABLE, failure(invoke("ikea-plug", "onOff", "on", Map.of())).kind());
        simulator.setAvailable(id("ikea-plug").nativeId(), true);
        Await.until("plug reachable", () -> context.registry().device(id("ikea-plug")).orElseThrow().reachable());
    }

    @Test
    void unsolicitedChangesReachCoreEventsInOrder() {
        String contact = id("aqara-contact").nativeId();
        String button = id("sonoff-button").nativeId();
        for (int i = 0; i < 5; i++) {
            simulator.userChange(contact, Map.of("contact", false));
            simulator.userChange(contact, Map.of("contact", true));
        }
        simulator.press(button, "single");
        simulator.press(button, "double");
        simulator.press(button, "long");
        simulator.userChange(id("aqara-climate").nativeId(), Map.of("temperature", 22.01));
        Await.until("ten contact events and three presses", () -> events(id("aqara-contact"), "contact").size() == 10
                && events(id("sonoff-button"), "button").size() == 3);
        List<String> contactEvents = events(id("aqara-contact"), "contact");
        for (int i = 0; i < 10; i++) {
            assertEquals(i % 2 == 0 ? "opened" : "closed", contactEvents.get(i));
        }
        List<String> presses = context.received.stream()
                .filter(e -> e instanceof DeviceEvent.CapabilityEvent c && c.device().equals(id("sonoff-button")))
                .map(e -> ((DeviceEvent.CapabilityEvent) e).fields().get("action").asText()).toList();
        assertEquals(List.of("single", "double", "long"), presses);
        Await.until("temperature", () -> Value.of(22.01).equals(
                state(id("aqara-climate"), "temperature", "temperature")));
        // The state changes arrived in order: open/closed alternate in the StateChanged stream too.
        List<Value> opens = context.received.stream()
                .filter(e -> e instanceof DeviceEvent.StateChanged s && s.attribute().device().equals(id("aqara-contact"))
                        && s.attribute().attribute().equals("open"))
                .map(e -> ((DeviceEvent.StateChanged) e).current()).toList();
        assertEquals(11, opens.size(), "initial closed plus ten changes: " + opens);
    }

    private List<String> events(DeviceId device, String capability) {
        return context.received.stream()
                .filter(e -> e instanceof DeviceEvent.CapabilityEvent c && c.device().equals(device)
                        && c.capability().equals(capability))
                .map(e -> ((DeviceEvent.CapabilityEvent) e).event()).toList();
    }

    @Test
    void brokerRestartRereadsStateWithoutLossOrDuplicates() throws Exception {
        broker.stop();
        Await.until("all unreachable", () -> reachableCount() == 0);
        Await.until("adapter offline", () -> context.statuses.get(context.statuses.size() - 1).state()
                == AdapterStatus.State.OFFLINE);
        assertEquals(ErrorKind.UNREACHABLE, failure(invoke("hue-color", "onOff", "on", Map.of())).kind());
        broker.start();
        Await.until("all reachable again", () -> reachableCount() == 6);
        assertEquals(6, context.registry().devices().size());
        // A change after the restart arrives once.
        simulator.userChange(id("ikea-plug").nativeId(), Map.of("power", 99.5));
        Await.until("new power", () -> Value.of(99.5).equals(state(id("ikea-plug"), "electricalPower", "power")));
        await(invoke("hue-color", "onOff", "off", Map.of()));
        // Let the bus deliver what the registry already published before counting.
        Await.until("the power change delivered", () -> context.received.stream().anyMatch(
                e -> e instanceof DeviceEvent.StateChanged st && st.current().equals(Value.of(99.5))));
        List<DeviceEvent> all = List.copyOf(context.received);
        assertEquals(6, all.stream().filter(e -> e instanceof DeviceEvent.DeviceAdded).count(),
                "each device added once, never again after the restart");
        assertEquals(0, all.stream().filter(e -> e instanceof DeviceEvent.DeviceRemoved).count());
        List<Value> powerChanges = all.stream().filter(e -> e instanceof DeviceEvent.StateChanged st
                        && st.attribute().attribute().equals("power") && st.previous() != null)
                .map(e -> ((DeviceEvent.StateChanged) e).current()).toList();
        assertEquals(List.of(Value.of(99.5)), powerChanges,
                "the replayed state after the restart is no change; the new power is exactly one");
        assertEquals(Value.of(21.37), state(id("aqara-climate"), "temperature", "temperature"));
    }

    @Test
    void zigbee2mqttOfflineMakesDevicesUnreachableThenReachable() throws Exception {
        simulator.goOffline();
        Await.until("all unreachable", () -> reachableCount() == 0);
        assertEquals("Zigbee2MQTT is offline",
                context.registry().device(id("hue-color")).orElseThrow().statusReason());
        assertEquals(ErrorKind.UNREACHABLE, failure(adapter.permitJoin(Duration.ofSeconds(30))).kind());
        simulator.goOnline();
        Await.until("all reachable", () -> reachableCount() == 6);
        await(invoke("hue-color", "onOff", "toggle", Map.of()));

        // A crash: the broker publishes the simulator's will.
        simulator.kill();
        Await.until("unreachable after the will", () -> reachableCount() == 0);
        simulator = newSimulator();
        simulator.start();
        Await.until("reachable after the restart", () -> reachableCount() == 6);
    }

    @Test
    void theRadioNetworkIsReportedFromBridgeInfoAndDevices() {
        // The simulator's bridge/info: coordinator 0x00124b0018e1f2a3 (zStack3x0), channel 11, pan_id 6754.
        Await.until("network reported", () -> context.registry().networks().containsKey("zigbee")
                && context.registry().networks().get("zigbee").fact(RadioNetwork.CHANNEL).isPresent());
        RadioNetwork network = context.registry().networks().get("zigbee");
        assertTrue(network.up());
        assertEquals(RadioNetwork.ZIGBEE, network.technology());
        assertEquals("0x00124b0018e1f2a3", network.address());
        assertEquals("11", network.fact(RadioNetwork.CHANNEL).orElseThrow());
        assertEquals("1a62", network.fact(RadioNetwork.PAN_ID).orElseThrow());
        assertEquals("dddddddddddddddd", network.fact(RadioNetwork.EXTENDED_PAN_ID).orElseThrow());
        assertEquals("2.14.1", network.fact(RadioNetwork.SOFTWARE_VERSION).orElseThrow());
        assertEquals(6, network.nodes().size());
        RadioNetwork.Node hue = network.nodes().stream().filter(n -> n.device().equals(Optional.of(id("hue-color"))))
                .findFirst().orElseThrow();
        assertEquals("Router", hue.role());
        assertTrue(hue.active());
        assertTrue(hue.networkAddress().matches("[0-9a-f]{4}"), hue.networkAddress());

        simulator.goOffline();
        Await.until("network down", () -> !context.registry().networks().get("zigbee").up());
        assertTrue(context.registry().networks().get("zigbee").nodes().stream().noneMatch(RadioNetwork.Node::active));
    }

    @Test
    void aDeviceThatLeavesIsRemoved() {
        DeviceId contact = id("aqara-contact");
        simulator.leave(contact.nativeId());
        Await.until("removed", () -> context.registry().device(contact).isEmpty());
        // Events reach subscribers on the bus's own threads, so the event may trail the registry change.
        Await.until("DeviceRemoved published", () -> context.received.stream().anyMatch(
                e -> e instanceof DeviceEvent.DeviceRemoved r && r.device().equals(contact)));
        assertEquals(5, context.registry().devices().size());
    }

    @Test
    void joinRenameAndPermitJoin() throws Exception {
        await(adapter.permitJoin(Duration.ofSeconds(120)));
        assertEquals(ErrorKind.INVALID_VALUE, failure(adapter.permitJoin(Duration.ofSeconds(255))).kind());
        String joined = simulator.join("ikea-plug");
        Await.until("joined plug", () -> context.registry().device(DeviceId.of("zigbee", joined))
                .map(Device::reachable).orElse(false));

        DeviceId hue = id("hue-color");
        simulator.rename(hue.nativeId(), "living_room_lamp");
        Await.until("renamed and still reachable", () -> context.registry().devices().size() == 7
                && context.registry().device(hue).map(Device::reachable).orElse(false));
        await(invoke("hue-color", "onOff", "off", Map.of()));
        assertEquals("OFF", simulator.state("living_room_lamp").get("state"));
    }

    @Test
    void malformedJsonOnEveryTopicIsIgnored() throws Exception {
        String plug = id("ikea-plug").nativeId();
        List<String> topics = List.of("bridge/state", "bridge/devices", "bridge/event", "bridge/info",
                "bridge/response/permit_join", plug, plug + "/availability", "0x0000000000000bad", "bridge/logging");
        List<String> payloads = List.of("{", "not json", "[1,2", "{\"state\":42}", "null", "[]", "{\"type\":7}",
                "\u0000\u0001", "{\"data\":{}}", "[{\"ieee_address\":\"bad\"}]");
        for (String topic : topics) {
            for (String payload : payloads) {
                simulator.publishRaw(topic, payload);
            }
        }
        simulator.userChange(plug, Map.of("power", 7.5));
        Await.until("later state still arrives", () -> Value.of(7.5).equals(
                state(id("ikea-plug"), "electricalPower", "power")));
        assertEquals(6, reachableCount());
        await(invoke("hue-color", "onOff", "toggle", Map.of()));
    }

    @Test
    void aFloodOfStateMessagesStaysBoundedAndTheLatestWins() throws Exception {
        String plug = id("ikea-plug").nativeId();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(FLOOD_SECONDS);
        long sent = 0;
        long next = System.nanoTime();
        while (System.nanoTime() < end) {
            simulator.userChange(plug, Map.of("power", (double) (sent % 1000) + 0.5));
            sent++;
            next += 1_000_000; // 1,000 messages a second
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        simulator.userChange(plug, Map.of("power", 4242.5));
        Await.until("the latest state", () -> Value.of(4242.5).equals(
                state(id("ikea-plug"), "electricalPower", "power")));
        int[] levels = adapter.inboxLevels();
        System.err.printf("flood: %d messages in %d s; inbox high-water mark %d%n", sent, FLOOD_SECONDS, levels[1]);
        assertTrue(levels[1] <= 32 * 16, "inbox stayed bounded: " + levels[1]);
        assertEquals(0, levels[0]);
        assertTrue(sent >= FLOOD_SECONDS * 500L, "the flood ran: " + sent);
        assertEquals(6, reachableCount());
    }
}
