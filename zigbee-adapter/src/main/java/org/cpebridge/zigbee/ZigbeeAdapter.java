package org.cpebridge.zigbee;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.AttributeState;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterStatus;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.util.SerialExecutor;
import org.cpebridge.mqtt.link.MqttLink;
import org.cpebridge.mqtt.link.MqttLinkException;
import org.cpebridge.mqtt.link.MqttLinkSettings;
import org.cpebridge.zigbee.z2m.BridgeDevices;
import org.cpebridge.zigbee.z2m.BridgeInfo;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.zigbee.z2m.BridgeMessages;
import org.cpebridge.zigbee.z2m.BridgeMessages.BridgeEvent;
import org.cpebridge.zigbee.z2m.CommandMapper;
import org.cpebridge.zigbee.z2m.DeviceMapping;
import org.cpebridge.zigbee.z2m.ExposesMapper;
import org.cpebridge.zigbee.z2m.SetRequest;
import org.cpebridge.zigbee.z2m.StateMapper;
import org.cpebridge.zigbee.z2m.StateReport;
import org.cpebridge.zigbee.z2m.Z2mDevice;
import org.cpebridge.zigbee.z2m.Z2mFormatException;
import org.cpebridge.zigbee.z2m.Z2mTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zigbee devices through Zigbee2MQTT's MQTT API. Device ids are {@code <adapter>:<ieee address>}, so a rename in
 * Zigbee2MQTT keeps the core device.
 *
 * <p>Every field below is owned by the adapter's {@link SerialExecutor}; MQTT callbacks only queue work on it
 * through the {@link Inbox}. Faults become device reachability and adapter status, never exceptions: a malformed
 * payload is logged in one line and dropped.
 *
 * <p>Why one class of about 680 lines: lifecycle, {@code bridge/devices}, availability, state messages and commands
 * all read and change the one device table its executor owns; parsing and mapping already live in {@code z2m}.
 */
public final class ZigbeeAdapter implements Adapter {

    private static final Logger LOG = LoggerFactory.getLogger(ZigbeeAdapter.class);
    private static final int MAX_PENDING_PER_DEVICE = 16;
    private static final int MAX_ORPHAN_AVAILABILITY = 1024;
    private static final int MAX_PERMIT_JOIN_SECONDS = 254;

    /** Makes the MQTT link; the factory uses {@link org.cpebridge.mqtt.link.MqttLinks}. */
    @FunctionalInterface
    public interface LinkFactory {
        MqttLink create(MqttLinkSettings settings, Scheduler scheduler, MqttLink.Listener listener);
    }

    private final AdapterContext context;
    private final ZigbeeSettings settings;
    private final DeviceRegistry registry;
    private final SerialExecutor executor;
    private final Inbox inbox;
    private final MqttLink link;
    private final Runnable onClose;
    private final String base;

    private final Map<String, Tracked> byIeee = new LinkedHashMap<>();
    private final Map<String, String> ieeeByName = new HashMap<>();
    private final Map<String, Boolean> orphanAvailability = new LinkedHashMap<>();
    private final Set<String> refreshedThisConnection = new HashSet<>();
    private final Set<String> skipLogged = new HashSet<>();
    private final Map<String, PendingJoin> pendingJoins = new HashMap<>();
    private boolean connected;
    private Boolean bridgeOnline;
    private boolean closed;
    private long transactions;
    private AdapterStatus lastStatus;
    // The last bridge/info and bridge/devices, for the radio network the faces show.
    private BridgeInfo bridgeInfo;
    private List<Z2mDevice> deviceList = List.of();

