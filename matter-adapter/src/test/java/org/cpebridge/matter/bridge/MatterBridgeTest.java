package org.cpebridge.matter.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.testing.ForwardingStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.DeviceType;
import org.cpebridge.matter.cluster.Endpoint;
import org.cpebridge.matter.cluster.EventLog;
import org.cpebridge.matter.cluster.InvokeDispatcher;
import org.cpebridge.matter.cluster.ReadEngine;
import org.cpebridge.matter.cluster.WriteEngine;
import org.cpebridge.matter.cluster.standard.Descriptor;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
import org.cpebridge.matter.im.AttributeStatusIb;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.CommandStatusIb;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.InvokeResponseIb;
import org.cpebridge.matter.testing.TestDevices;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge over a real core (registry, event bus, command router) and a test adapter, with the node loop and the
 * bus run inline: layout, values from the core, commands and writes reaching the device, error statuses, run-time
 * add and remove, persisted endpoint and event numbers, and the events devices cause.
 */
class MatterBridgeTest {

    private static final AccessSubject ADMIN = AccessSubject.ofCase(1, 0x1234);
    private static final Executor INLINE = Runnable::run;

    @TempDir
    Path dataDir;

    private static final Duration ANSWER_WAIT = Duration.ofSeconds(4);

    private final ManualClock clock = new ManualClock();
    private ManualScheduler scheduler;
    private FileDurableStore store;
    private DeviceRegistry registry;
    private EventBus bus;
    private CommandRouter commands;
    private TestDevices devices;
    private DataModel model;
    private EventNumbers eventNumbers;
    private MatterBridge bridge;
    private ReadEngine reads;
    private InvokeDispatcher invokes;
    private WriteEngine writes;
    private final List<List<ClusterPathIb>> changes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = new FileDurableStore(dataDir);
        bus = new EventBus(INLINE);
        registry = new DeviceRegistry(bus, clock, store);
        scheduler = new ManualScheduler(clock);
        commands = new CommandRouter(registry, scheduler, Duration.ofSeconds(30));
        devices = new TestDevices(registry);
        commands.attach(TestDevices.ADAPTER, devices);
    }

    private void startBridge(List<String> excluded) {
        startBridge(excluded, store);
    }

    private void startBridge(List<String> excluded, DurableStore bridgeStore) {
        model = new DataModel(new SplittableRandom(7));
        StandardEndpoints.addRootNode(model);
        StandardEndpoints.addAggregator(model);
        eventNumbers = EventNumbers.open(store, 256);
        reads = new ReadEngine(model, AccessChecker.ALLOW_ALL);
        invokes = new InvokeDispatcher(model, AccessChecker.ALLOW_ALL, 1);
        writes = new WriteEngine(model, AccessChecker.ALLOW_ALL);
        bridge = new MatterBridge(registry, bus, commands, bridgeStore, clock, model, eventNumbers, INLINE,
                (clusters, logged) -> changes.add(List.copyOf(clusters)), excluded, 1, scheduler, ANSWER_WAIT,
                new TestGroups());
        bridge.install(invokes, writes);
        bridge.start();
        changes.clear();
    }

    private Optional<TlvElement> read(int endpoint, long cluster, long attribute) {
        List<AttributeReportIb> reports = reads.read(ADMIN, List.of(AttributePathIb.of(endpoint, cluster, attribute)),
                List.of(), true);
        return reports.get(0) instanceof AttributeDataIb data ? Optional.of(data.data()) : Optional.empty();
    }

    private static List<Long> numbers(TlvElement list) {
        return ((TlvElement.Array) list).members().stream().map(m -> ((TlvElement.UnsignedInt) m).value()).toList();
    }

    private ImStatus invoke(int endpoint, long cluster, long command, TlvElement... fields) throws ImException {
        List<InvokeResponseIb> responses = invokes.invoke(ADMIN, List.of(CommandDataIb.of(
                CommandPathIb.of(endpoint, cluster, command),
                new TlvElement.Structure(TlvTag.anonymous(), List.of(fields)))), false);
        return ((CommandStatusIb) responses.get(0)).status().status();
    }

    private ImStatus write(int endpoint, long cluster, long attribute, TlvElement value) {
        return writes.write(ADMIN, List.of(new AttributeDataIb(java.util.OptionalLong.empty(),
                AttributePathIb.of(endpoint, cluster, attribute), value)), false).get(0).status().status();
    }

    private static TlvElement u(int tag, long value) {
        return new TlvElement.UnsignedInt(TlvTag.context(tag), value);
    }

    private int endpointOf(DeviceId id) {
        return bridge.endpointsOf(id).get(0);
    }

    @Test
    void everyDeviceKindGetsItsDeviceTypesMandatoryClustersAndIdentity() {
        List<DeviceId> ids = devices.registerMixed(TestDevices.KINDS.size());
        startBridge(List.of());
        Map<String, List<Long>> expected = Map.ofEntries(
                Map.entry("plug", List.of(0x010AL, 0x0006L, 0x0003L, 0x0004L, 0x0062L)),
                Map.entry("light", List.of(0x0101L, 0x0006L, 0x0008L, 0x0003L, 0x0004L, 0x0062L)),
                Map.entry("ctlight", List.of(0x010CL, 0x0006L, 0x0008L, 0x0300L, 0x0004L, 0x0062L)),
                Map.entry("colorlight", List.of(0x010DL, 0x0006L, 0x0008L, 0x0300L, 0x0004L, 0x0062L)),
                Map.entry("contact", List.of(0x0015L, 0x0045L, 0x002FL)),
                Map.entry("motion", List.of(0x0107L, 0x0406L, 0x002FL)),
                Map.entry("climate", List.of(0x0302L, 0x0402L, 0x0405L)),
                Map.entry("thermostat", List.of(0x0301L, 0x0201L, 0x002FL, 0x0004L)),
                Map.entry("smoke", List.of(0x0076L, 0x005CL)),
                Map.entry("leak", List.of(0x0043L, 0x0045L)),
                Map.entry("button", List.of(0x000FL, 0x003BL)),
                Map.entry("blind", List.of(0x0202L, 0x0102L, 0x0004L)),
                Map.entry("pressure", List.of(0x0305L, 0x0403L)),
                Map.entry("lux", List.of(0x0106L, 0x0400L)));
        List<Long> bridged = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String kind = TestDevices.KINDS.get(i);
            int endpointId = endpointOf(ids.get(i));
            assertEquals(2 + i, endpointId, "numbered in registry order from 2");
            bridged.add((long) endpointId);
            Endpoint endpoint = model.endpoint(endpointId).orElseThrow();
            assertEquals(OptionalInt.of(1), endpoint.parent());
            List<Long> types = endpoint.deviceTypes().stream().map(DeviceType::id).toList();
            assertEquals(expected.get(kind).get(0), types.get(0), kind);
            assertEquals(0x0013L, types.get(types.size() - 1), kind + " is a Bridged Node");
            List<Long> servers = numbers(read(endpointId, Descriptor.ID, Descriptor.SERVER_LIST).orElseThrow());
            assertTrue(servers.containsAll(List.of(0x001DL, 0x0039L)), kind + ": " + servers);
            assertTrue(servers.containsAll(expected.get(kind).subList(1, expected.get(kind).size())),
                    kind + ": " + servers);
            // Every attribute an AttributeList names reads with a value.
            for (ClusterInstance cluster : endpoint.clusters()) {
                for (long attribute : cluster.attributeIds()) {
                    assertTrue(read(endpointId, cluster.id(), attribute).isPresent(),
                            kind + " cluster " + cluster.spec().name() + " attribute " + attribute);
                }
            }
            assertEquals(new TlvElement.Utf8(TlvTag.anonymous(), ids.get(i).toString()),
                    read(endpointId, 0x0039, BridgedClusters.BDBI_UNIQUE_ID).orElseThrow());
            assertEquals(new TlvElement.Utf8(TlvTag.anonymous(), kind + " " + (i + 1)),
                    read(endpointId, 0x0039, BridgedClusters.BDBI_NODE_LABEL).orElseThrow());
            assertEquals(new TlvElement.Bool(TlvTag.anonymous(), true),
                    read(endpointId, 0x0039, BridgedClusters.BDBI_REACHABLE).orElseThrow());
        }
        assertEquals(bridged, numbers(read(1, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));
        List<Long> rootParts = new ArrayList<>(List.of(1L));
        rootParts.addAll(bridged);
        assertEquals(rootParts, numbers(read(0, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));
    }

    @Test
    void valuesComeFromTheCoreAndAChangeMarksExactlyItsCluster() {
        DeviceId light = devices.register(1, "light");
        DeviceId climate = devices.register(2, "climate");
        startBridge(List.of());
        int endpoint = endpointOf(light);
        assertEquals(Optional.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), 127)),
                read(endpoint, 0x0008, 0x0000), "50 % is level 127");
        long version = model.cluster(endpoint, 0x0006).orElseThrow().dataVersion();

        devices.state(light, "onOff", "on", Value.of(true));
        assertEquals(Optional.of(new TlvElement.Bool(TlvTag.anonymous(), true)), read(endpoint, 0x0006, 0x0000));
        assertNotEquals(version, model.cluster(endpoint, 0x0006).orElseThrow().dataVersion());
        assertEquals(List.of(List.of(ClusterPathIb.of(endpoint, 0x0006))), changes);

        changes.clear();
        devices.state(climate, "temperature", "temperature", Value.of(-5.25));
        assertEquals(Optional.of(new TlvElement.SignedInt(TlvTag.anonymous(), -525)),
                read(endpointOf(climate), 0x0402, 0x0000));
        assertEquals(List.of(List.of(ClusterPathIb.of(endpointOf(climate), 0x0402))), changes);
    }

    @Test
    void commandsAndWritesReachTheDeviceThroughTheCore() throws ImException {
        DeviceId light = devices.register(1, "light");
        DeviceId thermostat = devices.register(2, "thermostat");
        DeviceId blind = devices.register(3, "blind");
        startBridge(List.of());

        assertEquals(ImStatus.SUCCESS, invoke(endpointOf(light), 0x0006, BridgedClusters.CMD_TOGGLE));
        assertEquals(Value.of(true), registry.state(new AttributeRef(light, "onOff", "on")).orElseThrow().value());

        assertEquals(ImStatus.SUCCESS, invoke(endpointOf(light), 0x0008, BridgedClusters.CMD_MOVE_TO_LEVEL,
                u(0, 254), u(1, 10), u(2, 0), u(3, 0)));
        DeviceCommand.Invoke setLevel = (DeviceCommand.Invoke) devices.received().get(1);
        assertEquals("setLevel", setLevel.command());
        assertEquals(Value.of(100L), setLevel.arguments().get("level"));
        assertEquals(Value.of(1.0), setLevel.arguments().get("transitionSeconds"));

        int tstat = endpointOf(thermostat);
        assertEquals(ImStatus.SUCCESS, write(tstat, 0x0201, BridgedClusters.TSTAT_OCCUPIED_HEATING_SETPOINT,
                new TlvElement.SignedInt(TlvTag.anonymous(), 2150)));
        assertEquals(Value.of(21.5), registry.state(new AttributeRef(thermostat, "thermostat", "heatingSetpoint"))
                .orElseThrow().value());
        assertEquals(Optional.of(new TlvElement.SignedInt(TlvTag.anonymous(), 2150)),
                read(tstat, 0x0201, BridgedClusters.TSTAT_OCCUPIED_HEATING_SETPOINT));
        assertEquals(ImStatus.SUCCESS, invoke(tstat, 0x0201, BridgedClusters.CMD_SETPOINT_RAISE_LOWER, u(0, 0),
                new TlvElement.SignedInt(TlvTag.context(1), -15)));
        assertEquals(Value.of(20.0), registry.state(new AttributeRef(thermostat, "thermostat", "heatingSetpoint"))
                .orElseThrow().value());

        assertEquals(ImStatus.SUCCESS, invoke(endpointOf(blind), 0x0102, BridgedClusters.CMD_GO_TO_LIFT_PERCENTAGE,
                u(0, 7500)));
        assertEquals(Optional.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), 7500)),
                read(endpointOf(blind), 0x0102, BridgedClusters.WC_CURRENT_LIFT_100THS), "25 % open");
    }

    @Test
    void malformedCommandsReadOnlyWritesAndDeviceFaultsGetSpecStatuses() throws ImException {
        DeviceId light = devices.register(1, "light");
        DeviceId thermostat = devices.register(2, "thermostat");
        startBridge(List.of());
        int endpoint = endpointOf(light);
        assertEquals(ImStatus.INVALID_COMMAND, invoke(endpoint, 0x0008, BridgedClusters.CMD_MOVE_TO_LEVEL),
                "Level missing");
        assertEquals(ImStatus.INVALID_COMMAND, invoke(endpoint, 0x0008, BridgedClusters.CMD_MOVE_TO_LEVEL,
                new TlvElement.Utf8(TlvTag.context(0), "high")), "Level of the wrong type");
        assertEquals(ImStatus.CONSTRAINT_ERROR, invoke(endpoint, 0x0008, BridgedClusters.CMD_MOVE_TO_LEVEL,
                u(0, 255)), "255 is not a level");
        assertEquals(ImStatus.UNSUPPORTED_COMMAND, invoke(endpoint, 0x0006, 0x99));
        assertEquals(ImStatus.UNSUPPORTED_CLUSTER, invoke(endpoint, 0x0201, 0x00));
        assertEquals(ImStatus.UNSUPPORTED_WRITE, write(endpoint, 0x0006, 0x0000,
                new TlvElement.Bool(TlvTag.anonymous(), true)), "OnOff is read-only");
        assertEquals(ImStatus.UNSUPPORTED_WRITE, write(endpoint, 0x0039, BridgedClusters.BDBI_UNIQUE_ID,
                new TlvElement.Utf8(TlvTag.anonymous(), "other")));
        assertEquals(ImStatus.CONSTRAINT_ERROR, write(endpointOf(thermostat), 0x0201,
                BridgedClusters.TSTAT_OCCUPIED_HEATING_SETPOINT, new TlvElement.SignedInt(TlvTag.anonymous(), 9000)));
        assertEquals(ImStatus.CONSTRAINT_ERROR, write(endpoint, 0x0039, BridgedClusters.BDBI_NODE_LABEL,
                new TlvElement.Utf8(TlvTag.anonymous(), "x".repeat(33))));
        assertTrue(devices.received().isEmpty(), "nothing malformed reached the device");

        devices.failNext(ErrorKind.BUSY);
        assertEquals(ImStatus.BUSY, invoke(endpoint, 0x0006, BridgedClusters.CMD_ON));
        devices.failNext(ErrorKind.UNREACHABLE);
        assertEquals(ImStatus.FAILURE, invoke(endpoint, 0x0006, BridgedClusters.CMD_ON));
        devices.failNext(ErrorKind.INVALID_VALUE);
        assertEquals(ImStatus.CONSTRAINT_ERROR, invoke(endpoint, 0x0006, BridgedClusters.CMD_ON));
    }

    @Test
    void anInvokeWaitsForTheDevicesAnswerAndReportsALateFailure() throws ImException {
        DeviceId light = devices.register(1, "light");
        startBridge(List.of());
        int endpoint = endpointOf(light);

        CompletableFuture<Void> unreachable = devices.answerNextLater();
        CompletableFuture<InvokeResponseIb> first = start(endpoint, 0x0006, BridgedClusters.CMD_ON);
        assertFalse(first.isDone(), "the response waits for the device");
        unreachable.completeExceptionally(new DeviceException(ErrorKind.UNREACHABLE, "no route"));
        assertEquals(ImStatus.FAILURE, statusOf(first));

        CompletableFuture<Void> silent = devices.answerNextLater();
        CompletableFuture<InvokeResponseIb> second = start(endpoint, 0x0008, BridgedClusters.CMD_MOVE_TO_LEVEL,
                u(0, 127));
        scheduler.advance(ANSWER_WAIT.minusMillis(1));
        assertFalse(second.isDone());
        scheduler.advance(Duration.ofMillis(1));
        assertEquals(ImStatus.TIMEOUT, statusOf(second), "no answer within the bound");

        CompletableFuture<Void> slow = devices.answerNextLater();
        CompletableFuture<InvokeResponseIb> third = start(endpoint, 0x0006, BridgedClusters.CMD_TOGGLE);
        assertFalse(third.isDone());
        slow.complete(null);
        assertEquals(ImStatus.SUCCESS, statusOf(third));
        assertTrue(silent.complete(null), "the timed-out command is still the core's to finish");
    }

    private CompletableFuture<InvokeResponseIb> start(int endpoint, long cluster, long command, TlvElement... fields)
            throws ImException {
        return invokes.start(ADMIN, List.of(CommandDataIb.of(CommandPathIb.of(endpoint, cluster, command),
                new TlvElement.Structure(TlvTag.anonymous(), List.of(fields)))), false).get(0);
    }

    private static ImStatus statusOf(CompletableFuture<InvokeResponseIb> response) {
        assertTrue(response.isDone());
        return ((CommandStatusIb) response.join()).status().status();
    }

    @Test
    void aMeteringPlugShowsPowerAndEnergyFromTheCore() {
        DeviceId plug = devices.register(1, "plug");
        startBridge(List.of());
        int endpoint = endpointOf(plug);
        List<Long> types = ((TlvElement.Array) read(endpoint, Descriptor.ID, 0x0000).orElseThrow()).members().stream()
                .map(t -> ((TlvElement.UnsignedInt) ((TlvElement.Structure) t).member(0).orElseThrow()).value())
                .toList();
        assertEquals(List.of(0x010AL, 0x0510L, 0x0013L), types, "plug, Electrical Sensor, Bridged Node");
        assertEquals(Optional.of(new TlvElement.Null(TlvTag.anonymous())), read(endpoint, 0x0090, 0x0008),
                "no reading yet");
        assertEquals(Optional.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), 2)), read(endpoint, 0x0090, 0x0000),
                "PowerMode AC");
        TlvElement.Array accuracy = (TlvElement.Array) read(endpoint, 0x0090, 0x0002).orElseThrow();
        assertEquals(3, accuracy.members().size(), "ActivePower, Voltage, ActiveCurrent");
        assertEquals(Optional.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), 3)), read(endpoint, 0x0090, 0x0001));

        devices.state(plug, "electricalPower", "power", Value.of(-3.25));
        devices.state(plug, "electricalPower", "voltage", Value.of(229.9));
        devices.state(plug, "energy", "energy", Value.of(12.5));
        assertEquals(Optional.of(new TlvElement.SignedInt(TlvTag.anonymous(), -3250)), read(endpoint, 0x0090, 0x0008));
        assertEquals(Optional.of(new TlvElement.SignedInt(TlvTag.anonymous(), 229_900)),
                read(endpoint, 0x0090, 0x0004));
        TlvElement.Structure imported = (TlvElement.Structure) read(endpoint, 0x0091, 0x0001).orElseThrow();
        assertEquals(Optional.of(new TlvElement.SignedInt(TlvTag.context(0), 12_500_000)), imported.member(0),
                "12.5 kWh in mWh");
        long endTimestamp = ((TlvElement.UnsignedInt) imported.member(2).orElseThrow()).value();
        assertEquals(clock.instant().getEpochSecond() - 946_684_800L, endTimestamp, "Matter epoch seconds");
        assertTrue(changes.stream().flatMap(List::stream).anyMatch(c -> c.cluster() == 0x0091
                && c.endpoint() == endpoint));
        EventLog.Entry measured = eventNumbers.log().entries().get(eventNumbers.log().entries().size() - 1);
        assertEquals(0x0091L, measured.cluster());
        assertEquals(0L, measured.event(), "CumulativeEnergyMeasured");
        assertEquals(Optional.of(imported.members().get(0)),
                ((TlvElement.Structure) ((TlvElement.Structure) measured.data()).member(0).orElseThrow()).member(0));
    }

    @Test
    void deviceErrorTableCoversEveryKind() {
        for (ErrorKind kind : ErrorKind.values()) {
            assertFalse(DeviceErrors.status(kind, true).isSuccess(), kind.name());
        }
        assertEquals(ImStatus.UNSUPPORTED_ENDPOINT, DeviceErrors.status(ErrorKind.NOT_FOUND, true));
        assertEquals(ImStatus.UNSUPPORTED_COMMAND, DeviceErrors.status(ErrorKind.UNSUPPORTED, true));
        assertEquals(ImStatus.UNSUPPORTED_ATTRIBUTE, DeviceErrors.status(ErrorKind.UNSUPPORTED, false));
        assertEquals(ImStatus.CONSTRAINT_ERROR, DeviceErrors.status(ErrorKind.INVALID_VALUE, true));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, DeviceErrors.status(ErrorKind.DENIED, true));
        assertEquals(ImStatus.BUSY, DeviceErrors.status(ErrorKind.BUSY, true));
        assertEquals(ImStatus.TIMEOUT, DeviceErrors.status(ErrorKind.TIMEOUT, true));
        assertEquals(ImStatus.FAILURE, DeviceErrors.status(ErrorKind.UNREACHABLE, true));
    }

    @Test
    void nodeLabelWriteRenamesTheCoreDevice() {
        DeviceId plug = devices.register(1, "plug");
        startBridge(List.of());
        int endpoint = endpointOf(plug);
        assertEquals(ImStatus.SUCCESS, write(endpoint, 0x0039, BridgedClusters.BDBI_NODE_LABEL,
                new TlvElement.Utf8(TlvTag.anonymous(), "Kettle")));
        assertEquals("Kettle", registry.device(plug).orElseThrow().name());
        assertEquals(Optional.of(new TlvElement.Utf8(TlvTag.anonymous(), "Kettle")),
                read(endpoint, 0x0039, BridgedClusters.BDBI_NODE_LABEL));
        assertTrue(changes.contains(List.of(ClusterPathIb.of(endpoint, 0x0039))), changes.toString());
    }

    @Test
    void devicesAddedAndRemovedAtRunTimeChangeThePartsListsAndKeepTheirNumbers() {
        DeviceId first = devices.register(1, "plug");
        DeviceId second = devices.register(2, "contact");
        startBridge(List.of());
        assertEquals(List.of(2L, 3L), numbers(read(1, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));

        DeviceId third = devices.register(3, "light");
        assertEquals(List.of(4), bridge.endpointsOf(third));
        assertEquals(List.of(2L, 3L, 4L), numbers(read(1, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));
        // The DeviceAdded event marks the new endpoint's clusters and both PartsLists in one change.
        assertTrue(changes.get(0).containsAll(List.of(ClusterPathIb.of(0, Descriptor.ID),
                ClusterPathIb.of(1, Descriptor.ID), ClusterPathIb.of(4, 0x0006))), changes.toString());

        registry.remove(second);
        assertEquals(List.of(2L, 4L), numbers(read(1, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));
        assertEquals(List.of(1L, 2L, 4L), numbers(read(0, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));
        assertTrue(model.endpoint(3).isEmpty());

        DeviceId fourth = devices.register(4, "plug");
        assertEquals(List.of(5), bridge.endpointsOf(fourth), "3 is never given to another device");
        devices.register(2, "contact");
        assertEquals(List.of(3), bridge.endpointsOf(second), "a device that comes back gets its number again");

        // A restart: the numbers come back from the store.
        bridge.close();
        startBridge(List.of());
        assertEquals(List.of(2), bridge.endpointsOf(first));
        assertEquals(List.of(3), bridge.endpointsOf(second));
        assertEquals(List.of(4), bridge.endpointsOf(third));
        assertEquals(List.of(5), bridge.endpointsOf(fourth));
    }

    @Test
    void aDeviceWhoseKindBecomesKnownIsMountedAgainAsWhatItIs() {
        // A device stored before kinds (or by an adapter that learns the kind later): On/Off only, a plug-in unit.
        DeviceId id = DeviceId.of("dect", "0F025E0001");
        Device device = Device.builder(id).name("Lamp").capabilities(Capability.of(CapabilityType.ON_OFF)).build();
        registry.register(device);
        startBridge(List.of());
        int endpoint = endpointOf(id);
        // Plug-in unit 0x010A, with Bridged Node 0x0013 as every bridged endpoint
        assertEquals(List.of(0x010AL, 0x0013L), model.endpoint(endpoint).orElseThrow().deviceTypes().stream()
                .map(DeviceType::id).toList());

        registry.register(device.toBuilder().kind(DeviceKind.LIGHT).build());
        assertEquals(endpoint, endpointOf(id), "the same endpoint number");
        assertEquals(List.of(0x0100L, 0x0013L), model.endpoint(endpoint).orElseThrow().deviceTypes().stream()
                .map(DeviceType::id).toList(), "re-mounted as an On/Off Light");
    }

    @Test
    void excludedDevicesAreLeftOut() {
        DeviceId kept = devices.register(1, "plug");
        DeviceId left = devices.register(2, "plug");
        startBridge(List.of(left.toString()));
        assertEquals(List.of(2), bridge.endpointsOf(kept));
        assertEquals(List.of(), bridge.endpointsOf(left));
        devices.state(left, "onOff", "on", Value.of(true));
        assertEquals(List.of(), changes);
        assertEquals(List.of(2L), numbers(read(1, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));
    }

    @Test
    void aDeviceTheHouseholdLeavesOutOfMatterGoesAndComesBackOnItsNumber() {
        DeviceId kept = devices.register(1, "plug");
        DeviceId left = devices.register(2, "plug");
        startBridge(List.of());
        int endpoint = endpointOf(left);
        assertEquals(List.of(2L, 3L), numbers(read(1, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));

        registry.setExcludedFromMatter(left, true);
        assertEquals(List.of(), bridge.endpointsOf(left));
        assertTrue(model.endpoint(endpoint).isEmpty());
        assertEquals(List.of(2L), numbers(read(1, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));
        assertTrue(changes.get(0).contains(ClusterPathIb.of(1, Descriptor.ID)), changes.toString());
        changes.clear();
        devices.state(left, "onOff", "on", Value.of(true));
        devices.register(2, "plug");
        assertEquals(List.of(), bridge.endpointsOf(left), "the adapter reporting it again does not bring it back");
        assertTrue(changes.stream().flatMap(List::stream).noneMatch(p -> p.endpoint() == endpoint),
                changes.toString());

        // A restart keeps it out (the registry stored the choice).
        bridge.close();
        registry = new DeviceRegistry(bus, clock, store);
        commands = new CommandRouter(registry, scheduler, Duration.ofSeconds(30));
        startBridge(List.of());
        assertEquals(List.of(), bridge.endpointsOf(left));
        assertEquals(List.of(2), bridge.endpointsOf(kept));

        registry.setExcludedFromMatter(left, false);
        assertEquals(List.of(endpoint), bridge.endpointsOf(left), "back on its own endpoint number");
        assertEquals(List.of(2L, 3L), numbers(read(1, Descriptor.ID, Descriptor.PARTS_LIST).orElseThrow()));
    }

    @Test
    void devicesCauseMatterEventsWithNumbersThatSurviveARestart() {
        DeviceId contact = devices.register(1, "contact");
        DeviceId button = devices.register(2, "button");
        DeviceId smoke = devices.register(3, "smoke");
        startBridge(List.of());
        EventLog log = eventNumbers.log();
        assertEquals(List.of(0x28L), log.entries().stream().map(EventLog.Entry::cluster).toList(), "StartUp");

        devices.state(contact, "contact", "open", Value.of(true));
        registry.fireEvent(button, "button", "pressed", Map.of("action", Value.of("single")));
        devices.state(smoke, "smokeAlarm", "smoke", Value.of(true));
        registry.setReachable(contact, false, "no keep-alive");
        List<EventLog.Entry> entries = log.entries();
        assertEquals(List.of(0x28L, 0x45L, 0x3BL, 0x3BL, 0x5CL, 0x39L),
                entries.stream().map(EventLog.Entry::cluster).toList());
        assertEquals(List.of(0L, 0L, 1L, 3L, 0L, 3L), entries.stream().map(EventLog.Entry::event).toList());
        EventLog.Entry stateChange = entries.get(1);
        assertEquals(endpointOf(contact), stateChange.endpoint());
        assertEquals(Optional.of(new TlvElement.Bool(TlvTag.anonymous(), false)),
                ((TlvElement.Structure) stateChange.data()).member(0).map(m -> new TlvElement.Bool(
                        TlvTag.anonymous(), ((TlvElement.Bool) m).value())), "open: StateValue false");
        assertEquals(Optional.of(new TlvElement.Bool(TlvTag.anonymous(), false)),
                read(endpointOf(contact), 0x0039, BridgedClusters.BDBI_REACHABLE));
        long last = entries.get(entries.size() - 1).number();

        bridge.close();
        startBridge(List.of());
        long startUp = eventNumbers.log().entries().get(0).number();
        assertTrue(startUp > last + 1, "after ShutDown (" + (last + 1) + ") the numbers go on: " + startUp);
    }

    /**
     * A controller's writes of Matter-only settings (StartUpOnOff, StartUpCurrentLevel: the spec's non-volatile
     * values) are stored, reported and read back after a restart, and go with their device when it leaves (also
     * while the bridge is down); writing the same value again changes nothing.
     */
    @Test
    void settingsAControllerWroteSurviveARestartAndGoWithTheirDevice() {
        DeviceId light = devices.register(1, "light");
        DeviceId second = devices.register(2, "light");
        startBridge(List.of());
        int endpoint = endpointOf(light);
        TlvElement on = new TlvElement.UnsignedInt(TlvTag.anonymous(), 1);
        TlvElement level = new TlvElement.UnsignedInt(TlvTag.anonymous(), 200);
        assertEquals(Optional.of(new TlvElement.Null(TlvTag.anonymous())),
                read(endpoint, 0x0006, BridgedClusters.ON_OFF_START_UP_ON_OFF), "null until written");
        long version = model.cluster(endpoint, 0x0006).orElseThrow().dataVersion();

        assertEquals(ImStatus.SUCCESS, write(endpoint, 0x0006, BridgedClusters.ON_OFF_START_UP_ON_OFF, on));
        assertEquals(ImStatus.SUCCESS, write(endpoint, 0x0008, BridgedClusters.LEVEL_START_UP_CURRENT_LEVEL, level));
        assertEquals(ImStatus.SUCCESS, write(endpointOf(second), 0x0006, BridgedClusters.ON_OFF_ON_TIME,
                new TlvElement.UnsignedInt(TlvTag.anonymous(), 30)));
        assertEquals(Optional.of(on), read(endpoint, 0x0006, BridgedClusters.ON_OFF_START_UP_ON_OFF));
        long written = model.cluster(endpoint, 0x0006).orElseThrow().dataVersion();
        assertNotEquals(version, written);
        assertEquals(List.of(List.of(ClusterPathIb.of(endpoint, 0x0006)), List.of(ClusterPathIb.of(endpoint, 0x0008)),
                List.of(ClusterPathIb.of(endpointOf(second), 0x0006))), changes, "each write is reported");
        assertEquals(List.of(EndpointSettings.PREFIX + endpoint, EndpointSettings.PREFIX + endpointOf(second)),
                store.list(EndpointSettings.PREFIX));

        changes.clear();
        assertEquals(ImStatus.SUCCESS, write(endpoint, 0x0006, BridgedClusters.ON_OFF_START_UP_ON_OFF, on));
        assertEquals(written, model.cluster(endpoint, 0x0006).orElseThrow().dataVersion(), "same value");
        assertEquals(List.of(), changes);

        bridge.close();
        startBridge(List.of());
        assertEquals(Optional.of(on), read(endpoint, 0x0006, BridgedClusters.ON_OFF_START_UP_ON_OFF));
        assertEquals(Optional.of(level), read(endpoint, 0x0008, BridgedClusters.LEVEL_START_UP_CURRENT_LEVEL));
        assertEquals(Optional.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), 30)),
                read(endpointOf(second), 0x0006, BridgedClusters.ON_OFF_ON_TIME));
        assertEquals(Optional.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), 0)),
                read(endpointOf(second), 0x0006, BridgedClusters.ON_OFF_OFF_WAIT_TIME), "never written: default");

        int secondEndpoint = endpointOf(second);
        registry.remove(second);
        assertEquals(List.of(EndpointSettings.PREFIX + endpoint), store.list(EndpointSettings.PREFIX));
        devices.register(2, "light");
        assertEquals(List.of(secondEndpoint), bridge.endpointsOf(second));
        assertEquals(Optional.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), 0)),
                read(secondEndpoint, 0x0006, BridgedClusters.ON_OFF_ON_TIME), "a device that left took its settings");

        // A device removed while the bridge is down: its settings go at the next start.
        bridge.close();
        registry.remove(light);
        startBridge(List.of());
        assertEquals(List.of(), store.list(EndpointSettings.PREFIX));
    }

    /** A setting that cannot be stored fails its write and changes nothing; an unreadable record means defaults. */
    @Test
    void aSettingTheStoreRefusesFailsItsWriteAndAnUnreadableRecordMeansDefaults() {
        DeviceId light = devices.register(1, "light");
        startBridge(List.of());
        int endpoint = endpointOf(light);
        bridge.close();
        // The bridge's own store refuses writes of settings from here on; the registry keeps the real one.
        DurableStore refusing = new ForwardingStore(store) {
            @Override
            public void write(String name, int formatVersion, byte[] payload) {
                if (name.startsWith(EndpointSettings.PREFIX)) {
                    throw new StoreException("disk full");
                }
                super.write(name, formatVersion, payload);
            }
        };
        startBridge(List.of(), refusing);
        long version = model.cluster(endpoint, 0x0006).orElseThrow().dataVersion();
        assertEquals(ImStatus.FAILURE, write(endpoint, 0x0006, BridgedClusters.ON_OFF_START_UP_ON_OFF,
                new TlvElement.UnsignedInt(TlvTag.anonymous(), 1)));
        assertEquals(Optional.of(new TlvElement.Null(TlvTag.anonymous())),
                read(endpoint, 0x0006, BridgedClusters.ON_OFF_START_UP_ON_OFF));
        assertEquals(version, model.cluster(endpoint, 0x0006).orElseThrow().dataVersion());
        assertEquals(List.of(), store.list(EndpointSettings.PREFIX));

        bridge.close();
        store.write(EndpointSettings.PREFIX + endpoint, EndpointSettings.FORMAT_VERSION, new byte[] {0x15, 0x18, 0x18});
        startBridge(List.of());
        assertEquals(Optional.of(new TlvElement.Null(TlvTag.anonymous())),
                read(endpoint, 0x0006, BridgedClusters.ON_OFF_START_UP_ON_OFF), "corrupt record: the default");
        assertEquals(ImStatus.SUCCESS, write(endpoint, 0x0006, BridgedClusters.ON_OFF_START_UP_ON_OFF,
                new TlvElement.UnsignedInt(TlvTag.anonymous(), 2)));
        assertEquals(Map.of(6L, Map.of(BridgedClusters.ON_OFF_START_UP_ON_OFF,
                        new TlvElement.UnsignedInt(TlvTag.anonymous(), 2))),
                EndpointSettings.decode(store.read(EndpointSettings.PREFIX + endpoint).orElseThrow()
                        .payloadOfFormat(EndpointSettings.FORMAT_VERSION)), "the next write replaces it");
    }

    private CompletableFuture<org.cpebridge.matter.im.AttributeStatusIb> startWrite(int endpoint, long cluster,
            long attribute, TlvElement value) {
        return writes.start(ADMIN, List.of(new AttributeDataIb(java.util.OptionalLong.empty(),
                AttributePathIb.of(endpoint, cluster, attribute), value)), false, new WriteEngine.Interaction()).get(0);
    }

    @Test
    void aWriteOfDeviceStateIsAnsweredWhenTheDeviceHasThroughTheErrorTable() {
        DeviceId thermostat = devices.register(2, "thermostat");
        startBridge(List.of());
        int endpoint = endpointOf(thermostat);
        TlvElement setpoint = new TlvElement.SignedInt(TlvTag.anonymous(), 2200);

        CompletableFuture<Void> refusal = devices.answerNextLater();
        CompletableFuture<org.cpebridge.matter.im.AttributeStatusIb> refused = startWrite(endpoint, 0x0201,
                BridgedClusters.TSTAT_OCCUPIED_HEATING_SETPOINT, setpoint);
        assertFalse(refused.isDone(), "the WriteResponse waits for the device");
        refusal.completeExceptionally(new DeviceException(ErrorKind.BUSY, "valve motor running"));
        assertEquals(ImStatus.BUSY, refused.join().status().status());
        refusal = devices.answerNextLater();
        CompletableFuture<org.cpebridge.matter.im.AttributeStatusIb> unsupported = startWrite(endpoint, 0x0201,
                BridgedClusters.TSTAT_OCCUPIED_HEATING_SETPOINT, setpoint);
        refusal.completeExceptionally(new DeviceException(ErrorKind.UNSUPPORTED, "no set-point on this model"));
        assertEquals(ImStatus.UNSUPPORTED_ATTRIBUTE, unsupported.join().status().status(),
                "a write's refusal names the attribute, not a command");

        CompletableFuture<Void> acceptance = devices.answerNextLater();
        CompletableFuture<org.cpebridge.matter.im.AttributeStatusIb> accepted = startWrite(endpoint, 0x0201,
                BridgedClusters.TSTAT_OCCUPIED_HEATING_SETPOINT, setpoint);
        assertFalse(accepted.isDone());
        acceptance.complete(null);
        assertEquals(ImStatus.SUCCESS, accepted.join().status().status(), "answered after the core and device");

        devices.answerNextLater();
        CompletableFuture<org.cpebridge.matter.im.AttributeStatusIb> silent = startWrite(endpoint, 0x0201,
                BridgedClusters.TSTAT_OCCUPIED_HEATING_SETPOINT, setpoint);
        scheduler.advance(ANSWER_WAIT.minusMillis(1));
        assertFalse(silent.isDone());
        scheduler.advance(Duration.ofMillis(1));
        assertEquals(ImStatus.TIMEOUT, silent.join().status().status(), "no answer within the commands' bound");

        devices.failNext(ErrorKind.DENIED);
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, startWrite(endpoint, 0x0201,
                BridgedClusters.TSTAT_OCCUPIED_HEATING_SETPOINT, setpoint).join().status().status(),
                "a refusal the core already knows is answered at once");
    }
}
