package org.cpebridge.matter.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.GroupKeyManagementServer;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.InvokeDispatcher;
import org.cpebridge.matter.cluster.ReadEngine;
import org.cpebridge.matter.cluster.WriteEngine;
import org.cpebridge.matter.cluster.standard.GroupKeyManagement;
import org.cpebridge.matter.cluster.standard.Groups;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.group.GroupTables;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
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
 * Group Key Management on endpoint 0 and the Groups clusters of bridged endpoints, through the IM engines over a real
 * core and the durable store: every command and GroupKeyMap write with its spec status (malformed fields, wrong types,
 * huge lists included), fabric scoping, the data versions and changes a membership change causes, a device removed at
 * run time leaving its groups, a fabric removed, and the state after a restart.
 */
class GroupsClusterTest {

    private static final AccessSubject ADMIN = AccessSubject.ofCase(1, 0x1234);
    private static final AccessSubject OTHER = AccessSubject.ofCase(2, 0x5678);
    private static final Executor INLINE = Runnable::run;
    private static final Bytes KEY = Bytes.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();
    private FileDurableStore store;
    private DeviceRegistry registry;
    private EventBus bus;
    private CommandRouter commands;
    private TestDevices devices;
    private DataModel model;
    private MatterBridge bridge;
    private ReadEngine reads;
    private InvokeDispatcher invokes;
    private WriteEngine writes;
    private GroupTables tables;
    private GroupKeyManagementServer keyManagement;
    private final List<ClusterPathIb> changed = new ArrayList<>();
    /** What the bridge reported as changed (Identify's countdown among it). */
    private final List<ClusterPathIb> bridgeChanged = new ArrayList<>();
    /** The bridge's scheduler: Identify's countdown runs on it. */
    private ManualScheduler bridgeScheduler;
    private DeviceId light;
    private DeviceId plug;
    private DeviceId contact;

    @BeforeEach
    void setUp() {
        store = new FileDurableStore(dataDir);
        bus = new EventBus(INLINE);
        registry = new DeviceRegistry(bus, clock, store);
        commands = new CommandRouter(registry, new ManualScheduler(clock), Duration.ofSeconds(30));
        devices = new TestDevices(registry);
        commands.attach(TestDevices.ADAPTER, devices);
        light = devices.register(1, "light");
        plug = devices.register(2, "plug");
        contact = devices.register(3, "contact");
        start();
    }

    /** Starts the node's engines and the bridge over the store (again: a restart). */
    private void start() {
        model = new DataModel(new SplittableRandom(7));
        StandardEndpoints.addRootNode(model);
        StandardEndpoints.addAggregator(model);
        model.cluster(0, GroupKeyManagement.ID).orElseThrow().set(GroupKeyManagement.GROUP_KEY_MAP, list());
        model.cluster(0, GroupKeyManagement.ID).orElseThrow().set(GroupKeyManagement.GROUP_TABLE, list());
        reads = new ReadEngine(model, AccessChecker.ALLOW_ALL);
        invokes = new InvokeDispatcher(model, AccessChecker.ALLOW_ALL, 1);
        writes = new WriteEngine(model, AccessChecker.ALLOW_ALL);
        tables = GroupTables.load(new DurableRecordStore(store));
        keyManagement = new GroupKeyManagementServer(tables, model);
        invokes.setHandler(GroupKeyManagement.ID, keyManagement);
        writes.setWriter(GroupKeyManagement.ID, GroupKeyManagement.GROUP_KEY_MAP, keyManagement.writer());
        GroupsHandler groups = new GroupsHandler(tables, model, keyManagement::publish, changed::addAll);
        invokes.setHandler(Groups.ID, groups);
        bridgeScheduler = new ManualScheduler(clock);
        bridge = new MatterBridge(registry, bus, commands, store, clock, model, EventNumbers.open(store, 64),
                INLINE, (clusters, logged) -> bridgeChanged.addAll(clusters), List.of(), 1, bridgeScheduler,
                Duration.ofSeconds(4), tables);
        bridge.install(invokes, writes);
        bridge.onEndpointRemoved(groups::endpointRemoved);
        bridge.start();
        groups.pruneMissingEndpoints();
        changed.clear();
        bridgeChanged.clear();
    }

    // ---- helpers ----

    private static TlvElement list(TlvElement... members) {
        return new TlvElement.Array(TlvTag.anonymous(), List.of(members));
    }

