package org.cpebridge.dect.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;

import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.core.util.SerialExecutor;
import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.*;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.MessageCodec;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.Profile;
import org.cpebridge.dect.hanfun.ResultCode;
import org.cpebridge.dect.hanfun.Uid;
import org.cpebridge.dect.hanfun.Value;
import org.cpebridge.dect.ule.BaseLinkListener;
import org.cpebridge.dect.ule.LinkId;
import org.junit.jupiter.api.Test;

/** The simulator against a minimal scripted base, in lockstep (single thread, manual time). */
class SimulatorTest {
    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final SerialExecutor executor = new SerialExecutor(Runnable::run, "sim-test");
    private final InProcessBaseLink link = new InProcessBaseLink(executor);
    private final ScriptedBase base = new ScriptedBase();

    /** Records everything and answers registrations, like the Device Management server of a base would. */
    private final class ScriptedBase implements BaseLinkListener {
        final List<String> events = new ArrayList<>();
        final List<Packet> packets = new ArrayList<>();
        final Map<LinkId, Uid> uids = new HashMap<>();
        final Map<Uid, Integer> addresses = new HashMap<>();
        final Map<Integer, LinkId> links = new HashMap<>();
        final List<Integer> windows = new ArrayList<>();

        public void onRegistrationWindow(int seconds) {
            windows.add(seconds);
        }

        public void onLinkUp() {
            events.add("up");
        }

        public void onLinkDown(String reason) {
            events.add("down " + reason);
        }

        public void onDeviceRegistered(LinkId id, Uid uid) {
            uids.put(id, uid);
            events.add("attached " + uid);
        }

        public void onDeviceDeregistered(LinkId id) {
            events.add("detached");
        }

        public void onPacket(LinkId id, Packet packet) {
            packets.add(packet);
            try {
                if (MessageCodec.decode(packet) instanceof RegisterRequest) {
                    Uid uid = uids.get(id);
                    int address = addresses.computeIfAbsent(uid, u -> addresses.size() + 1);
                    links.put(address, id);
                    link.send(id, Packet.of(Address.BASE, new Address(false, Address.BROADCAST_DEVICE, 0),
                            packet.reference(), new RegisterResponse(ResultCode.OK, address, OptionalInt.empty())));
                }
            } catch (HanfunException e) {
                throw new AssertionError(e);
            }
        }

        void send(int address, int unit, int reference, HanfunMessage message) {
            link.send(links.get(address), Packet.of(Address.BASE, Address.device(address, unit), reference, message));
        }

        HanfunMessage last() throws HanfunException {
            return MessageCodec.decode(packets.get(packets.size() - 1));
        }

        List<HanfunMessage> since(int index) throws HanfunException {
            List<HanfunMessage> messages = new ArrayList<>();
            for (Packet packet : packets.subList(index, packets.size())) {
                messages.add(MessageCodec.decode(packet));
            }
            return messages;
        }
    }

    private Simulator start(String devices, SimulatorSettings settings) {
        link.start(base);
        Simulator simulator = new Simulator(SimulatorConfig.parse(devices), settings, link, executor, scheduler, clock);
        simulator.start();
        return simulator;
    }

    @Test
    void everyTypeRegistersWithItsIpuiAndProfiles() throws Exception {
        Simulator simulator = start("plug:1,light:1,thermostat:1,contact:1,motion:1,smoke:1,climate:1,button:1",
                SimulatorSettings.defaults());
        assertEquals(8, base.packets.size());
        Map<Integer, Integer> profiles = new HashMap<>();
        for (Packet packet : base.packets) {
            assertEquals(new Address(false, Address.BROADCAST_DEVICE, 0), packet.source());
            RegisterRequest register = assertInstanceOf(RegisterRequest.class, MessageCodec.decode(packet));
            assertInstanceOf(Uid.Dect.class, register.uid());
            assertTrue(register.responseRequired());
            profiles.merge(register.units().get(0).profile(), 1, Integer::sum);
        }
        assertEquals(Map.of(Profile.AC_OUTLET_WITH_POWER_METERING.uid(), 1, Profile.DIMMABLE_LIGHT.uid(), 1,
                Profile.CONTROLLABLE_THERMOSTAT.uid(), 1, Profile.DOOR_OPEN_CLOSE_DETECTOR.uid(), 1,
                Profile.MOTION_DETECTOR.uid(), 1, Profile.SMOKE_DETECTOR.uid(), 1,
                Profile.SIMPLE_TEMPERATURE_SENSOR.uid(), 1, Profile.SIMPLE_BUTTON.uid(), 1), profiles);
        List<DeviceSnapshot> snapshots = simulator.devices().toCompletableFuture().get();
        assertEquals(8, snapshots.size());
        assertTrue(snapshots.stream().allMatch(snapshot -> snapshot.address() > 0));
        assertEquals(Simulator.ipui(DeviceType.PLUG, 1).hex(), snapshots.get(0).ipui());
        assertEquals("0F015E0001", snapshots.get(0).ipui());
    }

