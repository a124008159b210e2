package org.cpebridge.matter.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.event.Subscription;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.DeviceType;
import org.cpebridge.matter.cluster.InvokeDispatcher;
import org.cpebridge.matter.cluster.WriteEngine;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.Descriptor;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.group.GroupDirectory;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge layer: every core device (minus those the household excluded) as bridged endpoints under the Aggregator,
 * kept in step with the core. It mounts the devices the registry holds at start, then follows the core's events:
 * a device added or removed changes the endpoints and the PartsLists, a state change moves exactly the data version
 * of the clusters showing that capability and tells the node which clusters are dirty (so subscription reports read
 * only those), and what happens at a device becomes Matter events (ReachableChanged, StateChange, InitialPress and
 * ShortRelease, SmokeAlarm and AllClear). Basic Information StartUp and ShutDown are logged at start and close.
 * Scenes Management on lights and plug-in units is its {@link ScenesServer}'s, which the bridge tells of mounts,
 * removals, fabric removals and scene-able state changes.
 *
 * <p>Owned by the node loop: core events arrive on the event bus's thread and hop onto it through {@code nodeLoop}.
 */
public final class MatterBridge implements AutoCloseable {

    /** Tells the node that clusters changed or events were logged; called on the node loop. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(Collection<ClusterPathIb> clusters, boolean eventsLogged);
    }

    private static final Logger LOG = LoggerFactory.getLogger(MatterBridge.class);
    private static final int AGGREGATOR = StandardEndpoints.AGGREGATOR_ENDPOINT;
    private static final int PRIORITY_INFO = 1;
    private static final int PRIORITY_CRITICAL = 2;

    /** A bridged endpoint as mounted. */
    private record Mounted(int endpoint, DeviceId device, DeviceMapper.EndpointPlan plan) {
    }

    private final DeviceRegistry registry;
    private final EventBus bus;
    private final DataModel model;
    private final EventNumbers events;
    private final EndpointNumbers numbers;
    private final EndpointSettings settings;
    private final DeviceMapper mapper;
    private final java.time.Clock clock;
    private final Executor nodeLoop;
    private final ChangeListener listener;
    private final Set<String> excluded;
    private final long softwareVersion;
    private final Scheduler scheduler;
    private final Duration answerBound;
    private final ScenesServer scenes;
    /** IdentifyTime's countdown on every bridged endpoint with Identify. */
    private final IdentifyCountdown identify;

    private final Map<DeviceId, List<Mounted>> byDevice = new HashMap<>();
    private final Map<Integer, Mounted> byEndpoint = new HashMap<>();
    private final Map<DeviceId, Device> mountedAs = new HashMap<>();
    private Subscription subscription;
    /** Told of each bridged endpoint that went away at run time and was not mounted again (its groups go). */
    private java.util.function.IntConsumer endpointRemoved = endpoint -> { };
    private final List<Integer> unmounted = new ArrayList<>();