    private static TlvElement u(int tag, long value) {
        return new TlvElement.UnsignedInt(TlvTag.context(tag), value);
    }

    private static TlvElement text(int tag, String value) {
        return new TlvElement.Utf8(TlvTag.context(tag), value);
    }

    private InvokeResponseIb invoke(AccessSubject subject, int endpoint, long cluster, long command,
                                    TlvElement fields) throws ImException {
        return invokes.invoke(subject, List.of(CommandDataIb.of(CommandPathIb.of(endpoint, cluster, command),
                fields)), false).get(0);
    }

    private InvokeResponseIb invoke(int endpoint, long cluster, long command, TlvElement... fields)
            throws ImException {
        return invoke(ADMIN, endpoint, cluster, command, new TlvElement.Structure(TlvTag.anonymous(),
                List.of(fields)));
    }

    private static ImStatus status(InvokeResponseIb response) {
        return assertInstanceOf(CommandStatusIb.class, response, response.toString()).status().status();
    }

    private static TlvElement.Structure fields(InvokeResponseIb response) {
        CommandDataIb data = assertInstanceOf(CommandDataIb.class, response, response.toString());
        return (TlvElement.Structure) data.fields().orElseThrow();
    }

    /** The Status field of a Groups response command. */
    private static long responseStatus(InvokeResponseIb response) {
        return ((TlvElement.UnsignedInt) fields(response).member(0).orElseThrow()).value();
    }

    private static TlvElement keySet(long id, TlvElement key) {
        return new TlvElement.Structure(TlvTag.context(0), List.of(u(0, id), u(1, 0), withTag(key, 2), u(3, 1000),
                new TlvElement.Null(TlvTag.context(4)), new TlvElement.Null(TlvTag.context(5)),
                new TlvElement.Null(TlvTag.context(6)), new TlvElement.Null(TlvTag.context(7))));
    }

    private static TlvElement withTag(TlvElement value, int tag) {
        return org.cpebridge.matter.im.ImTlv.withTag(value, TlvTag.context(tag));
    }