    @Test
    void plugAnswersCommandsAttributesAndReportsEvents() throws Exception {
        Simulator simulator = start("plug:1", SimulatorSettings.defaults());
        int mark = base.packets.size();
        base.send(1, 1, 7, new OnOffCommand(OnOffAction.ON, true));
        List<HanfunMessage> replies = base.since(mark);
        assertEquals(new PowerMeterReport(List.of(
                new AttributeValue(InterfaceUid.SIMPLE_POWER_METER, 0x04, new Value.Measurement(0x10, 45_120)),
                new AttributeValue(InterfaceUid.SIMPLE_POWER_METER, 0x01, new Value.Measurement(0x00, 0))), false),
                replies.get(0));
        assertEquals(new CommandResponse(InterfaceAddress.server(InterfaceUid.ON_OFF), 1, ResultCode.OK, Bytes.EMPTY),
                replies.get(1));
        Packet response = base.packets.get(base.packets.size() - 1);
        assertEquals(7, response.reference());
        assertEquals(Address.device(1, 1), response.source());
        assertEquals(Address.BASE, response.destination());
        assertEquals(true, simulator.device("plug-1").toCompletableFuture().get().state().get("on"));

        base.send(1, 0, 8, new GetAttributePack(InterfaceAddress.server(InterfaceUid.DEVICE_INFORMATION),
                HanfunMessage.PACK_ALL, List.of()));
        GetAttributePackResponse info = assertInstanceOf(GetAttributePackResponse.class, base.last());
        assertEquals(ResultCode.OK, info.result());
        assertTrue(info.values().contains(new AttributeValue(InterfaceUid.DEVICE_INFORMATION, 0x0A,
                new Value.Octets(Simulator.ipui(DeviceType.PLUG, 1).value()))));

        base.send(1, 0, 9, new CreateEventRule(Address.BASE, true));
        assertEquals(new CommandResponse(InterfaceAddress.server(InterfaceUid.ATTRIBUTE_REPORTING), 2, ResultCode.OK,
                Bytes.fromHex("81")), base.last());
        base.send(1, 0, 10, new AddEventEntries(1, List.of(new EventRuleEntry(1,
                InterfaceAddress.server(InterfaceUid.ON_OFF),
                List.of(new EventCondition(1, EventType.COV, Bytes.fromHex("00"))))), true));
        mark = base.packets.size();
        simulator.press("plug-1").toCompletableFuture().get();
        assertEquals(new EventReport(1, List.of(new EventEntry(1, InterfaceAddress.server(InterfaceUid.ON_OFF),
                List.of(new EventField(EventType.COV, new AttributeValue(InterfaceUid.ON_OFF, 1,
                        new Value.Bool(false)))))), false), base.since(mark).get(0));

        // unsupported interface on this unit
        base.send(1, 1, 11, new SetLevel(10, true));
        assertEquals(ResultCode.FAIL_SUPPORT, ((CommandResponse) base.last()).result());
    }