    /**
     * A bridge over the core's registry and events, building endpoints in {@code model}.
     *
     * @param excluded device ids ({@code dect:0F015E0001}) left out of Matter
     * @param softwareVersion Basic Information SoftwareVersion, carried by the StartUp event
     * @param scheduler times the wait for a device's answer to a command
     * @param answerBound how long an InvokeResponse waits for the device's answer before it says TIMEOUT
     * @param groups which endpoints are in which group, for Scenes Management
     */
    public MatterBridge(DeviceRegistry registry, EventBus bus, CommandRouter commands, DurableStore store,
                        java.time.Clock clock, DataModel model, EventNumbers events, Executor nodeLoop,
                        ChangeListener listener, Collection<String> excluded, long softwareVersion,
                        Scheduler scheduler, Duration answerBound, GroupDirectory groups) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.answerBound = Objects.requireNonNull(answerBound, "answerBound");
        if (answerBound.isNegative() || answerBound.isZero()) {
            throw new IllegalArgumentException("answerBound must be positive: " + answerBound);
        }
        this.registry = Objects.requireNonNull(registry, "registry");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.model = Objects.requireNonNull(model, "model");
        this.events = Objects.requireNonNull(events, "events");
        this.numbers = EndpointNumbers.load(store);
        this.settings = EndpointSettings.load(store);
        this.mapper = new DeviceMapper(registry, commands);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nodeLoop = Objects.requireNonNull(nodeLoop, "nodeLoop");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.excluded = Set.copyOf(excluded);
        this.softwareVersion = softwareVersion;
        this.scenes = new ScenesServer(SceneTable.load(store), groups, this::clustersOf, mapper, scheduler,
                answerBound, nodeLoop, paths -> listener.changed(paths, false));
        this.identify = new IdentifyCountdown(scheduler, nodeLoop, cluster -> listener.changed(List.of(cluster),
                false));
    }

    /** The bound clusters of a mounted endpoint; empty when none is mounted there. */
    private List<BoundCluster> clustersOf(int endpoint) {
        Mounted mounted = byEndpoint.get(endpoint);
        return mounted == null ? List.of() : mounted.plan().clusters();
    }

    /** Installs the command handlers and write checks of the bridged clusters on the node's engines. */
    public void install(InvokeDispatcher invokes, WriteEngine writes) {
        invokes.setHandler(BridgedClusters.IDENTIFY, identify);
        writes.setWriter(BridgedClusters.IDENTIFY, IdentifyCountdown.IDENTIFY_TIME, identify);
        for (long clusterId : List.of(BridgedClusters.ON_OFF,
                BridgedClusters.LEVEL_CONTROL, BridgedClusters.COLOR_CONTROL, BridgedClusters.THERMOSTAT_CLUSTER,
                BridgedClusters.WINDOW_COVERING_CLUSTER)) {
            invokes.setHandler(clusterId, (subject, cluster, command, fields) -> {
                Optional<BoundCluster> bound = bound(cluster);
                Optional<BoundCluster.Command> handler = bound.flatMap(b -> b.command(command.id()));
                if (handler.isEmpty()) {
                    return CommandResult.status(ImStatus.UNSUPPORTED_COMMAND);
                }
                TlvElement.Structure structure = fields instanceof TlvElement.Structure s ? s
                        : new TlvElement.Structure(fields.tag(), List.of());
                if (!(fields instanceof TlvElement.Structure)) {
                    return CommandResult.status(ImStatus.INVALID_COMMAND);
                }
                ImStatus status;
                mapper.collectAnswers();
                List<CompletableFuture<Void>> answers;
                try {
                    status = clusterId == BridgedClusters.ON_OFF
                            ? onOff(subject, cluster.endpoint(), command.id(), handler.get(), structure)
                            : handler.get().invoke(structure);
                } finally {
                    answers = mapper.takeAnswers();
                }
                if (status != ImStatus.SUCCESS || answers.isEmpty()) {
                    return CommandResult.status(status);
                }
                return new CommandResult.Later(DeviceErrors.later(answers, scheduler, answerBound));
            });
        }
        invokes.setHandler(BridgedClusters.SCENES_MANAGEMENT, scenes);
        // A write of device state (a set-point, a name) is answered when the core and the device have: a refusal
        // through DeviceErrors, TIMEOUT at the same bound as commands; the WriteResponse waits (WriteEngine). A
        // write of a Matter-only setting is stored before it takes effect (EndpointSettings).
        for (long clusterId : List.of(BridgedClusters.BDBI, BridgedClusters.THERMOSTAT_CLUSTER,
                BridgedClusters.ON_OFF, BridgedClusters.LEVEL_CONTROL, BridgedClusters.COLOR_CONTROL,
                BridgedClusters.WINDOW_COVERING_CLUSTER)) {
            writes.setDeviceWriter(clusterId, (subject, cluster, attribute, value) -> bound(cluster)
                    .flatMap(bound -> writeBridged(bound, cluster, attribute.id(), value)));
        }
    }

    /** Device state to the device, a Matter-only setting to the store first; empty for anything else. */
    private Optional<CompletableFuture<ImStatus>> writeBridged(BoundCluster bound, ClusterInstance cluster,
            long attributeId, TlvElement value) {
        Optional<BoundCluster.Write> write = bound.write(attributeId);
        if (write.isPresent()) {
            return Optional.of(writeDeviceState(write.get(), value));
        }
        if (!bound.isSetting(attributeId)) {
            return Optional.empty();
        }
        return Optional.of(CompletableFuture.completedFuture(settings.apply(cluster, attributeId, value,
                () -> listener.changed(List.of(ClusterPathIb.of(cluster.endpoint(), cluster.spec().id())), false))));
    }

    private CompletableFuture<ImStatus> writeDeviceState(BoundCluster.Write write, TlvElement value) {
        ImStatus status;
        List<CompletableFuture<Void>> answers;
        mapper.collectAnswers();
        try {
            status = write.write(value);
        } finally {
            answers = mapper.takeAnswers();
        }
        if (status != ImStatus.SUCCESS || answers.isEmpty()) {
            return CompletableFuture.completedFuture(status);
        }
        return DeviceErrors.laterStatus(answers, scheduler, answerBound, false);
    }

    /**
     * An On/Off command, with the Lighting feature's global scene around it (On/Off 1.5.7.4-1.5.7.5): the bound
     * clusters' commands do not know the accessing fabric a global scene belongs to, so it is handled here, where the
     * subject is known, by the {@link ScenesServer} that keeps the scene table. On an endpoint without the Lighting
     * feature the command is what the bound cluster does (those commands are not in its spec and never get here).
     */
    private ImStatus onOff(AccessSubject subject, int endpoint, long commandId, BoundCluster.Command command,
                           TlvElement.Structure fields) throws ImException {
        if (commandId == BridgedClusters.CMD_OFF_WITH_EFFECT) {
            // The fields are checked before the scene is stored: a malformed command changes nothing.
            Tlv.requiredUnsigned(fields, 0, 0xFF);
            Tlv.requiredUnsigned(fields, 1, 0xFF);
            scenes.offWithEffect(endpoint, subject.fabricIndex());
            return command.invoke(fields);
        }
        if (commandId == BridgedClusters.CMD_ON_WITH_RECALL_GLOBAL_SCENE) {
            Optional<ImStatus> recalled = scenes.onWithRecallGlobalScene(endpoint, subject.fabricIndex());
            if (recalled.isEmpty()) {
                // GlobalSceneControl true: the spec discards the command.
                return ImStatus.SUCCESS;
            }
            return recalled.get().isSuccess() ? command.invoke(fields) : recalled.get();
        }
        ImStatus status = command.invoke(fields);
        if (status.isSuccess()
                && (commandId == BridgedClusters.CMD_ON || commandId == BridgedClusters.CMD_ON_WITH_TIMED_OFF)) {
            scenes.turnedOn(endpoint);
        }
        return status;
    }

    private Optional<BoundCluster> bound(ClusterInstance cluster) {
        Mounted mounted = byEndpoint.get(cluster.endpoint());
        if (mounted == null) {
            return Optional.empty();
        }
        return mounted.plan().clusters().stream().filter(b -> b.instance() == cluster).findFirst();
    }

    /**
     * Logs StartUp, follows the core's events and mounts the devices the registry holds now. Call on the node loop,
     * after {@link #install}.
     */
    public void start() {
        events.record(0, BasicInformation.ID, BasicInformation.EVENT_START_UP, PRIORITY_CRITICAL, clock.millis(),
                Tlv.struct(Tlv.field(0, Tlv.uint(softwareVersion))));
        subscription = bus.subscribe("matter-bridge", event -> nodeLoop.execute(() -> onEvent(event)));
        int count = 0;
        numbers.defer();
        try {
            for (Device device : registry.devices()) {
                if (mount(device)) {
                    count++;
                }
            }
        } finally {
            numbers.flush();
        }
        scenes.retain(byEndpoint.keySet());
        settings.retainEndpoints(byEndpoint.keySet());
        model.updateDescriptors();
        LOG.info("[matter] bridge: {} device(s) on {} bridged endpoint(s), {} excluded", count, byEndpoint.size(),
                excluded.size());
        listener.changed(List.of(ClusterPathIb.of(0, Descriptor.ID), ClusterPathIb.of(AGGREGATOR, Descriptor.ID)),
                true);
    }

    /**
     * Registers who is told, on the node loop, of each bridged endpoint that went away at run time (its device removed,
     * excluded or left with nothing Matter can show); an endpoint mounted again at once (a device whose capabilities
     * changed) is not gone.
     */
    public void onEndpointRemoved(java.util.function.IntConsumer listener) {
        endpointRemoved = Objects.requireNonNull(listener, "listener");
    }

    /** The endpoint numbers of a device's endpoints, whole device first (for tests and logs). */
    public List<Integer> endpointsOf(DeviceId device) {
        return byDevice.getOrDefault(device, List.of()).stream().map(Mounted::endpoint).toList();
    }

    // ---- core events ----

    private void onEvent(DeviceEvent event) {
        Set<ClusterPathIb> dirty = new LinkedHashSet<>();
        boolean logged = false;
        try {
            if (event instanceof DeviceEvent.DeviceAdded added) {
                remount(added.added(), dirty);
            } else if (event instanceof DeviceEvent.DeviceRemoved removed) {
                unmount(removed.removed().id(), dirty);
                model.updateDescriptors();
            } else if (event instanceof DeviceEvent.DeviceChanged changed) {
                Device before = mountedAs.get(changed.after().id());
                // What decides the endpoints: the capabilities, and the kind (an On/Off light or a plug-in unit);
                // none at all once the household leaves the device out of Matter.
                if (before == null || !before.capabilities().equals(changed.after().capabilities())
                        || before.kind() != changed.after().kind() || changed.after().excludedFromMatter()) {
                    remount(changed.after(), dirty);
                } else {
                    mountedAs.put(changed.after().id(), changed.after());
                    markDeviceFacts(changed.after().id(), dirty);
                }
            } else if (event instanceof DeviceEvent.StateChanged state) {
                logged = onStateChanged(state, dirty);
            } else if (event instanceof DeviceEvent.ReachabilityChanged reachability) {
                markDeviceFacts(reachability.device(), dirty);
                for (Mounted mounted : byDevice.getOrDefault(reachability.device(), List.of())) {
                    events.record(mounted.endpoint(), BridgedClusters.BDBI,
                            BridgedClusters.BDBI_EVENT_REACHABLE_CHANGED, PRIORITY_INFO, clock.millis(),
                            Tlv.struct(Tlv.field(0, Tlv.bool(reachability.reachable()))));
                    logged = true;
                }
            } else if (event instanceof DeviceEvent.CapabilityEvent happened) {
                logged = onCapabilityEvent(happened);
            }
        } catch (RuntimeException e) {
            // One bad event must not stop the bridge following the core; the device's endpoint keeps its last shape.
            LOG.warn("[matter] bridge could not apply {} for {}", event.getClass().getSimpleName(), event.device(), e);
        }
        reportRemovedEndpoints();
        if (!dirty.isEmpty() || logged) {
            listener.changed(dirty, logged);
        }
    }

    private void reportRemovedEndpoints() {
        if (unmounted.isEmpty()) {
            return;
        }
        List<Integer> gone = unmounted.stream().filter(endpoint -> !byEndpoint.containsKey(endpoint)).toList();
        unmounted.clear();
        for (int endpoint : gone) {
            // Its scenes and settings go with it; an endpoint a remounted device keeps (its capabilities changed)
            // keeps them.
            scenes.endpointRemoved(endpoint);
            settings.endpointRemoved(endpoint);
            try {
                endpointRemoved.accept(endpoint);
            } catch (RuntimeException e) {
                LOG.warn("[matter] endpoint {} removed, but its listener failed", endpoint, e);
            }
        }
    }

    private boolean onStateChanged(DeviceEvent.StateChanged state, Set<ClusterPathIb> dirty) {
        boolean logged = false;
        String capabilityKey = state.attribute().capability();
        for (Mounted mounted : byDevice.getOrDefault(state.attribute().device(), List.of())) {
            for (BoundCluster bound : mounted.plan().clusters()) {
                if (!bound.capabilityKeys().contains(capabilityKey)) {
                    continue;
                }
                bound.instance().bumpDataVersion();
                dirty.add(ClusterPathIb.of(mounted.endpoint(), bound.spec().id()));
                logged |= eventForState(mounted.endpoint(), bound, state);
                if (bound.spec().id() == BridgedClusters.ON_OFF && bound.get(BridgedClusters.ON_OFF_ON_OFF)
                        .filter(on -> on instanceof TlvElement.Bool b && b.value()).isPresent()) {
                    // Whatever turned the light on (Toggle, MoveToLevelWithOnOff, a scene, its own switch):
                    // GlobalSceneControl true, so the next OffWithEffect stores the global scene again.
                    scenes.turnedOn(mounted.endpoint());
                }
                if (scenes.stateChanged(mounted.endpoint(), bound.spec().id())) {
                    dirty.add(ClusterPathIb.of(mounted.endpoint(), BridgedClusters.SCENES_MANAGEMENT));
                }
            }
        }
        return logged;
    }

    /**
     * The events a new state value means: Boolean State StateChange, Smoke CO Alarm SmokeAlarm / AllClear, Electrical
     * Energy Measurement CumulativeEnergyMeasured.
     */
    private boolean eventForState(int endpoint, BoundCluster bound, DeviceEvent.StateChanged state) {
        long cluster = bound.spec().id();
        String attribute = state.attribute().attribute();
        long now = clock.millis();
        if (cluster == BridgedClusters.ELECTRICAL_ENERGY_MEASUREMENT && attribute.equals("energy")) {
            // CumulativeEnergyMeasured for every reading, the first too: EnergyImported is the struct that
            // CumulativeEnergyImported reads.
            registry.state(state.attribute()).ifPresent(reading -> events.record(endpoint, cluster,
                    BridgedClusters.EEM_EVENT_CUMULATIVE_ENERGY_MEASURED, PRIORITY_INFO, now,
                    Tlv.struct(Tlv.field(0, DeviceMapper.energyMeasurement(reading)))));
            return true;
        }
        if (state.previous() == null) {
            return false;
        }
        if (cluster == BridgedClusters.BOOLEAN_STATE && (attribute.equals("open") || attribute.equals("leak"))) {
            boolean stateValue = attribute.equals("open") ? !state.current().asBoolean() : state.current().asBoolean();
            events.record(endpoint, cluster, BridgedClusters.BOOLEAN_EVENT_STATE_CHANGE, PRIORITY_INFO, now,
                    Tlv.struct(Tlv.field(0, Tlv.bool(stateValue))));
            return true;
        }
        if (cluster == BridgedClusters.SMOKE_CO_ALARM_CLUSTER && attribute.equals("smoke")) {
            if (state.current().asBoolean()) {
                // AlarmSeverityLevel: 2 Critical.
                events.record(endpoint, cluster, BridgedClusters.SMOKE_EVENT_SMOKE_ALARM, PRIORITY_CRITICAL, now,
                        Tlv.struct(Tlv.field(0, Tlv.uint(2))));
            } else {
                events.record(endpoint, cluster, BridgedClusters.SMOKE_EVENT_ALL_CLEAR, PRIORITY_INFO, now,
                        Tlv.struct());
            }
            return true;
        }
        return false;
    }

    /** A button press: Switch InitialPress to position 1, then ShortRelease from it (a momentary switch). */
    private boolean onCapabilityEvent(DeviceEvent.CapabilityEvent happened) {
        boolean logged = false;
        for (Mounted mounted : byDevice.getOrDefault(happened.device(), List.of())) {
            for (BoundCluster bound : mounted.plan().clusters()) {
                if (bound.spec().id() == BridgedClusters.SWITCH
                        && bound.capabilityKeys().contains(happened.capability())
                        && happened.event().equals("pressed")) {
                    long now = clock.millis();
                    events.record(mounted.endpoint(), BridgedClusters.SWITCH,
                            BridgedClusters.SWITCH_EVENT_INITIAL_PRESS, PRIORITY_INFO, now,
                            Tlv.struct(Tlv.field(0, Tlv.uint(1))));
                    events.record(mounted.endpoint(), BridgedClusters.SWITCH,
                            BridgedClusters.SWITCH_EVENT_SHORT_RELEASE, PRIORITY_INFO, now,
                            Tlv.struct(Tlv.field(0, Tlv.uint(1))));
                    logged = true;
                }
            }
        }
        return logged;
    }

    private void markDeviceFacts(DeviceId device, Set<ClusterPathIb> dirty) {
        for (Mounted mounted : byDevice.getOrDefault(device, List.of())) {
            for (BoundCluster bound : mounted.plan().clusters()) {
                if (bound.showsDeviceFacts()) {
                    bound.instance().bumpDataVersion();
                    dirty.add(ClusterPathIb.of(mounted.endpoint(), bound.spec().id()));
                }
            }
        }
    }

    // ---- endpoints ----

    private void remount(Device device, Set<ClusterPathIb> dirty) {
        unmount(device.id(), dirty);
        if (mount(device)) {
            for (Mounted mounted : byDevice.get(device.id())) {
                model.endpoint(mounted.endpoint()).ifPresent(endpoint -> endpoint.clusters().forEach(c ->
                        dirty.add(ClusterPathIb.of(mounted.endpoint(), c.id()))));
            }
        }
        model.updateDescriptors();
        dirty.add(ClusterPathIb.of(0, Descriptor.ID));
        dirty.add(ClusterPathIb.of(AGGREGATOR, Descriptor.ID));
    }

    /** Adds a device's endpoints; false when it is excluded or Matter can show none of it. */
    private boolean mount(Device device) {
        if (excluded.contains(device.id().toString()) || device.excludedFromMatter()) {
            LOG.debug("[matter] {} is excluded ({})", device.id(), device.excludedFromMatter()
                    ? "by the household" : "matter.exclude");
            return false;
        }
        List<DeviceMapper.EndpointPlan> plans = mapper.plan(device);
        if (plans.isEmpty()) {
            LOG.debug("[matter] {} has no capability Matter can show", device.id());
            return false;
        }
        List<Mounted> mounted = new ArrayList<>();
        for (DeviceMapper.EndpointPlan plan : plans) {
            int number = numbers.numberFor(plan.key());
            List<DeviceType> types = new ArrayList<>(plan.deviceTypes());
            types.add(DeviceType.BRIDGED_NODE);
            model.addEndpoint(number, OptionalInt.of(AGGREGATOR), types);
            model.addCluster(number, Descriptor.SPEC);
            for (BoundCluster bound : plan.clusters()) {
                settings.restore(number, bound);
                ClusterInstance instance = model.addCluster(number, bound.spec(), bound);
                bound.attach(instance);
                if (bound.spec().id() == BridgedClusters.POWER_SOURCE_CLUSTER) {
                    instance.set(BridgedClusters.PS_ENDPOINT_LIST, Tlv.uints(List.of((long) number)));
                }
            }
            Mounted entry = new Mounted(number, device.id(), plan);
            mounted.add(entry);
            byEndpoint.put(number, entry);
            scenes.mounted(number);
        }
        byDevice.put(device.id(), mounted);
        mountedAs.put(device.id(), device);
        LOG.debug("[matter] {} on endpoint(s) {}", device.id(), mounted.stream().map(Mounted::endpoint).toList());
        return true;
    }

    private void unmount(DeviceId device, Set<ClusterPathIb> dirty) {
        List<Mounted> mounted = byDevice.remove(device);
        mountedAs.remove(device);
        if (mounted == null) {
            return;
        }
        for (Mounted entry : mounted) {
            identify.endpointRemoved(entry.endpoint());
            model.removeEndpoint(entry.endpoint());
            byEndpoint.remove(entry.endpoint());
            unmounted.add(entry.endpoint());
        }
        dirty.add(ClusterPathIb.of(0, Descriptor.ID));
        dirty.add(ClusterPathIb.of(AGGREGATOR, Descriptor.ID));
    }

    /** A fabric left the node: its scenes go. Call on the node loop. */
    public void fabricRemoved(int fabricIndex) {
        scenes.fabricRemoved(fabricIndex);
    }

    /** Logs ShutDown and stops following the core. Call on the node loop. */
    @Override
    public void close() {
        identify.close();
        if (subscription != null) {
            subscription.close();
            subscription = null;
            events.record(0, BasicInformation.ID, BasicInformation.EVENT_SHUT_DOWN, PRIORITY_CRITICAL,
                    clock.millis(), Tlv.struct());
        }
    }
}
