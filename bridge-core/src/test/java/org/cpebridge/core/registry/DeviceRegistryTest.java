package org.cpebridge.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.AttributeState;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.testing.ForwardingStore;
import org.cpebridge.core.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRegistryTest {

    static final DeviceId PLUG = DeviceId.of("dect", "0123456789");

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();
    private final List<DeviceEvent> events = new ArrayList<>();

    private DeviceRegistry newRegistry() {
        EventBus bus = new EventBus(Runnable::run);
        bus.subscribe("test", events::add);
        return new DeviceRegistry(bus, clock, new FileDurableStore(dataDir));
    }

    static Device plug() {
        return Device.builder(PLUG).vendor("AVM").model("FRITZ!DECT 200").serial("0123456789").firmware("04.25")
                .name("Plug 1").capabilities(Capability.of(CapabilityType.ON_OFF),
                        Capability.of(CapabilityType.ELECTRICAL_POWER).withAttributes("power"))
                .build();
    }

    @Test
    void registeringPublishesAddedThenChangedOnlyWhenSomethingChanged() {
        DeviceRegistry registry = newRegistry();
        registry.register(plug());
        registry.register(plug());
        registry.register(plug().toBuilder().firmware("04.26").build());
        assertEquals(2, events.size());
        assertInstanceOf(DeviceEvent.DeviceAdded.class, events.get(0));
        DeviceEvent.DeviceChanged changed = assertInstanceOf(DeviceEvent.DeviceChanged.class, events.get(1));
        assertEquals("04.25", changed.before().firmware());
        assertEquals("04.26", changed.after().firmware());
    }

    @Test
    void stateChangesCarryPreviousValueTimestampAndPrivacyClass() {
        DeviceRegistry registry = newRegistry();
        registry.register(plug());
        events.clear();
        registry.updateState(PLUG, "onOff", "on", Value.of(true));
        clock.advance(Duration.ofSeconds(5));
        registry.updateState(PLUG, "onOff", "on", Value.of(true));
        registry.updateState(PLUG, "electricalPower", "power", Value.of(12));
        registry.updateState(PLUG, "onOff", "on", Value.of(false));
        assertEquals(3, events.size(), "an unchanged value publishes nothing");
        DeviceEvent.StateChanged first = (DeviceEvent.StateChanged) events.get(0);
        assertNull(first.previous());
        assertEquals(PrivacyClass.STATE, first.privacy());
        DeviceEvent.StateChanged power = (DeviceEvent.StateChanged) events.get(1);
        assertEquals(Value.of(12.0), power.current(), "integers are stored canonically as decimals");
        assertEquals(PrivacyClass.ENERGY, power.privacy());
        DeviceEvent.StateChanged off = (DeviceEvent.StateChanged) events.get(2);
        assertEquals(Value.of(true), off.previous());
        AttributeRef on = new AttributeRef(PLUG, "onOff", "on");
        assertEquals(clock.instant(), registry.state(on).orElseThrow().updatedAt());
        assertEquals(2, registry.states(PLUG).size());
    }

    @Test
    void badReportsAreTypedErrors() {
        DeviceRegistry registry = newRegistry();
        registry.register(plug());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(DeviceException.class,
                () -> registry.updateState(DeviceId.of("dect", "9"), "onOff", "on", Value.of(true))).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(DeviceException.class,
                () -> registry.updateState(PLUG, "electricalPower", "voltage", Value.of(230))).kind());
        assertEquals(ErrorKind.INVALID_VALUE, assertThrows(DeviceException.class,
                () -> registry.updateState(PLUG, "onOff", "on", Value.of(1))).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(DeviceException.class,
                () -> registry.fireEvent(PLUG, "button", "pressed", Map.of())).kind());
    }

    @Test
    void householdNamesSurviveRestartsAndReRegistration() {
        DeviceRegistry registry = newRegistry();
        registry.register(plug());
        registry.rename(PLUG, "Kettle");
        registry.setRoom(PLUG, "Kitchen");

        DeviceRegistry restarted = newRegistry();
        Device loaded = restarted.device(PLUG).orElseThrow();
        assertEquals("Kettle", loaded.name());
        assertEquals("Kitchen", loaded.room());
        assertFalse(loaded.reachable(), "unreachable until its adapter reports it again");
        assertEquals(plug().capabilities(), loaded.capabilities());

        events.clear();
        Device again = restarted.register(plug());
        assertEquals("Kettle", again.name(), "the adapter's default name does not overwrite the household's");
        assertTrue(again.reachable());
        assertInstanceOf(DeviceEvent.ReachabilityChanged.class, events.get(0));
        assertEquals(1, events.size());
    }

    @Test
    void leavingADeviceOutOfMatterIsTheHouseholdsChoiceStoredAtOnceAndKeptOnReRegistration() {
        DeviceRegistry registry = newRegistry();
        registry.register(plug());
        events.clear();
        Device left = registry.setExcludedFromMatter(PLUG, true);
        assertTrue(left.excludedFromMatter());
        DeviceEvent.DeviceChanged changed = assertInstanceOf(DeviceEvent.DeviceChanged.class, events.get(0));
        assertFalse(changed.before().excludedFromMatter());
        assertTrue(changed.after().excludedFromMatter());
        events.clear();
        registry.setExcludedFromMatter(PLUG, true);
        assertEquals(List.of(), events, "no change, no event");

        // On disk when the call returned (no flush), and the adapter reporting the device again keeps the choice.
        DeviceRegistry restarted = newRegistry();
        assertTrue(restarted.device(PLUG).orElseThrow().excludedFromMatter());
        assertTrue(restarted.register(plug()).excludedFromMatter());
        restarted.setExcludedFromMatter(PLUG, false);
        assertFalse(newRegistry().device(PLUG).orElseThrow().excludedFromMatter());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(DeviceException.class,
                () -> restarted.setExcludedFromMatter(DeviceId.of("dect", "9"), true)).kind());
    }

    @Test
    void theKindIsKeptAcrossRestartsAndAnAdapterThatLearnsItChangesTheDevice() {
        DeviceRegistry registry = newRegistry();
        registry.register(plug());
        events.clear();
        registry.register(plug().toBuilder().kind(DeviceKind.PLUG).build());
        DeviceEvent.DeviceChanged changed = assertInstanceOf(DeviceEvent.DeviceChanged.class, events.get(0));
        assertEquals(DeviceKind.UNSPECIFIED, changed.before().kind());
        assertEquals(DeviceKind.PLUG, changed.after().kind());
        registry.flush();
        assertEquals(DeviceKind.PLUG, newRegistry().device(PLUG).orElseThrow().kind());
    }

    @Test
    void labelsAreChecked() {
        DeviceRegistry registry = newRegistry();
        registry.register(plug());
        assertEquals(ErrorKind.INVALID_VALUE,
                assertThrows(DeviceException.class, () -> registry.rename(PLUG, "a\u0000b")).kind());
        assertEquals(ErrorKind.INVALID_VALUE,
                assertThrows(DeviceException.class, () -> registry.rename(PLUG, "x".repeat(65))).kind());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(DeviceException.class, () -> registry.rename(DeviceId.of("x", "y"), "n")).kind());
    }

    @Test
    void removalIsPublishedAndPersisted() {
        DeviceRegistry registry = newRegistry();
        registry.register(plug());
        registry.remove(PLUG);
        registry.remove(PLUG);
        assertInstanceOf(DeviceEvent.DeviceRemoved.class, events.get(events.size() - 1));
        assertTrue(newRegistry().devices().isEmpty());
    }

    @Test
    void reachabilityEventsOnlyOnChange() {
        DeviceRegistry registry = newRegistry();
        registry.register(plug());
        events.clear();
        registry.setReachable(PLUG, false, "no keep-alive for 3 periods");
        registry.setReachable(PLUG, false, "still away");
        registry.setReachable(PLUG, true, "");
        assertEquals(2, events.size());
        assertEquals("no keep-alive for 3 periods", ((DeviceEvent.ReachabilityChanged) events.get(0)).reason());
    }

    @Test
    void aCorruptDeviceListIsAClearErrorNotAnEmptyRegistry() {
        new FileDurableStore(dataDir).write(DeviceRegistry.RECORD, 1, "[{\"id\":42}]".getBytes());
        StoreException error = assertThrows(StoreException.class, this::newRegistry);
        assertTrue(error.getMessage().contains("core/devices"), error.getMessage());
    }

    /** Counts writes of the device record; everything else as the file store does. */
    private static final class CountingStore extends ForwardingStore {
        final FileDurableStore files;
        int writes;
        long bytes;

        CountingStore(Path root) {
            this(new FileDurableStore(root));
        }

        private CountingStore(FileDurableStore files) {
            super(files);
            this.files = files;
        }

        @Override
        public void write(String name, int formatVersion, byte[] payload) {
            writes++;
            bytes += payload.length;
            super.write(name, formatVersion, payload);
        }
    }

    @Test
    void adapterChangesAreCoalescedIntoOneWriteAfterTheDelayAndRenamesAreWrittenBeforeTheyReturn() {
        org.cpebridge.core.testing.ManualScheduler scheduler = new org.cpebridge.core.testing.ManualScheduler(clock);
        CountingStore store = new CountingStore(dataDir);
        DeviceRegistry registry = new DeviceRegistry(new EventBus(Runnable::run), clock, store, scheduler,
                Runnable::run, Duration.ofSeconds(1));
        for (int i = 0; i < 500; i++) {
            registry.register(Device.builder(DeviceId.of("zigbee", String.format("0x%016x", i))).vendor("IKEA")
                    .model("plug").capabilities(Capability.of(CapabilityType.ON_OFF)).build());
        }
        assertEquals(0, store.writes, "nothing written before the delay");
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(1, store.writes, "500 registrations, one write");
        assertEquals(500, newRegistryOn(store.files).devices().size());

        // State changes write nothing: values are not persisted.
        DeviceId first = DeviceId.of("zigbee", String.format("0x%016x", 0));
        registry.updateState(first, "onOff", "on", Value.of(true));
        registry.updateState(first, "onOff", "on", Value.of(false));
        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(1, store.writes);

        // A rename is on disk when it returns, with the adapter change still waiting.
        registry.remove(DeviceId.of("zigbee", String.format("0x%016x", 1)));
        registry.rename(first, "Kitchen");
        assertEquals(2, store.writes);
        List<Device> stored = newRegistryOn(store.files).devices();
        assertEquals(499, stored.size());
        assertEquals("Kitchen", stored.get(0).name());
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(2, store.writes, "the pending change was in the rename's write");

        registry.register(Device.builder(DeviceId.of("zigbee", "0x00000000000fffff")).vendor("IKEA").model("plug")
                .capabilities(Capability.of(CapabilityType.ON_OFF)).build());
        registry.flush();
        assertEquals(3, store.writes, "flush (the service's stop) writes at once");
        registry.flush();
        assertEquals(3, store.writes, "and only when something changed");
        assertEquals(500, newRegistryOn(store.files).devices().size());
    }

    private DeviceRegistry newRegistryOn(FileDurableStore store) {
        return new DeviceRegistry(new EventBus(Runnable::run), clock, store);
    }

    @Test
    void lastUpdatesAnswerTheNewestUpdateAndTheNewestOfAClassWithoutAStateCopy() {
        DeviceRegistry registry = newRegistry();
        assertEquals(new DeviceRegistry.LastUpdates(Optional.empty(), Optional.empty()),
                registry.lastUpdates(PLUG, PrivacyClass.HEALTH), "an unknown device has no updates");
        registry.register(plug().toBuilder().capabilities(Capability.of(CapabilityType.ON_OFF),
                Capability.of(CapabilityType.BATTERY), Capability.of(CapabilityType.LINK_QUALITY)).build());
        assertEquals(new DeviceRegistry.LastUpdates(Optional.empty(), Optional.empty()),
                registry.lastUpdates(PLUG, PrivacyClass.HEALTH), "a device with no state has no updates");

        Instant batteryAt = clock.instant();
        registry.updateState(PLUG, "battery", "batteryLevel", Value.of(80));
        clock.advance(Duration.ofSeconds(10));
        registry.updateState(PLUG, "onOff", "on", Value.of(true));
        Instant switchedAt = clock.instant();
        assertEquals(new DeviceRegistry.LastUpdates(Optional.of(switchedAt), Optional.of(batteryAt)),
                registry.lastUpdates(PLUG, PrivacyClass.HEALTH), "a switch is newest, but not a HEALTH update");

        clock.advance(Duration.ofSeconds(10));
        registry.updateState(PLUG, "linkQuality", "linkQuality", Value.of(200));
        Instant linkAt = clock.instant();
        assertEquals(new DeviceRegistry.LastUpdates(Optional.of(linkAt), Optional.of(linkAt)),
                registry.lastUpdates(PLUG, PrivacyClass.HEALTH));
        assertEquals(new DeviceRegistry.LastUpdates(Optional.of(linkAt), Optional.of(switchedAt)),
                registry.lastUpdates(PLUG, PrivacyClass.STATE));

        // The answer agrees with what the copying states() shows.
        Instant newestOfAll = registry.states(PLUG).values().stream().map(AttributeState::updatedAt)
                .max(Instant::compareTo).orElseThrow();
        assertEquals(newestOfAll, registry.lastUpdates(PLUG, PrivacyClass.HEALTH).any().orElseThrow());

        // A capability that no longer has the attribute: its old state is dropped and no longer counts.
        registry.register(plug().toBuilder().capabilities(Capability.of(CapabilityType.ON_OFF)).build());
        assertEquals(new DeviceRegistry.LastUpdates(Optional.of(switchedAt), Optional.empty()),
                registry.lastUpdates(PLUG, PrivacyClass.HEALTH));
    }

    @Test
    void networksOfOneTechnologyAreInAdapterIdOrderAndFollowEveryReport() {
        DeviceRegistry registry = newRegistry();
        assertEquals(List.of(), registry.networksOf(RadioNetwork.ZIGBEE));
        RadioNetwork second = new RadioNetwork("zigbee-b", RadioNetwork.ZIGBEE, true, "", Map.of(), List.of());
        RadioNetwork dect = new RadioNetwork("dect", RadioNetwork.DECT_ULE, true, "", Map.of(), List.of());
        registry.reportNetwork(second);
        registry.reportNetwork(dect);
        assertEquals(List.of(second), registry.networksOf(RadioNetwork.ZIGBEE));
        assertEquals(List.of(dect), registry.networksOf(RadioNetwork.DECT_ULE));
        assertSame(registry.networksOf(RadioNetwork.ZIGBEE), registry.networksOf(RadioNetwork.ZIGBEE),
                "asked again without a report, the same list (made once, not per device of a Get)");

        RadioNetwork first = new RadioNetwork("zigbee-a", RadioNetwork.ZIGBEE, true, "", Map.of(), List.of());
        registry.reportNetwork(first);
        assertEquals(List.of(first, second), registry.networksOf(RadioNetwork.ZIGBEE));
        RadioNetwork secondDown = new RadioNetwork("zigbee-b", RadioNetwork.ZIGBEE, false, "", Map.of(), List.of());
        registry.reportNetwork(secondDown);
        assertEquals(List.of(first, secondDown), registry.networksOf(RadioNetwork.ZIGBEE));
        assertThrows(UnsupportedOperationException.class,
                () -> registry.networksOf(RadioNetwork.ZIGBEE).add(second), "a caller cannot change the kept list");
        assertEquals(List.of(dect), registry.networksOf(RadioNetwork.DECT_ULE));
    }

    @Test
    void aNetworkReportRacingAReaderIsNeverLostFromTheKeptLists() throws Exception {
        DeviceRegistry registry = newRegistry();
        int reports = 2_000;
        Thread reader = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                registry.networksOf(RadioNetwork.ZIGBEE);
            }
        });
        reader.start();
        try {
            for (int i = 0; i < reports; i++) {
                registry.reportNetwork(new RadioNetwork("zigbee-" + i, RadioNetwork.ZIGBEE, true, "", Map.of(),
                        List.of()));
                assertEquals(i + 1, registry.networksOf(RadioNetwork.ZIGBEE).size(), "after report " + i);
            }
        } finally {
            reader.interrupt();
            reader.join();
        }
    }
}
