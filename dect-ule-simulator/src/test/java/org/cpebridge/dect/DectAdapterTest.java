package org.cpebridge.dect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.AdapterStatus;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.dect.sim.DeviceType;
import org.cpebridge.dect.sim.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter over the simulator, in lockstep on the test thread with manual time. */
class DectAdapterTest {
    private static final DeviceId PLUG = id(DeviceType.PLUG);
    private static final DeviceId LIGHT = id(DeviceType.LIGHT);
    private static final DeviceId THERMOSTAT = id(DeviceType.THERMOSTAT);
    private static final DeviceId CONTACT = id(DeviceType.CONTACT);
    private static final DeviceId MOTION = id(DeviceType.MOTION);
    private static final DeviceId SMOKE = id(DeviceType.SMOKE);
    private static final DeviceId SWITCH = id(DeviceType.SWITCH);
    private static final DeviceId CLIMATE = id(DeviceType.CLIMATE);
    private static final DeviceId BUTTON = id(DeviceType.BUTTON);

    private TestContext context;
    private DectAdapter adapter;

    private static DeviceId id(DeviceType type) {
        return DeviceId.of("dect", Simulator.ipui(type, 1).hex());
    }

    private void start(String... settings) {
        context = new TestContext(settings);
        adapter = new DectAdapter(context);
        adapter.start();
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
    }

    private Simulator simulator() {
        return Simulated.simulator(adapter).orElseThrow();
    }

    private Object simState(String id, String key) throws Exception {
        return simulator().device(id).toCompletableFuture().get().state().get(key);
    }

    private Value state(DeviceId device, String capability, String attribute) {
        return context.registry.state(new AttributeRef(device, capability, attribute)).orElseThrow().value();
    }

    private CompletableFuture<Void> invoke(DeviceId device, String capability, String command,
            Map<String, Value> arguments) {
        return adapter.execute(new DeviceCommand.Invoke(device, capability, command, arguments)).toCompletableFuture();
    }

    private CompletableFuture<Void> write(DeviceId device, String capability, String attribute, Value value) {
        return adapter.execute(new DeviceCommand.WriteAttribute(new AttributeRef(device, capability, attribute), value))
                .toCompletableFuture();
    }