    private static TlvElement keyMapEntry(long group, long keySet) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(u(1, group), u(2, keySet)));
    }

    private ImStatus writeKeyMap(AccessSubject subject, TlvElement value) {
        return writes.write(subject, List.of(new AttributeDataIb(OptionalLong.empty(),
                AttributePathIb.of(0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_KEY_MAP), value)), false)
                .get(0).status().status();
    }

    private List<TlvElement> readList(AccessSubject subject, int endpoint, long cluster, long attribute) {
        List<AttributeReportIb> reports = reads.read(subject, List.of(AttributePathIb.of(endpoint, cluster,
                attribute)), List.of(), true);
        return ((TlvElement.Array) ((AttributeDataIb) reports.get(0)).data()).members();
    }

    private static long field(TlvElement struct, int tag) {
        return ((TlvElement.UnsignedInt) ((TlvElement.Structure) struct).member(tag).orElseThrow()).value();
    }

    private static List<Long> numbers(TlvElement list) {
        return ((TlvElement.Array) list).members().stream().map(m -> ((TlvElement.UnsignedInt) m).value()).toList();
    }

    private int endpointOf(DeviceId id) {
        return bridge.endpointsOf(id).get(0);
    }

    /** Fabric 1: key set 0x01A1 and group 0x0101 mapped to it. */
    private void keyed() throws ImException {
        assertEquals(ImStatus.SUCCESS, status(invoke(0, GroupKeyManagement.ID, GroupKeyManagement.KEY_SET_WRITE,
                keySet(0x01A1, new TlvElement.Octets(TlvTag.anonymous(), KEY)))));
        assertEquals(ImStatus.SUCCESS, writeKeyMap(ADMIN, list(keyMapEntry(0x0101, 0x01A1))));
    }

    /** IdentifyTime of an endpoint, as a read answers it. */
    private long identifyTime(int endpoint) {
        List<AttributeReportIb> reports = reads.read(ADMIN, List.of(AttributePathIb.of(endpoint,
                BridgedClusters.IDENTIFY, 0x0000)), List.of(), true);
        return ((TlvElement.UnsignedInt) ((AttributeDataIb) reports.get(0)).data()).value();
    }

    private long identifyVersion(int endpoint) {
        return model.cluster(endpoint, BridgedClusters.IDENTIFY).orElseThrow().dataVersion();
    }

    private ImStatus writeIdentifyTime(int endpoint, long seconds) {
        return writes.write(ADMIN, List.of(new AttributeDataIb(OptionalLong.empty(),
                AttributePathIb.of(endpoint, BridgedClusters.IDENTIFY, 0x0000),
                new TlvElement.UnsignedInt(TlvTag.anonymous(), seconds))), false).get(0).status().status();
    }

    private ImStatus identify(int endpoint, TlvElement... fields) throws ImException {
        return status(invoke(endpoint, BridgedClusters.IDENTIFY, 0x00, fields));
    }

    // ---- tests ----

    @Test
    void lightsPlugsThermostatsAndBlindsHaveGroupsOthersNot() {
        DeviceId thermostat = devices.register(4, "thermostat");
        DeviceId blind = devices.register(5, "blind");
        for (DeviceId id : List.of(light, plug, thermostat, blind)) {
            assertTrue(model.cluster(endpointOf(id), Groups.ID).isPresent(), id.toString());
            assertEquals(List.of(), readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_TABLE));
        }
        assertFalse(model.cluster(endpointOf(contact), Groups.ID).isPresent());
        List<AttributeReportIb> nameSupport = reads.read(ADMIN, List.of(AttributePathIb.of(endpointOf(light),
                Groups.ID, Groups.NAME_SUPPORT)), List.of(), true);
        assertEquals(new TlvElement.UnsignedInt(TlvTag.anonymous(), 0x80),
                ((AttributeDataIb) nameSupport.get(0)).data());
    }

    @Test
    void keySetsAreWrittenReadWithoutKeysListedAndRemoved() throws ImException {
        keyed();
        TlvElement.Structure read = fields(invoke(0, GroupKeyManagement.ID, GroupKeyManagement.KEY_SET_READ,
                u(0, 0x01A1)));
        TlvElement.Structure set = (TlvElement.Structure) read.member(0).orElseThrow();
        assertEquals(0x01A1, field(set, 0));
        assertEquals(1000, field(set, 3));
        assertInstanceOf(TlvElement.Null.class, set.member(2).orElseThrow(), "KeySetRead never answers a key");
        TlvElement.Structure ipk = (TlvElement.Structure) fields(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_READ, u(0, 0))).member(0).orElseThrow();
        assertInstanceOf(TlvElement.Null.class, ipk.member(2).orElseThrow());
        assertEquals(0, field(ipk, 0));
        assertEquals(0, field(ipk, 3), "the IPK's one epoch key, known from time 0");
        assertEquals(List.of(0L, 0x01A1L), numbers(fields(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_READ_ALL_INDICES)).member(0).orElseThrow()));
        assertEquals(List.of(0L), numbers(fields(invoke(OTHER, 0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_READ_ALL_INDICES, new TlvElement.Structure(TlvTag.anonymous(),
                        List.of()))).member(0).orElseThrow()), "another fabric has only its IPK");

        assertEquals(ImStatus.NOT_FOUND, status(invoke(0, GroupKeyManagement.ID, GroupKeyManagement.KEY_SET_READ,
                u(0, 0x0777))));
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_READ, text(0, "one"))));
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_WRITE, keySet(0, new TlvElement.Octets(TlvTag.anonymous(), KEY)))));
        assertEquals(ImStatus.CONSTRAINT_ERROR, status(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_WRITE, keySet(0x01A2, new TlvElement.Octets(TlvTag.anonymous(),
                        Bytes.of(new byte[4000]))))), "a huge key");
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_WRITE, keySet(0x01A2, text(0, "key")))));
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(ADMIN, 0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_WRITE, u(0, 1))), "fields not a structure");
        assertEquals(ImStatus.SUCCESS, status(invoke(0, GroupKeyManagement.ID, GroupKeyManagement.KEY_SET_WRITE,
                keySet(0x01A2, new TlvElement.Octets(TlvTag.anonymous(), KEY)))));
        assertEquals(ImStatus.RESOURCE_EXHAUSTED, status(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_WRITE, keySet(0x01A3, new TlvElement.Octets(TlvTag.anonymous(), KEY)))));

        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_REMOVE, u(0, 0))));
        assertEquals(ImStatus.NOT_FOUND, status(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_REMOVE, u(0, 0x0777))));
        assertEquals(ImStatus.SUCCESS, status(invoke(0, GroupKeyManagement.ID,
                GroupKeyManagement.KEY_SET_REMOVE, u(0, 0x01A1))));
        assertEquals(List.of(), readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_KEY_MAP),
                "the removed set's GroupKeyMap entries go with it");
    }

    @Test
    void groupKeyMapWritesAreCheckedAndFabricScoped() throws ImException {
        keyed();
        assertEquals(ImStatus.CONSTRAINT_ERROR, writeKeyMap(ADMIN, list(keyMapEntry(0x0102, 0x01A1),
                keyMapEntry(0x0102, 0x01A1))), "a group mapped twice");
        assertEquals(ImStatus.CONSTRAINT_ERROR, writeKeyMap(ADMIN, list(keyMapEntry(0x0102, 0))), "the IPK");
        assertEquals(ImStatus.CONSTRAINT_ERROR, writeKeyMap(ADMIN, list(keyMapEntry(0x10000, 0x01A1))));
        assertEquals(ImStatus.CONSTRAINT_ERROR, writeKeyMap(ADMIN, list(new TlvElement.Structure(TlvTag.anonymous(),
                List.of(text(1, "kitchen"), u(2, 0x01A1))))), "a group id of the wrong type");
        TlvElement[] huge = new TlvElement[500];
        for (int i = 0; i < huge.length; i++) {
            huge[i] = keyMapEntry(i + 1, 0x01A1);
        }
        assertEquals(ImStatus.RESOURCE_EXHAUSTED, writeKeyMap(ADMIN, list(huge)));
        // Appending one entry (ListIndex null) adds to the fabric's list.
        assertEquals(ImStatus.SUCCESS, writes.write(ADMIN, List.of(new AttributeDataIb(OptionalLong.empty(),
                AttributePathIb.of(0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_KEY_MAP)
                        .withListIndex(AttributePathIb.ListIndex.APPEND), keyMapEntry(0x0102, 0x01A1))), false)
                .get(0).status().status());
        List<TlvElement> mine = readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_KEY_MAP);
        assertEquals(List.of(0x0101L, 0x0102L), mine.stream().map(e -> field(e, 1)).toList());
        assertEquals(List.of(1L, 1L), mine.stream().map(e -> field(e, 0xFE)).toList());
        assertEquals(ImStatus.SUCCESS, writeKeyMap(OTHER, list(keyMapEntry(0x0101, 0x0300))));
        assertEquals(2, readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_KEY_MAP).size(),
                "each fabric reads its own entries");
        assertEquals(1, readList(OTHER, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_KEY_MAP).size());
    }

    @Test
    void aSceneOfAGroupNeedsTheMembershipAndGoesWithTheGroup() throws ImException {
        int lamp = endpointOf(light);
        long scenes = BridgedClusters.SCENES_MANAGEMENT;
        keyed();
        assertEquals(ImStatus.INVALID_COMMAND.code(), responseStatus(invoke(lamp, scenes,
                BridgedClusters.CMD_STORE_SCENE, u(0, 0x0101), u(1, 1))), "the lamp is not in group 0x0101 yet");
        assertEquals(0, responseStatus(invoke(lamp, Groups.ID, Groups.ADD_GROUP, u(0, 0x0101), text(1, "Kitchen"))));
        assertEquals(0, responseStatus(invoke(lamp, scenes, BridgedClusters.CMD_STORE_SCENE, u(0, 0x0101),
                u(1, 1))));
        assertEquals(0, responseStatus(invoke(lamp, scenes, BridgedClusters.CMD_VIEW_SCENE, u(0, 0x0101), u(1, 1))));
        assertEquals(ImStatus.INVALID_COMMAND.code(), responseStatus(invoke(OTHER, lamp, scenes,
                BridgedClusters.CMD_VIEW_SCENE, new TlvElement.Structure(TlvTag.anonymous(), List.of(u(0, 0x0101),
                        u(1, 1))))), "the group is fabric 1's");
        // Matter 1.4 Groups RemoveGroup: the group's scenes on the endpoint go with it.
        assertEquals(0, responseStatus(invoke(lamp, Groups.ID, Groups.REMOVE_GROUP, u(0, 0x0101))));
        assertEquals(0, responseStatus(invoke(lamp, Groups.ID, Groups.ADD_GROUP, u(0, 0x0101), text(1, "Kitchen"))));
        assertEquals(ImStatus.NOT_FOUND.code(), responseStatus(invoke(lamp, scenes, BridgedClusters.CMD_VIEW_SCENE,
                u(0, 0x0101), u(1, 1))));
    }

    @Test
    void groupsCommandsAnswerWithTheirResponsesAndStatuses() throws ImException {
        int lamp = endpointOf(light);
        assertEquals(ImStatus.UNSUPPORTED_ACCESS.code(), responseStatus(invoke(lamp, Groups.ID, Groups.ADD_GROUP,
                u(0, 0x0101), text(1, "Kitchen"))), "no key set mapped to the group yet");
        keyed();
        long groupsVersion = model.cluster(lamp, Groups.ID).orElseThrow().dataVersion();
        InvokeResponseIb added = invoke(lamp, Groups.ID, Groups.ADD_GROUP, u(0, 0x0101), text(1, "Kitchen"));
        assertEquals(0, responseStatus(added));
        assertEquals(0x0101, field(fields(added), 1));
        assertNotEquals(groupsVersion, model.cluster(lamp, Groups.ID).orElseThrow().dataVersion());
        assertEquals(List.of(ClusterPathIb.of(lamp, Groups.ID), ClusterPathIb.of(0, GroupKeyManagement.ID)),
                changed);

        assertEquals(ImStatus.CONSTRAINT_ERROR.code(), responseStatus(invoke(lamp, Groups.ID, Groups.ADD_GROUP,
                u(0, 0), text(1, "zero"))));
        assertEquals(ImStatus.CONSTRAINT_ERROR.code(), responseStatus(invoke(lamp, Groups.ID, Groups.ADD_GROUP,
                u(0, 0x0101), text(1, "x".repeat(17)))));
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP, u(0, 0x0101))),
                "no GroupName");
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP, text(0, "1"),
                text(1, "x"))), "GroupID of the wrong type");
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP, u(0, 0x10000),
                text(1, "x"))), "GroupID beyond 16 bits");

        TlvElement.Structure view = fields(invoke(lamp, Groups.ID, Groups.VIEW_GROUP, u(0, 0x0101)));
        assertEquals(List.of(u(0, 0), u(1, 0x0101), text(2, "Kitchen")), view.members());
        assertEquals(ImStatus.NOT_FOUND.code(), responseStatus(invoke(endpointOf(plug), Groups.ID,
                Groups.VIEW_GROUP, u(0, 0x0101))));
        assertEquals(ImStatus.CONSTRAINT_ERROR.code(), responseStatus(invoke(lamp, Groups.ID, Groups.VIEW_GROUP,
                u(0, 0))));
        assertEquals(ImStatus.NOT_FOUND.code(), responseStatus(invoke(OTHER, lamp, Groups.ID, Groups.VIEW_GROUP,
                new TlvElement.Structure(TlvTag.anonymous(), List.of(u(0, 0x0101))))), "another fabric's group");

        TlvElement.Structure all = fields(invoke(lamp, Groups.ID, Groups.GET_GROUP_MEMBERSHIP,
                new TlvElement.Array(TlvTag.context(0), List.of())));
        assertInstanceOf(TlvElement.Null.class, all.member(0).orElseThrow(), "Capacity unknown");
        assertEquals(List.of(0x0101L), numbers(all.member(1).orElseThrow()));
        TlvElement.Structure filtered = fields(invoke(lamp, Groups.ID, Groups.GET_GROUP_MEMBERSHIP,
                new TlvElement.Array(TlvTag.context(0), List.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), 7)))));
        assertEquals(List.of(), numbers(filtered.member(1).orElseThrow()));
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(lamp, Groups.ID, Groups.GET_GROUP_MEMBERSHIP,
                u(0, 1))), "GroupList not a list");
        List<TlvElement> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(new TlvElement.UnsignedInt(TlvTag.anonymous(), i));
        }
        assertEquals(List.of(0x0101L), numbers(fields(invoke(lamp, Groups.ID, Groups.GET_GROUP_MEMBERSHIP,
                new TlvElement.Array(TlvTag.context(0), many))).member(1).orElseThrow()), "a huge GroupList");

        List<TlvElement> table = readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_TABLE);
        assertEquals(1, table.size());
        TlvElement.Structure entry = (TlvElement.Structure) table.get(0);
        assertEquals(0x0101, field(entry, 1));
        assertEquals(List.of((long) lamp), numbers(entry.member(2).orElseThrow()));
        assertEquals(text(3, "Kitchen"), entry.member(3).orElseThrow());
        assertEquals(List.of(), readList(OTHER, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_TABLE));

        assertEquals(ImStatus.NOT_FOUND.code(), responseStatus(invoke(endpointOf(plug), Groups.ID,
                Groups.REMOVE_GROUP, u(0, 0x0101))));
        assertEquals(ImStatus.CONSTRAINT_ERROR.code(), responseStatus(invoke(lamp, Groups.ID, Groups.REMOVE_GROUP,
                u(0, 0))));
        assertEquals(0, responseStatus(invoke(lamp, Groups.ID, Groups.REMOVE_GROUP, u(0, 0x0101))));
        assertEquals(List.of(), readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_TABLE));
        assertEquals(ImStatus.SUCCESS, status(invoke(lamp, Groups.ID, Groups.REMOVE_ALL_GROUPS)));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, status(invoke(AccessSubject.ofPase(), lamp, Groups.ID,
                Groups.ADD_GROUP, new TlvElement.Structure(TlvTag.anonymous(), List.of(u(0, 1), text(1, ""))))),
                "fabric-scoped: a session without a fabric cannot");
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(ADMIN, lamp, Groups.ID, Groups.VIEW_GROUP, u(0, 1))),
                "fields not a structure");
    }

    @Test
    void addGroupIfIdentifyingAddsOnlyWhileIdentifying() throws ImException {
        keyed();
        int lamp = endpointOf(light);
        assertEquals(ImStatus.SUCCESS, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP_IF_IDENTIFYING,
                u(0, 0x0101), text(1, "Hall"))));
        assertEquals(List.of(), tables.groupsOf(1, lamp), "not identifying: nothing added");
        assertEquals(ImStatus.SUCCESS, writes.write(ADMIN, List.of(new AttributeDataIb(OptionalLong.empty(),
                AttributePathIb.of(lamp, BridgedClusters.IDENTIFY, 0x0000),
                new TlvElement.UnsignedInt(TlvTag.anonymous(), 30))), false).get(0).status().status());
        assertEquals(ImStatus.SUCCESS, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP_IF_IDENTIFYING,
                u(0, 0x0101), text(1, "Hall"))));
        assertEquals(List.of(0x0101), tables.groupsOf(1, lamp));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP_IF_IDENTIFYING,
                u(0, 0x0999), text(1, "Hall"))), "its status, as AddGroup's");
        assertEquals(ImStatus.SUCCESS, writes.write(ADMIN, List.of(new AttributeDataIb(OptionalLong.empty(),
                AttributePathIb.of(lamp, BridgedClusters.IDENTIFY, 0x0000),
                new TlvElement.UnsignedInt(TlvTag.anonymous(), 0))), false).get(0).status().status());
        assertEquals(ImStatus.SUCCESS, status(invoke(endpointOf(light), Groups.ID, Groups.REMOVE_ALL_GROUPS)));
        assertEquals(ImStatus.SUCCESS, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP_IF_IDENTIFYING,
                u(0, 0x0101), text(1, "Hall"))));
        assertEquals(List.of(), tables.groupsOf(1, lamp), "IdentifyTime 0 again: nothing added");
    }

    @Test
    void theIdentifyCommandSetsIdentifyTimeWhichCountsDownOnceASecondToZero() throws ImException {
        int lamp = endpointOf(light);
        int timersBefore = bridgeScheduler.pendingTasks();
        assertEquals(ImStatus.SUCCESS, identify(lamp, u(0, 3)));
        assertEquals(3, identifyTime(lamp));
        assertEquals(timersBefore + 1, bridgeScheduler.pendingTasks(), "one timer for the identifying endpoint");
        ClusterPathIb identifyCluster = ClusterPathIb.of(lamp, BridgedClusters.IDENTIFY);
        assertEquals(List.of(identifyCluster), bridgeChanged, "set by the command: reported");

        bridgeChanged.clear();
        long version = identifyVersion(lamp);
        bridgeScheduler.advance(Duration.ofMillis(999));
        assertEquals(3, identifyTime(lamp), "not a second yet");
        bridgeScheduler.advance(Duration.ofMillis(1));
        assertEquals(2, identifyTime(lamp));
        assertNotEquals(version, identifyVersion(lamp), "a read sees the time left: the data version moved");
        bridgeScheduler.advance(Duration.ofSeconds(1));
        assertEquals(1, identifyTime(lamp));
        assertEquals(List.of(), bridgeChanged, "the steps down are not reportable (Q quality)");
        bridgeScheduler.advance(Duration.ofSeconds(1));
        assertEquals(0, identifyTime(lamp));
        assertEquals(List.of(identifyCluster), bridgeChanged, "back to 0: reported");
        assertEquals(timersBefore, bridgeScheduler.pendingTasks(), "the timer is gone");
        bridgeScheduler.advance(Duration.ofSeconds(5));
        assertEquals(0, identifyTime(lamp), "it stays at 0");
        assertEquals(List.of(identifyCluster), bridgeChanged);
    }

    @Test
    void aWriteOfIdentifyTimeStartsTheCountdownANewTimeRestartsItAndZeroStopsIt() throws ImException {
        int lamp = endpointOf(light);
        int socket = endpointOf(plug);
        int timersBefore = bridgeScheduler.pendingTasks();
        assertEquals(ImStatus.SUCCESS, writeIdentifyTime(lamp, 10));
        bridgeScheduler.advance(Duration.ofSeconds(2));
        assertEquals(8, identifyTime(lamp));
        assertEquals(ImStatus.SUCCESS, identify(socket, u(0, 4)));
        assertEquals(timersBefore + 2, bridgeScheduler.pendingTasks(), "one timer per identifying endpoint");

        assertEquals(ImStatus.SUCCESS, identify(lamp, u(0, 5)), "a new time while identifying");
        assertEquals(5, identifyTime(lamp));
        assertEquals(timersBefore + 2, bridgeScheduler.pendingTasks(), "the old timer gave way to the new one");
        bridgeScheduler.advance(Duration.ofSeconds(1));
        assertEquals(4, identifyTime(lamp), "counted from the new time, once a second");
        assertEquals(3, identifyTime(socket));

        bridgeChanged.clear();
        assertEquals(ImStatus.SUCCESS, writeIdentifyTime(lamp, 0));
        assertEquals(0, identifyTime(lamp));
        assertEquals(List.of(ClusterPathIb.of(lamp, BridgedClusters.IDENTIFY)), bridgeChanged, "written: reported");
        assertEquals(ImStatus.SUCCESS, identify(socket, u(0, 0)), "the command with 0 stops it too");
        assertEquals(0, identifyTime(socket));
        assertEquals(timersBefore, bridgeScheduler.pendingTasks());
        bridgeScheduler.advance(Duration.ofSeconds(10));
        assertEquals(0, identifyTime(lamp));
        assertEquals(0, identifyTime(socket));
    }

    @Test
    void aMalformedIdentifyCommandOrWriteChangesNothing() throws ImException {
        int lamp = endpointOf(light);
        int timersBefore = bridgeScheduler.pendingTasks();
        assertEquals(ImStatus.INVALID_COMMAND, identify(lamp), "IdentifyTime missing");
        assertEquals(ImStatus.INVALID_COMMAND, identify(lamp, text(0, "10")), "IdentifyTime not an unsigned int");
        assertEquals(ImStatus.CONSTRAINT_ERROR, identify(lamp, u(0, 0x10000)), "above uint16");
        assertEquals(ImStatus.INVALID_COMMAND, status(invoke(ADMIN, lamp, BridgedClusters.IDENTIFY, 0x00,
                u(0, 10))), "fields not a structure");
        assertEquals(ImStatus.CONSTRAINT_ERROR, writeIdentifyTime(lamp, 0x10000));
        assertEquals(ImStatus.UNSUPPORTED_COMMAND, status(invoke(lamp, BridgedClusters.IDENTIFY, 0x40, u(0, 0),
                u(1, 0))), "TriggerEffect is optional and not supported");
        assertEquals(0, identifyTime(lamp));
        assertEquals(timersBefore, bridgeScheduler.pendingTasks());
        assertEquals(List.of(), bridgeChanged);
    }

    @Test
    void aDeviceRemovedWhileIdentifyingTakesItsTimerAlong() throws ImException {
        int lamp = endpointOf(light);
        int timersBefore = bridgeScheduler.pendingTasks();
        assertEquals(ImStatus.SUCCESS, identify(lamp, u(0, 60)));
        registry.remove(light);
        assertEquals(timersBefore, bridgeScheduler.pendingTasks());
        bridgeScheduler.advance(Duration.ofSeconds(61));
        assertTrue(model.cluster(lamp, BridgedClusters.IDENTIFY).isEmpty());
    }

    @Test
    void closingTheBridgeStopsItsTimersAndARestartEndsIdentifying() throws ImException {
        int lamp = endpointOf(light);
        int timersBefore = bridgeScheduler.pendingTasks();
        assertEquals(ImStatus.SUCCESS, identify(lamp, u(0, 60)));
        ManualScheduler closed = bridgeScheduler;
        bridge.close();
        assertEquals(timersBefore, closed.pendingTasks());
        start();
        assertEquals(0, identifyTime(endpointOf(light)), "IdentifyTime is not kept across a restart");
    }

    @Test
    void addGroupIfIdentifyingAfterTheIdentifyCommandAddsTheGroupUntilTheTimeRunsOut() throws ImException {
        keyed();
        int lamp = endpointOf(light);
        assertEquals(ImStatus.SUCCESS, identify(lamp, u(0, 2)));
        assertEquals(ImStatus.SUCCESS, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP_IF_IDENTIFYING,
                u(0, 0x0101), text(1, "Hall"))));
        assertEquals(List.of(0x0101), tables.groupsOf(1, lamp), "identifying: added");
        assertEquals(0, responseStatus(invoke(lamp, Groups.ID, Groups.REMOVE_GROUP, u(0, 0x0101))));

        bridgeScheduler.advance(Duration.ofSeconds(1));
        assertEquals(ImStatus.SUCCESS, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP_IF_IDENTIFYING,
                u(0, 0x0101), text(1, "Hall"))));
        assertEquals(List.of(0x0101), tables.groupsOf(1, lamp), "one second left: still identifying");
        assertEquals(0, responseStatus(invoke(lamp, Groups.ID, Groups.REMOVE_GROUP, u(0, 0x0101))));

        bridgeScheduler.advance(Duration.ofSeconds(1));
        assertEquals(ImStatus.SUCCESS, status(invoke(lamp, Groups.ID, Groups.ADD_GROUP_IF_IDENTIFYING,
                u(0, 0x0101), text(1, "Hall"))), "not identifying: a success that changes nothing");
        assertEquals(List.of(), tables.groupsOf(1, lamp), "the time ran out: not added");
    }

    @Test
    void aRemovedDeviceLeavesItsGroupsAndTheTablesSurviveARestart() throws ImException {
        keyed();
        int lamp = endpointOf(light);
        int socket = endpointOf(plug);
        assertEquals(0, responseStatus(invoke(lamp, Groups.ID, Groups.ADD_GROUP, u(0, 0x0101), text(1, "Den"))));
        assertEquals(0, responseStatus(invoke(socket, Groups.ID, Groups.ADD_GROUP, u(0, 0x0101), text(1, "Den"))));
        changed.clear();
        registry.remove(plug);
        assertEquals(List.of(lamp), tables.endpointsOf(1, 0x0101).stream().toList());
        assertEquals(List.of(ClusterPathIb.of(0, GroupKeyManagement.ID)), changed);

        start();
        List<TlvElement> table = readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_TABLE);
        assertEquals(List.of((long) lamp), numbers(((TlvElement.Structure) table.get(0)).member(2).orElseThrow()));
        assertEquals(Optional.of("Den"), tables.viewGroup(1, lamp, 0x0101));
        assertEquals(1, readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_KEY_MAP).size());
        assertEquals(1, tables.epochKeys().size());

        // A device removed while the bridge is stopped leaves its groups at the next start.
        bridge.close();
        registry.remove(light);
        start();
        assertEquals(List.of(), readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_TABLE));
    }

    @Test
    void aRemovedFabricTakesItsKeysMapAndGroupsAlong() throws ImException {
        keyed();
        int lamp = endpointOf(light);
        assertEquals(0, responseStatus(invoke(lamp, Groups.ID, Groups.ADD_GROUP, u(0, 0x0101), text(1, "Den"))));
        assertTrue(keyManagement.fabricRemoved(1));
        assertEquals(List.of(), readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_TABLE));
        assertEquals(List.of(), readList(ADMIN, 0, GroupKeyManagement.ID, GroupKeyManagement.GROUP_KEY_MAP));
        assertEquals(List.of(0), tables.keySetIds(1));
        assertEquals(List.of(), GroupTables.load(new DurableRecordStore(store)).fabrics(), "stored too");
        assertFalse(keyManagement.fabricRemoved(1));
    }
}
