package org.cpebridge.dect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterStatus;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.util.SerialExecutor;
import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.dect.hanfun.AttributeCatalog;
import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.dect.hanfun.Bytes;
import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.*;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.MessageCodec;
import org.cpebridge.dect.hanfun.MessageType;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.ResultCode;
import org.cpebridge.dect.hanfun.Uid;
import org.cpebridge.dect.internal.AddressTable;
import org.cpebridge.dect.internal.DeviceModel;
import org.cpebridge.dect.internal.Interview;
import org.cpebridge.dect.internal.Presence;
import org.cpebridge.dect.internal.Session;
import org.cpebridge.dect.internal.StateMapper;
import org.cpebridge.dect.sim.Simulator;
import org.cpebridge.dect.sim.SimulatorControlServer;
import org.cpebridge.dect.sim.SimulatorSettings;
import org.cpebridge.dect.ule.BaseLink;
import org.cpebridge.dect.ule.BaseLinkListener;
import org.cpebridge.dect.ule.InProcessBaseLink;
import org.cpebridge.dect.ule.LinkId;
import org.cpebridge.dect.ule.TcpBaseLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DECT-ULE adapter: the HAN-FUN concentrator (Device Management server, address table) on top of a
 * {@link BaseLink}, and the mapping between HAN-FUN devices and core devices {@code dect:<IPUI>}.
 *
 * <p>All state is owned by one serial executor ({@code dect}); link events, timers and commands hop onto it.
 * Responses are matched by link and application reference, never by address, because some nodes answer from the
 * broadcast address. Commands for a sleeping device wait (bounded) until it next transmits.
 */
public final class DectAdapter implements Adapter {
    private static final Logger LOG = LoggerFactory.getLogger(DectAdapter.class);
    private static final Uid BASE_UID = new Uid.Uri("hf://base.example.com");
    private static final Duration REACHABILITY_CHECK = Duration.ofSeconds(1);

    private final AdapterContext context;
    private final DeviceRegistry registry;
    private final Clock clock;
    private final Scheduler scheduler;
    private final SerialExecutor executor;
    private final Duration commandTimeout;
    private final Duration asleepTimeout;
    private final Duration awakeWindow;
    private final Duration keepAliveInterval;
    private final int keepAliveMisses;

    private AddressTable addresses;
    // written once on the executor, read by other threads (tests, close)
    private volatile BaseLink link;
    private volatile Simulator simulator;
    private volatile SimulatorControlServer control;
    private volatile Scheduler.Cancellable reachabilityTimer;
    private final Map<LinkId, Uid> linkUids = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<DeviceId, Session> sessionsById = new HashMap<>();
    private final Map<LinkId, Session> sessionsByLink = new HashMap<>();
    private volatile boolean closed;
    private boolean linkUp;

    public DectAdapter(AdapterContext context) {
        this.context = context;
        this.registry = context.registry();
        this.clock = context.clock();
        this.scheduler = context.scheduler();
        this.executor = new SerialExecutor(context.executor(), "dect");
        this.commandTimeout = context.config().get(DectConfig.COMMAND_TIMEOUT);
        this.asleepTimeout = context.config().get(DectConfig.ASLEEP_QUEUE_TIMEOUT);
        this.awakeWindow = context.config().get(DectConfig.AWAKE_WINDOW);
        this.keepAliveInterval = context.config().get(DectConfig.KEEP_ALIVE_INTERVAL);
        this.keepAliveMisses = context.config().get(DectConfig.KEEP_ALIVE_MISSES);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        context.reportStatus(new AdapterStatus(AdapterStatus.State.STARTING, ""));
        executor.execute(this::startOnExecutor);
    }

