package org.cpebridge.matter.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ImResponder;
import org.cpebridge.matter.cluster.InteractionServer;
import org.cpebridge.matter.cluster.Subscription;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.commissioning.CurrentSession;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the node's IM traffic to the {@link InteractionServer}: each message with the session's access subject
 * (PASE: the implicit commissioning administrator, on the fabric its AddNOC created once there is one; CASE: fabric
 * index, peer node id and the peer's CASE Authenticated Tags), and the server's answers back on the same exchange. It also carries the subscriptions' reports: when data changes ({@link #dataChanged})
 * and when the server's next wake-up comes (min interval passed, keep-alive due), each report goes out on a new
 * exchange over the subscriber's newest CASE session; a keep-alive's exchange closes once acknowledged, and a report
 * nobody acknowledges ends its subscription.
 *
 * <p>Where the peer owes the next message of an interaction (the StatusResponse after a report or a chunk, the next
 * request of a chunked read or write), it has {@code answerWait} to send it (Matter's IM response timeout, 30 s by
 * default): a peer that acknowledges a report but never answers it would otherwise hold its subscription, which has
 * one report in flight, silent for good. Past the wait the exchange is closed as failed, and a report's subscription
 * ends (and is forgotten, so it is not resumed after a restart either).
 *
 * <p>Owned by the node loop: every method runs there (the timer hops onto it through {@link MatterNode#execute}).
 */
public final class InteractionGlue implements MatterNode.SecureMessageHandler {

    /** The IM response timeout: how long a peer may take to send the message it owes on an exchange. */
    public static final Duration DEFAULT_ANSWER_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(InteractionGlue.class);
    // Per-message timing for profiling (bench/matter-bridge.sh with BENCH_JVM_ARGS, see docs/matter-bridge.md).
    private static final Logger TIMING = LoggerFactory.getLogger(InteractionGlue.class.getName() + ".timing");

    private final InteractionServer<Object> server;
    private final CurrentSession currentSession;
    private final IntSupplier commissionedFabric;
    private final MatterNode node;
    private final Scheduler scheduler;
    private final Clock clock;
    // Report exchanges in flight: the subscription each carries, and whether it is a keep-alive.
    private final Map<Object, Long> reportExchanges = new HashMap<>();
    private final Map<Object, Boolean> keepAlives = new HashMap<>();
    private Scheduler.Cancellable timer;
    private Instant timerAt;
    // Exchanges whose peer owes us the next message, with the timer that gives up on it.
    private final Map<Object, Scheduler.Cancellable> awaitingAnswer = new HashMap<>();
    private final Duration answerWait;
    private boolean reportingInline;
    // With timing on: when we last sent on each exchange still open, so the peer's share of a round trip shows.
    private final Map<Object, Instant> lastSentOn = new HashMap<>();

    /** A glue for a node without commissioning: PASE sessions stay on no fabric; no subscription reports. */
    public InteractionGlue(InteractionServer<Object> server, CurrentSession currentSession) {
        this(server, currentSession, () -> 0);
    }

    /** Glue that answers only (no subscription reports); for tests of the request path. */
    public InteractionGlue(InteractionServer<Object> server, CurrentSession currentSession,
                           IntSupplier commissionedFabric) {
        this(server, currentSession, commissionedFabric, null, null, null);
    }

    /**
     * Glue that answers requests and sends subscription reports through {@code node}.
     *
     * @param commissionedFabric the fabric the commissioning under way added (AddNOC), 0 when none: the accessing
     *     fabric of the PASE session (there is one commissioning window, so at most one such session)
     */
    public InteractionGlue(InteractionServer<Object> server, CurrentSession currentSession,
                           IntSupplier commissionedFabric, MatterNode node, Scheduler scheduler, Clock clock) {
        this(server, currentSession, commissionedFabric, node, scheduler, clock, DEFAULT_ANSWER_WAIT);
    }

    /**
     * Glue that answers requests and sends subscription reports through {@code node}, giving a peer
     * {@code answerWait} for each message it owes on an exchange (see the class comment).
     */
    public InteractionGlue(InteractionServer<Object> server, CurrentSession currentSession,
                           IntSupplier commissionedFabric, MatterNode node, Scheduler scheduler, Clock clock,
                           Duration answerWait) {
        this.answerWait = Objects.requireNonNull(answerWait, "answerWait");
        this.server = Objects.requireNonNull(server, "server");
        this.currentSession = Objects.requireNonNull(currentSession, "currentSession");
        this.commissionedFabric = Objects.requireNonNull(commissionedFabric, "commissionedFabric");
        this.node = node;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Quick, so answered on the I/O thread that received it (see {@link MatterNode}): a read whose every path names
     * its endpoint and that asks for no events (bounded by one endpoint's clusters, however many devices the bridge
     * has), and an invoke of only the commissioning steps that neither write to disk nor roll anything back
     * (ArmFailSafe with a non-zero expiry, SetRegulatoryConfig, the attestation commands, CSRRequest,
     * AddTrustedRootCertificate). Everything else, including every write, subscription and chunk continuation,
     * goes to the worker pool.
     */
    @Override
    public boolean answersQuickly(Message message) {
        return isQuick(message);
    }

    static boolean isQuick(Message message) {
        int opcode = message.protocolHeader().opcode();
        if (opcode != ImOpcode.READ_REQUEST.code() && opcode != ImOpcode.INVOKE_REQUEST.code()) {
            return false;
        }
        try {
            ImMessage decoded = ImCodec.decode(opcode, message.payload().toByteArray());
            if (decoded instanceof ImMessage.ReadRequest read) {
                return read.eventRequests().isEmpty() && !read.attributeRequests().isEmpty()
                        && read.attributeRequests().stream().allMatch(path -> path.endpoint().isPresent());
            }
            return decoded instanceof ImMessage.InvokeRequest invoke && !invoke.timedRequest()
                    && !invoke.invokeRequests().isEmpty()
                    && invoke.invokeRequests().stream().allMatch(InteractionGlue::isQuickCommissioningStep);
        } catch (ImException | RuntimeException e) {
            // Malformed: the IM server answers it, on the pool like anything unusual.
            return false;
        }
    }

    private static boolean isQuickCommissioningStep(org.cpebridge.matter.im.CommandDataIb command) {
        org.cpebridge.matter.im.CommandPathIb path = command.path();
        if (path.endpoint().isEmpty() || path.endpoint().getAsInt() != 0) {
            return false;
        }
        long cluster = path.cluster();
        long id = path.command();
        if (cluster == GeneralCommissioning.ID) {
            if (id == GeneralCommissioning.ARM_FAIL_SAFE) {
                // ExpiryLengthSeconds 0 disarms the fail-safe, which rolls back a fabric added under it (disk).
                return command.fields().flatMap(fields -> fields instanceof TlvElement.Structure structure
                        ? structure.member(0) : Optional.empty())
                        .filter(expiry -> expiry instanceof TlvElement.UnsignedInt seconds && seconds.value() > 0)
                        .isPresent();
            }
            return id == GeneralCommissioning.SET_REGULATORY_CONFIG;
        }
        return cluster == OperationalCredentials.ID && (id == OperationalCredentials.ATTESTATION_REQUEST
                || id == OperationalCredentials.CERTIFICATE_CHAIN_REQUEST
                || id == OperationalCredentials.CSR_REQUEST
                || id == OperationalCredentials.ADD_TRUSTED_ROOT_CERTIFICATE);
    }

    @Override
    public boolean onMessage(MatterNode.SessionInfo session, Object exchange, Message message,
                             MatterNode.Reply reply) {
        boolean timing = clock != null && TIMING.isDebugEnabled();
        Instant received = timing ? clock.instant() : null;
        AccessSubject subject = session.pase() ? AccessSubject.ofPase(commissionedFabric.getAsInt())
                : AccessSubject.ofCase(session.fabricIndex(), session.peerNodeId(), session.peerCats());
        int opcode = message.protocolHeader().opcode();
        List<ClusterPathIb> rootClusters = rootClustersOf(opcode, message.payload());
        InteractionServer.Outcome outcome;
        currentSession.set(session);
        try {
            outcome = server.onMessage(exchange, subject, opcode, message.payload().toByteArray());
        } finally {
            currentSession.clear();
        }
        stopAwaiting(exchange);
        answer(exchange, outcome, reply);
        if (!outcome.done() && outcome.waitFor().isEmpty()) {
            // We sent a chunk (or a priming report): the peer owes the next message.
            awaitAnswer(exchange, () -> {
                server.onExchangeClosed(exchange, true);
                Long id = reportExchanges.remove(exchange);
                keepAlives.remove(exchange);
                if (id != null) {
                    server.onKeepAliveFailed(id);
                    node.closeInitiated(exchange);
                } else {
                    reply.close();
                }
            });
        }
        if (timing) {
            logTiming(exchange, message, received, outcome);
        }
        if (!rootClusters.isEmpty()) {
            // The root node's own attributes (NodeLabel, the ACL, fabrics, fail-safe, window) change only through
            // writes and commands like this one; the bridge marks its endpoints itself. Subscribers hear of it, with
            // any event it logged (AccessControlEntryChanged).
            send(server.onDataChanged(rootClusters, true));
        }
        // A subscription may have been established or a report answered: the next wake-up may have moved.
        armTimer();
        return true;
    }

    private void answer(Object exchange, InteractionServer.Outcome outcome, MatterNode.Reply reply) {
        for (ImResponder.Outgoing outgoing : outcome.messages()) {
            reply.send(ProtocolId.INTERACTION_MODEL, outgoing.opcode().code(), Bytes.of(outgoing.payload()), true);
        }
        if (outcome.done()) {
            reportExchanges.remove(exchange);
            reply.close();
        }
        // A command answered later (a bridged device's): the exchange stays open (MRP acknowledges the request on
        // its own) until the answer completes, then the response goes out on the node loop.
        outcome.waitFor().ifPresent(pending -> pending.whenComplete((ignored, failure) -> onNodeLoop(() -> {
            try {
                answer(exchange, server.resume(exchange), reply);
            } catch (RuntimeException e) {
                LOG.debug("[matter] a command's late answer could not be sent: {}", e.toString());
            }
        })));
    }

    /**
     * One line per IM message: what came in, how long since we last sent on that exchange (the peer's turn plus the
     * network), how long we took to answer and what we sent.
     */
    private void logTiming(Object exchange, Message message, Instant received, InteractionServer.Outcome outcome) {
        Instant answered = clock.instant();
        Instant sentBefore = lastSentOn.remove(exchange);
        if (!outcome.done()) {
            lastSentOn.put(exchange, answered);
        }
        TIMING.debug("timing in opcode={} bytes={} peer_ms={} ours_ms={} out_messages={} out_bytes={} done={}",
                message.protocolHeader().opcode(), message.payload().length(),
                sentBefore == null ? "-" : String.format("%.3f", millis(sentBefore, received)),
                String.format("%.3f", millis(received, answered)), outcome.messages().size(),
                outcome.messages().stream().mapToInt(m -> m.payload().length).sum(), outcome.done());
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String epochMillis(Instant at) {
        return String.format("%.3f", at.toEpochMilli() + (at.getNano() % 1_000_000) / 1e6);
    }

    private void onNodeLoop(Runnable task) {
        if (node != null) {
            node.execute(task);
        } else {
            task.run();
        }
    }

    /** These clusters changed and/or events were logged: send the reports now due. Call on the node loop. */
    public void dataChanged(Collection<ClusterPathIb> clusters, boolean eventsLogged) {
        if (clock != null && TIMING.isDebugEnabled()) {
            TIMING.debug("timing dirty clusters={} at={}", clusters.size(), epochMillis(clock.instant()));
        }
        send(server.onDataChanged(clusters, eventsLogged));
        armTimer();
    }

    /** Anything may have changed (a full look by every subscription). Call on the node loop. */
    public void dataChanged() {
        send(server.onDataChanged());
        armTimer();
    }

    /**
     * Re-installs a subscription kept across a restart, once a CASE session with its subscriber stands, and sends
     * its first (full) report on that session. Call on the node loop.
     */
    public void resume(Subscription subscription) {
        server.resume(subscription);
        send(server.onTimer());
        armTimer();
    }

    private void onTimer() {
        timer = null;
        timerAt = null;
        send(server.onTimer());
        armTimer();
    }

    private void send(List<InteractionServer.Report> reports) {
        if (node == null) {
            return;
        }
        for (InteractionServer.Report report : reports) {
            Optional<Subscription> subscription = server.subscriptions().stream()
                    .filter(s -> s.id() == report.subscriptionId()).findFirst();
            if (subscription.isEmpty()) {
                continue;
            }
            AccessSubject subscriber = subscription.get().subscriber();
            boolean keepAlive = isSuppressed(report.payload());
            Optional<Object> exchange = node.initiate(subscriber.fabricIndex(), subscriber.subject(),
                    ProtocolId.INTERACTION_MODEL, ImOpcode.REPORT_DATA.code(), Bytes.of(report.payload()),
                    new MatterNode.InitiatedExchange() {
                        @Override
                        public void acknowledged(Object acked) {
                            if (Boolean.TRUE.equals(keepAlives.remove(acked))) {
                                reportExchanges.remove(acked);
                                node.closeInitiated(acked);
                            }
                        }

                        @Override
                        public void failed(Object failedExchange) {
                            stopAwaiting(failedExchange);
                            keepAlives.remove(failedExchange);
                            Long id = reportExchanges.remove(failedExchange);
                            LOG.debug("[matter] subscription {} report not acknowledged; ending it", id);
                            server.onExchangeClosed(failedExchange, true);
                            if (id != null) {
                                server.onKeepAliveFailed(id);
                            }
                            armTimer();
                        }
                    });
            if (exchange.isEmpty()) {
                LOG.debug("[matter] subscription {}: no CASE session with its subscriber; ending it",
                        report.subscriptionId());
                server.onKeepAliveFailed(report.subscriptionId());
                continue;
            }
            if (TIMING.isDebugEnabled()) {
                TIMING.debug("timing report subscription={} bytes={} at={}", report.subscriptionId(),
                        report.payload().length, epochMillis(clock.instant()));
            }
            reportExchanges.put(exchange.get(), report.subscriptionId());
            keepAlives.put(exchange.get(), keepAlive);
            server.reportSent(report.subscriptionId(), exchange.get());
            if (!keepAlive) {
                Object sent = exchange.get();
                long id = report.subscriptionId();
                awaitAnswer(sent, () -> {
                    reportExchanges.remove(sent);
                    keepAlives.remove(sent);
                    server.onExchangeClosed(sent, true);
                    server.onKeepAliveFailed(id);
                    node.closeInitiated(sent);
                });
            }
        }
    }

    /**
     * The peer owes the next message on {@code exchange}: unless it comes within {@link #answerWait}, give up on the
     * exchange with {@code giveUp} (on the node loop).
     */
    private void awaitAnswer(Object exchange, Runnable giveUp) {
        if (node == null || scheduler == null) {
            return;
        }
        stopAwaiting(exchange);
        Scheduler.Cancellable[] self = new Scheduler.Cancellable[1];
        self[0] = scheduler.schedule(answerWait, () -> node.execute(() -> {
            if (awaitingAnswer.get(exchange) != self[0]) {
                return; // answered (or awaited again) since
            }
            awaitingAnswer.remove(exchange);
            LOG.info("[matter] no answer on an interaction within {}; closing it{}", answerWait,
                    reportExchanges.containsKey(exchange) ? " and ending subscription " + reportExchanges.get(exchange)
                            : "");
            giveUp.run();
            armTimer();
        }));
        awaitingAnswer.put(exchange, self[0]);
    }

    private void stopAwaiting(Object exchange) {
        Scheduler.Cancellable pending = awaitingAnswer.remove(exchange);
        if (pending != null) {
            pending.cancel();
        }
    }

    /** The endpoint-0 clusters a WriteRequest or InvokeRequest names; empty for anything else or undecodable. */
    private static List<ClusterPathIb> rootClustersOf(int opcode, Bytes payload) {
        if (opcode != ImOpcode.WRITE_REQUEST.code() && opcode != ImOpcode.INVOKE_REQUEST.code()) {
            return List.of();
        }
        try {
            ImMessage decoded = ImCodec.decode(opcode, payload.toByteArray());
            java.util.Set<ClusterPathIb> clusters = new java.util.LinkedHashSet<>();
            if (decoded instanceof ImMessage.WriteRequest write) {
                write.writeRequests().stream().map(org.cpebridge.matter.im.AttributeDataIb::path)
                        .filter(path -> path.endpoint().isPresent() && path.endpoint().getAsInt() == 0
                                && path.cluster().isPresent())
                        .forEach(path -> clusters.add(ClusterPathIb.of(0, path.cluster().getAsLong())));
            } else if (decoded instanceof ImMessage.InvokeRequest invoke) {
                invoke.invokeRequests().stream().map(command -> command.path())
                        .filter(path -> path.endpoint().isPresent() && path.endpoint().getAsInt() == 0)
                        .forEach(path -> clusters.add(ClusterPathIb.of(0, path.cluster())));
            }
            return List.copyOf(clusters);
        } catch (ImException e) {
            return List.of(); // the server answers it with its status; nothing changed
        }
    }

    private static boolean isSuppressed(byte[] payload) {
        try {
            return ImCodec.decode(ImOpcode.REPORT_DATA.code(), payload) instanceof ImMessage.ReportData data
                    && data.suppressResponse();
        } catch (ImException e) {
            return false;
        }
    }

    private void armTimer() {
        if (node == null) {
            return;
        }
        Optional<Instant> next = server.nextWakeUp();
        if (next.isEmpty()) {
            if (timer != null) {
                timer.cancel();
                timer = null;
                timerAt = null;
            }
            return;
        }
        Duration delay = Duration.between(clock.instant(), next.get());
        if ((delay.isZero() || delay.isNegative()) && !reportingInline) {
            // Due now (typically: a StatusResponse ended a report and a change waited for it): report on this turn
            // of the node loop rather than through the scheduler's thread and back. Once per turn, so a wake-up that
            // stays due cannot recurse.
            if (timer != null) {
                timer.cancel();
            }
            reportingInline = true;
            try {
                onTimer();
            } finally {
                reportingInline = false;
            }
            return;
        }
        if (timer != null && timerAt != null && !next.get().isBefore(timerAt)) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        timerAt = next.get();
        timer = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay,
                () -> node.execute(this::onTimer));
    }
}