    @Test
    void batteryDeviceSleepsAndWakesForAlertsAndKeepAlives() throws Exception {
        SimulatorSettings settings = SimulatorSettings.defaults().withKeepAliveInterval(Duration.ofSeconds(30));
        Simulator simulator = start("contact:1", settings);
        base.send(1, 1, 1, new GetAttribute(InterfaceAddress.server(InterfaceUid.ALERT), 1));
        assertEquals(new GetAttributeResponse(InterfaceAddress.server(InterfaceUid.ALERT), 1, ResultCode.OK,
                java.util.Optional.of(new Value.U32(0))), base.last());

        scheduler.advance(Duration.ofSeconds(5)); // past the awake window
        int mark = base.packets.size();
        base.send(1, 1, 2, new GetAttribute(InterfaceAddress.server(InterfaceUid.ALERT), 1));
        assertEquals(mark, base.packets.size(), "asleep: no answer");
        assertEquals(1L, simulator.device("contact-1").toCompletableFuture().get().state().get("droppedWhileAsleep"));

        simulator.press("contact-1").toCompletableFuture().get();
        assertEquals(new AlertStatus(Profile.DOOR_OPEN_CLOSE_DETECTOR.uid(), 1, false), base.last());
        assertEquals(Address.device(1, 1), base.packets.get(base.packets.size() - 1).source());
        base.send(1, 1, 3, new GetAttribute(InterfaceAddress.server(InterfaceUid.ALERT), 1));
        assertEquals(new Value.U32(1), ((GetAttributeResponse) base.last()).value().orElseThrow());

        scheduler.advance(Duration.ofSeconds(30));
        assertEquals(new KeepAliveNotification(false), base.last());

        simulator.unplug("contact-1").toCompletableFuture().get();
        mark = base.packets.size();
        scheduler.advance(Duration.ofSeconds(60));
        assertEquals(mark, base.packets.size(), "unplugged: silent");
        simulator.replug("contact-1").toCompletableFuture().get();
        assertEquals(new KeepAliveNotification(false), base.last());
    }

    @Test
    void motionClearsAfterHoldAndButtonPresses() throws Exception {
        Simulator simulator = start("motion:1,button:1", SimulatorSettings.defaults());
        simulator.press("motion-1").toCompletableFuture().get();
        assertEquals(new AlertStatus(Profile.MOTION_DETECTOR.uid(), 1, false), base.last());
        scheduler.advance(Duration.ofSeconds(31));
        assertTrue(base.since(0).contains(new AlertStatus(Profile.MOTION_DETECTOR.uid(), 0, false)));
        simulator.press("button-1").toCompletableFuture().get();
        assertEquals(new ButtonEvent(ButtonPress.SHORT, false), base.last());
    }

    @Test
    void thermostatAcceptsSetPointAndSensorValues() throws Exception {
        Simulator simulator = start("thermostat:1,climate:1", SimulatorSettings.defaults());
        base.send(1, 1, 4, new SetAttribute(InterfaceAddress.server(InterfaceUid.SIMPLE_THERMOSTAT), 0x04,
                new Value.S16(2250), true));
        assertEquals(new SetAttributeResponse(InterfaceAddress.server(InterfaceUid.SIMPLE_THERMOSTAT), 0x04,
                ResultCode.OK), base.last());
        assertEquals(22.5, simulator.device("thermostat-1").toCompletableFuture().get().state().get("setpoint"));
        base.send(1, 1, 5, new SetAttribute(InterfaceAddress.server(InterfaceUid.SIMPLE_TEMPERATURE), 0x01,
                new Value.S16(100), true));
        assertEquals(ResultCode.FAIL_RO_ATTR, ((SetAttributeResponse) base.last()).result());

        simulator.set("climate-1", Map.of("temperature", 19.25, "humidity", 51)).toCompletableFuture().get();
        DeviceSnapshot climate = simulator.device("climate-1").toCompletableFuture().get();
        assertEquals(19.25, climate.state().get("temperature"));
        assertEquals(51.0, climate.state().get("humidity"));
        ExecutionException error = assertThrows(ExecutionException.class,
                () -> simulator.set("climate-1", Map.of("level", 3)).toCompletableFuture().get());
        assertInstanceOf(IllegalArgumentException.class, error.getCause());
        assertInstanceOf(java.util.NoSuchElementException.class, assertThrows(ExecutionException.class,
                () -> simulator.press("nope-1").toCompletableFuture().get()).getCause());
    }