    private void startOnExecutor() {
        addresses = new AddressTable(context.store());
        addresses.entries().forEach((key, entry) -> {
            // Known from an earlier run: commands say UNREACHABLE (not NOT_FOUND) until the device is heard again.
            Session session = session(key);
            session.address = entry.address();
            setModel(session, DeviceModel.of(entry.units()));
        });
        DectConfig.Mode mode = context.config().get(DectConfig.MODE);
        Listener listener = new Listener();
        try {
            if (mode == DectConfig.Mode.SIMULATOR) {
                SerialExecutor simExecutor = new SerialExecutor(context.executor(), "dect-sim");
                InProcessBaseLink inProcess = new InProcessBaseLink(simExecutor);
                inProcess.start(listener);
                link = inProcess; // link events reach the adapter through its executor, after this task
                SimulatorSettings settings = SimulatorSettings.defaults()
                        .withKeepAliveInterval(context.config().get(DectConfig.SIMULATOR_KEEP_ALIVE))
                        .withPowerReportInterval(context.config().get(DectConfig.SIMULATOR_POWER_REPORT))
                        .withBroadcastResponses(context.config().get(DectConfig.SIMULATOR_BROADCAST_RESPONSES));
                simulator = new Simulator(context.config().get(DectConfig.SIMULATOR_DEVICES), settings, inProcess,
                        simExecutor, scheduler, clock);
                simulator.start();
                Optional<InetSocketAddress> controlAddress = context.config().find(DectConfig.SIMULATOR_CONTROL);
                if (controlAddress.isPresent()) {
                    SimulatorControlServer server = new SimulatorControlServer(simulator,
                            resolved(controlAddress.get()));
                    server.start();
                    control = server;
                }
                LOG.info("[dect] simulated base with {} device(s)",
                        context.config().get(DectConfig.SIMULATOR_DEVICES).total());
            } else {
                InetSocketAddress listen = resolved(context.config().get(DectConfig.LINK_LISTEN));
                TcpBaseLink tcp = new TcpBaseLink(listen, BASE_UID);
                tcp.start(listener);
                link = tcp; // published only once it listens
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("[dect] cannot start the base link: {}", e.toString());
            context.reportStatus(new AdapterStatus(AdapterStatus.State.FAILED, "cannot start the base link: "
                    + e.getMessage()));
            return;
        }
        reachabilityTimer = scheduler.scheduleAtFixedRate(REACHABILITY_CHECK, REACHABILITY_CHECK,
                () -> executor.execute(this::checkReachability));
    }

    private static InetSocketAddress resolved(InetSocketAddress address) {
        return new InetSocketAddress(address.getHostString(), address.getPort());
    }

    /** The simulator, when the adapter runs in simulator mode (for tests and the control API). */
    public Optional<Simulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** The TCP address the base listens on, in TCP mode. */
    public Optional<InetSocketAddress> tcpAddress() {
        return link instanceof TcpBaseLink tcp ? Optional.of(tcp.localAddress()) : Optional.empty();
    }

    /** Tasks waiting on the adapter's executor (link events, timers, commands): a measure of back-pressure. */
    public int backlog() {
        return executor.queued();
    }

    /** The simulator's control address, when it runs. */
    public Optional<InetSocketAddress> controlAddress() {
        return Optional.ofNullable(control).map(SimulatorControlServer::address);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reachabilityTimer != null) {
            reachabilityTimer.cancel();
        }
        if (control != null) {
            control.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (link != null) {
            link.close();
        }
        context.reportStatus(new AdapterStatus(AdapterStatus.State.STOPPED, ""));
    }

    // ------------------------------------------------------------------ link events (on the executor)

    private final class Listener implements BaseLinkListener {
        @Override
        public void onLinkUp() {
            executor.execute(() -> {
                context.reportStatus(AdapterStatus.online());
                linkUp = true;
                reportNetwork();
            });
        }

        @Override
        public void onLinkDown(String reason) {
            executor.execute(() -> linkDown(reason));
        }

        @Override
        public void onDeviceRegistered(LinkId id, Uid uid) {
            executor.execute(() -> attached(id, uid));
        }

        @Override
        public void onDeviceDeregistered(LinkId id) {
            executor.execute(() -> detached(id));
        }

        @Override
        public void onPacket(LinkId id, Packet packet) {
            executor.execute(() -> packet(id, packet));
        }

        @Override
        public void onMalformedPacket(LinkId id, HanfunException error) {
            LOG.debug("[dect {}] malformed packet dropped: {}", id, error.getMessage());
        }
    }

    private void linkDown(String reason) {
        if (!closed) {
            context.reportStatus(AdapterStatus.offline("base link down: " + reason));
        }
        linkUp = false;
        for (Session session : sessions.values()) {
            session.link = null;
            act(session, session.presence.on(new Presence.Detached(clock.instant(), "base link down")));
        }
        sessionsByLink.clear();
        linkUids.clear();
        reportNetwork();
    }

    /**
     * Tells the core what the ULE network looks like now (USP shows it as {@code Device.X_CPEBRIDGE_ULE.}): each
     * registered device with its UID, HAN-FUN address, whether it sleeps between transmissions, and whether it is
     * reachable. The base's own identity (RFPI) does not come over the HAN-FUN link, so the network has no address.
     */
    private void reportNetwork() {
        List<RadioNetwork.Node> nodes = new ArrayList<>();
        for (Session session : sessions.values()) {
            if (session.model == null) {
                continue;
            }
            nodes.add(new RadioNetwork.Node(Optional.of(session.id), session.uidKey,
                    addresses.find(session.uidKey).map(e -> String.format(Locale.ROOT, "%04x", e.address()))
                            .orElse(""),
                    session.model.sleepy() ? "Sleepy" : "AlwaysOn",
                    registry.device(session.id).map(Device::reachable).orElse(false)));
        }
        nodes.sort(Comparator.comparing(RadioNetwork.Node::networkAddress).thenComparing(RadioNetwork.Node::address));
        registry.reportNetwork(new RadioNetwork(context.adapterId(), RadioNetwork.DECT_ULE, linkUp, "", Map.of(),
                nodes));
    }

    private void attached(LinkId id, Uid uid) {
        linkUids.put(id, uid);
        Session known = sessions.get(uidKey(uid));
        if (known != null && known.model != null) {
            // A node that kept its address (hf_node stores it) may not register again: bind it to the new link.
            bind(known, id);
            ensureRegistered(known);
        }
    }

    private Session session(String key) {
        return sessions.computeIfAbsent(key, k -> {
            Session created = new Session(k, DeviceId.of("dect", k.length() > 128 ? k.substring(0, 128) : k));
            sessionsById.put(created.id, created);
            return created;
        });
    }

    /** Puts the device into the core registry (keeping the household's name and the identity already known). */
    private void ensureRegistered(Session session) {
        Device known = registry.device(session.id).orElse(null);
        Device.Builder builder = known != null ? known.toBuilder()
                : Device.builder(session.id).name(session.model.title()).model(session.model.title());
        registry.register(builder.capabilities(session.model.capabilities()).reachable(true, "").build());
        reportNetwork();
    }

    private void detached(LinkId id) {
        linkUids.remove(id);
        Session session = sessionsByLink.remove(id);
        if (session != null && id.equals(session.link)) {
            session.link = null;
            act(session, session.presence.on(new Presence.Detached(clock.instant(), "link to the base closed")));
        }
    }

    private void packet(LinkId id, Packet packet) {
        HanfunMessage message;
        try {
            message = MessageCodec.decode(packet);
        } catch (HanfunException e) {
            LOG.debug("[dect {}] undecodable payload in {}: {}", id, packet, e.getMessage());
            return;
        }
        if (message instanceof RegisterRequest register) {
            register(id, packet, register);
            return;
        }
        Session session = sessionsByLink.get(id);
        if (session == null) {
            LOG.debug("[dect {}] packet from an unregistered device dropped: {}", id, packet);
            return;
        }
        LOG.trace("[dect {}] <- {} {}", session.id, packet, message);
        heard(session);
        if (packet.type().isResponse()) {
            Session.Pending pending = session.pending.remove(packet.reference());
            if (pending != null) {
                pending.timer().cancel();
                pending.future().complete(message);
            } else {
                LOG.debug("[dect {}] response with unknown reference {}", session.id, packet.reference());
            }
        } else {
            ResultCode result = unsolicited(session, packet, message);
            if (packet.type() == MessageType.COMMAND_RESP_REQ) {
                send(session, packet.source(), packet.reference(),
                        new CommandResponse(packet.itf(), packet.member(), result, Bytes.EMPTY));
            }
        }
    }

    // ------------------------------------------------------------------ registration (Device Management server)

    private void register(LinkId id, Packet packet, RegisterRequest request) {
        Uid uid = linkUids.getOrDefault(id, request.uid());
        if (uid instanceof Uid.None) {
            uid = request.uid();
        }
        Address replyTo = packet.source();
        if (uid instanceof Uid.None) {
            LOG.warn("[dect {}] registration without any UID refused", id);
            link.send(id, Packet.of(Address.BASE, replyTo, packet.reference(),
                    new RegisterResponse(ResultCode.FAIL_ARG, 0, java.util.OptionalInt.empty())));
            return;
        }
        String key = uidKey(uid);
        Optional<Integer> address = addresses.register(key, request.units());
        if (address.isEmpty()) {
            link.send(id, Packet.of(Address.BASE, replyTo, packet.reference(),
                    new RegisterResponse(ResultCode.FAIL_RESOURCES, 0, java.util.OptionalInt.empty())));
            return;
        }
        link.send(id, Packet.of(Address.BASE, replyTo, packet.reference(),
                new RegisterResponse(ResultCode.OK, address.get(), java.util.OptionalInt.empty())));

        Session session = session(key);
        session.address = address.get();
        DeviceModel model = DeviceModel.of(request.units());
        if (!model.equals(session.model)) {
            setModel(session, model);
        }
        bind(session, id);
        ensureRegistered(session);
        LOG.info("[dect] {} ({}) registered, address {}", session.id, session.model.title(), session.address);
        interview(session);
    }

    private void bind(Session session, LinkId id) {
        if (session.link != null && !session.link.equals(id)) {
            sessionsByLink.remove(session.link);
            failAll(session, ErrorKind.UNREACHABLE, "device moved to a new link");
        }
        session.link = id;
        sessionsByLink.put(id, session);
        act(session, session.presence.on(new Presence.Attached(clock.instant())));
    }

    private void setModel(Session session, DeviceModel model) {
        if (session.presence != null) {
            failAll(session, ErrorKind.UNREACHABLE, "device registered again");
        }
        session.model = model;
        session.presence = new Presence(model.sleepy(), awakeWindow, keepAliveInterval.multipliedBy(keepAliveMisses),
                "no keep-alive for " + keepAliveMisses + " periods");
    }

    /** Carries out what the presence machine asks for. */
    private void act(Session session, Presence.Transition transition) {
        for (Presence.Action action : transition.actions()) {
            switch (action) {
                case MARK_REACHABLE -> setReachable(session, true, "");
                case MARK_UNREACHABLE -> setReachable(session, false, transition.reason());
                case FAIL_ALL -> failAll(session, ErrorKind.UNREACHABLE, transition.reason());
                case FLUSH_QUEUE -> flushQueue(session);
                default -> {
                    // SEND_NOW, QUEUE and REFUSE answer a request and are handled by request()
                }
            }
        }
    }

    /** Reads identity and current state and sets up event reporting, as a base does after registration. */
    private void interview(Session session) {
        Interview interview = new Interview(session.model.interfaces());
        interviewAct(session, interview, interview.on(new Interview.Start()));
    }

    /** Carries out what the interview machine asks for; answers come back as events on the executor. */
    private void interviewAct(Session session, Interview interview, Interview.Transition transition) {
        for (Interview.Action action : transition.actions()) {
            if (action instanceof Interview.Send send) {
                Interview.Request request = send.request();
                request(session, request.unit(), request.message()).whenComplete((response, error) ->
                        interviewAct(session, interview, interview.on(error == null
                                ? new Interview.Answered(request, response)
                                : new Interview.Failed(request, DeviceException.from(error).getMessage()))));
            } else if (action instanceof Interview.ApplyIdentity identity) {
                identity(session, identity.values());
            } else if (action instanceof Interview.ApplyValues values) {
                apply(session, values.unit(), values.values());
            } else if (action instanceof Interview.Finished finished && !finished.failures().isEmpty()) {
                LOG.debug("[dect {}] interview incomplete: {}", session.id, finished.failures());
            }
        }
    }

    private void identity(Session session, List<AttributeValue> values) {
        Optional<Device> known = registry.device(session.id);
        if (known.isEmpty()) {
            return;
        }
        Device.Builder builder = known.get().toBuilder();
        for (AttributeValue value : values) {
            if (value.value() instanceof org.cpebridge.dect.hanfun.Value.Text text) {
                switch (value.attribute()) {
                    case AttributeCatalog.DeviceInformation.MANUFACTURER_NAME -> builder.vendor(text.value());
                    case AttributeCatalog.DeviceInformation.HARDWARE_VERSION -> builder.model(text.value());
                    case AttributeCatalog.DeviceInformation.APPLICATION_VERSION -> builder.firmware(text.value());
                    case AttributeCatalog.DeviceInformation.SERIAL_NUMBER -> builder.serial(text.value());
                    default -> {
                        // location and others are not part of the core identity
                    }
                }
            }
        }
        registry.register(builder.build());
    }

    // ------------------------------------------------------------------ reports from devices

    /** Handles a command or notification from the device; returns the result to answer with if one is asked for. */
    private ResultCode unsolicited(Session session, Packet packet, HanfunMessage message) {
        int unit = packet.source().isBroadcast() ? 1 : packet.source().unit();
        if (message instanceof DeregisterRequest deregister) {
            if (deregister.address() != session.address) {
                return ResultCode.FAIL_ARG;
            }
            deregister(session);
        } else if (message instanceof AlertStatus alert) {
            alert(session, unit, alert.state());
        } else if (message instanceof ButtonEvent button) {
            session.model.capabilityKey(unit, CapabilityType.BUTTON).ifPresent(key -> fire(session, key, "pressed",
                    Map.of("action", Value.of(buttonAction(button.press())))));
        } else if (message instanceof PowerMeterReport report) {
            apply(session, unit, report.values());
        } else if (message instanceof EventReport report) {
            for (EventEntry entry : report.entries()) {
                apply(session, entry.unit(), entry.fields().stream().map(EventField::value).toList());
            }
        } else if (message instanceof PeriodicReport report) {
            for (ReportEntry entry : report.entries()) {
                apply(session, entry.unit(), entry.values());
            }
        } else if (!(message instanceof KeepAliveNotification)) {
            LOG.debug("[dect {}] unhandled message {}", session.id, message);
            return ResultCode.FAIL_SUPPORT;
        }
        return ResultCode.OK;
    }

    /** The device left the base on its own (Device Management DEREGISTER): it leaves the core too. */
    private void deregister(Session session) {
        LOG.info("[dect] {} deregistered", session.id);
        failAll(session, ErrorKind.NOT_FOUND, "deregistered");
        addresses.remove(session.uidKey);
        sessions.remove(session.uidKey);
        sessionsById.remove(session.id);
        if (session.link != null) {
            sessionsByLink.remove(session.link);
        }
        registry.remove(session.id);
        reportNetwork();
    }

    private void alert(Session session, int unit, long state) {
        boolean triggered = (state & 0x1) != 0;
        for (StateMapper.StateUpdate update : StateMapper.alert(session.model, unit, state)) {
            AttributeRef ref = new AttributeRef(session.id, update.capability(), update.attribute());
            Optional<Value> before = registry.state(ref).map(s -> s.value());
            update(session, update);
            boolean changed = before.isEmpty() || !before.get().equals(update.value());
            CapabilityType type = session.model.capability(update.capability()).map(Capability::type).orElseThrow();
            if (!changed) {
                continue;
            }
            switch (type) {
                case CONTACT -> fire(session, update.capability(), triggered ? "opened" : "closed", Map.of());
                case OCCUPANCY -> {
                    if (triggered) {
                        fire(session, update.capability(), "motion", Map.of());
                    }
                }
                case SMOKE_ALARM -> {
                    if (triggered && update.attribute().equals("smoke")) {
                        fire(session, update.capability(), "alarm", Map.of());
                    }
                }
                case WATER_LEAK -> {
                    if (triggered) {
                        fire(session, update.capability(), "leakDetected", Map.of());
                    }
                }
                default -> {
                    // no event for other types
                }
            }
        }
    }

    private static String buttonAction(ButtonPress press) {
        return switch (press) {
            case SHORT -> "short";
            case LONG -> "long";
            case EXTRA_LONG -> "extraLong";
            case DOUBLE_CLICK -> "double";
        };
    }

    private void apply(Session session, int unit, List<AttributeValue> values) {
        for (AttributeValue value : values) {
            for (StateMapper.StateUpdate update : StateMapper.updates(session.model, unit, value)) {
                update(session, update);
            }
        }
    }

    private void update(Session session, StateMapper.StateUpdate update) {
        try {
            registry.updateState(session.id, update.capability(), update.attribute(), update.value());
        } catch (DeviceException e) {
            LOG.warn("[dect {}] state {}.{} not accepted: {}", session.id, update.capability(), update.attribute(),
                    e.getMessage());
        }
    }

    private void fire(Session session, String capability, String event, Map<String, Value> fields) {
        try {
            registry.fireEvent(session.id, capability, event, fields);
        } catch (DeviceException e) {
            LOG.warn("[dect {}] event {}.{} not accepted: {}", session.id, capability, event, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ reachability and sleep

    private void heard(Session session) {
        act(session, session.presence.on(new Presence.Heard(clock.instant())));
    }

    private void setReachable(Session session, boolean reachable, String reason) {
        Optional<Device> device = registry.device(session.id);
        if (device.isPresent() && device.get().reachable() != reachable) {
            registry.setReachable(session.id, reachable, reason);
            reportNetwork();
        }
    }

    private void checkReachability() {
        Instant now = clock.instant();
        for (Session session : sessions.values()) {
            if (session.presence != null) {
                act(session, session.presence.on(new Presence.Tick(now)));
            }
        }
    }

    private void flushQueue(Session session) {
        while (!session.queue.isEmpty() && session.link != null) {
            Session.Queued queued = session.queue.poll();
            queued.timer()[0].cancel();
            LOG.debug("[dect {}] awake: sending a queued request", session.id);
            sendRequest(session, queued.unit(), queued.message(), queued.future());
        }
    }

    private void failAll(Session session, ErrorKind kind, String reason) {
        for (Session.Pending pending : session.pending.values()) {
            pending.timer().cancel();
            pending.future().completeExceptionally(new DeviceException(kind, session.id + ": " + reason));
        }
        session.pending.clear();
        for (Session.Queued queued : session.queue) {
            queued.timer()[0].cancel();
            queued.future().completeExceptionally(new DeviceException(kind, session.id + ": " + reason));
        }
        session.queue.clear();
    }

    // ------------------------------------------------------------------ requests to devices

    /** Sends a request and completes with its response (on the executor); waits for a sleeping device to wake. */
    private CompletableFuture<HanfunMessage> request(Session session, int unit, HanfunMessage message) {
        CompletableFuture<HanfunMessage> future = new CompletableFuture<>();
        Presence.Transition transition = session.presence.on(new Presence.Outgoing(clock.instant()));
        act(session, transition);
        if (transition.actions().contains(Presence.Action.REFUSE) || session.link == null) {
            future.completeExceptionally(new DeviceException(ErrorKind.UNREACHABLE,
                    session.id + " is unreachable: " + transition.reason()));
        } else if (transition.actions().contains(Presence.Action.QUEUE)) {
            if (session.queue.size() >= Session.MAX_QUEUED) {
                future.completeExceptionally(new DeviceException(ErrorKind.BUSY,
                        session.id + " is asleep with " + Session.MAX_QUEUED + " requests waiting"));
                return future;
            }
            Scheduler.Cancellable[] timer = new Scheduler.Cancellable[1];
            Session.Queued queued = new Session.Queued(unit, message, future, timer);
            timer[0] = scheduler.schedule(asleepTimeout, () -> executor.execute(() -> {
                if (session.queue.remove(queued)) {
                    future.completeExceptionally(new DeviceException(ErrorKind.TIMEOUT,
                            session.id + " is asleep and did not wake up within " + asleepTimeout.toSeconds() + " s"));
                }
            }));
            session.queue.add(queued);
            LOG.debug("[dect {}] asleep: request queued until it wakes up", session.id);
        } else {
            sendRequest(session, unit, message, future);
        }
        return future;
    }

    private void sendRequest(Session session, int unit, HanfunMessage message, CompletableFuture<HanfunMessage> future) {
        int reference = session.allocateReference();
        if (reference < 0) {
            future.completeExceptionally(new DeviceException(ErrorKind.BUSY, session.id + " has too many requests"));
            return;
        }
        if (message.type().expectsResponse()) {
            Scheduler.Cancellable timer = scheduler.schedule(commandTimeout, () -> executor.execute(() -> {
                Session.Pending pending = session.pending.remove(reference);
                if (pending != null) {
                    pending.future().completeExceptionally(new DeviceException(ErrorKind.TIMEOUT,
                            session.id + " did not answer within " + commandTimeout.toMillis() + " ms"));
                }
            }));
            session.pending.put(reference, new Session.Pending(future, timer));
        }
        if (!send(session, Address.device(session.address, unit), reference, message)) {
            Session.Pending pending = session.pending.remove(reference);
            if (pending != null) {
                pending.timer().cancel();
            }
            future.completeExceptionally(new DeviceException(ErrorKind.BUSY, "the base refused the packet"));
        } else if (!message.type().expectsResponse()) {
            future.complete(null);
        }
    }

    private boolean send(Session session, Address destination, int reference, HanfunMessage message) {
        if (session.link == null) {
            return false;
        }
        Packet packet = Packet.of(Address.BASE, destination, reference, message);
        LOG.trace("[dect {}] -> {}", session.id, packet);
        return link.send(session.link, packet);
    }

    // ------------------------------------------------------------------ core commands

    @Override
    public CompletionStage<Void> execute(DeviceCommand command) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                execute(command, result);
            } catch (DeviceException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                LOG.warn("[dect] command {} failed", command, e);
                result.completeExceptionally(new DeviceException(ErrorKind.UNSUPPORTED, e.toString(), e));
            }
        });
        return result;
    }

