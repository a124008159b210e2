package org.cpebridge.dect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterStatus;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.util.SerialExecutor;
import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.*;
import org.cpebridge.dect.hanfun.MessageCodec;
import org.cpebridge.dect.hanfun.MessageType;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.ResultCode;
import org.cpebridge.dect.hanfun.Uid;
import org.cpebridge.dect.internal.AddressCheck;
import org.cpebridge.dect.internal.AddressTable;
import org.cpebridge.dect.internal.Commands;
import org.cpebridge.dect.internal.Interviews;
import org.cpebridge.dect.internal.Reachability;
import org.cpebridge.dect.internal.Reports;
import org.cpebridge.dect.internal.Requests;
import org.cpebridge.dect.internal.DeviceModel;
import org.cpebridge.dect.internal.Presence;
import org.cpebridge.dect.internal.Session;
import org.cpebridge.dect.ule.BaseLink;
import org.cpebridge.dect.ule.BaseLinkListener;
import org.cpebridge.dect.ule.Frame;
import org.cpebridge.dect.ule.SimulatedBase;
import org.cpebridge.dect.ule.LinkId;
import org.cpebridge.dect.ule.TcpBaseLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DECT-ULE adapter: the HAN-FUN concentrator (Device Management server, address table) on top of a
 * {@link BaseLink}, and the mapping between HAN-FUN devices and core devices {@code dect:<IPUI>}.
 *
 * <p>This class keeps the lifecycle, link events, registration and ids; the rest lives in {@code internal}: request
 * correlation, the per-node queue and timeouts ({@code Requests}), reachability ({@code Reachability} over
 * {@code Presence}), the address check of reconnecting nodes ({@code AddressCheck}), the interview
 * ({@code Interviews}), core commands ({@code Commands}, {@code CommandMapper}) and device reports ({@code Reports}).
 *
 * <p>All state is owned by one serial executor ({@code dect}); link events, timers and commands hop onto it.
 *
 * <p>Why one class of about 580 lines: after that split, lifecycle, link events, registration and ids stay, and they
 * share the session table.
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
    private final Duration awakeWindow;
    private final Duration keepAliveInterval;
    private final int keepAliveMisses;

    private final Reports reports;
    private final Reachability reachability;
    private final Requests requests;
    private final AddressCheck addressCheck;
    private final Interviews interviews;
    private final Commands commands;
    private AddressTable addresses;
    // written once on the executor, read by other threads (tests, close)
    private volatile BaseLink link;
    private final Optional<SimulatedBase.Provider> simulatorProvider;
    private volatile SimulatedBase simulatedBase;
    private volatile Scheduler.Cancellable reachabilityTimer;
    private final Map<LinkId, Uid> linkUids = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<DeviceId, Session> sessionsById = new HashMap<>();
    private final Map<LinkId, Session> sessionsByLink = new HashMap<>();
    private volatile boolean closed;
    private boolean linkUp;
    /** Permit-join requests the base has not confirmed yet, on the executor. */
    private final List<PendingWindow> pendingWindows = new ArrayList<>();

    /** With the DECT-ULE simulator found on the class path, if any ({@link SimulatedBase.Provider#find}). */
    public DectAdapter(AdapterContext context) {
        this(context, SimulatedBase.Provider.find(DectAdapter.class.getClassLoader()));
    }

    /** {@code simulatorProvider}: what {@code dect.mode = simulator} runs; empty in a build without the simulator. */
    public DectAdapter(AdapterContext context, Optional<SimulatedBase.Provider> simulatorProvider) {
        this.context = context;
        this.simulatorProvider = simulatorProvider;
        this.registry = context.registry();
        this.clock = context.clock();
        this.scheduler = context.scheduler();
        this.executor = new SerialExecutor(context.executor(), "dect");
        this.awakeWindow = context.config().get(DectConfig.AWAKE_WINDOW);
        this.keepAliveInterval = context.config().get(DectConfig.KEEP_ALIVE_INTERVAL);
        this.keepAliveMisses = context.config().get(DectConfig.KEEP_ALIVE_MISSES);
        this.reports = new Reports(registry);
        this.reachability = new Reachability(registry, clock, this::reportNetwork);
        this.requests = new Requests(scheduler, executor, clock, context.config().get(DectConfig.COMMAND_TIMEOUT),
                context.config().get(DectConfig.ASLEEP_QUEUE_TIMEOUT), (session, packet) -> link.send(session.link,
                        packet), reachability);
        reachability.attach(requests);
        this.interviews = new Interviews(requests, reports);
        this.commands = new Commands(registry, requests, reports);
        this.addressCheck = new AddressCheck(requests, reachability, clock, interviews::start);
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
                SimulatedBase base = simulatorProvider.orElseThrow(() -> new IllegalStateException(
                        "dect.mode = simulator, but this build has no DECT-ULE simulator (module dect-ule-simulator);"
                                + " set dect.mode = tcp")).create(context);
                simulatedBase = base; // registered first, so that close() stops it even if start fails half-way
                base.link().start(listener);
                link = base.link(); // link events reach the adapter through its executor, after this task
                base.start();
                LOG.info("[dect] simulated base with {}", base.description());
            } else {
                InetSocketAddress listen = resolved(context.config().get(DectConfig.LINK_LISTEN));
                TcpBaseLink tcp = new TcpBaseLink(listen, BASE_UID, context.config().get(DectConfig.LINK_FRAME_GAP));
                tcp.useSharedEventLoop(context.ports());
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
                () -> executor.execute(() -> reachability.tick(sessions.values())));
    }

    private static InetSocketAddress resolved(InetSocketAddress address) {
        return new InetSocketAddress(address.getHostString(), address.getPort());
    }

    /** The simulated base, when the adapter runs in simulator mode (for tests of the simulator). */
    public Optional<SimulatedBase> simulatedBase() {
        return Optional.ofNullable(simulatedBase);
    }

    /** The TCP address the base listens on, in TCP mode. */
    public Optional<InetSocketAddress> tcpAddress() {
        return link instanceof TcpBaseLink tcp ? Optional.of(tcp.localAddress()) : Optional.empty();
    }

    /** Tasks waiting on the adapter's executor (link events, timers, commands): a measure of back-pressure. */
    public int backlog() {
        return executor.queued();
    }

    /**
     * Requests to devices that wait for their turn or for an answer, counted on the adapter's executor. Tests that move
     * an injected clock wait for this to reach zero first, so that no timeout fires for an answer still on its way.
     */
    public CompletableFuture<Integer> requestsOutstanding() {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        executor.execute(() -> count.complete(sessions.values().stream()
                .mapToInt(s -> s.queue.size() + (s.inFlight == null ? 0 : 1)).sum()));
        return count;
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
        if (simulatedBase != null) {
            simulatedBase.close();
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
        public void onRegistrationWindow(int seconds) {
            executor.execute(() -> registrationWindow(seconds));
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
            reachability.on(session, (new Presence.Detached(clock.instant(), "base link down")));
        }
        sessionsByLink.clear();
        linkUids.clear();
        failPendingWindows(new DeviceException(ErrorKind.UNREACHABLE, "the DECT base went away: " + reason));
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
            // A node that reconnects may have kept its address (the bridge restarted) or lost it (the node restarted:
            // the hanfun reference node does not store it). It is unreachable until it shows it has the address.
            bindLink(known, id);
            ensureRegistered(known);
            reachability.on(known, new Presence.Unbound(clock.instant(), AddressCheck.uncheckedReason(known.address)));
            addressCheck.verify(known);
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
        // A known device keeps its reachability: the presence machine changes it, with a logged reason.
        Device.Builder builder = known != null ? known.toBuilder() : Device.builder(session.id)
                .name(session.model.title()).model(session.model.profile()).reachable(true, "");
        registry.register(builder.capabilities(session.model.capabilities()).kind(session.model.kind()).build());
        reportNetwork();
    }

    private void detached(LinkId id) {
        linkUids.remove(id);
        Session session = sessionsByLink.remove(id);
        if (session != null && id.equals(session.link)) {
            session.link = null;
            reachability.on(session, (new Presence.Detached(clock.instant(), "link to the base closed")));
        }
    }

    private void packet(LinkId id, Packet packet) {
        if (closed) {
            // Packets the base sent before the close (a burst of registrations) still queued: acting on them would
            // register devices and start interviews on timers the stopping service has shut down.
            LOG.debug("[dect {}] adapter closed; packet dropped", id);
            return;
        }
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
        reachability.heard(session);
        if (!packet.type().isResponse() && packet.source().device() == Address.BROADCAST_DEVICE
                && session.presence.state() != Presence.State.UNBOUND) {
            // A request from the unregistered address: the node restarted and forgot the address it was given.
            reachability.on(session, new Presence.Unbound(clock.instant(),
                    AddressCheck.uncheckedReason(session.address)));
            addressCheck.verify(session);
        }
        if (packet.type().isResponse()) {
            if (!requests.answered(session, packet.reference(), message)) {
                LOG.debug("[dect {}] response with unknown reference {}", session.id, packet.reference());
            }
        } else {
            ResultCode result = unsolicited(session, packet, message);
            if (packet.type() == MessageType.COMMAND_RESP_REQ) {
                requests.send(session, packet.source(), packet.reference(),
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
        interviews.start(session);
    }

    private void bind(Session session, LinkId id) {
        bindLink(session, id);
        reachability.on(session, new Presence.Attached(clock.instant()));
    }

    private void bindLink(Session session, LinkId id) {
        if (session.link != null && !session.link.equals(id)) {
            sessionsByLink.remove(session.link);
            requests.failAll(session, ErrorKind.UNREACHABLE, "device moved to a new link");
        }
        session.link = id;
        sessionsByLink.put(id, session);
    }

    private void setModel(Session session, DeviceModel model) {
        if (session.presence != null) {
            requests.failAll(session, ErrorKind.UNREACHABLE, "device registered again");
        }
        session.model = model;
        session.presence = new Presence(model.sleepy(), model.keepAlive(), awakeWindow,
                keepAliveInterval.multipliedBy(keepAliveMisses), "no keep-alive for " + keepAliveMisses + " periods");
    }

    // ------------------------------------------------------------------ devices leaving

    /** Handles a command or notification from the device; returns the result to answer with if one is asked for. */
    private ResultCode unsolicited(Session session, Packet packet, HanfunMessage message) {
        int unit = packet.source().isBroadcast() ? 1 : packet.source().unit();
        if (message instanceof DeregisterRequest deregister) {
            if (deregister.address() != session.address) {
                return ResultCode.FAIL_ARG;
            }
            deregister(session);
            return ResultCode.OK;
        }
        return reports.unsolicited(session, unit, message);
    }

    /** The device left the base on its own (Device Management DEREGISTER): it leaves the core too. */
    private void deregister(Session session) {
        LOG.info("[dect] {} deregistered", session.id);
        requests.failAll(session, ErrorKind.NOT_FOUND, "deregistered");
        addresses.remove(session.uidKey);
        sessions.remove(session.uidKey);
        sessionsById.remove(session.id);
        if (session.link != null) {
            sessionsByLink.remove(session.link);
        }
        registry.remove(session.id);
        reportNetwork();
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
        commands.execute(session, command, result);
    }

    // ------------------------------------------------------------------ registration window

    /**
     * Opens the base's registration window ("register a DECT device") for {@code duration}, or closes it for zero:
     * a REGISTRATION frame to the base, answered once the base confirmed it (fails with UNREACHABLE when the link is
     * down, TIMEOUT when the base does not confirm within {@code dect.commandTimeout}).
     */
    @Override
    public CompletionStage<Void> permitJoin(Duration duration) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        long seconds = duration.toSeconds();
        if (duration.isNegative() || seconds > Frame.MAX_REGISTRATION_SECONDS) {
            result.completeExceptionally(new DeviceException(ErrorKind.INVALID_VALUE,
                    "the DECT base opens its registration window for 0.." + Frame.MAX_REGISTRATION_SECONDS + " s"));
            return result;
        }
        executor.execute(() -> {
            if (closed || !linkUp || link == null) {
                result.completeExceptionally(new DeviceException(ErrorKind.UNREACHABLE, "the DECT base is not up"));
                return;
            }
            PendingWindow pending = new PendingWindow((int) seconds, result);
            pendingWindows.add(pending);
            pending.timer = scheduler.schedule(context.config().get(DectConfig.COMMAND_TIMEOUT),
                    () -> executor.execute(() -> {
                        if (pendingWindows.remove(pending)) {
                            result.completeExceptionally(new DeviceException(ErrorKind.TIMEOUT,
                                    "the DECT base did not confirm its registration window"));
                        }
                    }));
            if (!link.requestRegistrationWindow((int) seconds)) {
                pendingWindows.remove(pending);
                pending.timer.cancel();
                result.completeExceptionally(new DeviceException(ErrorKind.UNREACHABLE, "the DECT base is not up"));
            }
        });
        return result;
    }

    /** The base's report: open for {@code seconds} more, or closed (0). Confirms the requests it answers. */
    private void registrationWindow(int seconds) {
        LOG.info("[dect] the base's registration window is {}", seconds > 0 ? "open for " + seconds + " s" : "closed");
        // An open confirms the opens asked for, a close the closes; a window running out confirms nothing asked.
        pendingWindows.removeIf(pending -> {
            if ((pending.seconds > 0) != (seconds > 0)) {
                return false;
            }
            pending.timer.cancel();
            pending.result.complete(null);
            return true;
        });
    }

    private void failPendingWindows(DeviceException reason) {
        for (PendingWindow pending : pendingWindows) {
            pending.timer.cancel();
            pending.result.completeExceptionally(reason);
        }
        pendingWindows.clear();
    }

    /** A permit-join waiting for the base's confirmation; on the executor. */
    private static final class PendingWindow {
        final int seconds;
        final CompletableFuture<Void> result;
        Scheduler.Cancellable timer;

        PendingWindow(int seconds, CompletableFuture<Void> result) {
            this.seconds = seconds;
            this.result = result;
        }
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
        return "uid" + uid.type() + "-" + uid.value().hex();
    }

}
