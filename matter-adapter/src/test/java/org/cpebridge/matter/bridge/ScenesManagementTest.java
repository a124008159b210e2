package org.cpebridge.matter.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.testing.ForwardingStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.InvokeDispatcher;
import org.cpebridge.matter.cluster.ReadEngine;
import org.cpebridge.matter.cluster.WriteEngine;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.CommandStatusIb;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.InvokeResponseIb;
import org.cpebridge.matter.testing.TestDevices;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenes Management on bridged endpoints over a real core (registry, event bus, command router) and the test adapter,
 * through the node's InvokeDispatcher and ReadEngine: StoreScene takes the device's values from the core, RecallScene
 * sends them back through the core's commands, FabricSceneInfo follows, and the spec's statuses for every refusal and
 * every malformed field; the table is per fabric, persisted per endpoint, and goes with its fabric, its endpoint and
 * its group.
 */
class ScenesManagementTest {

    private static final AccessSubject FABRIC_1 = AccessSubject.ofCase(1, 0x1234);
    private static final AccessSubject FABRIC_2 = AccessSubject.ofCase(2, 0x5678);
    private static final Executor INLINE = Runnable::run;
    private static final long SCENES = 0x0062;
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(4);

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();
    private final TestGroups groups = new TestGroups();
    private ManualScheduler scheduler;
    private FailingStore store;
    private DeviceRegistry registry;
    private EventBus bus;
    private CommandRouter commands;
    private TestDevices devices;
    private DataModel model;
    private MatterBridge bridge;
    private ReadEngine reads;
    private InvokeDispatcher invokes;
    private final List<List<ClusterPathIb>> changes = new ArrayList<>();

    /** The core's file store, whose writes and deletes fail while {@link #failing} is set (a full disk). */
    private static final class FailingStore extends ForwardingStore {
        private volatile boolean failing;

        FailingStore(Path dir) {
            super(new FileDurableStore(dir));
        }

        @Override
        public void write(String name, int formatVersion, byte[] payload) {
            if (failing) {
                throw new StoreException("disk full: " + name);
            }
            super.write(name, formatVersion, payload);
        }

        @Override
        public void delete(String name) {
            if (failing) {
                throw new StoreException("disk full: " + name);
            }
            super.delete(name);
        }
    }

    @BeforeEach
    void setUp() {
        store = new FailingStore(dataDir);
        bus = new EventBus(INLINE);
        registry = new DeviceRegistry(bus, clock, store);
        scheduler = new ManualScheduler(clock);
        commands = new CommandRouter(registry, scheduler, Duration.ofSeconds(30));
        devices = new TestDevices(registry);
        commands.attach(TestDevices.ADAPTER, devices);
    }

    private void startBridge() {
        // A restart: only the new bridge follows the groups.
        groups.forgetListeners();
        model = new DataModel(new SplittableRandom(7));
        StandardEndpoints.addRootNode(model);
        StandardEndpoints.addAggregator(model);
        reads = new ReadEngine(model, AccessChecker.ALLOW_ALL);
        invokes = new InvokeDispatcher(model, AccessChecker.ALLOW_ALL, 1);
        bridge = new MatterBridge(registry, bus, commands, store, clock, model, EventNumbers.open(store, 256), INLINE,
                (clusters, logged) -> changes.add(List.copyOf(clusters)), List.of(), 1, scheduler, ANSWER_WAIT,
                groups);
        bridge.install(invokes, new WriteEngine(model, AccessChecker.ALLOW_ALL));
        bridge.start();
        changes.clear();
    }

    private int endpointOf(DeviceId id) {
        return bridge.endpointsOf(id).get(0);
    }

    // ---- requests ----

    private static TlvElement u(int tag, long value) {
        return new TlvElement.UnsignedInt(TlvTag.context(tag), value);
    }

    private static TlvElement text(int tag, String value) {
        return new TlvElement.Utf8(TlvTag.context(tag), value);
    }

    private static TlvElement list(int tag, TlvElement... members) {
        return new TlvElement.Array(TlvTag.context(tag), List.of(members));
    }

