package org.cpebridge.matter.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ReportChunker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Interaction Model server, sans I/O: it routes each IM message to the {@link ImResponder} of its
 * exchange, keeps the subscriptions those establish (one {@link SubscriptionReporter} each) and tells the caller what
 * to send. The caller owns exchanges: {@code K} is whatever identifies one (session and exchange id).
 *
 * <p>Subscription bookkeeping follows the spec: a SubscribeRequest with KeepSubscriptions false ends the
 * subscriber's other subscriptions once the new one is established; at most {@code maxPerFabric} subscriptions per
 * fabric are kept, the oldest of that fabric giving way (the spec's minimum is 3 per fabric).
 *
 * <p>Owned by the node's serial executor; time from the injected clock.
 */
public final class InteractionServer<K> {

    /**
     * What to send on the exchange a message came in on.
     *
     * @param done close the exchange once the messages are sent and acknowledged
     * @param waitFor when present, the exchange's answer waits for it (a command answered later): once it
     *     completes, call {@link #resume} for the exchange on the owning thread and send what that answers
     */
    public record Outcome(List<ImResponder.Outgoing> messages, boolean done, Optional<CompletableFuture<?>> waitFor) {
        public Outcome {
            messages = List.copyOf(messages);
            Objects.requireNonNull(waitFor, "waitFor");
        }

        /** An outcome that waits for nothing. */
        public Outcome(List<ImResponder.Outgoing> messages, boolean done) {
            this(messages, done, Optional.empty());
        }
    }

    /** A subscription report to send on a new exchange; tell {@link #reportSent} which exchange carries it. */
    public record Report(long subscriptionId, byte[] payload) {
        public Report {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(InteractionServer.class);

    private final DataModel model;
    private final ReadEngine reads;
    private final EventReadEngine events;
    private final EventLog eventLog;
    private final WriteEngine writes;
    private final InvokeDispatcher invokes;
    private final ReportChunker chunker;
    private final RandomGenerator random;
    private final Clock clock;
    private final int maxPerFabric;

    private final Map<K, ImResponder> responders = new HashMap<>();
    private final Map<Long, SubscriptionReporter> subscriptions = new LinkedHashMap<>();
    private final Map<Long, Instant> wakeUps = new HashMap<>();
    private final Map<K, Long> reportExchanges = new HashMap<>();

    /** A server over the data model, events and handlers given. */
    public InteractionServer(DataModel model, EventLog eventLog, AccessChecker access, WriteEngine writes,
            InvokeDispatcher invokes, ReportChunker chunker, RandomGenerator random, Clock clock, int maxPerFabric) {
        this.model = Objects.requireNonNull(model, "model");
        this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
        this.reads = new ReadEngine(model, access);
        this.events = new EventReadEngine(model, eventLog, access);
        this.writes = Objects.requireNonNull(writes, "writes");
        this.invokes = Objects.requireNonNull(invokes, "invokes");
        this.chunker = Objects.requireNonNull(chunker, "chunker");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxPerFabric < 1) {
            throw new IllegalArgumentException("maxPerFabric must be positive: " + maxPerFabric);
        }
        this.maxPerFabric = maxPerFabric;
    }

    /** An IM message arrived on {@code exchange} from {@code subject}. */
    public Outcome onMessage(K exchange, AccessSubject subject, int opcode, byte[] payload) {
        Long reportOf = reportExchanges.get(exchange);
        if (reportOf != null) {
            return onReportAnswer(exchange, reportOf, opcode, payload);
        }
        ImResponder responder = responders.computeIfAbsent(exchange, k -> new ImResponder(subject, reads, events,
                writes, invokes, chunker, random::nextLong, clock));
        ImResponder.Step step = responder.on(opcode, payload);
        if (step.done()) {
            responders.remove(exchange);
        }
        step.established().ifPresent(subscription -> establish(subscription, responder.takePriming()));
        return new Outcome(step.messages(), step.done(), step.waitFor());
    }

    /**
     * What an exchange that waited ({@link Outcome#waitFor}) sends now. An exchange that closed meanwhile sends
     * nothing.
     */
    public Outcome resume(K exchange) {
        ImResponder responder = responders.get(exchange);
        if (responder == null) {
            return new Outcome(List.of(), true);
        }
        ImResponder.Step step = responder.resume();
        if (step.done()) {
            responders.remove(exchange);
        }
        return new Outcome(step.messages(), step.done(), step.waitFor());
    }

    /** The caller opened {@code exchange} to carry a {@link Report} of subscription {@code subscriptionId}. */
    public void reportSent(long subscriptionId, K exchange) {
        SubscriptionReporter reporter = subscriptions.get(subscriptionId);
        if (reporter != null && reporter.state() == SubscriptionReporter.State.AWAIT_STATUS) {
            reportExchanges.put(exchange, subscriptionId);
        }
    }

    /** An exchange ended; {@code failed} when it was not acknowledged or its session went away. */
    public void onExchangeClosed(K exchange, boolean failed) {
        responders.remove(exchange);
        Long subscriptionId = reportExchanges.remove(exchange);
        if (subscriptionId != null && failed) {
            SubscriptionReporter reporter = subscriptions.get(subscriptionId);
            if (reporter != null) {
                afterStep(subscriptionId, reporter.onExchangeFailed());
            }
        }
    }

    /** An exchange that carried a keep-alive (no StatusResponse expected) failed: the subscriber is gone. */
    public void onKeepAliveFailed(long subscriptionId) {
        SubscriptionReporter reporter = subscriptions.get(subscriptionId);
        if (reporter != null) {
            afterStep(subscriptionId, reporter.onExchangeFailed());
        }
    }

    /** Data changed or an event was logged: the reports now due. */
    public List<Report> onDataChanged() {
        List<Report> due = new ArrayList<>();
        for (Map.Entry<Long, SubscriptionReporter> entry : List.copyOf(subscriptions.entrySet())) {
            collect(entry.getKey(), entry.getValue().onDataChanged(), due);
        }
        return due;
    }

    /**
     * These clusters changed and/or events were logged: the reports now due. Only the subscriptions covering a
     * changed cluster read anything, and they read only those clusters.
     */
    public List<Report> onDataChanged(Collection<ClusterPathIb> changedClusters, boolean eventsLogged) {
        List<Report> due = new ArrayList<>();
        for (Map.Entry<Long, SubscriptionReporter> entry : List.copyOf(subscriptions.entrySet())) {
            collect(entry.getKey(), entry.getValue().onDataChanged(changedClusters, eventsLogged), due);
        }
        return due;
    }

    /** Time passed: the reports (changes, keep-alives) now due. */
    public List<Report> onTimer() {
        Instant now = clock.instant();
        List<Report> due = new ArrayList<>();
        for (Map.Entry<Long, SubscriptionReporter> entry : List.copyOf(subscriptions.entrySet())) {
            Instant wakeUp = wakeUps.get(entry.getKey());
            if (wakeUp != null && !now.isBefore(wakeUp)) {
                collect(entry.getKey(), entry.getValue().onTimer(), due);
            }
        }
        return due;
    }

    /** When {@link #onTimer()} should run next, if any subscription is live. */
    public Optional<Instant> nextWakeUp() {
        return wakeUps.values().stream().min(Instant::compareTo);
    }

    /** The live subscriptions, oldest first. */
    public List<Subscription> subscriptions() {
        return subscriptions.values().stream().map(SubscriptionReporter::subscription).toList();
    }

    /** Drops every subscription of a fabric (RemoveFabric). */
    public void removeFabric(int fabricIndex) {
        subscriptions.values().removeIf(r -> r.subscription().subscriber().fabricIndex() == fabricIndex);
        wakeUps.keySet().retainAll(subscriptions.keySet());
        reportExchanges.values().retainAll(subscriptions.keySet());
    }

    private Outcome onReportAnswer(K exchange, long subscriptionId, int opcode, byte[] payload) {
        SubscriptionReporter reporter = subscriptions.get(subscriptionId);
        ImStatus status;
        try {
            ImMessage message = ImCodec.decode(opcode, payload);
            status = message instanceof ImMessage.StatusResponse response ? response.status()
                    : ImStatus.INVALID_ACTION;
        } catch (ImException e) {
            status = e.status();
        }
        if (reporter == null) {
            reportExchanges.remove(exchange);
            return new Outcome(List.of(statusResponse(ImStatus.INVALID_SUBSCRIPTION)), true);
        }
        SubscriptionReporter.Step step = reporter.onStatusResponse(status);
        afterStep(subscriptionId, step);
        if (step.report().isPresent()) {
            return new Outcome(List.of(new ImResponder.Outgoing(ImOpcode.REPORT_DATA, step.report().get())),
                    false);
        }
        reportExchanges.remove(exchange);
        return new Outcome(List.of(), true);
    }

    private void establish(Subscription subscription, Optional<SubscriptionReporter.Priming> priming) {
        AccessSubject subscriber = subscription.subscriber();
        if (!subscription.keepSubscriptions()) {
            List<Long> replaced = subscriptions.values().stream().map(SubscriptionReporter::subscription)
                    .filter(s -> s.subscriber().fabricIndex() == subscriber.fabricIndex()
                            && s.subscriber().subject() == subscriber.subject())
                    .map(Subscription::id).toList();
            replaced.forEach(this::drop);
        }
        List<Long> sameFabric = subscriptions.values().stream().map(SubscriptionReporter::subscription)
                .filter(s -> s.subscriber().fabricIndex() == subscriber.fabricIndex()).map(Subscription::id)
                .toList();
        for (int i = 0; i <= sameFabric.size() - maxPerFabric; i++) {
            LOG.debug("fabric {} has {} subscriptions; dropping the oldest, {}", subscriber.fabricIndex(),
                    sameFabric.size(), sameFabric.get(i));
            drop(sameFabric.get(i));
        }
        SubscriptionReporter reporter = priming.map(primed -> new SubscriptionReporter(subscription, model, reads,
                events, chunker, primed, clock)).orElseGet(() -> new SubscriptionReporter(subscription, model, reads,
                events, chunker, eventLog.nextNumber(), clock));
        subscriptions.put(subscription.id(), reporter);
        // Scheduled, not reported: a report due now (a change during priming) goes out from onTimer, which hands
        // it to the caller.
        afterStep(subscription.id(), reporter.schedule());
    }

    private void collect(long id, SubscriptionReporter.Step step, List<Report> due) {
        afterStep(id, step);
        step.report().ifPresent(payload -> due.add(new Report(id, payload)));
    }

    private void afterStep(long id, SubscriptionReporter.Step step) {
        if (step.state() == SubscriptionReporter.State.TERMINATED) {
            drop(id);
            return;
        }
        // No wake-up while a report waits for its StatusResponse: the answer drives the next step.
        step.wakeUpAt().ifPresentOrElse(at -> wakeUps.put(id, at), () -> wakeUps.remove(id));
    }

    private void drop(long id) {
        subscriptions.remove(id);
        wakeUps.remove(id);
        reportExchanges.values().removeIf(v -> v == id);
    }

    private static ImResponder.Outgoing statusResponse(ImStatus status) {
        ImMessage message = ImMessage.StatusResponse.of(status);
        return new ImResponder.Outgoing(message.opcode(), ImCodec.encode(message));
    }
}
