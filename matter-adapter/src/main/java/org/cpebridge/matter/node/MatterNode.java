package org.cpebridge.matter.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.util.SerialExecutor;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.group.GroupMessageCodec;
import org.cpebridge.matter.handshake.HandshakeMessage;
import org.cpebridge.matter.message.GeneralCode;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageCodec;
import org.cpebridge.matter.message.MessageCounter;
import org.cpebridge.matter.message.MessageException;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.MessageReceptionState;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.SecureSessionCodec;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.mrp.ExchangeManager;
import org.cpebridge.matter.mrp.MrpAction;
import org.cpebridge.matter.mrp.MrpEvent;
import org.cpebridge.matter.mrp.MrpParameters;
import org.cpebridge.matter.mrp.ReliableExchange;
import org.cpebridge.matter.mrp.SessionContext;
import org.cpebridge.matter.mrp.UnsecuredSessionTable;
import org.cpebridge.matter.pase.PaseResponder;
import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.matter.transport.UdpTransport;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matter node: UDP datagrams in, sessions, exchanges with MRP, and the protocol handlers (PASE now; CASE and the
 * Interaction Model plug into {@link #dispatch}). Every piece of state is owned by one serial executor, the node
 * loop, whose tasks run one at a time on the shared worker pool, or inline on the transport's I/O thread: a datagram
 * that arrives while the node loop is idle is decoded, decrypted and acknowledged on the I/O thread that received it,
 * and answered there too when the answer is short work (a handshake message, or an IM request the handler calls
 * quick: no disk, bounded work, see {@link SecureMessageHandler#answersQuickly}); anything else continues on the
 * pool. matter.js answers on the thread that received; handing every datagram over cost a pool thread's wake-up per
 * request and one of the I/O thread per answer, which on a loaded machine made most of our gap to it.
 *
 * <p>Why one class of about 770 lines: sessions, exchanges and MRP share one owner (the node loop) and one lookup by
 * session and exchange id; the protocol handlers (PASE, CASE, the IM) live elsewhere, and what stays is the dispatch
 * that must see all three at once.
 */
public final class MatterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MatterNode.class);
    // Per-handshake-message timing for profiling (bench/matter-commissioning.sh, see docs/matter-commissioning.md):
    // how long the datagram waited for the node loop and how long the handshake took to answer.
    private static final Logger TIMING = LoggerFactory.getLogger(MatterNode.class.getName() + ".timing");

    /** Our MRP timing, sent in PBKDFParamResponse and advertised in DNS-SD (Matter core defaults). */
    static final SessionParameters LOCAL_SESSION_PARAMETERS = SessionParameters.mrp(500, 300, 4000);
    /** How many secure sessions the node keeps (Matter asks for at least 3 per fabric; 5 fabrics). */
    static final int MAX_SECURE_SESSIONS = 16;

    /** Something that handles secure-session traffic of a protocol other than the secure channel (the IM). */
    public interface SecureMessageHandler {
        /**
         * A message arrived on a secure session. Answer through {@code reply}, on the calling thread.
         *
         * @param exchange identifies the exchange (equal for every message of one exchange)
         * @return false when the message was not understood (the exchange is then closed)
         */
        boolean onMessage(SessionInfo session, Object exchange, Message message, Reply reply);

        /**
         * Whether answering {@code message} is short enough to run on the transport's I/O thread, which every
         * transport of the service shares: never when it may write to disk or do work that grows with the number
         * of devices. Called on the node loop; false (the default) hands the message to the worker pool.
         */
        default boolean answersQuickly(Message message) {
            return false;
        }
    }

    /**
     * Who is on the other end of a secure session.
     *
     * @param fabricIndex the CASE session's fabric, 0 for PASE
     * @param peerNodeId  the CASE peer's operational node id, 0 for PASE
     * @param attestationChallenge the session's attestation challenge, signed into attestation and CSR responses
     * @param peerCats the CASE peer's CASE Authenticated Tags, empty for PASE
     */
    public record SessionInfo(int localSessionId, boolean pase, int fabricIndex, long peerNodeId,
                              Bytes attestationChallenge, List<Long> peerCats) {
        public SessionInfo {
            peerCats = List.copyOf(peerCats);
        }

        /** A session whose peer has no CASE Authenticated Tags. */
        public SessionInfo(int localSessionId, boolean pase, int fabricIndex, long peerNodeId,
                           Bytes attestationChallenge) {
            this(localSessionId, pase, fabricIndex, peerNodeId, attestationChallenge, List.of());
        }
    }

    /**
     * What the node does with a group-addressed Interaction Model message that authenticated and is new. Called on
     * the node loop (never on the I/O thread); nothing is acknowledged or answered, whatever it returns.
     */
    @FunctionalInterface
    public interface GroupMessageHandler {
        void onGroupMessage(GroupMessageCodec.Received received);
    }

    /** What becomes of an exchange this node initiated (a subscription report). Called on the node loop. */
    public interface InitiatedExchange {
        /** The peer acknowledged the message sent (MRP). */
        void acknowledged(Object exchange);

        /** No acknowledgement after every retransmission, or the session went away. */
        void failed(Object exchange);
    }

    /** Sends on the exchange a message arrived on. */
    public interface Reply {
        void send(int protocolId, int opcode, Bytes payload, boolean reliable);

        /** Ends the exchange (flushing a pending acknowledgement). */
        void close();
    }

    private final UdpTransportConfig transportConfig;
    private final Clock clock;
    private final Scheduler scheduler;
    private final SerialExecutor loop;
    private final CryptoRandom random;
    private final SplittableRandom jitter;
    private final CommissioningWindow window;
    private final HandshakeAdmission paseAdmission;
    private final HandshakeAdmission caseAdmission;
    private final ExchangeManager exchanges;
    private final UnsecuredSessionTable unsecured;
    private final Map<SessionContext, NodeSession> sessionsByContext = new HashMap<>();
    // In order of establishment: the newest session to a peer carries what the node initiates.
    private final Map<Integer, NodeSession> secureSessions = new LinkedHashMap<>();
    private final Map<ReliableExchange, InitiatedExchange> initiated = new HashMap<>();
    private final Map<ReliableExchange, Handshake> handshakes = new HashMap<>();
    // CASE handshakes this node initiated: the unsecured session each runs on (by our ephemeral node id, which the
    // responder's answers carry as their destination) and who waits for the outcome.
    private final Map<Long, InitiatorSession> initiatorSessions = new HashMap<>();
    private final Map<ReliableExchange, java.util.function.Consumer<Boolean>> caseDials = new HashMap<>();
    private FabricTable fabrics;
    private ResumptionStore resumptions;
    private Supplier<Optional<Instant>> certificateTime = Optional::empty;
    private SecureMessageHandler interactionModel = (session, exchange, message, reply) -> false;
    private GroupMessageCodec groupCodec;
    private GroupMessageHandler groupHandler;
    private UdpTransport transport;
    /** True while the node loop runs inline on the I/O thread that received a datagram (see the class comment). */
    private boolean onIoThread;

    public MatterNode(UdpTransportConfig transportConfig, Clock clock, Scheduler scheduler, Executor executor,
                      CryptoRandom random) {
        this.transportConfig = Objects.requireNonNull(transportConfig, "transportConfig");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.loop = new SerialExecutor(executor, "matter-node");
        this.random = Objects.requireNonNull(random, "random");
        byte[] seed = random.bytes(8);
        this.jitter = new SplittableRandom(java.nio.ByteBuffer.wrap(seed).getLong());
        this.window = new CommissioningWindow(clock);
        this.paseAdmission = new HandshakeAdmission(clock, "PASE", "PBKDFParamRequest");
        this.caseAdmission = new HandshakeAdmission(clock, "CASE", "Sigma1");
        this.exchanges = new ExchangeManager(clock, jitter, MatterNode::acceptsUnsolicited);
        this.unsecured = new UnsecuredSessionTable(MessageCounter.random(MessageCounter.Kind.GLOBAL_UNENCRYPTED,
                jitter), MrpParameters.DEFAULT, 32);
    }

    /** Binds the UDP socket and starts serving. */
    public void start() throws IOException {
        transport = UdpTransport.bind(transportConfig, (sender, datagram) -> {
            Instant arrived = TIMING.isDebugEnabled() ? clock.instant() : null;
            Thread receiver = Thread.currentThread();
            Runnable take = () -> {
                boolean inline = Thread.currentThread() == receiver;
                if (arrived != null) {
                    TIMING.debug("timing datagram bytes={} inline={} queued_ms={}", datagram.length, inline,
                            Duration.between(arrived, clock.instant()).toNanos() / 1e6);
                }
                onIoThread = inline;
                try {
                    onDatagram(sender, datagram);
                } finally {
                    onIoThread = false;
                }
            };
            // On the receiving I/O thread when the node loop is idle (no wake-up of a pool thread), else in turn.
            if (!loop.runNowIfIdle(take)) {
                loop.execute(take);
            }
        });
        LOG.debug("[matter] node listening on UDP {}", transport.localAddress());
    }

    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    /** Every address the node's UDP sockets are bound to. */
    public List<InetSocketAddress> localAddresses() {
        return transport.localAddresses();
    }

    /** Opens the commissioning window with the given PASE credentials for the given time. */
    public void openCommissioningWindow(CommissioningWindow.Credentials credentials, Duration duration) {
        loop.execute(() -> {
            window.open(credentials, duration);
            LOG.info("[matter] commissioning window open for {} min", duration.toMinutes());
        });
    }

    /** Closes the commissioning window (commissioning completed, or an administrator revoked it). */
    public void closeCommissioningWindow(String reason) {
        loop.execute(() -> {
            window.close(reason);
            LOG.info("[matter] commissioning window closed: {}", reason);
        });
    }

    /** Enables CASE: operational sessions against these fabrics, with resumption. */
    public void enableCase(FabricTable fabricTable, ResumptionStore resumptionStore) {
        enableCase(fabricTable, resumptionStore, Optional::empty);
    }

    /**
     * CASE as {@link #enableCase(FabricTable, ResumptionStore)}, checking each initiator's certificate validity
     * periods at the time {@code certificateTime} gives when a handshake starts (empty: not checked).
     */
    public void enableCase(FabricTable fabricTable, ResumptionStore resumptionStore,
            Supplier<Optional<Instant>> certificateTime) {
        Objects.requireNonNull(certificateTime, "certificateTime");
        loop.execute(() -> {
            fabrics = Objects.requireNonNull(fabricTable, "fabricTable");
            resumptions = Objects.requireNonNull(resumptionStore, "resumptionStore");
            this.certificateTime = certificateTime;
        });
    }

    /**
     * Ends every PASE session (commissioning completed, or its fail-safe ended), so the next commissioner is not
     * told BUSY by a session nobody uses any more. Call on the node loop.
     */
    public void closePaseSessions() {
        for (NodeSession session : new ArrayList<>(secureSessions.values())) {
            if (session.kind() == NodeSession.Kind.PASE) {
                closeSession(session);
            }
        }
    }

    /** Whether PASE may be attempted now. Call on the node loop. */
    public boolean isCommissioningWindowOpen() {
        return window.isOpen();
    }

    /** Ends every secure session of a fabric that was removed, and forgets its group counters. Call on the node loop. */
    public void closeFabricSessions(int fabricIndex) {
        if (groupCodec != null) {
            groupCodec.forgetFabric(fabricIndex);
        }
        for (NodeSession session : new ArrayList<>(secureSessions.values())) {
            if (session.kind() == NodeSession.Kind.CASE && session.fabricIndex() == fabricIndex) {
                closeSession(session);
            }
        }
    }

    /** Installs the handler of Interaction Model traffic on secure sessions. */
    public void setInteractionModel(SecureMessageHandler handler) {
        loop.execute(() -> interactionModel = Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Takes group-addressed messages (Matter core 4.15): each datagram whose security flags say Group is opened by
     * {@code codec} and, when it is an IM message that authenticated and is new, handed to {@code handler}. Without
     * this, group messages are dropped.
     */
    public void enableGroupcast(GroupMessageCodec codec, GroupMessageHandler handler) {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(handler, "handler");
        loop.execute(() -> {
            groupCodec = codec;
            groupHandler = handler;
        });
    }

    /** Joins a multicast group on the node's interface (see {@link UdpTransport#joinGroup}). */
    public java.util.concurrent.CompletableFuture<Void> joinMulticastGroup(java.net.InetAddress address) {
        return transport.joinGroup(address);
    }

    /** Leaves a multicast group (see {@link UdpTransport#leaveGroup}). */
    public java.util.concurrent.CompletableFuture<Void> leaveMulticastGroup(java.net.InetAddress address) {
        return transport.leaveGroup(address);
    }

    /** Runs a task on the node loop (for tests and the face): the node's state may be read there. */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** An unsecured session this node opened to initiate CASE, with the duplicate detection of the answers. */
    private record InitiatorSession(NodeSession session, MessageReceptionState reception) {
    }

    /**
     * Opens a CASE session to a peer this node knows by fabric and node id, at {@code address} (a subscriber after
     * a restart). {@code done} is called once on the node loop: true once the session is established (it is then
     * the newest with that peer, so {@link #initiate} uses it), false when the peer does not answer, refuses, or
     * fails the checks of its Sigma2. Call on the node loop.
     */
    public void openCase(int fabricIndex, long peerNodeId, InetSocketAddress address,
                         java.util.function.Consumer<Boolean> done) {
        Objects.requireNonNull(done, "done");
        Optional<org.cpebridge.matter.fabric.Fabric> fabric = fabrics == null ? Optional.empty()
                : fabrics.byIndex(fabricIndex);
        if (fabric.isEmpty() || transport == null) {
            done.accept(false);
            return;
        }
        long ephemeralNodeId;
        do {
            // An initiator on an unsecured session names itself with a random ephemeral node id (Matter core 4.13.2.1).
            ephemeralNodeId = jitter.nextLong();
        } while (ephemeralNodeId == 0 || initiatorSessions.containsKey(ephemeralNodeId));
        MessageHeader template = new MessageHeader(0, org.cpebridge.matter.message.SessionType.UNICAST, false, false,
                0, java.util.OptionalLong.of(ephemeralNodeId), org.cpebridge.matter.message.Destination.none(),
                Optional.empty());
        SessionContext context = new SessionContext("case initiator " + address, template,
                MessageCounter.random(MessageCounter.Kind.GLOBAL_UNENCRYPTED, jitter), MrpParameters.DEFAULT);
        NodeSession session = new NodeSession(0, context, address, Optional.empty(), NodeSession.Kind.UNSECURED, 0, 0,
                Bytes.of(new byte[0]), List.of());
        initiatorSessions.put(ephemeralNodeId, new InitiatorSession(session,
                MessageReceptionState.fresh(MessageReceptionState.Policy.UNENCRYPTED)));
        sessionsByContext.put(context, session);
        Handshake handshake = Handshake.caseInitiator(fabric.get(), peerNodeId, allocateSessionId(),
                LOCAL_SESSION_PARAMETERS, random, certificateTime.get());
        ReliableExchange exchange = exchanges.initiate(context);
        handshakes.put(exchange, handshake);
        long ephemeral = ephemeralNodeId;
        caseDials.put(exchange, established -> {
            // The exchange is over (its last acknowledgement flushed by the close): forget the unsecured session.
            initiatorSessions.remove(ephemeral);
            sessionsByContext.remove(context);
            exchanges.sessionClosed(context);
            done.accept(established);
        });
        LOG.debug("[matter] {} opening CASE to node {} on fabric {}", address, Long.toHexString(peerNodeId),
                fabricIndex);
        apply(session, exchange, handshake, handshake.start());
    }

    /**
     * Where the newest CASE session with a peer talks to it (its last known address), if there is one. Call on the
     * node loop.
     */
    public Optional<InetSocketAddress> peerAddress(int fabricIndex, long peerNodeId) {
        InetSocketAddress found = null;
        for (NodeSession session : secureSessions.values()) {
            if (session.kind() == NodeSession.Kind.CASE && session.fabricIndex() == fabricIndex
                    && session.peerNodeId() == peerNodeId) {
                found = session.peer();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Sends a message on a new exchange over the newest CASE session with a peer (a subscription report goes to the
     * subscriber this way). Answers on that exchange reach the {@link SecureMessageHandler} with the returned
     * exchange object. Call on the node loop.
     *
     * @return the exchange, or empty when no CASE session with that peer exists
     */
    public Optional<Object> initiate(int fabricIndex, long peerNodeId, int protocolId, int opcode, Bytes payload,
                                     InitiatedExchange listener) {
        NodeSession chosen = null;
        for (NodeSession session : secureSessions.values()) {
            if (session.kind() == NodeSession.Kind.CASE && session.fabricIndex() == fabricIndex
                    && session.peerNodeId() == peerNodeId) {
                chosen = session;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        ReliableExchange exchange = exchanges.initiate(chosen.context());
        initiated.put(exchange, Objects.requireNonNull(listener, "listener"));
        carryOut(chosen, exchanges.on(exchange, new MrpEvent.Send(protocolId, opcode, payload, true)));
        return Optional.of(exchange);
    }

    /** Closes an exchange this node initiated (once its acknowledgement came). Call on the node loop. */
    public void closeInitiated(Object exchange) {
        if (exchange instanceof ReliableExchange reliable && initiated.remove(reliable) != null) {
            NodeSession session = sessionsByContext.get(reliable.session());
            if (session != null) {
                carryOut(session, exchanges.on(reliable, new MrpEvent.Close()));
            }
        }
    }

    /** Secure sessions currently established; call on the node loop. */
    int secureSessionCount() {
        return secureSessions.size();
    }

    CommissioningWindow window() {
        return window;
    }

    private static boolean acceptsUnsolicited(ProtocolHeader header) {
        if (header.protocolId() == ProtocolId.SECURE_CHANNEL && header.effectiveVendorId() == 0) {
            int opcode = header.opcode();
            return opcode == SecureChannelOpcode.PBKDF_PARAM_REQUEST.code()
                    || opcode == SecureChannelOpcode.CASE_SIGMA1.code();
        }
        return header.protocolId() == ProtocolId.INTERACTION_MODEL && header.effectiveVendorId() == 0;
    }

    // ---- receive path ----

    private void onDatagram(InetSocketAddress sender, byte[] datagram) {
        int sessionId;
        try {
            sessionId = MessageCodec.peekSessionId(datagram);
        } catch (MessageException e) {
            LOG.trace("[matter] {} dropped a malformed datagram: {}", sender, e.getMessage());
            return;
        }
        try {
            if (GroupMessageCodec.isGroupMessage(datagram)) {
                onGroup(sender, datagram);
            } else if (sessionId == 0) {
                onUnsecured(sender, datagram);
            } else {
                onSecure(sender, sessionId, datagram);
            }
        } catch (MessageException e) {
            LOG.debug("[matter] {} dropped a message: {}", sender, e.getMessage());
        } catch (RuntimeException e) {
            // A bug must not take the node loop down; the message is dropped and the state is left as it was.
            LOG.warn("[matter] {} message handling failed", sender, e);
        }
    }

    /**
     * A group-addressed message: opened (keys, privacy, counter) here, handed to the group handler on the pool. No
     * acknowledgement even if it asked for one, and never an answer: group messages are not reliable (Core 4.12.2)
     * and a group request has no response.
     */
    private void onGroup(InetSocketAddress sender, byte[] datagram) throws MessageException {
        if (groupCodec == null) {
            throw new MessageException("group messages are not taken (no group support enabled)");
        }
        Optional<GroupMessageCodec.Received> opened = groupCodec.open(datagram);
        if (opened.isEmpty()) {
            LOG.trace("[matter] {} duplicate group message dropped", sender);
            return;
        }
        GroupMessageCodec.Received received = opened.get();
        if (received.message().protocolHeader().protocolId() != ProtocolId.INTERACTION_MODEL) {
            LOG.debug("[matter] {} group message of protocol 0x{} dropped", sender,
                    Integer.toHexString(received.message().protocolHeader().protocolId()));
            return;
        }
        LOG.debug("[matter] {} group message for group 0x{} on fabric {} from node {}", sender,
                Integer.toHexString(received.groupId()), received.fabricIndex(),
                Long.toHexString(received.sourceNodeId()));
        if (onIoThread) {
            // Commands reach the devices through the core: work for the pool, not the shared I/O thread.
            loop.execute(() -> groupHandler.onGroupMessage(received));
        } else {
            groupHandler.onGroupMessage(received);
        }
    }

    private void onUnsecured(InetSocketAddress sender, byte[] datagram) throws MessageException {
        Message message = MessageCodec.decodeUnsecured(datagram);
        ProtocolHeader header = message.protocolHeader();
        if (header.protocolId() == ProtocolId.SECURE_CHANNEL && isFirstOfHandshake(header.opcode())
                && !admission(header.opcode()).admit(sender.getAddress())) {
            // Over the rate limit: no state, no acknowledgement, no status report (never amplify a flood).
            return;
        }
        if (message.header().destination() instanceof org.cpebridge.matter.message.Destination.Node destination
                && initiatorSessions.containsKey(destination.nodeId())) {
            // An answer to a CASE handshake this node initiated: it names our ephemeral node id.
            InitiatorSession ours = initiatorSessions.get(destination.nodeId());
            boolean duplicate = ours.reception().offer(message.header().messageCounter())
                    == MessageReceptionState.Verdict.DUPLICATE;
            carryOut(ours.session(), exchanges.onMessage(ours.session().context(), message, duplicate));
            return;
        }
        UnsecuredSessionTable.UnsecuredSession session = unsecured.sessionFor(sender, message);
        NodeSession node = sessionsByContext.computeIfAbsent(session.context(), context ->
                new NodeSession(0, context, sender, Optional.empty(), NodeSession.Kind.UNSECURED, 0, 0,
                        Bytes.of(new byte[0]), List.of()));
        boolean duplicate = session.reception().offer(message.header().messageCounter())
                == MessageReceptionState.Verdict.DUPLICATE;
        carryOut(node, exchanges.onMessage(session.context(), message, duplicate));
    }

    private static boolean isFirstOfHandshake(int opcode) {
        return opcode == SecureChannelOpcode.PBKDF_PARAM_REQUEST.code()
                || opcode == SecureChannelOpcode.CASE_SIGMA1.code();
    }

    private HandshakeAdmission admission(int opcode) {
        return opcode == SecureChannelOpcode.CASE_SIGMA1.code() ? caseAdmission : paseAdmission;
    }

    private void onSecure(InetSocketAddress sender, int sessionId, byte[] datagram) throws MessageException {
        NodeSession session = secureSessions.get(sessionId);
        if (session == null) {
            throw new MessageException("no secure session " + sessionId);
        }
        SecureSessionCodec.Opened opened = session.codec().orElseThrow().open(datagram);
        carryOut(session, exchanges.onMessage(session.context(), opened.message(), opened.duplicate()));
    }

    // ---- exchange actions ----

    private void carryOut(NodeSession session, List<ExchangeManager.Output> outputs) {
        for (ExchangeManager.Output output : outputs) {
            MrpAction action = output.action();
            if (action instanceof MrpAction.Transmit transmit) {
                transmit(session, transmit.message());
            } else if (action instanceof MrpAction.StartTimer timer) {
                Duration delay = Duration.between(clock.instant(), timer.deadline());
                scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> loop.execute(() ->
                        carryOut(session, exchanges.on(output.exchange(), new MrpEvent.TimerFired(timer.timer())))));
            } else if (action instanceof MrpAction.Deliver deliver) {
                dispatch(session, output.exchange(), deliver.message());
            } else if (action instanceof MrpAction.Acknowledged) {
                InitiatedExchange listener = initiated.get(output.exchange());
                if (listener != null) {
                    listener.acknowledged(output.exchange());
                }
            } else if (action instanceof MrpAction.GiveUp) {
                LOG.debug("[matter] {} exchange {} gave up: no acknowledgement", session.peer(),
                        output.exchange().exchangeId());
                handshakes.remove(output.exchange());
                java.util.function.Consumer<Boolean> dial = caseDials.remove(output.exchange());
                if (dial != null) {
                    dial.accept(false);
                }
                InitiatedExchange listener = initiated.remove(output.exchange());
                if (listener != null) {
                    listener.failed(output.exchange());
                }
            } else if (action instanceof MrpAction.SessionExhausted) {
                LOG.info("[matter] {} session counter exhausted; closing the session", session.peer());
                closeSession(session);
            }
        }
    }

    private void transmit(NodeSession session, Message message) {
        byte[] datagram = session.codec().map(codec -> codec.seal(message))
                .orElseGet(() -> MessageCodec.encodeUnsecured(message));
        transport.send(session.peer(), datagram);
    }

    private void dispatch(NodeSession session, ReliableExchange exchange, Message message) {
        if (onIoThread && !answersQuickly(session, message)) {
            // Received on the shared I/O thread, but the answer may take long: the pool goes on from here.
            loop.execute(() -> dispatch(session, exchange, message));
            return;
        }
        ProtocolHeader header = message.protocolHeader();
        if (header.protocolId() == ProtocolId.SECURE_CHANNEL) {
            onSecureChannel(session, exchange, message);
            return;
        }
        if (header.protocolId() == ProtocolId.INTERACTION_MODEL && session.isSecure()) {
            Reply reply = new Reply() {
                @Override
                public void send(int protocolId, int opcode, Bytes payload, boolean reliable) {
                    carryOut(session, exchanges.on(exchange, new MrpEvent.Send(protocolId, opcode, payload,
                            reliable)));
                }

                @Override
                public void close() {
                    initiated.remove(exchange);
                    carryOut(session, exchanges.on(exchange, new MrpEvent.Close()));
                }
            };
            SessionInfo info = new SessionInfo(session.localSessionId(), session.kind() == NodeSession.Kind.PASE,
                    session.fabricIndex(), session.peerNodeId(), session.attestationChallenge(), session.peerCats());
            if (!interactionModel.onMessage(info, exchange, message, reply)) {
                reply.close();
            }
            return;
        }
        LOG.debug("[matter] {} unexpected protocol 0x{} on a {} session", session.peer(),
                Integer.toHexString(header.protocolId()), session.kind());
        carryOut(session, exchanges.on(exchange, new MrpEvent.Close()));
    }

    /**
     * Whether a message may be answered on the I/O thread: handshake messages (their crypto takes a few
     * milliseconds with the router's flags, and their admission limits bound how many arrive), unless establishing
     * a session could evict one (whose subscriptions then end, which writes to disk); on secure sessions, what the
     * IM handler calls quick. Secure-channel messages on secure sessions (CloseSession ends subscriptions too) are not.
     */
    private boolean answersQuickly(NodeSession session, Message message) {
        int protocolId = message.protocolHeader().protocolId();
        if (protocolId == ProtocolId.SECURE_CHANNEL) {
            return !session.isSecure() && secureSessions.size() < MAX_SECURE_SESSIONS - 1;
        }
        if (protocolId == ProtocolId.INTERACTION_MODEL && session.isSecure()) {
            return interactionModel.answersQuickly(message);
        }
        return false;
    }

    private void onSecureChannel(NodeSession session, ReliableExchange exchange, Message message) {
        SecureChannelOpcode opcode = new SecureChannelOpcode(message.protocolHeader().opcode());
        if (session.isSecure()) {
            // Status reports (CloseSession) on secure sessions.
            if (opcode.equals(SecureChannelOpcode.STATUS_REPORT)) {
                onSecureStatusReport(session, message);
            }
            carryOut(session, exchanges.on(exchange, new MrpEvent.Close()));
            return;
        }
        Handshake handshake = handshakes.get(exchange);
        if (handshake == null) {
            handshake = startHandshake(session, exchange, opcode);
            if (handshake == null) {
                // Refused with a status report: the exchange ends here (and is forgotten once that is acknowledged).
                carryOut(session, exchanges.on(exchange, new MrpEvent.Close()));
                return;
            }
        }
        Instant started = TIMING.isDebugEnabled() ? clock.instant() : null;
        Handshake.Step step = handshake.onMessage(opcode, message.payload());
        if (started != null) {
            TIMING.debug("timing handshake {} opcode=0x{} ours_ms={} established={} failed={}", handshake.kind(),
                    Integer.toHexString(opcode.code()), Duration.between(started, clock.instant()).toNanos() / 1e6,
                    step.established().isPresent(), step.failure().isPresent());
        }
        apply(session, exchange, handshake, step);
    }

    /** Starts PASE for a PBKDFParamRequest or CASE for a Sigma1; answers anything else with a status report. */
    private Handshake startHandshake(NodeSession session, ReliableExchange exchange, SecureChannelOpcode opcode) {
        if (opcode.equals(SecureChannelOpcode.CASE_SIGMA1)) {
            if (fabrics == null) {
                sendStatus(session, exchange, StatusReport.secureChannel(GeneralCode.FAILURE,
                        SecureChannelStatus.NO_SHARED_TRUST_ROOTS));
                return null;
            }
            Handshake handshake = Handshake.caseSigma(fabrics, resumptions, allocateSessionId(),
                    LOCAL_SESSION_PARAMETERS, random, certificateTime.get());
            handshakes.put(exchange, handshake);
            return handshake;
        }
        if (!opcode.equals(SecureChannelOpcode.PBKDF_PARAM_REQUEST)) {
            sendStatus(session, exchange, StatusReport.secureChannel(GeneralCode.FAILURE,
                    SecureChannelStatus.INVALID_PARAMETER));
            return null;
        }
        Optional<CommissioningWindow.Credentials> credentials = window.credentials();
        if (credentials.isEmpty()) {
            LOG.debug("[matter] {} PASE refused: commissioning window closed ({})", session.peer(),
                    window.closedBecause());
            sendRefusal(session, exchange, StatusReport.secureChannel(GeneralCode.FAILURE,
                    SecureChannelStatus.INVALID_PARAMETER));
            return null;
        }
        if (handshakes.values().stream().anyMatch(h -> h.kind() == NodeSession.Kind.PASE)
                || secureSessions.values().stream().anyMatch(s -> s.kind() == NodeSession.Kind.PASE)) {
            // One commissioner at a time (Matter core 5.5: the commissionee is busy while a PASE session exists).
            LOG.info("[matter] {} PASE refused: another commissioner holds the window", session.peer());
            sendRefusal(session, exchange, StatusReport.busy(5_000));
            return null;
        }
        Handshake handshake = Handshake.pase(new PaseResponder.Config(credentials.get().verifier(),
                credentials.get().pbkdf(), allocateSessionId(), Optional.of(LOCAL_SESSION_PARAMETERS)), random);
        handshakes.put(exchange, handshake);
        return handshake;
    }

    private void apply(NodeSession session, ReliableExchange exchange, Handshake handshake, Handshake.Step step) {
        for (HandshakeMessage outbound : step.messages()) {
            carryOut(session, exchanges.on(exchange, new MrpEvent.Send(ProtocolId.SECURE_CHANNEL,
                    outbound.opcode().code(), outbound.payload(), true)));
        }
        step.armTimer().ifPresent(timeout -> scheduler.schedule(timeout, () -> loop.execute(() -> {
            if (handshakes.get(exchange) == handshake) {
                LOG.info("[matter] {} {} handshake timed out", session.peer(), handshake.kind());
                apply(session, exchange, handshake, handshake.onTimeout());
            }
        })));
        step.established().ifPresent(established -> onEstablished(session, established, handshake.initiator()));
        step.failure().ifPresent(reason -> {
            LOG.info("[matter] {} {} failed: {}", session.peer(), handshake.kind(), reason);
            // Only a rejected passcode guess counts toward the 20 that close the window: garbage, timeouts and
            // aborts reveal nothing about the passcode, and counting them would let anyone close the window.
            if (handshake.passcodeRejected() && window.attemptFailed()) {
                LOG.info("[matter] commissioning window closed: {}", window.closedBecause());
            }
        });
        if (step.terminal()) {
            handshakes.remove(exchange);
            // Nothing more will be sent on this exchange that could carry the acknowledgement of what ended it
            // (the initiator's StatusReport confirming a resumption, or aborting): closing sends it now rather than
            // after the standalone-ack timer, and the initiator waits for it before its first request.
            carryOut(session, exchanges.on(exchange, new MrpEvent.Close()));
            java.util.function.Consumer<Boolean> dial = caseDials.remove(exchange);
            if (dial != null) {
                boolean established = step.established().isPresent();
                if (onIoThread) {
                    // Whoever dialled (a resumed subscription) goes on to prime its reports: work for the pool.
                    loop.execute(() -> dial.accept(established));
                } else {
                    dial.accept(established);
                }
            }
        }
    }

    private void onEstablished(NodeSession unsecuredSession, Handshake.Established established, boolean initiator) {
        if (secureSessions.size() >= MAX_SECURE_SESSIONS) {
            evictOldestSession();
        }
        MrpParameters peerMrp = established.peerSessionParams().map(MatterNode::mrpOf).orElse(MrpParameters.DEFAULT);
        SessionContext context = new SessionContext(established.kind().name().toLowerCase() + " "
                + unsecuredSession.peer(), MessageHeader.secureUnicast(established.peerSessionId(), 0),
                MessageCounter.random(MessageCounter.Kind.SECURE_SESSION, jitter), peerMrp);
        NodeSession secure = new NodeSession(established.localSessionId(), context, unsecuredSession.peer(),
                Optional.of(initiator
                        ? SecureSessionCodec.initiator(established.i2rKey(), established.r2iKey(),
                                established.localNodeId(), established.peerNodeId())
                        : SecureSessionCodec.responder(established.i2rKey(), established.r2iKey(),
                                established.localNodeId(), established.peerNodeId())), established.kind(),
                established.fabricIndex(), established.peerNodeId(), established.attestationChallenge(),
                established.peerCats());
        secureSessions.put(established.localSessionId(), secure);
        sessionsByContext.put(context, secure);
        LOG.info("[matter] {} {} session {} established{}", unsecuredSession.peer(), established.kind(),
                established.localSessionId(), established.kind() == NodeSession.Kind.CASE
                        ? " on fabric " + established.fabricIndex() : "");
    }

    private void onSecureStatusReport(NodeSession session, Message message) {
        try {
            StatusReport report = StatusReport.decode(message.payload().toByteArray());
            if (report.protocolId() == ProtocolId.SECURE_CHANNEL && report.protocolCode() == SecureChannelStatus.CLOSE_SESSION.code()) {
                LOG.debug("[matter] {} closed session {}", session.peer(), session.localSessionId());
                closeSession(session);
            }
        } catch (MessageException e) {
            LOG.debug("[matter] {} sent a malformed status report: {}", session.peer(), e.getMessage());
        }
    }

    private void sendStatus(NodeSession session, ReliableExchange exchange, StatusReport report) {
        carryOut(session, exchanges.on(exchange, new MrpEvent.Send(ProtocolId.SECURE_CHANNEL,
                SecureChannelOpcode.STATUS_REPORT.code(), Bytes.of(report.encode()), true)));
    }

    /**
     * Refuses an unauthenticated PBKDFParamRequest: one status report, not sent reliably (it carries the
     * acknowledgement), so a source that never acknowledges gets one small datagram per request, not five
     * retransmissions. A lost refusal costs the commissioner one retransmission of its request.
     */
    private void sendRefusal(NodeSession session, ReliableExchange exchange, StatusReport report) {
        carryOut(session, exchanges.on(exchange, new MrpEvent.Send(ProtocolId.SECURE_CHANNEL,
                SecureChannelOpcode.STATUS_REPORT.code(), Bytes.of(report.encode()), false)));
    }

    private void closeSession(NodeSession session) {
        exchanges.sessionClosed(session.context());
        List<Map.Entry<ReliableExchange, InitiatedExchange>> orphaned = initiated.entrySet().stream()
                .filter(e -> e.getKey().session() == session.context()).toList();
        orphaned.forEach(e -> initiated.remove(e.getKey()));
        orphaned.forEach(e -> e.getValue().failed(e.getKey()));
        sessionsByContext.remove(session.context());
        if (session.isSecure()) {
            secureSessions.remove(session.localSessionId());
        }
    }

    private void evictOldestSession() {
        List<NodeSession> all = new ArrayList<>(secureSessions.values());
        if (!all.isEmpty()) {
            closeSession(all.get(0));
        }
    }

    private int allocateSessionId() {
        while (true) {
            int candidate = 1 + jitter.nextInt(0xFFFF);
            if (!secureSessions.containsKey(candidate)
                    && handshakes.values().stream().noneMatch(h -> h.localSessionId() == candidate)) {
                return candidate;
            }
        }
    }

    private static MrpParameters mrpOf(SessionParameters parameters) {
        Duration idle = Duration.ofMillis(parameters.idleIntervalMs().orElse(500));
        Duration active = Duration.ofMillis(parameters.activeIntervalMs().orElse(300));
        Duration threshold = Duration.ofMillis(parameters.activeThresholdMs().orElse(4000));
        return new MrpParameters(idle, active, threshold);
    }

    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
    }
}