    private void execute(DeviceCommand command, CompletableFuture<Void> result) {
        Session session = sessionsById.get(command.device());
        if (session == null || session.model == null) {
            throw new DeviceException(ErrorKind.NOT_FOUND, "no registered DECT device " + command.device());
        }
        String capabilityKey = command instanceof DeviceCommand.Invoke invoke ? invoke.capability()
                : ((DeviceCommand.WriteAttribute) command).attribute().capability();
        Capability capability = session.model.capability(capabilityKey).orElseThrow(() ->
                new DeviceException(ErrorKind.NOT_FOUND, command.device() + " has no capability " + capabilityKey));
        int unit = session.model.units().get(capabilityKey);
        Outgoing outgoing = command instanceof DeviceCommand.Invoke invoke
                ? invoke(session, capability, invoke.command(), invoke.arguments())
                : write(session, capability, ((DeviceCommand.WriteAttribute) command).attribute().attribute(),
                        ((DeviceCommand.WriteAttribute) command).value());
        request(session, unit, outgoing.message()).whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(DeviceException.from(error));
                return;
            }
            ResultCode code = resultOf(response);
            if (!code.isOk()) {
                result.completeExceptionally(new DeviceException(kindOf(code),
                        command.device() + " answered " + code.name()));
                return;
            }
            if (outgoing.confirmed() != null) {
                update(session, outgoing.confirmed());
            }
            result.complete(null);
        });
    }

    /** A message to send and the state it establishes once the device confirms it. */
    private record Outgoing(HanfunMessage message, StateMapper.StateUpdate confirmed) {
    }

    private Outgoing invoke(Session session, Capability capability, String command, Map<String, Value> arguments) {
        String key = capability.key();
        switch (capability.type()) {
            case ON_OFF -> {
                OnOffAction action = switch (command) {
                    case "on" -> OnOffAction.ON;
                    case "off" -> OnOffAction.OFF;
                    case "toggle" -> OnOffAction.TOGGLE;
                    default -> throw unsupported(capability, command);
                };
                Boolean now = current(session, key, "on").map(Value::asBoolean).orElse(null);
                Boolean after = action == OnOffAction.TOGGLE ? (now == null ? null : !now) : action == OnOffAction.ON;
                return new Outgoing(new OnOffCommand(action, true),
                        after == null ? null : new StateMapper.StateUpdate(key, "on", Value.of(after)));
            }
            case LEVEL -> {
                if (command.equals("setLevel")) {
                    long percent = arguments.get("level").asLong();
                    return new Outgoing(new SetLevel(StateMapper.percentToLevel(percent), true),
                            new StateMapper.StateUpdate(key, "level", Value.of(percent)));
                }
                if (command.equals("stepUp") || command.equals("stepDown")) {
                    long step = Optional.ofNullable(arguments.get("step")).map(Value::asLong).orElse(10L);
                    boolean up = command.equals("stepUp");
                    Long now = current(session, key, "level").map(Value::asLong).orElse(null);
                    return new Outgoing(new StepLevel(up, StateMapper.percentToLevel(step), true), now == null ? null
                            : new StateMapper.StateUpdate(key, "level",
                                    Value.of(Math.max(0, Math.min(100, now + (up ? step : -step))))));
                }
                throw unsupported(capability, command);
            }
            case THERMOSTAT -> {
                if (command.equals("raiseLowerSetpoint")) {
                    double now = current(session, key, "heatingSetpoint").map(Value::asDouble).orElseThrow(() ->
                            new DeviceException(ErrorKind.BUSY, "set-point of " + session.id + " not known yet"));
                    double target = Math.max(4.0, Math.min(35.0, now + arguments.get("delta").asDouble()));
                    return setpoint(key, target);
                }
                throw unsupported(capability, command);
            }
            default -> throw unsupported(capability, command);
        }
    }

    private Outgoing write(Session session, Capability capability, String attribute, Value value) {
        String key = capability.key();
        return switch (capability.type().key() + "." + attribute) {
            case "onOff.on" -> new Outgoing(new OnOffCommand(value.asBoolean() ? OnOffAction.ON : OnOffAction.OFF,
                    true), new StateMapper.StateUpdate(key, "on", value));
            case "level.level" -> new Outgoing(new SetLevel(StateMapper.percentToLevel(value.asLong()), true),
                    new StateMapper.StateUpdate(key, "level", value));
            case "thermostat.heatingSetpoint" -> setpoint(key, value.asDouble());
            case "thermostat.mode" -> {
                int mode = switch (value.asText()) {
                    case "heat" -> AttributeCatalog.Thermostat.MODE_HEAT;
                    case "off" -> 0;
                    default -> throw new DeviceException(ErrorKind.UNSUPPORTED, "mode " + value + " not supported");
                };
                yield new Outgoing(new SetAttribute(InterfaceAddress.server(InterfaceUid.SIMPLE_THERMOSTAT),
                        AttributeCatalog.Thermostat.HEAT_COOL_MODE, new org.cpebridge.dect.hanfun.Value.U8(mode), true),
                        new StateMapper.StateUpdate(key, "mode", value));
            }
            default -> throw new DeviceException(ErrorKind.UNSUPPORTED, key + "." + attribute + " is not writable");
        };
    }

    private static Outgoing setpoint(String key, double celsius) {
        int centi = (int) Math.round(celsius * 100);
        return new Outgoing(new SetAttribute(InterfaceAddress.server(InterfaceUid.SIMPLE_THERMOSTAT),
                AttributeCatalog.Thermostat.HEAT_MODE_TEMPERATURE, new org.cpebridge.dect.hanfun.Value.S16(centi), true),
                new StateMapper.StateUpdate(key, "heatingSetpoint", Value.of(centi / 100.0)));
    }

    private Optional<Value> current(Session session, String capability, String attribute) {
        return registry.state(new AttributeRef(session.id, capability, attribute)).map(s -> s.value());
    }

    private static DeviceException unsupported(Capability capability, String command) {
        return new DeviceException(ErrorKind.UNSUPPORTED, capability.key() + " has no command " + command);
    }

    private static ResultCode resultOf(HanfunMessage response) {
        if (response instanceof CommandResponse command) {
            return command.result();
        }
        if (response instanceof SetAttributeResponse set) {
            return set.result();
        }
        return ResultCode.FAIL_UNKNOWN;
    }

    /** HAN-FUN result → core error kind (one table; the faces map kinds to their protocols). */
    static ErrorKind kindOf(ResultCode code) {
        return switch (code.code()) {
            case 0x01 -> ErrorKind.DENIED;
            case 0x02 -> ErrorKind.INVALID_VALUE;
            case 0x03, 0x04 -> ErrorKind.UNSUPPORTED;
            case 0x20, 0x21, 0xFE -> ErrorKind.BUSY;
            default -> ErrorKind.UNREACHABLE;
        };
    }

    // ------------------------------------------------------------------ ids

    /** The stable key of a UID in the address table, also the native part of {@code dect:<key>}. */
    static String uidKey(Uid uid) {
        if (uid instanceof Uid.Dect dect) {
            return dect.hex();
        }
        if (uid instanceof Uid.Uri uri) {
            return "uri-" + uri.uri().replaceAll("[^A-Za-z0-9._\\-]", "-");
        }
        return "uid" + uid.type() + "-" + uid.value().toHex();
    }

}