    private static ErrorKind failure(CompletableFuture<Void> future) {
        ExecutionException error = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                future::get);
        return assertInstanceOf(DeviceException.class, error.getCause()).kind();
    }

    /**
     * SIGTERM right after READY with 200 simulated plugs: the registrations the base had queued ran on after the
     * adapter's close, registering devices and scheduling interviews on the service's timers, which were gone by then.
     * Here the pool runs one drain at a time; the adapter closes once the first of 200 plugs is in, and none of the
     * base's packets it had queued is acted on after that (a registration is what starts an interview's timers).
     */
    @Test
    void nothingTheAdapterQueuedRunsAfterItsClose() {
        java.util.ArrayDeque<Runnable> pool = new java.util.ArrayDeque<>();
        context = new TestContext(pool::add, new TestContext.MemoryStore(), "dect.simulator.devices=plug:200");
        adapter = new DectAdapter(context);
        adapter.start();
        for (int ran = 0; ran < 10_000 && context.registry.devices().isEmpty() && !pool.isEmpty(); ran++) {
            pool.poll().run();
        }
        int registered = context.registry.devices().size();
        assertTrue(registered > 0 && registered < 200, "closing amid the registrations: " + registered);

        adapter.close();
        while (!pool.isEmpty()) {
            pool.poll().run();
        }
        assertEquals(registered, context.registry.devices().size(), "no registration after the close");
    }

    @Test
    void everyTypeBecomesACoreDeviceWithIdentityAndState() {
        start();
        List<Device> devices = context.registry.devices();
        assertEquals(9, devices.size());
        Device plug = context.registry.device(PLUG).orElseThrow();
        assertEquals("cpe-bridge simulator", plug.vendor());
        assertEquals("plug-1", plug.serial());
        assertEquals("sim-1.0", plug.firmware());
        assertEquals("DECT plug", plug.name());
        assertTrue(plug.reachable());
        assertEquals(List.of(CapabilityType.ON_OFF, CapabilityType.ELECTRICAL_POWER, CapabilityType.ENERGY_METER),
                plug.capabilities().stream().map(c -> c.type()).toList());
        assertEquals(List.of(CapabilityType.ON_OFF, CapabilityType.LEVEL), types(LIGHT));
        assertEquals(DeviceKind.PLUG, plug.kind());
        assertEquals(DeviceKind.LIGHT, context.registry.device(LIGHT).orElseThrow().kind());
        assertEquals(List.of(CapabilityType.BUTTON), types(SWITCH));
        assertEquals(DeviceKind.SWITCH, context.registry.device(SWITCH).orElseThrow().kind());
        assertEquals(List.of(CapabilityType.THERMOSTAT), types(THERMOSTAT));
        assertEquals(List.of(CapabilityType.CONTACT), types(CONTACT));
        assertEquals(List.of(CapabilityType.OCCUPANCY), types(MOTION));
        assertEquals(List.of(CapabilityType.SMOKE_ALARM), types(SMOKE));
        assertEquals(List.of(CapabilityType.TEMPERATURE, CapabilityType.HUMIDITY), types(CLIMATE));
        assertEquals(List.of(CapabilityType.BUTTON), types(BUTTON));

        assertEquals(Value.of(false), state(PLUG, "onOff", "on"));
        assertEquals(Value.of(230.0), state(PLUG, "electricalPower", "voltage"));
        assertEquals(Value.of(50L), state(LIGHT, "level", "level"));
        assertEquals(Value.of(20.0), state(THERMOSTAT, "thermostat", "heatingSetpoint"));
        assertEquals(Value.of(19.5), state(THERMOSTAT, "thermostat", "localTemperature"));
        assertEquals(Value.of("heat"), state(THERMOSTAT, "thermostat", "mode"));
        assertEquals(Value.of(false), state(CONTACT, "contact", "open"));
        assertEquals(Value.of(21.5), state(CLIMATE, "temperature", "temperature"));
        assertEquals(Value.of(45.0), state(CLIMATE, "humidity", "humidity"));
        assertEquals(AdapterStatus.online(), context.statuses.get(context.statuses.size() - 1));
    }

    private List<CapabilityType> types(DeviceId id) {
        return context.registry.device(id).orElseThrow().capabilities().stream().map(c -> c.type()).toList();
    }

    @Test
    void commandsRoundTripToTheDevice() throws Exception {
        start("dect.simulator.devices=plug:1,light:1");
        CompletableFuture<Void> on = invoke(PLUG, "onOff", "toggle", Map.of());
        on.get();
        assertEquals(true, simState("plug-1", "on"));
        assertEquals(Value.of(true), state(PLUG, "onOff", "on"));
        assertEquals(Value.of(45.12), state(PLUG, "electricalPower", "power"));

        invoke(LIGHT, "level", "setLevel", Map.of("level", Value.of(40L))).get();
        assertEquals(102, simState("light-1", "level"));
        assertEquals(Value.of(40L), state(LIGHT, "level", "level"));
        write(LIGHT, "onOff", "on", Value.of(true)).get();
        assertEquals(true, simState("light-1", "on"));
        invoke(LIGHT, "level", "stepDown", Map.of("step", Value.of(10L))).get();
        assertEquals(76, simState("light-1", "level"));
        assertEquals(Value.of(30L), state(LIGHT, "level", "level"));

        assertEquals(ErrorKind.NOT_FOUND, failure(invoke(DeviceId.of("dect", "0000000000"), "onOff", "on", Map.of())));
        assertEquals(ErrorKind.UNSUPPORTED, failure(write(PLUG, "electricalPower", "power", Value.of(1.0))));
    }

    @Test
    void unsolicitedChangesArriveAsCoreEventsInOrder() throws Exception {
        start();
        int mark = context.eventsSnapshot().size();
        simulator().press("contact-1").toCompletableFuture().get();
        simulator().set("climate-1", Map.of("temperature", 18.25)).toCompletableFuture().get();
        simulator().press("button-1").toCompletableFuture().get();
        simulator().press("contact-1").toCompletableFuture().get();
        simulator().press("plug-1").toCompletableFuture().get();
        simulator().press("motion-1").toCompletableFuture().get();
        simulator().press("smoke-1").toCompletableFuture().get();
        simulator().press("switch-1").toCompletableFuture().get();

        List<String> seen = context.eventsSnapshot().subList(mark, context.eventsSnapshot().size()).stream()
                .map(DectAdapterTest::describe).filter(s -> !s.isEmpty()).toList();
        assertEquals(List.of(
                CONTACT + " contact.open=true", CONTACT + " contact!opened",
                CLIMATE + " temperature.temperature=18.25",
                BUTTON + " button!pressed{action=short}",
                CONTACT + " contact.open=false", CONTACT + " contact!closed",
                PLUG + " onOff.on=true", PLUG + " electricalPower.power=45.12",
                MOTION + " occupancy.occupied=true", MOTION + " occupancy!motion",
                SMOKE + " smokeAlarm.smoke=true", SMOKE + " smokeAlarm!alarm",
                SWITCH + " button!pressed{action=toggle}"), seen);
    }

    private static String describe(DeviceEvent event) {
        if (event instanceof DeviceEvent.StateChanged change) {
            return change.device() + " " + change.attribute().capability() + "." + change.attribute().attribute() + "="
                    + change.current();
        }
        if (event instanceof DeviceEvent.CapabilityEvent fired) {
            return fired.device() + " " + fired.capability() + "!" + fired.event()
                    + (fired.fields().isEmpty() ? "" : fired.fields().toString());
        }
        return "";
    }

    @Test
    void sleepingThermostatGetsItsQueuedSetPointAtWakeUp() throws Exception {
        start("dect.simulator.devices=thermostat:1", "dect.simulator.keepAliveInterval=10s");
        context.scheduler.advance(Duration.ofSeconds(3)); // the thermostat went back to sleep
        CompletableFuture<Void> write = write(THERMOSTAT, "thermostat", "heatingSetpoint", Value.of(22.5));
        assertFalse(write.isDone(), "queued while asleep");
        assertEquals(20.0, simState("thermostat-1", "setpoint"));
        assertEquals(0L, simState("thermostat-1", "droppedWhileAsleep"), "nothing sent into its sleep");

        context.scheduler.advance(Duration.ofSeconds(7)); // keep-alive wakes it up
        assertTrue(write.isDone());
        write.get();
        assertEquals(22.5, simState("thermostat-1", "setpoint"));
        assertEquals(Value.of(22.5), state(THERMOSTAT, "thermostat", "heatingSetpoint"));

        context.scheduler.advance(Duration.ofSeconds(3));
        invoke(THERMOSTAT, "thermostat", "raiseLowerSetpoint", Map.of("delta", Value.of(-1.0)));
        context.scheduler.advance(Duration.ofSeconds(10));
        assertEquals(21.5, simState("thermostat-1", "setpoint"));
    }

    @Test
    void sleepingDeviceThatNeverWakesTimesOut() {
        start("dect.simulator.devices=thermostat:1", "dect.simulator.keepAliveInterval=60s",
                "dect.asleepQueueTimeout=25s", "dect.keepAliveInterval=60s");
        context.scheduler.advance(Duration.ofSeconds(3));
        CompletableFuture<Void> write = write(THERMOSTAT, "thermostat", "heatingSetpoint", Value.of(22.5));
        context.scheduler.advance(Duration.ofSeconds(24));
        assertFalse(write.isDone());
        context.scheduler.advance(Duration.ofSeconds(2));
        assertEquals(ErrorKind.TIMEOUT, failure(write));
    }

    @Test
    void awakeDeviceThatDoesNotAnswerTimesOut() throws Exception {
        start("dect.simulator.devices=light:1", "dect.commandTimeout=5s");
        simulator().unplug("light-1").toCompletableFuture().get();
        CompletableFuture<Void> on = invoke(LIGHT, "onOff", "on", Map.of());
        context.scheduler.advance(Duration.ofSeconds(4));
        assertFalse(on.isDone());
        context.scheduler.advance(Duration.ofSeconds(2));
        assertEquals(ErrorKind.TIMEOUT, failure(on));
    }

    @Test
    void missedKeepAlivesMakeADeviceUnreachableAndANewReportBringsItBack() throws Exception {
        start("dect.simulator.devices=contact:1,plug:1", "dect.simulator.keepAliveInterval=10s",
                "dect.keepAliveInterval=10s", "dect.keepAliveMisses=3");
        context.scheduler.advance(Duration.ofSeconds(45));
        assertTrue(context.registry.device(CONTACT).orElseThrow().reachable(), "keep-alives keep it reachable");
        simulator().unplug("contact-1").toCompletableFuture().get(); // last keep-alive was at 40 s
        context.scheduler.advance(Duration.ofSeconds(24));
        assertTrue(context.registry.device(CONTACT).orElseThrow().reachable());
        context.scheduler.advance(Duration.ofSeconds(3));
        Device contact = context.registry.device(CONTACT).orElseThrow();
        assertFalse(contact.reachable());
        assertEquals("no keep-alive for 3 periods", contact.statusReason());
        assertTrue(context.registry.device(PLUG).orElseThrow().reachable());

        RadioNetwork.Node away = ule().nodes().stream().filter(n -> n.device().equals(Optional.of(CONTACT)))
                .findFirst().orElseThrow();
        assertFalse(away.active(), "the radio network shows the contact inactive too");

        simulator().replug("contact-1").toCompletableFuture().get();
        simulator().press("contact-1").toCompletableFuture().get();
        assertTrue(context.registry.device(CONTACT).orElseThrow().reachable());
        assertEquals(Value.of(true), state(CONTACT, "contact", "open"));
        assertTrue(ule().nodes().stream().allMatch(RadioNetwork.Node::active));
    }

    private RadioNetwork ule() {
        return context.registry.networks().get("dect");
    }

    @Test
    void theUleNetworkListsEveryDeviceWithItsAddress() {
        start();
        RadioNetwork network = ule();
        assertEquals(RadioNetwork.DECT_ULE, network.technology());
        assertTrue(network.up());
        assertEquals(9, network.nodes().size());
        // HAN-FUN addresses are handed out from 1 in registration order (AddressTable), as 4 hex digits.
        assertEquals(9, network.nodes().stream().map(RadioNetwork.Node::networkAddress).distinct().count());
        assertTrue(network.nodes().stream().allMatch(n -> n.networkAddress().matches("[0-9a-f]{4}")));
        RadioNetwork.Node thermostat = network.nodes().stream()
                .filter(n -> n.device().equals(Optional.of(THERMOSTAT))).findFirst().orElseThrow();
        assertEquals("Sleepy", thermostat.role());
        RadioNetwork.Node plug = network.nodes().stream().filter(n -> n.device().equals(Optional.of(PLUG)))
                .findFirst().orElseThrow();
        assertEquals("AlwaysOn", plug.role());
        assertEquals(PLUG.nativeId(), plug.address());
    }

    @Test
    void baseResetKeepsEveryDeviceAndItsId() throws Exception {
        start();
        List<DeviceId> before = context.registry.devices().stream().map(Device::id).toList();
        Map<String, Integer> addresses = addresses();
        simulator().resetBase();
        assertEquals(before, context.registry.devices().stream().map(Device::id).toList());
        assertEquals(addresses, addresses());
        assertTrue(context.statuses.stream().anyMatch(s -> s.state() == AdapterStatus.State.OFFLINE));
        assertEquals(AdapterStatus.online(), context.statuses.get(context.statuses.size() - 1));
        invoke(PLUG, "onOff", "on", Map.of()).get();
        assertEquals(true, simState("plug-1", "on"));
        assertTrue(context.registry.devices().stream().allMatch(Device::reachable));
    }

    private Map<String, Integer> addresses() throws Exception {
        Map<String, Integer> result = new java.util.TreeMap<>();
        simulator().devices().toCompletableFuture().get().forEach(d -> result.put(d.id(), d.address()));
        return result;
    }

    @Test
    void restartKeepsAddressesFromTheStore() throws Exception {
        TestContext first = new TestContext(Runnable::run, new TestContext.MemoryStore(),
                "dect.simulator.devices=light:2");
        DectAdapter one = new DectAdapter(first);
        one.start();
        Map<String, Integer> before = new java.util.TreeMap<>();
        Simulated.simulator(one).orElseThrow().devices().toCompletableFuture().get()
                .forEach(d -> before.put(d.id(), d.address()));
        one.close();
        context = new TestContext(Runnable::run, first.store, "dect.simulator.devices=light:2");
        adapter = new DectAdapter(context);
        adapter.start();
        assertEquals(before, addresses());
        assertEquals(2, context.registry.devices().size());
    }

    @Test
    void responsesFromTheBroadcastAddressStillMatch() throws Exception {
        start("dect.simulator.devices=light:1", "dect.simulator.broadcastResponses=true");
        assertEquals(Value.of(50L), state(LIGHT, "level", "level"), "interview answered from broadcast");
        invoke(LIGHT, "onOff", "on", Map.of()).get();
        assertEquals(true, simState("light-1", "on"));
    }

    @Test
    void permitJoinOpensTheBasesRegistrationWindowAndANewDeviceJoinsUntilItCloses() throws Exception {
        start("dect.simulator.devices=plug:1");
        DeviceId newPlug = DeviceId.of("dect", Simulator.ipui(DeviceType.PLUG, 2).hex());
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> simulator().addDevice("plug").toCompletableFuture().get());
        assertInstanceOf(IllegalStateException.class, refused.getCause());
        assertTrue(context.registry.device(newPlug).isEmpty());

        adapter.permitJoin(Duration.ofSeconds(60)).toCompletableFuture().get();
        assertTrue(simulator().registrationOpen().toCompletableFuture().get());
        assertEquals("plug-2", simulator().addDevice("plug").toCompletableFuture().get().id());
        Device joined = context.registry.device(newPlug).orElseThrow();
        assertTrue(joined.capability("onOff").isPresent(), "interviewed like any plug");
        invoke(newPlug, "onOff", "on", Map.of()).get();
        assertEquals(true, simState("plug-2", "on"));

        context.scheduler.advance(Duration.ofSeconds(60));
        assertFalse(simulator().registrationOpen().toCompletableFuture().get(), "closed on the injected clock");
        refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> simulator().addDevice("light").toCompletableFuture().get());
        assertInstanceOf(IllegalStateException.class, refused.getCause());

        adapter.permitJoin(Duration.ofSeconds(30)).toCompletableFuture().get();
        adapter.permitJoin(Duration.ZERO).toCompletableFuture().get();
        assertFalse(simulator().registrationOpen().toCompletableFuture().get(), "a zero duration closes it");
        assertEquals(ErrorKind.INVALID_VALUE, failure(adapter.permitJoin(Duration.ofSeconds(70_000))
                .toCompletableFuture()));
        assertEquals(ErrorKind.INVALID_VALUE, failure(adapter.permitJoin(Duration.ofSeconds(-1))
                .toCompletableFuture()));
    }

    /** Step by step: the permit-join completes only on the base's REGISTRATION answer, not when the frame is sent. */
    @Test
    void permitJoinAnswersOnlyOnceTheBaseConfirmed() throws Exception {
        java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();
        context = new TestContext(tasks::add, new TestContext.MemoryStore(), "dect.simulator.devices=plug:1");
        adapter = new DectAdapter(context);
        adapter.start();
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
        CompletableFuture<Void> join = adapter.permitJoin(Duration.ofSeconds(60)).toCompletableFuture();
        assertEquals(1, tasks.size(), "the adapter's own task");
        tasks.poll().run(); // the adapter sends REGISTRATION 60 to the base
        assertFalse(join.isDone(), "sent is not confirmed");
        assertEquals(1, tasks.size(), "the base's task");
        tasks.poll().run(); // the base opens its window and answers REGISTRATION 60
        assertFalse(join.isDone(), "the answer still has to reach the adapter");
        assertEquals(1, tasks.size(), "the adapter's handling of the answer");
        tasks.poll().run();
        assertTrue(join.isDone() && !join.isCompletedExceptionally(), "confirmed by the base's answer");
        assertTrue(tasks.isEmpty());
    }

    /**
     * A base that does not confirm the open (the stopped simulator's base answers every request with "closed") leaves
     * the call to fail with TIMEOUT after dect.commandTimeout, not to succeed.
     */
    @Test
    void permitJoinThatTheBaseDoesNotConfirmTimesOut() {
        start("dect.simulator.devices=plug:1", "dect.commandTimeout=5s");
        simulator().close();
        CompletableFuture<Void> join = adapter.permitJoin(Duration.ofSeconds(60)).toCompletableFuture();
        context.scheduler.advance(Duration.ofSeconds(4));
        assertFalse(join.isDone());
        context.scheduler.advance(Duration.ofSeconds(2));
        assertEquals(ErrorKind.TIMEOUT, failure(join));
    }

    @Test
    void permitJoinWithoutTheBaseFailsUnreachable() {
        start("dect.simulator.devices=plug:1");
        adapter.close();
        assertEquals(ErrorKind.UNREACHABLE, failure(adapter.permitJoin(Duration.ofSeconds(60))
                .toCompletableFuture()));
    }
}
