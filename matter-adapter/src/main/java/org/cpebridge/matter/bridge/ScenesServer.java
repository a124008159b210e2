package org.cpebridge.matter.bridge;

import static org.cpebridge.matter.bridge.BridgedClusters.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandHandler;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.ReadEngine;
import org.cpebridge.matter.group.GroupDirectory;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Scenes Management cluster (0x0062, Matter 1.4 application clusters 1.4) of the bridged lights and plug-in
 * units: AddScene, ViewScene, RemoveScene, RemoveAllScenes, StoreScene, RecallScene and GetSceneMembership, each
 * for the accessing fabric, with the statuses connectedhomeip's and matter.js's servers answer; FabricSceneInfo.
 *
 * <p>A scene holds the scene-able attributes (quality S) of the clusters this bridge shows: On/Off OnOff, Level
 * Control CurrentLevel, Color Control CurrentX, CurrentY, ColorTemperatureMireds and EnhancedColorMode. StoreScene
 * reads them through the endpoint's bound clusters, so from the core's state store; RecallScene invokes the bound
 * clusters' own commands (MoveToLevel, MoveToColor, MoveToColorTemperature, On/Off), so the core gets the same
 * commands a controller's would, and answers once the device has (or with the mapped status, {@link DeviceErrors}).
 *
 * <p>The On/Off Lighting feature's global scene (scene 0 of group 0, one per fabric) is kept here too, in the same
 * table: {@link #offWithEffect} stores it and {@link #onWithRecallGlobalScene} recalls it for the fabric the bridge's
 * On/Off handler names; GlobalSceneControl, a Matter-only setting of the endpoint's On/Off cluster, says which of the
 * two may act (On/Off 1.5.6.2).
 *
 * <p>CurrentScene, CurrentGroup and SceneValid are kept in memory only: after a restart no scene is current (the
 * spec's state before any store or recall). SceneValid goes false once a scene-able attribute of the current scene
 * changes to another value than the scene's (Level within one step, since the core counts in whole percent).
 *
 * <p>Why one class of about 590 lines: the seven commands, the On/Off Lighting feature's global scene and
 * FabricSceneInfo all read and change the same two things, the stored table and each fabric's current scene, and
 * split they would share them field by field; what only concerns the values (checking, reading, recalling them) is
 * {@link SceneValues}.
 *
 * <p>Owned by the node loop. A recall's device answer arrives on the adapter's thread and hops back through
 * {@code nodeLoop} before it touches anything here.
 */
final class ScenesServer implements CommandHandler {

    /** TransitionTime's upper bound (ms): 60,000,000 (1000 minutes). */
    static final long MAX_TRANSITION_MS = 60_000_000L;
    static final int MAX_NAME_BYTES = 16;
    /** The undefined scene id: a constraint error in every command. */
    static final int UNDEFINED_SCENE = 0xFF;

    private record Current(int group, int scene, boolean valid) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScenesServer.class);

    private final SceneTable table;
    private final GroupDirectory groups;
    private final IntFunction<List<BoundCluster>> endpoints;
    private final DeviceMapper mapper;
    private final Scheduler scheduler;
    private final Duration answerBound;
    private final Executor nodeLoop;
    private final Consumer<Collection<ClusterPathIb>> changed;
    private final Map<Integer, Map<Integer, Current>> current = new HashMap<>();
    /** The scene-able values: checked, read from the core and sent back to it. */
    private final SceneValues values;

    /**
     * @param endpoints the bound clusters of a mounted endpoint, empty for one not mounted
     * @param mapper collects the device answers a recall's commands wait for
     * @param changed told (on the node loop) which FabricSceneInfo changed outside a core event
     */
    ScenesServer(SceneTable table, GroupDirectory groups, IntFunction<List<BoundCluster>> endpoints,
                 DeviceMapper mapper, Scheduler scheduler, Duration answerBound, Executor nodeLoop,
                 Consumer<Collection<ClusterPathIb>> changed) {
        this.table = Objects.requireNonNull(table, "table");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.answerBound = Objects.requireNonNull(answerBound, "answerBound");
        this.nodeLoop = Objects.requireNonNull(nodeLoop, "nodeLoop");
        this.changed = Objects.requireNonNull(changed, "changed");
        this.values = new SceneValues(endpoints);
        // Matter 1.4 Groups RemoveGroup: the group's scenes on that endpoint go with it.
        groups.onMembershipRemoved((fabric, endpoint, group) -> nodeLoop.execute(() ->
                groupLeft(fabric, endpoint, group)));
    }

    /** The cluster as a bridged endpoint shows it; FabricSceneInfo is filled in once the endpoint is mounted. */
    static BoundCluster cluster() {
        return BoundCluster.builder(SCENES_MANAGEMENT_SPEC)
                .fixed(SCENES_SCENE_TABLE_SIZE, Tlv.uint(SceneTable.TABLE_SIZE))
                .setting(SCENES_FABRIC_SCENE_INFO, new TlvElement.Array(TlvTag.anonymous(), List.of()))
                .build();
    }

    // ---- the bridge's events ----

    /** An endpoint with the cluster was mounted: its FabricSceneInfo from the stored table. */
    void mounted(int endpoint) {
        refresh(endpoint);
    }

    /** An endpoint is gone from Matter for good (its device removed or left out): its scenes go too. */
    void endpointRemoved(int endpoint) {
        current.remove(endpoint);
        try {
            table.removeEndpoint(endpoint);
        } catch (StoreException e) {
            LOG.warn("[matter] the scenes of removed endpoint {} could not be deleted: {}", endpoint, e.getMessage());
        }
    }

    /** Drops the stored scenes of endpoints not mounted at start (devices removed while the bridge was down). */
    void retain(Collection<Integer> mounted) {
        try {
            table.retainEndpoints(mounted);
        } catch (StoreException e) {
            LOG.warn("[matter] the scenes of removed endpoints could not be deleted: {}", e.getMessage());
        }
    }

    /** A fabric left: its scenes and scene info on every endpoint go. */
    void fabricRemoved(int fabric) {
        List<ClusterPathIb> paths = new ArrayList<>();
        List<Integer> affected = new ArrayList<>();
        current.forEach((endpoint, byFabric) -> {
            if (byFabric.remove(fabric) != null) {
                affected.add(endpoint);
            }
        });
        try {
            affected.addAll(table.removeFabric(fabric));
        } catch (StoreException e) {
            LOG.warn("[matter] the scenes of removed fabric {} could not all be deleted: {}", fabric, e.getMessage());
        }
        for (int endpoint : new TreeSet<>(affected)) {
            if (refresh(endpoint)) {
                paths.add(ClusterPathIb.of(endpoint, SCENES_MANAGEMENT));
            }
        }
        if (!paths.isEmpty()) {
            changed.accept(paths);
        }
    }

    /**
     * A scene-able cluster of an endpoint changed in the core: the current scenes whose values it no longer holds
     * are no longer valid.
     *
     * @return true when the endpoint's FabricSceneInfo changed
     */
    boolean stateChanged(int endpoint, long clusterId) {
        Map<Integer, Current> byFabric = current.get(endpoint);
        if (byFabric == null || !SceneValues.isSceneable(clusterId)) {
            return false;
        }
        Map<Long, Map<Long, Long>> now = values.capture(endpoint);
        boolean any = false;
        for (Map.Entry<Integer, Current> entry : byFabric.entrySet()) {
            Current info = entry.getValue();
            if (!info.valid()) {
                continue;
            }
            Optional<SceneTable.Scene> scene = table.find(endpoint, entry.getKey(), info.group(), info.scene());
            if (scene.isEmpty() || !SceneValues.holds(scene.get().values().getOrDefault(clusterId, Map.of()),
                    now.getOrDefault(clusterId, Map.of()), clusterId)) {
                entry.setValue(new Current(info.group(), info.scene(), false));
                any = true;
            }
        }
        return any && refresh(endpoint);
    }

    private void groupLeft(int fabric, int endpoint, int group) {
        boolean infoChanged = false;
        Map<Integer, Current> byFabric = current.get(endpoint);
        Current info = byFabric == null ? null : byFabric.get(fabric);
        if (info != null && info.group() == group && info.valid()) {
            byFabric.put(fabric, new Current(group, info.scene(), false));
            infoChanged = true;
        }
        try {
            infoChanged |= table.removeGroup(endpoint, fabric, group) > 0;
        } catch (StoreException e) {
            LOG.warn("[matter] the scenes of group {} on endpoint {} could not be deleted: {}", group, endpoint,
                    e.getMessage());
        }
        if (infoChanged && refresh(endpoint)) {
            changed.accept(List.of(ClusterPathIb.of(endpoint, SCENES_MANAGEMENT)));
        }
    }

    // ---- commands ----

    @Override
    public CommandResult invoke(AccessSubject subject, ClusterInstance cluster, CommandSpec command,
                                TlvElement fields) throws ImException {
        if (!(fields instanceof TlvElement.Structure request)) {
            return CommandResult.status(ImStatus.INVALID_COMMAND);
        }
        int endpoint = cluster.endpoint();
        int fabric = subject.fabricIndex();
        int group = (int) Tlv.requiredUnsigned(request, 0, 0xFFFF);
        if (command.id() == CMD_REMOVE_ALL_SCENES) {
            return removeAll(endpoint, fabric, group);
        }
        if (command.id() == CMD_GET_SCENE_MEMBERSHIP) {
            return membership(endpoint, fabric, group);
        }
        int sceneId = (int) Tlv.requiredUnsigned(request, 1, 0xFF);
        CommandResult result;
        if (command.id() == CMD_ADD_SCENE) {
            result = add(endpoint, fabric, group, sceneId, request);
        } else if (command.id() == CMD_VIEW_SCENE) {
            result = view(endpoint, fabric, group, sceneId);
        } else if (command.id() == CMD_REMOVE_SCENE) {
            result = remove(endpoint, fabric, group, sceneId);
        } else if (command.id() == CMD_STORE_SCENE) {
            result = store(endpoint, fabric, group, sceneId);
        } else if (command.id() == CMD_RECALL_SCENE) {
            result = recall(endpoint, fabric, group, sceneId, request);
        } else {
            result = CommandResult.status(ImStatus.UNSUPPORTED_COMMAND);
        }
        return result;
    }

    private boolean groupUnknown(int endpoint, int fabric, int group) {
        return group != 0 && !groups.isMember(fabric, endpoint, group);
    }

    private CommandResult add(int endpoint, int fabric, int group, int sceneId, TlvElement.Structure request)
            throws ImException {
        long transition = Tlv.requiredUnsigned(request, 2, 0xFFFF_FFFFL);
        if (!(request.member(3).orElse(null) instanceof TlvElement.Utf8 name)) {
            throw new ImException(ImStatus.INVALID_COMMAND, "SceneName missing or not a string");
        }
        if (!(request.member(4).orElse(null) instanceof TlvElement.Array fieldSets)) {
            throw new ImException(ImStatus.INVALID_COMMAND, "ExtensionFieldSetStructs missing or not a list");
        }
        if (sceneId == UNDEFINED_SCENE || transition > MAX_TRANSITION_MS
                || name.value().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return answer(ImStatus.CONSTRAINT_ERROR, group, sceneId);
        }
        if (groupUnknown(endpoint, fabric, group)) {
            return answer(ImStatus.INVALID_COMMAND, group, sceneId);
        }
        Optional<Map<Long, Map<Long, Long>>> values = this.values.decode(endpoint, fieldSets);
        if (values.isEmpty()) {
            return answer(ImStatus.INVALID_COMMAND, group, sceneId);
        }
        return put(endpoint, new SceneTable.Scene(fabric, group, sceneId, name.value(), transition, values.get()),
                false);
    }

    /** Adds or replaces; a new scene needs room. */
    private CommandResult put(int endpoint, SceneTable.Scene scene, boolean makeCurrent) {
        int fabric = scene.fabric();
        if (table.find(endpoint, fabric, scene.group(), scene.sceneId()).isEmpty()
                && table.remainingCapacity(endpoint, fabric) == 0) {
            return answer(ImStatus.RESOURCE_EXHAUSTED, scene.group(), scene.sceneId());
        }
        try {
            table.put(endpoint, scene);
        } catch (StoreException e) {
            LOG.warn("[matter] scene {} of group {} on endpoint {} not stored: {}", scene.sceneId(), scene.group(),
                    endpoint, e.getMessage());
            return answer(ImStatus.FAILURE, scene.group(), scene.sceneId());
        }
        if (makeCurrent) {
            setCurrent(endpoint, fabric, new Current(scene.group(), scene.sceneId(), true));
        }
        report(endpoint);
        return answer(ImStatus.SUCCESS, scene.group(), scene.sceneId());
    }

    private CommandResult view(int endpoint, int fabric, int group, int sceneId) {
        if (sceneId == UNDEFINED_SCENE) {
            return answer(ImStatus.CONSTRAINT_ERROR, group, sceneId);
        }
        if (groupUnknown(endpoint, fabric, group)) {
            return answer(ImStatus.INVALID_COMMAND, group, sceneId);
        }
        Optional<SceneTable.Scene> found = table.find(endpoint, fabric, group, sceneId);
        if (found.isEmpty()) {
            return answer(ImStatus.NOT_FOUND, group, sceneId);
        }
        SceneTable.Scene scene = found.get();
        List<TlvElement> fieldSets = SceneValues.encode(scene.values());
        return new CommandResult.Response(Tlv.struct(Tlv.field(0, Tlv.uint(ImStatus.SUCCESS.code())),
                Tlv.field(1, Tlv.uint(group)), Tlv.field(2, Tlv.uint(sceneId)),
                Tlv.field(3, Tlv.uint(scene.transitionMs())), Tlv.field(4, Tlv.text(scene.name())),
                Tlv.field(5, new TlvElement.Array(TlvTag.anonymous(), fieldSets))));
    }

    private CommandResult remove(int endpoint, int fabric, int group, int sceneId) {
        if (sceneId == UNDEFINED_SCENE) {
            return answer(ImStatus.CONSTRAINT_ERROR, group, sceneId);
        }
        if (groupUnknown(endpoint, fabric, group)) {
            return answer(ImStatus.INVALID_COMMAND, group, sceneId);
        }
        try {
            if (!table.remove(endpoint, fabric, group, sceneId)) {
                return answer(ImStatus.NOT_FOUND, group, sceneId);
            }
        } catch (StoreException e) {
            LOG.warn("[matter] scene {} on endpoint {} not removed: {}", sceneId, endpoint, e.getMessage());
            return answer(ImStatus.FAILURE, group, sceneId);
        }
        Current info = currentOf(endpoint, fabric);
        if (info != null && info.group() == group && info.scene() == sceneId && info.valid()) {
            setCurrent(endpoint, fabric, new Current(group, sceneId, false));
        }
        report(endpoint);
        return answer(ImStatus.SUCCESS, group, sceneId);
    }

    private CommandResult removeAll(int endpoint, int fabric, int group) {
        if (groupUnknown(endpoint, fabric, group)) {
            return groupAnswer(ImStatus.INVALID_COMMAND, group);
        }
        try {
            table.removeGroup(endpoint, fabric, group);
        } catch (StoreException e) {
            LOG.warn("[matter] scenes of group {} on endpoint {} not removed: {}", group, endpoint, e.getMessage());
            return groupAnswer(ImStatus.FAILURE, group);
        }
        Current info = currentOf(endpoint, fabric);
        if (info != null && info.group() == group && info.valid()) {
            setCurrent(endpoint, fabric, new Current(group, info.scene(), false));
        }
        report(endpoint);
        return groupAnswer(ImStatus.SUCCESS, group);
    }

    private CommandResult store(int endpoint, int fabric, int group, int sceneId) {
        if (sceneId == UNDEFINED_SCENE) {
            return answer(ImStatus.CONSTRAINT_ERROR, group, sceneId);
        }
        // As connectedhomeip: this fabric's current scene is no longer valid from here, even if the store fails.
        invalidate(endpoint, fabric);
        if (groupUnknown(endpoint, fabric, group)) {
            report(endpoint);
            return answer(ImStatus.INVALID_COMMAND, group, sceneId);
        }
        // An existing scene keeps its name and transition time; its values are replaced by the device's now.
        SceneTable.Scene scene = table.find(endpoint, fabric, group, sceneId)
                .map(s -> new SceneTable.Scene(fabric, group, sceneId, s.name(), s.transitionMs(), values.capture(endpoint)))
                .orElseGet(() -> new SceneTable.Scene(fabric, group, sceneId, "", 0, values.capture(endpoint)));
        CommandResult result = put(endpoint, scene, true);
        report(endpoint);
        return result;
    }

    private CommandResult recall(int endpoint, int fabric, int group, int sceneId, TlvElement.Structure request)
            throws ImException {
        Optional<Long> transition = Tlv.optionalUnsigned(request, 2);
        if (sceneId == UNDEFINED_SCENE
                || transition.isPresent() && Long.compareUnsigned(transition.get(), MAX_TRANSITION_MS) > 0) {
            return CommandResult.status(ImStatus.CONSTRAINT_ERROR);
        }
        if (groupUnknown(endpoint, fabric, group)) {
            return CommandResult.status(ImStatus.INVALID_COMMAND);
        }
        Optional<SceneTable.Scene> found = table.find(endpoint, fabric, group, sceneId);
        if (found.isEmpty()) {
            return CommandResult.status(ImStatus.NOT_FOUND);
        }
        // The device is about to change: no fabric's scene is valid until this one is applied.
        for (int other : List.copyOf(current.getOrDefault(endpoint, Map.of()).keySet())) {
            invalidate(endpoint, other);
        }
        report(endpoint);
        long transitionMs = transition.orElse(found.get().transitionMs());
        ImStatus status;
        List<CompletableFuture<Void>> answers;
        mapper.collectAnswers();
        try {
            status = values.apply(endpoint, found.get().values(), transitionMs);
        } finally {
            answers = mapper.takeAnswers();
        }
        Current recalled = new Current(group, sceneId, true);
        if (!status.isSuccess()) {
            return CommandResult.status(status);
        }
        if (answers.isEmpty()) {
            recalled(endpoint, fabric, recalled);
            return CommandResult.status(status);
        }
        CompletableFuture<CommandResult> answer = new CompletableFuture<>();
        DeviceErrors.later(answers, scheduler, answerBound).whenComplete((result, failure) ->
                nodeLoop.execute(() -> {
                    if (failure == null && result instanceof CommandResult.Status s && s.status().status().isSuccess()) {
                        recalled(endpoint, fabric, recalled);
                    }
                    if (failure != null) {
                        answer.completeExceptionally(failure);
                    } else {
                        answer.complete(result);
                    }
                }));
        return new CommandResult.Later(answer);
    }

    // ---- the On/Off Lighting feature's global scene (On/Off 1.5.7.4, 1.5.7.5; Scenes Management 1.4.2) ----

    /** The global scene's group and id: scene 0 of group 0, one per fabric. */
    static final int GLOBAL_GROUP = 0;
    static final int GLOBAL_SCENE = 0;

    /**
     * OffWithEffect's scene part, before the light goes off: when GlobalSceneControl is true, the endpoint's values
     * now become the accessing fabric's global scene and GlobalSceneControl goes false (so a second OffWithEffect
     * does not store the all-off state). As connectedhomeip, a scene that cannot be stored (no room, a store that
     * fails) does not stop the Off: it is logged.
     */
    void offWithEffect(int endpoint, int fabric) {
        if (!globalSceneControl(endpoint).orElse(false)) {
            return;
        }
        invalidate(endpoint, fabric);
        SceneTable.Scene scene = new SceneTable.Scene(fabric, GLOBAL_GROUP, GLOBAL_SCENE, "", 0,
                this.values.capture(endpoint));
        CommandResult stored = put(endpoint, scene, true);
        if (!stored.equals(answer(ImStatus.SUCCESS, GLOBAL_GROUP, GLOBAL_SCENE))) {
            LOG.warn("[matter] the global scene of fabric {} on endpoint {} was not stored: {}", fabric, endpoint,
                    stored);
        }
        report(endpoint);
        setGlobalSceneControl(endpoint, false);
    }

    /**
     * OnWithRecallGlobalScene's scene part: when GlobalSceneControl is false, the accessing fabric's global scene is
     * sent to the device through the same bound commands RecallScene uses (with the scene's transition time: 0 for
     * one OffWithEffect stored), and GlobalSceneControl goes true. The caller turns the light on afterwards, scene or
     * not, as connectedhomeip does. The scene is current and valid once its commands are accepted; unlike
     * RecallScene, a device that fails later is answered FAILURE by the On/Off handler but the scene stays current
     * (a later state report that differs makes it invalid).
     *
     * @return empty when GlobalSceneControl was already true (the command is discarded: no effect, SUCCESS);
     *         otherwise the status of sending the scene (SUCCESS when there is none)
     */
    Optional<ImStatus> onWithRecallGlobalScene(int endpoint, int fabric) throws ImException {
        if (globalSceneControl(endpoint).orElse(true)) {
            return Optional.empty();
        }
        Optional<SceneTable.Scene> scene = table.find(endpoint, fabric, GLOBAL_GROUP, GLOBAL_SCENE);
        ImStatus status = ImStatus.SUCCESS;
        if (scene.isPresent()) {
            for (int other : List.copyOf(current.getOrDefault(endpoint, Map.of()).keySet())) {
                invalidate(endpoint, other);
            }
            Map<Long, Map<Long, Long>> values = new TreeMap<>(scene.get().values());
            // The light is turned on after the recall whatever the scene's OnOff says: no Off before the On.
            values.remove(ON_OFF);
            status = this.values.apply(endpoint, values, scene.get().transitionMs());
            if (status.isSuccess()) {
                setCurrent(endpoint, fabric, new Current(GLOBAL_GROUP, GLOBAL_SCENE, true));
            }
            report(endpoint);
        }
        setGlobalSceneControl(endpoint, true);
        return Optional.of(status);
    }

    /** A command that turns the light on (On, OnWithTimedOff, or the device reporting on): GlobalSceneControl true. */
    void turnedOn(int endpoint) {
        setGlobalSceneControl(endpoint, true);
    }

    /** GlobalSceneControl of the endpoint's On/Off cluster; empty when it has no Lighting feature. */
    private Optional<Boolean> globalSceneControl(int endpoint) {
        return onOffLighting(endpoint).flatMap(b -> b.get(ON_OFF_GLOBAL_SCENE_CONTROL))
                .map(v -> v instanceof TlvElement.Bool b && b.value());
    }

    private void setGlobalSceneControl(int endpoint, boolean value) {
        Optional<ClusterInstance> instance = onOffLighting(endpoint).map(BoundCluster::instance)
                .filter(Objects::nonNull);
        if (instance.isPresent() && instance.get().set(ON_OFF_GLOBAL_SCENE_CONTROL, Tlv.bool(value))) {
            changed.accept(List.of(ClusterPathIb.of(endpoint, ON_OFF)));
        }
    }

    private Optional<BoundCluster> onOffLighting(int endpoint) {
        return endpoints.apply(endpoint).stream().filter(b -> b.spec().id() == ON_OFF)
                .filter(b -> b.spec().attribute(ON_OFF_GLOBAL_SCENE_CONTROL).isPresent()).findFirst();
    }

    private void recalled(int endpoint, int fabric, Current recalled) {
        setCurrent(endpoint, fabric, recalled);
        report(endpoint);
    }

    private CommandResult membership(int endpoint, int fabric, int group) {
        if (groupUnknown(endpoint, fabric, group)) {
            return new CommandResult.Response(Tlv.struct(Tlv.field(0, Tlv.uint(ImStatus.INVALID_COMMAND.code())),
                    Tlv.field(1, Tlv.nul()), Tlv.field(2, Tlv.uint(group))));
        }
        List<Long> ids = table.scenes(endpoint).stream().filter(s -> s.fabric() == fabric && s.group() == group)
                .map(s -> (long) s.sceneId()).toList();
        return new CommandResult.Response(Tlv.struct(Tlv.field(0, Tlv.uint(ImStatus.SUCCESS.code())),
                Tlv.field(1, Tlv.uint(table.remainingCapacity(endpoint, fabric))), Tlv.field(2, Tlv.uint(group)),
                Tlv.field(3, Tlv.uints(ids))));
    }

    private static CommandResult answer(ImStatus status, int group, int sceneId) {
        return new CommandResult.Response(Tlv.struct(Tlv.field(0, Tlv.uint(status.code())),
                Tlv.field(1, Tlv.uint(group)), Tlv.field(2, Tlv.uint(sceneId))));
    }

    private static CommandResult groupAnswer(ImStatus status, int group) {
        return new CommandResult.Response(Tlv.struct(Tlv.field(0, Tlv.uint(status.code())),
                Tlv.field(1, Tlv.uint(group))));
    }

    // ---- FabricSceneInfo ----

    private Current currentOf(int endpoint, int fabric) {
        return current.getOrDefault(endpoint, Map.of()).get(fabric);
    }

    private void setCurrent(int endpoint, int fabric, Current info) {
        current.computeIfAbsent(endpoint, e -> new HashMap<>()).put(fabric, info);
    }

    private void invalidate(int endpoint, int fabric) {
        Current info = currentOf(endpoint, fabric);
        setCurrent(endpoint, fabric, info == null ? new Current(0, 0, false)
                : new Current(info.group(), info.scene(), false));
    }

    /** Refreshes FabricSceneInfo and tells the node when it changed (a command's effect). */
    private void report(int endpoint) {
        if (refresh(endpoint)) {
            changed.accept(List.of(ClusterPathIb.of(endpoint, SCENES_MANAGEMENT)));
        }
    }

    /**
     * Sets the endpoint's FabricSceneInfo from the table and what is current: one entry per fabric that has scenes
     * here or has stored or recalled one (connectedhomeip makes the entry at a fabric's first scene command).
     *
     * @return true when the value changed (the cluster's data version moved)
     */
    private boolean refresh(int endpoint) {
        Optional<ClusterInstance> instance = endpoints.apply(endpoint).stream()
                .filter(b -> b.spec().id() == SCENES_MANAGEMENT).map(BoundCluster::instance)
                .filter(Objects::nonNull).findFirst();
        if (instance.isEmpty()) {
            return false;
        }
        Set<Integer> fabrics = new TreeSet<>(current.getOrDefault(endpoint, Map.of()).keySet());
        table.scenes(endpoint).forEach(s -> fabrics.add(s.fabric()));
        List<TlvElement> entries = new ArrayList<>();
        for (int fabric : fabrics) {
            Current info = Optional.ofNullable(currentOf(endpoint, fabric)).orElse(new Current(0, 0, false));
            entries.add(Tlv.struct(Tlv.field(0, Tlv.uint(table.count(endpoint, fabric))),
                    Tlv.field(1, Tlv.uint(info.scene())), Tlv.field(2, Tlv.uint(info.group())),
                    Tlv.field(3, Tlv.bool(info.valid())),
                    Tlv.field(4, Tlv.uint(table.remainingCapacity(endpoint, fabric))),
                    Tlv.field(ReadEngine.FABRIC_INDEX_TAG, Tlv.uint(fabric))));
        }
        return instance.get().set(SCENES_FABRIC_SCENE_INFO, new TlvElement.Array(TlvTag.anonymous(), entries));
    }
}