    public ZigbeeAdapter(AdapterContext context, ZigbeeSettings settings, LinkFactory linkFactory, Runnable onClose) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = context.registry();
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        this.base = settings.baseTopic();
        this.executor = new SerialExecutor(context.executor(), "zigbee");
        this.inbox = new Inbox(executor, this::onMessage, 32, 4096);
        MqttLinkSettings linkSettings = new MqttLinkSettings(settings.mqttUrl(), settings.clientId(),
                settings.username(), settings.password(), List.of(base + "/#"), "", null, false,
                settings.minReconnectDelay(), settings.maxReconnectDelay(),
                (int) settings.keepAlive().toSeconds());
        this.link = linkFactory.create(linkSettings, context.scheduler(), new MqttLink.Listener() {
            @Override
            public void connected() {
                executor.execute(ZigbeeAdapter.this::onConnected);
            }

            @Override
            public void disconnected(String reason) {
                executor.execute(() -> onDisconnected(reason));
            }

            @Override
            public void message(String topic, byte[] payload, boolean retained) {
                inbox.offer(topic, payload);
            }
        });
    }

    @Override
    public void start() {
        report(new AdapterStatus(AdapterStatus.State.STARTING, "connecting to " + settings.mqttUrl()));
        LOG.info("[zigbee] starting: broker {}, base topic {}", settings.mqttUrl(), base);
        link.start();
    }

    // ---- MQTT side, all on the executor ----

    private void onConnected() {
        if (closed) {
            return;
        }
        connected = true;
        refreshedThisConnection.clear();
        updateStatus();
        // Retained messages may have been handled before this callback: settle reachability now.
        refreshReachability();
        if (Boolean.TRUE.equals(bridgeOnline)) {
            for (Tracked tracked : byIeee.values()) {
                requestRefresh(tracked);
            }
        }
    }

    private void onDisconnected(String reason) {
        if (closed) {
            return;
        }
        boolean was = connected;
        connected = false;
        bridgeOnline = null;
        if (was || lastStatus == null || lastStatus.state() != AdapterStatus.State.OFFLINE) {
            updateStatus();
        }
        for (Tracked tracked : byIeee.values()) {
            tracked.failPending(ErrorKind.UNREACHABLE, "MQTT connection lost");
        }
        for (PendingJoin join : List.copyOf(pendingJoins.values())) {
            join.fail(new DeviceException(ErrorKind.UNREACHABLE, "MQTT connection lost"));
        }
        refreshReachability();
    }

    private void onMessage(String topic, byte[] bytes) {
        if (closed) {
            return;
        }
        String payload = new String(bytes, StandardCharsets.UTF_8);
        LOG.trace("[zigbee] <- {} {} bytes", topic, bytes.length);
        Z2mTopic kind = BridgeMessages.classify(base, topic);
        try {
            if (kind instanceof Z2mTopic.BridgeState) {
                BridgeMessages.parseOnline(payload).ifPresent(this::onBridgeState);
            } else if (kind instanceof Z2mTopic.BridgeDevices) {
                onDevices(BridgeDevices.parse(payload));
            } else if (kind instanceof Z2mTopic.BridgeInfoTopic) {
                bridgeInfo = BridgeInfo.parse(payload);
                reportNetwork();
            } else if (kind instanceof Z2mTopic.BridgeEventTopic) {
                onEvent(BridgeMessages.parseEvent(payload));
            } else if (kind instanceof Z2mTopic.BridgeResponse response) {
                onResponse(response.request(), payload);
            } else if (kind instanceof Z2mTopic.DeviceAvailability availability) {
                onAvailability(availability.friendlyName(), payload);
            } else if (kind instanceof Z2mTopic.DeviceState state) {
                onState(state.friendlyName(), payload);
            }
        } catch (Z2mFormatException e) {
            LOG.warn("[zigbee] ignored a malformed message on {}: {}", topic, e.getMessage());
        } catch (RuntimeException e) {
            // A bug must not stop the other devices' messages.
            LOG.warn("[zigbee] failed to handle a message on {}", topic, e);
        }
    }

    private void onBridgeState(boolean online) {
        if (!Objects.equals(bridgeOnline, online)) {
            LOG.info("[zigbee] Zigbee2MQTT is {}", online ? "online" : "offline");
        }
        bridgeOnline = online;
        if (!online) {
            refreshedThisConnection.clear();
        }
        updateStatus();
        refreshReachability();
        if (online) {
            for (Tracked tracked : byIeee.values()) {
                requestRefresh(tracked);
            }
        }
    }

    private void onDevices(List<Z2mDevice> devices) {
        if (devices.stream().noneMatch(Z2mDevice::isCoordinator)) {
            // Zigbee2MQTT always lists its coordinator first; a list without it is not one to remove devices by.
            throw new Z2mFormatException("bridge/devices without the coordinator");
        }
        deviceList = List.copyOf(devices);
        Set<String> present = new HashSet<>();
        for (Z2mDevice device : devices) {
            if (!device.isReady()) {
                continue;
            }
            present.add(device.ieeeAddress());
            Tracked tracked = byIeee.get(device.ieeeAddress());
            DeviceMapping mapping = ExposesMapper.map(device);
            if (tracked == null) {
                tracked = new Tracked(DeviceId.of(context.adapterId(), device.ieeeAddress()), mapping);
                byIeee.put(device.ieeeAddress(), tracked);
            } else {
                if (!tracked.name().equals(device.friendlyName())) {
                    LOG.info("[zigbee] {} renamed from '{}' to '{}'", tracked.id, tracked.name(),
                            device.friendlyName());
                    ieeeByName.remove(tracked.name());
                    tracked.available = null;
                }
                tracked.mapping = mapping;
            }
            ieeeByName.put(device.friendlyName(), device.ieeeAddress());
            Boolean orphan = orphanAvailability.remove(device.friendlyName());
            if (orphan != null) {
                tracked.available = orphan;
            }
            register(tracked);
            requestRefresh(tracked);
        }
        for (Tracked gone : List.copyOf(byIeee.values())) {
            if (!present.contains(gone.ieee())) {
                LOG.info("[zigbee] {} ({}) is no longer in bridge/devices; removing it", gone.id, gone.name());
                forget(gone, "removed from Zigbee2MQTT");
            }
        }
        // Devices stored by an earlier run that Zigbee2MQTT no longer knows.
        for (Device stored : registry.devices()) {
            if (stored.id().adapter().equals(context.adapterId()) && !byIeee.containsKey(stored.id().nativeId())) {
                LOG.info("[zigbee] {} is not in Zigbee2MQTT's device list; removing it", stored.id());
                registry.remove(stored.id());
            }
        }
        reportNetwork();
    }

    private void register(Tracked tracked) {
        Z2mDevice device = tracked.mapping.device();
        Device reported = Device.builder(tracked.id)
                .vendor(device.vendor().isEmpty() ? device.manufacturer() : device.vendor())
                .model(device.model().isEmpty() ? device.modelId() : device.model())
                .serial(device.ieeeAddress())
                .firmware(device.softwareBuildId())
                .name(device.friendlyName())
                .reachable(reachable(tracked), unreachableReason(tracked))
                .capabilities(tracked.mapping.capabilities())
                .kind(tracked.mapping.kind())
                .build();
        registry.register(reported);
        if (skipLogged.add(device.ieeeAddress())) {
            LOG.info("[zigbee] {} '{}' ({} {}): {} capabilities{}", tracked.id, device.friendlyName(),
                    reported.vendor(), reported.model(), tracked.mapping.capabilities().size(),
                    tracked.mapping.skipped().isEmpty() ? ""
                            : "; not mapped: " + String.join(", ", tracked.mapping.skipped()));
        }
    }

    private void requestRefresh(Tracked tracked) {
        if (!connected || !Boolean.TRUE.equals(bridgeOnline) || tracked.mapping.gettable().isEmpty()
                || !refreshedThisConnection.add(tracked.ieee())) {
            return;
        }
        Map<String, Object> get = new LinkedHashMap<>();
        for (String property : tracked.mapping.gettable()) {
            get.put(property, "");
        }
        publish(base + "/" + tracked.name() + "/get", Json.write(get), 0);
    }

    private void onEvent(BridgeEvent event) {
        if (event instanceof BridgeEvent.DeviceLeave leave) {
            Tracked tracked = byIeee.get(leave.ieeeAddress());
            LOG.info("[zigbee] {} left the network", leave.ieeeAddress());
            if (tracked != null) {
                forget(tracked, "left the network");
            } else {
                registry.remove(DeviceId.of(context.adapterId(), leave.ieeeAddress()));
            }
        } else if (event instanceof BridgeEvent.DeviceJoined joined) {
            LOG.info("[zigbee] {} joined; waiting for its interview", joined.ieeeAddress());
        } else if (event instanceof BridgeEvent.DeviceInterview interview) {
            LOG.info("[zigbee] interview of {}: {}", interview.ieeeAddress(), interview.status());
        } else {
            LOG.debug("[zigbee] bridge event {}", event);
        }
    }

    private void forget(Tracked tracked, String why) {
        byIeee.remove(tracked.ieee());
        ieeeByName.remove(tracked.name());
        skipLogged.remove(tracked.ieee());
        tracked.failPending(ErrorKind.NOT_FOUND, tracked.id + " " + why);
        registry.remove(tracked.id);
    }

    private void onAvailability(String friendlyName, String payload) {
        var online = BridgeMessages.parseOnline(payload);
        if (online.isEmpty()) {
            return;
        }
        String ieee = ieeeByName.get(friendlyName);
        if (ieee == null) {
            if (orphanAvailability.size() >= MAX_ORPHAN_AVAILABILITY) {
                orphanAvailability.remove(orphanAvailability.keySet().iterator().next());
            }
            orphanAvailability.put(friendlyName, online.get());
            return;
        }
        Tracked tracked = byIeee.get(ieee);
        tracked.available = online.get();
        applyReachability(tracked);
        reportNetwork();
        if (online.get()) {
            refreshedThisConnection.remove(ieee);
            requestRefresh(tracked);
        }
    }

    private void onState(String friendlyName, String payload) {
        String ieee = ieeeByName.get(friendlyName);
        if (ieee == null) {
            LOG.debug("[zigbee] state for unknown device '{}' ignored", friendlyName);
            return;
        }
        Tracked tracked = byIeee.get(ieee);
        StateReport report = StateMapper.map(tracked.mapping, payload, previous(tracked.id));
        for (StateReport.AttributeUpdate update : report.updates()) {
            try {
                registry.updateState(tracked.id, update.capability(), update.attribute(), update.value());
            } catch (DeviceException e) {
                LOG.debug("[zigbee] {} reported a value the core rejects: {}", tracked.id, e.getMessage());
            }
        }
        for (StateReport.EventOccurrence event : report.events()) {
            try {
                registry.fireEvent(tracked.id, event.capability(), event.event(), event.fields());
            } catch (DeviceException e) {
                LOG.debug("[zigbee] {} event rejected: {}", tracked.id, e.getMessage());
            }
        }
        tracked.confirm(report);
    }

    private void onResponse(String request, String payload) {
        if (!request.equals("permit_join")) {
            return;
        }
        BridgeMessages.Response response = BridgeMessages.parseResponse(payload);
        PendingJoin join = response.transaction() == null ? null : pendingJoins.get(response.transaction().toString());
        if (join == null) {
            LOG.debug("[zigbee] permit_join response for another client: {}", payload);
            return;
        }
        if (response.ok()) {
            LOG.info("[zigbee] network open for joining for {} s", join.seconds);
            join.complete();
        } else {
            join.fail(new DeviceException(ErrorKind.INVALID_VALUE, "Zigbee2MQTT refused permit_join: "
                    + response.error()));
        }
    }

    // ---- reachability and status ----

    private boolean reachable(Tracked tracked) {
        return connected && Boolean.TRUE.equals(bridgeOnline) && !Boolean.FALSE.equals(tracked.available);
    }

    private String unreachableReason(Tracked tracked) {
        if (!connected) {
            return "MQTT broker not connected";
        }
        if (!Boolean.TRUE.equals(bridgeOnline)) {
            return bridgeOnline == null ? "waiting for Zigbee2MQTT" : "Zigbee2MQTT is offline";
        }
        return Boolean.FALSE.equals(tracked.available) ? "Zigbee2MQTT reports the device offline" : "";
    }

    private void refreshReachability() {
        for (Tracked tracked : byIeee.values()) {
            applyReachability(tracked);
        }
    }

    private void applyReachability(Tracked tracked) {
        if (registry.device(tracked.id).isPresent()) {
            registry.setReachable(tracked.id, reachable(tracked), unreachableReason(tracked));
        }
        if (!reachable(tracked)) {
            tracked.failPending(ErrorKind.UNREACHABLE, unreachableReason(tracked));
        }
    }

    private void updateStatus() {
        if (!connected) {
            report(AdapterStatus.offline("MQTT broker " + settings.mqttUrl() + " not connected"));
        } else if (!Boolean.TRUE.equals(bridgeOnline)) {
            report(AdapterStatus.offline(bridgeOnline == null ? "waiting for Zigbee2MQTT bridge/state"
                    : "Zigbee2MQTT is offline"));
        } else {
            report(AdapterStatus.online());
        }
        reportNetwork();
    }

    /** Tells the core what the Zigbee network looks like now (USP shows it as {@code Device.ZigBee.}). */
    private void reportNetwork() {
        boolean up = connected && Boolean.TRUE.equals(bridgeOnline);
        String coordinator = bridgeInfo != null && !bridgeInfo.coordinatorIeee().isEmpty()
                ? bridgeInfo.coordinatorIeee()
                : deviceList.stream().filter(Z2mDevice::isCoordinator).map(Z2mDevice::ieeeAddress).findFirst()
                        .orElse("");
        Map<String, String> facts = new LinkedHashMap<>();
        if (bridgeInfo != null) {
            bridgeInfo.channel().ifPresent(c -> facts.put(RadioNetwork.CHANNEL, Integer.toString(c)));
            putIfPresent(facts, RadioNetwork.PAN_ID, bridgeInfo.panId());
            putIfPresent(facts, RadioNetwork.EXTENDED_PAN_ID, bridgeInfo.extendedPanId());
            putIfPresent(facts, RadioNetwork.COORDINATOR_TYPE, bridgeInfo.coordinatorType());
            putIfPresent(facts, RadioNetwork.SOFTWARE_VERSION, bridgeInfo.version());
        }
        List<RadioNetwork.Node> nodes = new ArrayList<>();
        for (Z2mDevice device : deviceList) {
            if (device.isCoordinator()) {
                continue;
            }
            Tracked tracked = byIeee.get(device.ieeeAddress());
            nodes.add(new RadioNetwork.Node(Optional.ofNullable(tracked).map(t -> t.id), device.ieeeAddress(),
                    device.networkAddress().map(a -> String.format(Locale.ROOT, "%04x", a)).orElse(""),
                    device.type(), tracked != null ? reachable(tracked) : up && !device.disabled()));
        }
        registry.reportNetwork(new RadioNetwork(context.adapterId(), RadioNetwork.ZIGBEE, up, coordinator, facts,
                nodes));
    }

    private static void putIfPresent(Map<String, String> facts, String key, String value) {
        if (!value.isEmpty()) {
            facts.put(key, value);
        }
    }

    private void report(AdapterStatus status) {
        if (!status.equals(lastStatus)) {
            lastStatus = status;
            context.reportStatus(status);
        }
    }

    private BiFunction<String, String, Value> previous(DeviceId id) {
        return (capability, attribute) -> registry.state(new AttributeRef(id, capability, attribute))
                .map(AttributeState::value).orElse(null);
    }

    private boolean publish(String topic, String payload, int qos) {
        try {
            link.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
            return true;
        } catch (MqttLinkException e) {
            LOG.debug("[zigbee] {}", e.getMessage());
            return false;
        }
    }

    // ---- commands ----

    @Override
    public CompletionStage<Void> execute(DeviceCommand command) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                send(command, result);
            } catch (DeviceException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void send(DeviceCommand command, CompletableFuture<Void> result) {
        if (closed) {
            throw new DeviceException(ErrorKind.UNREACHABLE, "the Zigbee adapter is stopped");
        }
        Tracked tracked = command.device().adapter().equals(context.adapterId())
                ? byIeee.get(command.device().nativeId()) : null;
        if (tracked == null) {
            throw new DeviceException(ErrorKind.NOT_FOUND, "no Zigbee device " + command.device());
        }
        if (!reachable(tracked)) {
            throw new DeviceException(ErrorKind.UNREACHABLE, unreachableReason(tracked));
        }
        if (tracked.pending.size() >= MAX_PENDING_PER_DEVICE) {
            throw new DeviceException(ErrorKind.BUSY, tracked.id + " has too many commands in flight");
        }
        SetRequest request = CommandMapper.map(tracked.mapping, command, previous(tracked.id));
        PendingCommand pending = new PendingCommand(request, result);
        tracked.pending.add(pending);
        pending.timer = context.scheduler().schedule(settings.commandTimeout(), () -> executor.execute(() -> {
            if (tracked.pending.remove(pending)) {
                pending.result.completeExceptionally(new DeviceException(ErrorKind.TIMEOUT,
                        tracked.id + " did not confirm within " + settings.commandTimeout().toMillis() + " ms"));
            }
        }));
        if (!publish(base + "/" + tracked.name() + "/set", Json.write(request.payload()), 0)) {
            tracked.pending.remove(pending);
            pending.timer.cancel();
            throw new DeviceException(ErrorKind.UNREACHABLE, "MQTT broker not connected");
        }
        LOG.debug("[zigbee] {} /set {}", tracked.id, request.payload());
    }

    @Override
    public CompletionStage<Void> permitJoin(Duration duration) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        long seconds = duration.toSeconds();
        if (duration.isNegative() || seconds > MAX_PERMIT_JOIN_SECONDS) {
            result.completeExceptionally(new DeviceException(ErrorKind.INVALID_VALUE,
                    "Zigbee2MQTT permits joining for 0.." + MAX_PERMIT_JOIN_SECONDS + " s"));
            return result;
        }
        executor.execute(() -> {
            if (!connected || !Boolean.TRUE.equals(bridgeOnline)) {
                result.completeExceptionally(new DeviceException(ErrorKind.UNREACHABLE,
                        connected ? "Zigbee2MQTT is offline" : "MQTT broker not connected"));
                return;
            }
            String transaction = "cpe-" + (++transactions);
            PendingJoin join = new PendingJoin(transaction, seconds, result);
            pendingJoins.put(transaction, join);
            join.timer = context.scheduler().schedule(settings.commandTimeout(), () -> executor.execute(() ->
                    join.fail(new DeviceException(ErrorKind.TIMEOUT, "no permit_join response from Zigbee2MQTT"))));
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("time", seconds);
            request.put("transaction", transaction);
            if (!publish(base + "/bridge/request/permit_join", Json.write(request), 1)) {
                join.fail(new DeviceException(ErrorKind.UNREACHABLE, "MQTT broker not connected"));
            }
        });
        return result;
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            closed = true;
            for (Tracked tracked : byIeee.values()) {
                tracked.failPending(ErrorKind.UNREACHABLE, "the Zigbee adapter stopped");
            }
            for (PendingJoin join : List.copyOf(pendingJoins.values())) {
                join.fail(new DeviceException(ErrorKind.UNREACHABLE, "the Zigbee adapter stopped"));
            }
            done.complete(null);
        });
        try {
            done.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("[zigbee] close: {}", e.toString());
        }
        link.close();
        onClose.run();
        context.reportStatus(new AdapterStatus(AdapterStatus.State.STOPPED, ""));
        LOG.info("[zigbee] stopped");
    }

    /** Messages waiting in the inbox and the most that ever waited; for tests and diagnostics. */
    public int[] inboxLevels() {
        return new int[] {inbox.queued(), inbox.maxQueued()};
    }

    // ---- per-device state ----

    private final class Tracked {
        final DeviceId id;
        DeviceMapping mapping;
        /** Zigbee2MQTT's availability for the device; null when it publishes none. */
        Boolean available;
        final List<PendingCommand> pending = new ArrayList<>();

        Tracked(DeviceId id, DeviceMapping mapping) {
            this.id = id;
            this.mapping = mapping;
        }

        String ieee() {
            return mapping.device().ieeeAddress();
        }

        String name() {
            return mapping.device().friendlyName();
        }

        void confirm(StateReport report) {
            for (PendingCommand command : List.copyOf(pending)) {
                if (command.request.confirmedBy(report)) {
                    pending.remove(command);
                    command.timer.cancel();
                    command.result.complete(null);
                }
            }
        }

        void failPending(ErrorKind kind, String reason) {
            for (PendingCommand command : List.copyOf(pending)) {
                command.timer.cancel();
                command.result.completeExceptionally(new DeviceException(kind, reason));
            }
            pending.clear();
        }
    }

    private static final class PendingCommand {
        final SetRequest request;
        final CompletableFuture<Void> result;
        Scheduler.Cancellable timer = () -> { };

        PendingCommand(SetRequest request, CompletableFuture<Void> result) {
            this.request = request;
            this.result = result;
        }
    }

    private final class PendingJoin {
        final String transaction;
        final long seconds;
        final CompletableFuture<Void> result;
        Scheduler.Cancellable timer = () -> { };

        PendingJoin(String transaction, long seconds, CompletableFuture<Void> result) {
            this.transaction = transaction;
            this.seconds = seconds;
            this.result = result;
        }

        void complete() {
            pendingJoins.remove(transaction);
            timer.cancel();
            result.complete(null);
        }

        void fail(DeviceException e) {
            pendingJoins.remove(transaction);
            timer.cancel();
            result.completeExceptionally(e);
        }
    }
}