    @Test
    void broadcastQuirkAndBaseReset() throws Exception {
        Simulator simulator = start("light:1", SimulatorSettings.defaults().withBroadcastResponses(true));
        base.send(1, 1, 42, new SetLevel(200, true));
        Packet response = base.packets.get(base.packets.size() - 1);
        assertEquals(Address.BROADCAST, response.source());
        assertEquals(Address.BROADCAST, response.destination());
        assertEquals(42, response.reference());

        int mark = base.packets.size();
        simulator.resetBase();
        assertTrue(base.events.contains("down base reset"));
        assertEquals("up", base.events.get(base.events.indexOf("down base reset") + 1));
        RegisterRequest again = assertInstanceOf(RegisterRequest.class, base.since(mark).get(0));
        assertEquals(Simulator.ipui(DeviceType.LIGHT, 1), again.uid());
        assertEquals(1, simulator.device("light-1").toCompletableFuture().get().address());
        assertEquals(200, simulator.device("light-1").toCompletableFuture().get().state().get("level"));
    }

    @Test
    void aNewDeviceRegistersOnlyWhileTheRegistrationWindowIsOpenAndTheWindowClosesOnItsOwn() throws Exception {
        Simulator simulator = start("plug:1", SimulatorSettings.defaults());
        ExecutionException closed = assertThrows(ExecutionException.class,
                () -> simulator.addDevice("plug").toCompletableFuture().get());
        assertInstanceOf(IllegalStateException.class, closed.getCause());
        assertTrue(closed.getCause().getMessage().contains("not in registration mode"), closed.getMessage());
        assertEquals(1, simulator.deviceIds().size(), "a refused device is not kept");
        int registrationsBefore = base.uids.size();

        assertTrue(link.requestRegistrationWindow(60));
        assertEquals(List.of(60), base.windows, "the base confirms the open with its length");
        assertTrue(simulator.registrationOpen().toCompletableFuture().get());
        DeviceSnapshot added = simulator.addDevice("plug").toCompletableFuture().get();
        assertEquals("plug-2", added.id());
        assertEquals(Simulator.ipui(DeviceType.PLUG, 2).hex(), added.ipui());
        assertTrue(simulator.device("plug-2").toCompletableFuture().get().address() > 0,
                "registered with the base (lockstep)");
        assertEquals(registrationsBefore + 1, base.uids.size());
        assertTrue(base.uids.containsValue(Simulator.ipui(DeviceType.PLUG, 2)));

        scheduler.advance(Duration.ofSeconds(59));
        assertEquals(List.of(60), base.windows);
        assertEquals("light-1", simulator.addDevice("light").toCompletableFuture().get().id());
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(List.of(60, 0), base.windows, "the base reports the close when the time is up");
        assertFalse(simulator.registrationOpen().toCompletableFuture().get());
        ExecutionException expired = assertThrows(ExecutionException.class,
                () -> simulator.addDevice("light").toCompletableFuture().get());
        assertInstanceOf(IllegalStateException.class, expired.getCause());

        // a second open replaces the first window's end; a close from the host ends it at once
        assertTrue(link.requestRegistrationWindow(30));
        scheduler.advance(Duration.ofSeconds(10));
        assertTrue(link.requestRegistrationWindow(30));
        scheduler.advance(Duration.ofSeconds(25));
        assertTrue(simulator.registrationOpen().toCompletableFuture().get(), "the first window's timer is gone");
        assertTrue(link.requestRegistrationWindow(0));
        assertEquals(List.of(60, 0, 30, 30, 0), base.windows);
        assertFalse(simulator.registrationOpen().toCompletableFuture().get());
        scheduler.advance(Duration.ofSeconds(60));
        assertEquals(List.of(60, 0, 30, 30, 0), base.windows, "no late close from a cancelled window");

        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> simulator.addDevice("toaster").toCompletableFuture().get());
        assertInstanceOf(IllegalArgumentException.class, unknown.getCause());
    }
}