    private static TlvElement struct(TlvElement... members) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(members));
    }

    /** An ExtensionFieldSetStruct of one cluster. */
    private static TlvElement fieldSet(long cluster, TlvElement... pairs) {
        return struct(u(0, cluster), list(1, pairs));
    }

    /** An AttributeValuePairStruct with one value field. */
    private static TlvElement pair(long attribute, int valueField, long value) {
        return struct(u(0, attribute), u(valueField, value));
    }

    private static TlvElement[] addScene(int group, int scene, long transitionMs, String name,
                                         TlvElement... fieldSets) {
        return new TlvElement[] {u(0, group), u(1, scene), u(2, transitionMs), text(3, name), list(4, fieldSets)};
    }

    private CompletableFuture<InvokeResponseIb> start(AccessSubject subject, int endpoint, long command,
                                                      TlvElement... fields) throws Exception {
        return invokes.start(subject, List.of(CommandDataIb.of(CommandPathIb.of(endpoint, SCENES, command),
                new TlvElement.Structure(TlvTag.anonymous(), List.of(fields)))), false).get(0);
    }

    /** A command answered by a response command: its fields. */
    private TlvElement.Structure respond(AccessSubject subject, int endpoint, long command, TlvElement... fields)
            throws Exception {
        InvokeResponseIb response = start(subject, endpoint, command, fields).join();
        assertTrue(response instanceof CommandDataIb, "a response command, not " + response);
        CommandDataIb data = (CommandDataIb) response;
        assertEquals(command, data.path().command(), "the response has the request's id");
        return (TlvElement.Structure) data.fields().orElseThrow();
    }

    private static long field(TlvElement.Structure fields, int tag) {
        return ((TlvElement.UnsignedInt) fields.member(tag).orElseThrow()).value();
    }

    /** The Status of a response command. */
    private ImStatus status(AccessSubject subject, int endpoint, long command, TlvElement... fields)
            throws Exception {
        return new ImStatus((int) field(respond(subject, endpoint, command, fields), 0));
    }

    /** The IM status a command is answered with (RecallScene, or a command refused before its handler answers). */
    private ImStatus imStatus(AccessSubject subject, int endpoint, long command, TlvElement... fields)
            throws Exception {
        InvokeResponseIb response = start(subject, endpoint, command, fields).join();
        assertTrue(response instanceof CommandStatusIb, "a status, not " + response);
        return ((CommandStatusIb) response).status().status();
    }

    /** FabricSceneInfo as {@code subject} reads it (fabric-filtered). */
    private List<TlvElement.Structure> sceneInfo(AccessSubject subject, int endpoint) {
        List<AttributeReportIb> reports = reads.read(subject, List.of(AttributePathIb.of(endpoint, SCENES,
                BridgedClusters.SCENES_FABRIC_SCENE_INFO)), List.of(), true);
        TlvElement value = ((AttributeDataIb) reports.get(0)).data();
        return ((TlvElement.Array) value).members().stream().map(m -> (TlvElement.Structure) m).toList();
    }

    /** SceneCount, CurrentScene, CurrentGroup, SceneValid (0/1), RemainingCapacity, FabricIndex. */
    private static List<Long> info(TlvElement.Structure entry) {
        return List.of(field(entry, 0), field(entry, 1), field(entry, 2),
                ((TlvElement.Bool) entry.member(3).orElseThrow()).value() ? 1L : 0L, field(entry, 4),
                field(entry, 0xFE));
    }

    private Value core(DeviceId device, String capability, String attribute) {
        return registry.state(new AttributeRef(device, capability, attribute)).orElseThrow().value();
    }

    // ---- tests ----

    @Test
    void aStoredSceneComesFromTheCoreAndARecallSendsItBackThroughTheCore() throws Exception {
        DeviceId light = devices.register(1, "light");
        startBridge();
        int endpoint = endpointOf(light);
        assertEquals(List.of(), sceneInfo(FABRIC_1, endpoint), "no fabric has used scenes yet");

        // Off at 50 % (level 127): stored as scene 1 of group 0.
        TlvElement.Structure stored = respond(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, u(0, 0), u(1, 1));
        assertEquals(List.of(0L, 0L, 1L), List.of(field(stored, 0), field(stored, 1), field(stored, 2)));
        assertEquals(List.of(1L, 1L, 0L, 1L, 6L, 1L), info(sceneInfo(FABRIC_1, endpoint).get(0)),
                "one scene, current and valid, 6 more for this fabric");
        assertTrue(changes.contains(List.of(ClusterPathIb.of(endpoint, SCENES))), changes.toString());
        TlvElement.Structure view = respond(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 1));
        assertEquals(0L, field(view, 0));
        assertEquals(list(5, fieldSet(0x0006, pair(0x0000, 1, 0)), fieldSet(0x0008, pair(0x0000, 1, 127))),
                view.member(5).orElseThrow(), "OnOff false and CurrentLevel 127, each as ValueUnsigned8");

        // A person changes the light: the scene is no longer what the light shows.
        devices.state(light, "onOff", "on", Value.of(true));
        devices.state(light, "level", "level", Value.of(100L));
        assertEquals(0L, info(sceneInfo(FABRIC_1, endpoint).get(0)).get(3), "SceneValid false after a change");

        int before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0),
                u(1, 1)));
        List<DeviceCommand> sent = devices.received().subList(before, devices.received().size());
        assertEquals(List.of("setLevel", "off"), sent.stream().map(c -> ((DeviceCommand.Invoke) c).command())
                .toList(), "the same core commands MoveToLevel and Off send");
        assertEquals(Value.of(50L), core(light, "level", "level"));
        assertEquals(Value.of(false), core(light, "onOff", "on"));
        assertEquals(List.of(1L, 1L, 0L, 1L, 6L, 1L), info(sceneInfo(FABRIC_1, endpoint).get(0)),
                "valid again after the recall, though the device's changes came as core events");

        // A Toggle from a controller changes a scene-able attribute too.
        ImStatus toggled = ((CommandStatusIb) invokes.invoke(FABRIC_1, List.of(CommandDataIb.of(
                CommandPathIb.of(endpoint, 0x0006, BridgedClusters.CMD_TOGGLE), struct())), false).get(0))
                .status().status();
        assertEquals(ImStatus.SUCCESS, toggled);
        assertEquals(0L, info(sceneInfo(FABRIC_1, endpoint).get(0)).get(3));
    }

    @Test
    void addedSceneValuesAreCheckedClampedAndRecalledWithTheirTransition() throws Exception {
        DeviceId light = devices.register(1, "colorlight");
        startBridge();
        int endpoint = endpointOf(light);
        // On, level 200, colour temperature 1000 mireds (above 0xFEFF: brought to the bound), a set for a cluster the
        // light does not have (skipped), and Color Control's mode CT.
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 3,
                2500, "Evening", fieldSet(0x0006, pair(0, 1, 1)), fieldSet(0x0008, pair(0, 1, 200)),
                fieldSet(0x0201, pair(0x12, 4, 2000)),
                fieldSet(0x0300, pair(0x0007, 3, 0xFFFF), pair(0x4001, 1, 2)))));
        TlvElement.Structure view = respond(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 3));
        assertEquals(2500L, field(view, 3));
        assertEquals(new TlvElement.Utf8(TlvTag.context(4), "Evening"), view.member(4).orElseThrow());
        assertEquals(list(5, fieldSet(0x0006, pair(0, 1, 1)), fieldSet(0x0008, pair(0, 1, 200)),
                        fieldSet(0x0300, pair(0x0007, 3, 0xFEFF), pair(0x4001, 1, 2))),
                view.member(5).orElseThrow());
        assertEquals(List.of(1L, 0L, 0L, 0L, 6L, 1L), info(sceneInfo(FABRIC_1, endpoint).get(0)),
                "added, not current");

        int before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0),
                u(1, 3)));
        List<DeviceCommand> sent = devices.received().subList(before, devices.received().size());
        DeviceCommand.Invoke setLevel = (DeviceCommand.Invoke) sent.get(0);
        assertEquals(Value.of(79L), setLevel.arguments().get("level"), "level 200 is 79 %");
        assertEquals(Value.of(2.5), setLevel.arguments().get("transitionSeconds"), "2500 ms");
        DeviceCommand.WriteAttribute temperature = (DeviceCommand.WriteAttribute) sent.get(1);
        assertEquals(Value.of(500L), temperature.value(), "MoveToColorTemperature clamps to the physical maximum");
        assertEquals("on", ((DeviceCommand.Invoke) sent.get(2)).command());
        assertEquals(3, sent.size(), "mode CT: no MoveToColor");
        assertEquals(List.of(1L, 3L, 0L, 1L, 6L, 1L), info(sceneInfo(FABRIC_1, endpoint).get(0)));
        // The device reports its level again: 79 % reads as 201, within one step of the scene's 200, so the scene is
        // still what the light shows; 80 % (203) is not.
        devices.state(light, "level", "level", Value.of(79L));
        assertEquals(1L, info(sceneInfo(FABRIC_1, endpoint).get(0)).get(3));
        devices.state(light, "level", "level", Value.of(80L));
        assertEquals(0L, info(sceneInfo(FABRIC_1, endpoint).get(0)).get(3));

        // Mode XY: MoveToColor, no colour temperature.
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 4, 0,
                "", fieldSet(0x0300, pair(0x0003, 3, 0x4000), pair(0x0004, 3, 0x2000), pair(0x0007, 3, 300),
                        pair(0x4001, 1, 1)))));
        before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0),
                u(1, 4)));
        sent = devices.received().subList(before, devices.received().size());
        assertEquals(1, sent.size(), sent.toString());
        DeviceCommand.Invoke setXy = (DeviceCommand.Invoke) sent.get(0);
        assertEquals("setXy", setXy.command());
        assertEquals(List.of(Value.of(0.25), Value.of(0.125)), List.of(setXy.arguments().get("x"),
                setXy.arguments().get("y")));

        // A RecallScene TransitionTime overrides the scene's; null does not.
        before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0),
                u(1, 3), u(2, 0)));
        assertEquals(Value.of(0.0), ((DeviceCommand.Invoke) devices.received().get(before)).arguments()
                .get("transitionSeconds"));
        before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0),
                u(1, 3), new TlvElement.Null(TlvTag.context(2))));
        assertEquals(Value.of(2.5), ((DeviceCommand.Invoke) devices.received().get(before)).arguments()
                .get("transitionSeconds"));
    }

    @Test
    void refusalsGetTheSpecsStatusesAndTouchNothing() throws Exception {
        DeviceId plug = devices.register(1, "plug");
        startBridge();
        int endpoint = endpointOf(plug);
        int sent = devices.received().size();
        ImStatus constraint = ImStatus.CONSTRAINT_ERROR;
        assertEquals(constraint, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 0xFF, 0, "")),
                "scene 0xFF is undefined");
        assertEquals(constraint, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE,
                addScene(0, 1, 60_000_001, "")), "TransitionTime above 60,000,000 ms");
        assertEquals(constraint, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE,
                addScene(0, 1, 0, "x".repeat(17))), "SceneName above 16 bytes");
        assertEquals(constraint, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 0xFF)));
        assertEquals(constraint, status(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, u(0, 0), u(1, 0xFF)));
        assertEquals(constraint, status(FABRIC_1, endpoint, BridgedClusters.CMD_REMOVE_SCENE, u(0, 0), u(1, 0xFF)));
        assertEquals(constraint, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0),
                u(1, 0xFF)));
        assertEquals(constraint, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0), u(1, 1),
                u(2, 60_000_001)));
        assertEquals(constraint, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0), u(1, 1),
                u(2, -1)), "a TransitionTime of 2^64 - 1");
        assertEquals(constraint, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE,
                addScene(0, 1, 0, "x".repeat(10_000))), "a 10,000-byte SceneName");

        // A group the endpoint is not in: INVALID_COMMAND, in the response or as the status.
        ImStatus invalid = ImStatus.INVALID_COMMAND;
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(7, 1, 0, "")));
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 7), u(1, 1)));
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, u(0, 7), u(1, 1)));
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_REMOVE_SCENE, u(0, 7), u(1, 1)));
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_REMOVE_ALL_SCENES, u(0, 7)));
        assertEquals(invalid, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 7), u(1, 1)));
        TlvElement.Structure membership = respond(FABRIC_1, endpoint, BridgedClusters.CMD_GET_SCENE_MEMBERSHIP,
                u(0, 7));
        assertEquals(invalid.code(), field(membership, 0));
        assertEquals(new TlvElement.Null(TlvTag.context(1)), membership.member(1).orElseThrow(), "Capacity null");
        groups.join(2, 7, endpoint);
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, u(0, 7), u(1, 1)),
                "group 7 is on the endpoint for fabric 2 only");

        // Not there.
        ImStatus notFound = ImStatus.NOT_FOUND;
        assertEquals(notFound, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 1)));
        assertEquals(notFound, status(FABRIC_1, endpoint, BridgedClusters.CMD_REMOVE_SCENE, u(0, 0), u(1, 1)));
        assertEquals(notFound, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0), u(1, 1)));

        // Full: 7 scenes a fabric (SceneTableSize 16); replacing one still works.
        for (int scene = 1; scene <= 7; scene++) {
            assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE,
                    addScene(0, scene, 0, "s" + scene)));
        }
        assertEquals(ImStatus.RESOURCE_EXHAUSTED, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE,
                addScene(0, 8, 0, "")));
        assertEquals(ImStatus.RESOURCE_EXHAUSTED, status(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE,
                u(0, 0), u(1, 8)));
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE,
                addScene(0, 7, 0, "again")));
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, u(0, 0), u(1, 7)));
        TlvElement.Structure restored = respond(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 7));
        assertEquals(new TlvElement.Utf8(TlvTag.context(4), "again"), restored.member(4).orElseThrow(),
                "StoreScene over an existing scene keeps its name");
        assertEquals(list(5, fieldSet(0x0006, pair(0, 1, 0))), restored.member(5).orElseThrow(),
                "and takes the plug's values now");
        membership = respond(FABRIC_1, endpoint, BridgedClusters.CMD_GET_SCENE_MEMBERSHIP, u(0, 0));
        assertEquals(List.of(0L, 0L), List.of(field(membership, 0), field(membership, 1)), "success, capacity 0");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), ((TlvElement.Array) membership.member(3).orElseThrow())
                .members().stream().map(m -> ((TlvElement.UnsignedInt) m).value()).toList(), "SceneList");
        assertEquals(sent, devices.received().size(), "no refusal reached the device");
    }

    @Test
    void malformedFieldsGetAStatusNeverAnException() throws Exception {
        DeviceId light = devices.register(1, "light");
        startBridge();
        int endpoint = endpointOf(light);
        ImStatus invalid = ImStatus.INVALID_COMMAND;
        // Missing or wrongly typed request fields: the IM status.
        assertEquals(invalid, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, u(1, 1)));
        assertEquals(invalid, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, text(0, "zero"), u(1, 1)));
        assertEquals(invalid, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0)));
        assertEquals(ImStatus.CONSTRAINT_ERROR, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE,
                u(0, 0x10000), u(1, 1)), "a group id above 16 bits");
        assertEquals(ImStatus.CONSTRAINT_ERROR, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE,
                u(0, 0), u(1, 0x100)), "a scene id above 8 bits");
        assertEquals(invalid, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, u(0, 0), u(1, 1),
                u(2, 0), u(3, 5), list(4)), "SceneName not a string");
        assertEquals(invalid, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, u(0, 0), u(1, 1),
                u(2, 0), text(3, ""), u(4, 1)), "ExtensionFieldSetStructs not a list");
        assertEquals(invalid, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0), u(1, 1),
                text(2, "slow")), "TransitionTime not a number");
        InvokeResponseIb notAStruct = invokes.start(FABRIC_1, List.of(CommandDataIb.of(CommandPathIb.of(endpoint,
                SCENES, BridgedClusters.CMD_STORE_SCENE), new TlvElement.UnsignedInt(TlvTag.anonymous(), 1))), false)
                .get(0).join();
        assertEquals(invalid, ((CommandStatusIb) notAStruct).status().status());

        // Bad extension field sets: INVALID_COMMAND in the AddSceneResponse, nothing stored.
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 1, 0, "",
                fieldSet(0x0006, struct(u(0, 0), u(1, 1), u(3, 1))))), "two values in one pair");
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 1, 0, "",
                fieldSet(0x0006, struct(u(0, 0))))), "no value");
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 1, 0, "",
                fieldSet(0x0006, pair(0x0000, 3, 1)))), "OnOff as ValueUnsigned16");
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 1, 0, "",
                fieldSet(0x0006, struct(u(0, 0), new TlvElement.SignedInt(TlvTag.context(1), 1))))),
                "ValueUnsigned8 as a signed integer");
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 1, 0, "",
                fieldSet(0x0006, pair(0x4000, 1, 1)))), "GlobalSceneControl is not scene-able");
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 1, 0, "",
                fieldSet(0x0008, pair(0x0000, 1, 10)), new TlvElement.UnsignedInt(TlvTag.anonymous(), 6))),
                "a field set that is not a struct");
        assertEquals(invalid, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 1, 0, "",
                struct(u(0, 0x0006), u(1, 0)))), "AttributeValueList not a list");
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0),
                u(1, 1)));

        // A huge list of field sets for clusters the light does not have: skipped, the scene is stored.
        TlvElement[] many = new TlvElement[10_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = fieldSet(0x0201, pair(0x12, 4, i));
        }
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE,
                addScene(0, 1, 0, "", many)));
        // Out of range: a boolean other than 0/1 is false (as matter.js), a nullable level's 255 means null.
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE, addScene(0, 2, 0,
                "", fieldSet(0x0006, pair(0, 1, 9)), fieldSet(0x0008, pair(0, 1, 255)))));
        assertEquals(list(5, fieldSet(0x0006, pair(0, 1, 0))), respond(FABRIC_1, endpoint,
                BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 2)).member(5).orElseThrow());
        assertTrue(devices.received().isEmpty(), "nothing reached the device");
    }

    @Test
    void aRecallWaitsForTheDeviceAndAnswersItsFailureThroughTheTable() throws Exception {
        DeviceId light = devices.register(1, "light");
        startBridge();
        int endpoint = endpointOf(light);
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, u(0, 0), u(1, 1)));

        CompletableFuture<Void> slow = devices.answerNextLater();
        CompletableFuture<InvokeResponseIb> pending = start(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE,
                u(0, 0), u(1, 1));
        assertFalse(pending.isDone(), "the answer waits for the device");
        assertEquals(0L, info(sceneInfo(FABRIC_1, endpoint).get(0)).get(3), "not valid while it is applied");
        slow.complete(null);
        assertEquals(ImStatus.SUCCESS, ((CommandStatusIb) pending.join()).status().status());
        assertEquals(1L, info(sceneInfo(FABRIC_1, endpoint).get(0)).get(3));

        CompletableFuture<Void> failing = devices.answerNextLater();
        pending = start(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0), u(1, 1));
        failing.completeExceptionally(new DeviceException(ErrorKind.UNREACHABLE, "no route"));
        assertEquals(ImStatus.FAILURE, ((CommandStatusIb) pending.join()).status().status());
        assertEquals(0L, info(sceneInfo(FABRIC_1, endpoint).get(0)).get(3), "a failed recall leaves it invalid");

        devices.failNext(ErrorKind.BUSY);
        assertEquals(ImStatus.BUSY, imStatus(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0),
                u(1, 1)));

        devices.answerNextLater();
        pending = start(FABRIC_1, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0), u(1, 1));
        scheduler.advance(ANSWER_WAIT);
        assertEquals(ImStatus.TIMEOUT, ((CommandStatusIb) pending.join()).status().status());
    }

    @Test
    void eachFabricHasItsOwnScenesAndLosesThemWhenItLeaves() throws Exception {
        DeviceId light = devices.register(1, "light");
        startBridge();
        int endpoint = endpointOf(light);
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, u(0, 0), u(1, 1)));
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_2, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0),
                u(1, 1)), "fabric 2 does not see fabric 1's scene");
        assertEquals(ImStatus.SUCCESS, status(FABRIC_2, endpoint, BridgedClusters.CMD_ADD_SCENE,
                addScene(0, 1, 0, "two")));
        assertEquals(List.of(List.of(1L, 1L, 0L, 1L, 6L, 1L)), sceneInfo(FABRIC_1, endpoint).stream()
                .map(ScenesManagementTest::info).toList(), "fabric-filtered: its own entry only");
        assertEquals(List.of(List.of(1L, 0L, 0L, 0L, 6L, 2L)), sceneInfo(FABRIC_2, endpoint).stream()
                .map(ScenesManagementTest::info).toList());
        // Not fabric-filtered: fabric 2 sees fabric 1's entry without its fabric-sensitive fields.
        TlvElement unfiltered = ((AttributeDataIb) reads.read(FABRIC_2, List.of(AttributePathIb.of(endpoint, SCENES,
                BridgedClusters.SCENES_FABRIC_SCENE_INFO)), List.of(), false).get(0)).data();
        TlvElement.Structure others = (TlvElement.Structure) ((TlvElement.Array) unfiltered).members().get(0);
        assertEquals(List.of(0L, 4L, 0xFEL), others.members().stream().map(TlvElement::tag)
                .map(t -> (long) ((TlvTag.Context) t).number()).toList(), "SceneCount, RemainingCapacity, FabricIndex");

        // A recall by fabric 2 makes fabric 1's scene invalid (the device changes under it).
        assertEquals(ImStatus.SUCCESS, imStatus(FABRIC_2, endpoint, BridgedClusters.CMD_RECALL_SCENE, u(0, 0),
                u(1, 1)));
        assertEquals(0L, info(sceneInfo(FABRIC_1, endpoint).get(0)).get(3));

        changes.clear();
        bridge.fabricRemoved(1);
        assertEquals(List.of(), sceneInfo(FABRIC_1, endpoint));
        assertEquals(ImStatus.SUCCESS, status(FABRIC_2, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 1)));
        assertTrue(changes.contains(List.of(ClusterPathIb.of(endpoint, SCENES))), changes.toString());
        bridge.fabricRemoved(2);
        assertEquals(List.of(), store.list(SceneTable.PREFIX), "no scene left on disk");
    }

    @Test
    void scenesSurviveARestartAndGoWithTheirEndpointAndGroup() throws Exception {
        DeviceId first = devices.register(1, "light");
        DeviceId second = devices.register(2, "plug");
        startBridge();
        int light = endpointOf(first);
        int plug = endpointOf(second);
        groups.join(1, 0x0101, light);
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, light, BridgedClusters.CMD_STORE_SCENE, u(0, 0), u(1, 1)));
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, light, BridgedClusters.CMD_STORE_SCENE, u(0, 0x0101),
                u(1, 2)));
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, plug, BridgedClusters.CMD_ADD_SCENE, addScene(0, 4, 100,
                "Away", fieldSet(0x0006, pair(0, 1, 1)))));

        bridge.close();
        startBridge();
        assertEquals(List.of(2L, 0L, 0L, 0L, 5L, 1L), info(sceneInfo(FABRIC_1, light).get(0)),
                "two scenes after the restart, none current");
        TlvElement.Structure view = respond(FABRIC_1, plug, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 4));
        assertEquals(List.of(0L, 100L), List.of(field(view, 0), field(view, 3)));
        assertEquals(new TlvElement.Utf8(TlvTag.context(4), "Away"), view.member(4).orElseThrow());

        // RemoveGroup on the endpoint (the Groups cluster) takes the group's scenes with it.
        groups.leave(1, 0x0101, light);
        groups.join(1, 0x0101, light);
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_1, light, BridgedClusters.CMD_VIEW_SCENE, u(0, 0x0101),
                u(1, 2)));
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, light, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 1)));

        // RemoveAllScenes of group 0, then the plug's device leaves: its record goes.
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, light, BridgedClusters.CMD_REMOVE_ALL_SCENES, u(0, 0)));
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_1, light, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 1)));
        assertEquals(List.of(SceneTable.PREFIX + plug), store.list(SceneTable.PREFIX));
        registry.remove(second);
        assertEquals(List.of(), store.list(SceneTable.PREFIX));
        devices.register(2, "plug");
        assertEquals(plug, endpointOf(second), "back on its number");
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_1, plug, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 4)),
                "but without the scenes of before");
    }

    @Test
    void aSceneThatCannotBeStoredIsAFailureAndLeavesTheTableAsItWas() throws Exception {
        DeviceId light = devices.register(1, "light");
        startBridge();
        int endpoint = endpointOf(light);
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE,
                addScene(0, 1, 0, "kept")));
        store.failing = true;
        assertEquals(ImStatus.FAILURE, status(FABRIC_1, endpoint, BridgedClusters.CMD_ADD_SCENE,
                addScene(0, 2, 0, "lost")));
        assertEquals(ImStatus.FAILURE, status(FABRIC_1, endpoint, BridgedClusters.CMD_REMOVE_SCENE, u(0, 0),
                u(1, 1)));
        assertEquals(ImStatus.FAILURE, status(FABRIC_1, endpoint, BridgedClusters.CMD_REMOVE_ALL_SCENES, u(0, 0)));
        store.failing = false;
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0),
                u(1, 2)));
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 1)));
        assertEquals(List.of(1L, 0L, 0L, 0L, 6L, 1L), info(sceneInfo(FABRIC_1, endpoint).get(0)));
        // And on disk: a restart shows the same.
        bridge.close();
        startBridge();
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 1)));
        assertEquals(1L, info(sceneInfo(FABRIC_1, endpoint).get(0)).get(0));
    }

    @Test
    void aDamagedSceneRecordIsIgnoredNotFatal() throws Exception {
        DeviceId light = devices.register(1, "light");
        startBridge();
        int endpoint = endpointOf(light);
        bridge.close();
        store.write(SceneTable.PREFIX + endpoint, SceneTable.FORMAT_VERSION, "{\"scenes\":[{\"fabric\":\"x\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        startBridge();
        assertEquals(List.of(), sceneInfo(FABRIC_1, endpoint), "the bridge started without those scenes");
        assertEquals(ImStatus.SUCCESS, status(FABRIC_1, endpoint, BridgedClusters.CMD_STORE_SCENE, u(0, 0), u(1, 1)));
        assertEquals(1, SceneTable.load(store).scenes(endpoint).size(), "the damaged record replaced");
    }

    // ---- the On/Off Lighting feature's global scene ----

    private static final long ON_OFF = 0x0006;

    /** The IM status an On/Off command is answered with. */
    private ImStatus onOff(AccessSubject subject, int endpoint, long command, TlvElement... fields)
            throws Exception {
        InvokeResponseIb response = invokes.start(subject, List.of(CommandDataIb.of(CommandPathIb.of(endpoint,
                ON_OFF, command), new TlvElement.Structure(TlvTag.anonymous(), List.of(fields)))), false).get(0)
                .join();
        assertTrue(response instanceof CommandStatusIb, "a status, not " + response);
        return ((CommandStatusIb) response).status().status();
    }

    private boolean globalSceneControl(int endpoint) {
        TlvElement value = ((AttributeDataIb) reads.read(FABRIC_1, List.of(AttributePathIb.of(endpoint, ON_OFF,
                BridgedClusters.ON_OFF_GLOBAL_SCENE_CONTROL)), List.of(), true).get(0)).data();
        return ((TlvElement.Bool) value).value();
    }

    /** The core commands the device got since {@code before}. */
    private List<String> sentSince(int before) {
        return devices.received().subList(before, devices.received().size()).stream()
                .map(c -> ((DeviceCommand.Invoke) c).command()).toList();
    }

    /** The global scene's values of a fabric, as ViewScene shows them. */
    private TlvElement globalScene(AccessSubject subject, int endpoint) throws Exception {
        TlvElement.Structure view = respond(subject, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0), u(1, 0));
        assertEquals(0L, field(view, 0), "the global scene is there");
        return view.member(5).orElseThrow();
    }

    @Test
    void offWithEffectStoresTheGlobalSceneAndOnWithRecallGlobalSceneBringsItBackThroughTheCore() throws Exception {
        DeviceId light = devices.register(1, "light");
        devices.state(light, "onOff", "on", Value.of(true));
        devices.state(light, "level", "level", Value.of(80L));
        startBridge();
        int endpoint = endpointOf(light);
        long level80 = DeviceMapper.toMatterLevel(80);
        assertTrue(globalSceneControl(endpoint), "true until an OffWithEffect");

        int before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 0),
                u(1, 0)));
        assertEquals(List.of("off"), sentSince(before));
        assertEquals(Value.of(false), core(light, "onOff", "on"));
        assertFalse(globalSceneControl(endpoint));
        assertTrue(changes.contains(List.of(ClusterPathIb.of(endpoint, ON_OFF))), "GlobalSceneControl is reported: "
                + changes);
        assertEquals(list(5, fieldSet(0x0006, pair(0, 1, 1)), fieldSet(0x0008, pair(0, 1, level80))),
                globalScene(FABRIC_1, endpoint), "scene 0 of group 0: on at 80 %, as the light was");
        assertEquals(List.of(1L, 0L, 0L, 0L, 6L, 1L), info(sceneInfo(FABRIC_1, endpoint).get(0)),
                "counted in FabricSceneInfo, current, and no longer valid once the light is off");

        // A second OffWithEffect does not store the all-off state over it.
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 1),
                u(1, 0)));
        assertEquals(list(5, fieldSet(0x0006, pair(0, 1, 1)), fieldSet(0x0008, pair(0, 1, level80))),
                globalScene(FABRIC_1, endpoint));

        // The level is changed while the light is off; OnWithRecallGlobalScene brings 80 % back and turns it on.
        devices.state(light, "level", "level", Value.of(10L));
        before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_ON_WITH_RECALL_GLOBAL_SCENE));
        assertEquals(List.of("setLevel", "on"), sentSince(before), "the core commands MoveToLevel and On send");
        assertEquals(Value.of(80L), core(light, "level", "level"));
        assertEquals(Value.of(true), core(light, "onOff", "on"));
        assertTrue(globalSceneControl(endpoint));
        assertEquals(List.of(1L, 0L, 0L, 1L, 6L, 1L), info(sceneInfo(FABRIC_1, endpoint).get(0)));

        // GlobalSceneControl true: the command is discarded, nothing reaches the device.
        devices.state(light, "level", "level", Value.of(20L));
        before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_ON_WITH_RECALL_GLOBAL_SCENE));
        assertEquals(List.of(), sentSince(before));
        assertEquals(Value.of(20L), core(light, "level", "level"));

        // Persisted like any scene: after a restart it is still there (GlobalSceneControl starts true).
        bridge.close();
        startBridge();
        assertEquals(list(5, fieldSet(0x0006, pair(0, 1, 1)), fieldSet(0x0008, pair(0, 1, level80))),
                globalScene(FABRIC_1, endpoint));
        assertTrue(globalSceneControl(endpoint));
    }

    @Test
    void onAndAToggleToOnSetGlobalSceneControlAndWithoutAGlobalSceneTheLightJustTurnsOn() throws Exception {
        DeviceId light = devices.register(1, "light");
        startBridge();
        int endpoint = endpointOf(light);
        // Off already: the global scene is stored all the same (off at 50 %), as connectedhomeip does.
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 0),
                u(1, 0)));
        assertEquals(list(5, fieldSet(0x0006, pair(0, 1, 0)), fieldSet(0x0008, pair(0, 1, 127))),
                globalScene(FABRIC_1, endpoint));
        assertFalse(globalSceneControl(endpoint));
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_TOGGLE));
        assertTrue(globalSceneControl(endpoint), "a Toggle that turned the light on");

        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 0),
                u(1, 0)));
        assertFalse(globalSceneControl(endpoint));
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_ON));
        assertTrue(globalSceneControl(endpoint), "an On");

        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 0),
                u(1, 0)));
        assertFalse(globalSceneControl(endpoint));
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_ON_WITH_TIMED_OFF, u(0, 0),
                u(1, 0), u(2, 0)));
        assertTrue(globalSceneControl(endpoint), "an OnWithTimedOff");

        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 0),
                u(1, 0)));
        assertFalse(globalSceneControl(endpoint));
        // Fabric 2 has no global scene: OnWithRecallGlobalScene just turns the light on.
        int before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_2, endpoint, BridgedClusters.CMD_ON_WITH_RECALL_GLOBAL_SCENE));
        assertEquals(List.of("on"), sentSince(before));
        assertTrue(globalSceneControl(endpoint));
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_2, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0),
                u(1, 0)), "fabric 2 does not see fabric 1's global scene");
    }

    @Test
    void eachFabricRecallsItsOwnGlobalScene() throws Exception {
        DeviceId light = devices.register(1, "light");
        devices.state(light, "onOff", "on", Value.of(true));
        devices.state(light, "level", "level", Value.of(80L));
        startBridge();
        int endpoint = endpointOf(light);
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 0),
                u(1, 0)));
        // Someone turns the light on at 30 % at the light itself: GlobalSceneControl true again.
        devices.state(light, "level", "level", Value.of(30L));
        devices.state(light, "onOff", "on", Value.of(true));
        assertTrue(globalSceneControl(endpoint));
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_2, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 0),
                u(1, 0)));
        assertEquals(list(5, fieldSet(0x0006, pair(0, 1, 1)), fieldSet(0x0008, pair(0, 1,
                DeviceMapper.toMatterLevel(30)))), globalScene(FABRIC_2, endpoint));
        assertEquals(list(5, fieldSet(0x0006, pair(0, 1, 1)), fieldSet(0x0008, pair(0, 1,
                DeviceMapper.toMatterLevel(80)))), globalScene(FABRIC_1, endpoint), "fabric 1's is its own");

        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_ON_WITH_RECALL_GLOBAL_SCENE));
        assertEquals(Value.of(80L), core(light, "level", "level"), "fabric 1's level, not fabric 2's");
        assertEquals(List.of(1L, 0L, 0L, 1L, 6L, 1L), info(sceneInfo(FABRIC_1, endpoint).get(0)));
        assertEquals(List.of(1L, 0L, 0L, 0L, 6L, 2L), info(sceneInfo(FABRIC_2, endpoint).get(0)),
                "fabric 2's global scene is no longer what the light shows");

        bridge.fabricRemoved(1);
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0),
                u(1, 0)), "a fabric's global scene goes with it");
        globalScene(FABRIC_2, endpoint);
    }

    @Test
    void malformedGlobalSceneCommandsGetTheSpecStatusAndChangeNothing() throws Exception {
        DeviceId light = devices.register(1, "light");
        DeviceId plug = devices.register(2, "plug");
        startBridge();
        int endpoint = endpointOf(light);
        assertEquals(ImStatus.INVALID_COMMAND, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT,
                u(0, 0)), "EffectVariant missing");
        assertEquals(ImStatus.INVALID_COMMAND, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT,
                text(0, "fade"), u(1, 0)), "EffectIdentifier not a number");
        assertEquals(ImStatus.CONSTRAINT_ERROR, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT,
                u(0, 0x100), u(1, 0)), "EffectIdentifier above 8 bits");
        InvokeResponseIb notAStruct = invokes.start(FABRIC_1, List.of(CommandDataIb.of(CommandPathIb.of(endpoint,
                ON_OFF, BridgedClusters.CMD_OFF_WITH_EFFECT), new TlvElement.UnsignedInt(TlvTag.anonymous(), 1))),
                false).get(0).join();
        assertEquals(ImStatus.INVALID_COMMAND, ((CommandStatusIb) notAStruct).status().status());
        assertTrue(globalSceneControl(endpoint), "unchanged");
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0),
                u(1, 0)), "no global scene stored");
        assertTrue(devices.received().isEmpty(), "nothing reached the device");
        // A plug-in unit's On/Off has no Lighting feature: no global scene commands.
        assertEquals(ImStatus.UNSUPPORTED_COMMAND, onOff(FABRIC_1, endpointOf(plug),
                BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 0), u(1, 0)));
    }

    @Test
    void aGlobalSceneThatCannotBeStoredDoesNotStopTheOff() throws Exception {
        DeviceId light = devices.register(1, "light");
        devices.state(light, "onOff", "on", Value.of(true));
        startBridge();
        int endpoint = endpointOf(light);
        store.failing = true;
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_OFF_WITH_EFFECT, u(0, 0),
                u(1, 0)), "as connectedhomeip: the Off is what the controller asked for");
        store.failing = false;
        assertEquals(Value.of(false), core(light, "onOff", "on"));
        assertFalse(globalSceneControl(endpoint));
        assertEquals(ImStatus.NOT_FOUND, status(FABRIC_1, endpoint, BridgedClusters.CMD_VIEW_SCENE, u(0, 0),
                u(1, 0)));
        assertEquals(List.of(), store.list(SceneTable.PREFIX), "nothing half-written");
        int before = devices.received().size();
        assertEquals(ImStatus.SUCCESS, onOff(FABRIC_1, endpoint, BridgedClusters.CMD_ON_WITH_RECALL_GLOBAL_SCENE));
        assertEquals(List.of("on"), sentSince(before), "no scene: just On");
    }
}
