package org.cpebridge.matter.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.DataVersionFilterIb;
import org.cpebridge.matter.im.EventDataIb;
import org.cpebridge.matter.im.EventFilterIb;
import org.cpebridge.matter.im.EventReportIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ReportChunker;
import org.cpebridge.matter.tlv.TlvElement;

/**
 * The publisher side of one established subscription (Core spec 1.4 "Subscribe Interaction", "Report
 * Transaction"), as an explicit state machine. It decides when to report: changed data no sooner than
 * MinIntervalFloor after the last report, and an empty keep-alive report when half of MaxInterval has passed
 * without one (matter.js ServerSubscription sends at half the max interval too). Each report is one or more
 * ReportData chunks carrying the subscription id, sent on a new exchange; the subscriber answers each with a
 * StatusResponse, and anything but SUCCESS ends the subscription. The keep-alive suppresses the response: the
 * reporter stays IDLE, and the caller closes the exchange once MRP acknowledged it.
 *
 * <p>Only what changed is reported: the reporter remembers the data version it last reported per cluster and reads
 * with those as DataVersionFilters, then leaves out attributes whose value is the one last reported; events are
 * reported from the number after the last one sent.
 *
 * <pre>
 *   IDLE --data changed / timer, due--> [chunk 1] AWAIT_STATUS --SUCCESS--> [chunk n] ... --SUCCESS--> IDLE
 *   IDLE --timer, keep-alive due--> [empty report, SuppressResponse] IDLE
 *   AWAIT_STATUS --error status / exchange failed--> TERMINATED
 *   IDLE --exchange failed--> TERMINATED
 * </pre>
 *
 * <p>Owned by the node's serial executor; time from the injected clock.
 */
public final class SubscriptionReporter {

    /** The states of the subscription. */
    public enum State {
        IDLE,
        AWAIT_STATUS,
        TERMINATED
    }

    /**
     * What one event led to.
     *
     * @param report ReportData payload to send, on a new exchange when {@code newExchange}
     * @param wakeUpAt when to call {@link #onTimer()} next; empty while a report waits for its StatusResponse (the
     *     answer, or the exchange failing, is the next step: a timer could do nothing) and once terminated
     */
    public record Step(Optional<byte[]> report, boolean newExchange, Optional<Instant> wakeUpAt, State state) {
        public Step {
            report = report.map(byte[]::clone);
            Objects.requireNonNull(wakeUpAt, "wakeUpAt");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public Optional<byte[]> report() {
            return report.map(byte[]::clone);
        }
    }

    private final Subscription subscription;
    private final ReadEngine reads;
    private final EventReadEngine events;
    private final ReportChunker chunker;
    private final DataModel model;
    private final Clock clock;

    private final Map<ClusterPathIb, Long> reportedVersions = new HashMap<>();
    private final Map<AttributePathIb, TlvElement> reportedValues = new HashMap<>();
    private long nextEventNumber;
    private final Deque<ImMessage.ReportData> pending = new ArrayDeque<>();
    private State state = State.IDLE;
    private Instant lastReport;
    private boolean dirty;
    // What changed since the last report: the named clusters only, unless something asked for a full look.
    private final Set<ClusterPathIb> dirtyClusters = new LinkedHashSet<>();
    private boolean everythingDirty;

    /**
     * What a subscription's priming report carried, taken when it was read: the data version of every cluster, the
     * values sent, and the first event number it did not cover.
     */
    public record Priming(Map<ClusterPathIb, Long> versions, Map<AttributePathIb, TlvElement> values,
            long nextEventNumber) {
        public Priming {
            versions = Map.copyOf(versions);
            values = Map.copyOf(values);
        }
    }

    /**
     * A reporter for a subscription whose priming report, read as {@code priming} says, has just been sent. Whatever
     * changed while the priming chunks were on their way (a cluster's version moved, an event was logged) is due at
     * once, so nothing that happened during priming is lost.
     */
    public SubscriptionReporter(Subscription subscription, DataModel model, ReadEngine reads, EventReadEngine events,
            ReportChunker chunker, Priming priming, Clock clock) {
        this.subscription = Objects.requireNonNull(subscription, "subscription");
        this.model = Objects.requireNonNull(model, "model");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.events = Objects.requireNonNull(events, "events");
        this.chunker = Objects.requireNonNull(chunker, "chunker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextEventNumber = priming.nextEventNumber();
        this.lastReport = clock.instant();
        reportedVersions.putAll(priming.versions());
        reportedValues.putAll(priming.values());
        for (Endpoint endpoint : model.endpoints()) {
            for (ClusterInstance cluster : endpoint.clusters()) {
                ClusterPathIb path = ClusterPathIb.of(endpoint.id(), cluster.id());
                Long primed = priming.versions().get(path);
                if ((primed == null || primed != cluster.dataVersion()) && covers(path)) {
                    dirtyClusters.add(path);
                    dirty = true;
                }
            }
        }
        if (!subscription.eventPaths().isEmpty() && events.log().nextNumber() > nextEventNumber) {
            dirty = true;
        }
    }

    /**
     * A reporter for a subscription whose priming report has just been sent, taking the model as it is now as what
     * the priming report carried.
     *
     * @param nextEventNumber the first event number not yet reported
     */
    public SubscriptionReporter(Subscription subscription, DataModel model, ReadEngine reads, EventReadEngine events,
            ReportChunker chunker, long nextEventNumber, Clock clock) {
        this.subscription = Objects.requireNonNull(subscription, "subscription");
        this.model = Objects.requireNonNull(model, "model");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.events = Objects.requireNonNull(events, "events");
        this.chunker = Objects.requireNonNull(chunker, "chunker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextEventNumber = nextEventNumber;
        this.lastReport = clock.instant();
        for (Endpoint endpoint : model.endpoints()) {
            for (ClusterInstance cluster : endpoint.clusters()) {
                reportedVersions.put(ClusterPathIb.of(endpoint.id(), cluster.id()), cluster.dataVersion());
            }
        }
        // What the priming report carried: later reports leave out values the subscriber already has.
        for (AttributeReportIb report : reads.read(subscription.subscriber(), subscription.attributePaths(),
                List.of(), subscription.fabricFiltered())) {
            if (report instanceof AttributeDataIb data) {
                reportedValues.put(data.path(), data.data());
            }
        }
    }

    /** The subscription served. */
    public Subscription subscription() {
        return subscription;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Something the subscription may cover changed (an attribute, or an event was logged). */
    public Step onDataChanged() {
        if (state == State.TERMINATED) {
            return terminated();
        }
        dirty = true;
        everythingDirty = true;
        return state == State.IDLE ? maybeReport() : waiting();
    }

    /**
     * These clusters changed and/or events were logged. Only the named clusters are read again for the next report,
     * so one changed attribute of a large node does not walk every endpoint; clusters the subscription does not
     * cover are ignored without any read.
     */
    public Step onDataChanged(Collection<ClusterPathIb> changedClusters, boolean eventsLogged) {
        if (state == State.TERMINATED) {
            return terminated();
        }
        boolean relevant = eventsLogged && !subscription.eventPaths().isEmpty();
        for (ClusterPathIb cluster : changedClusters) {
            if (covers(cluster)) {
                dirtyClusters.add(cluster);
                relevant = true;
            }
        }
        if (!relevant) {
            return waiting();
        }
        dirty = true;
        return state == State.IDLE ? maybeReport() : waiting();
    }

    private boolean covers(ClusterPathIb cluster) {
        for (AttributePathIb path : subscription.attributePaths()) {
            if ((path.endpoint().isEmpty() || path.endpoint().getAsInt() == cluster.endpoint())
                    && (path.cluster().isEmpty() || path.cluster().getAsLong() == cluster.cluster())) {
                return true;
            }
        }
        return false;
    }

    /**
     * When to call {@link #onTimer()} next, without reporting anything now: right after establishment, where a
     * report is due (something changed during priming) only once the caller's timer fires.
     */
    public Step schedule() {
        return state == State.TERMINATED ? terminated() : waiting();
    }

    /** The wake-up time asked for has come. */
    public Step onTimer() {
        if (state == State.TERMINATED) {
            return terminated();
        }
        return state == State.IDLE ? maybeReport() : waiting();
    }

    /** The subscriber answered the last chunk. */
    public Step onStatusResponse(ImStatus status) {
        if (state != State.AWAIT_STATUS || !status.isSuccess()) {
            return terminate();
        }
        if (!pending.isEmpty()) {
            return sendNext(false);
        }
        state = State.IDLE;
        return waiting();
    }

    /** The exchange carrying a report failed (no acknowledgement, session gone). */
    public Step onExchangeFailed() {
        return terminate();
    }

    private Step maybeReport() {
        Instant now = clock.instant();
        Duration sinceLast = Duration.between(lastReport, now);
        boolean minElapsed = sinceLast.compareTo(minInterval()) >= 0;
        if (dirty && minElapsed) {
            dirty = false;
            List<AttributeReportIb> attributes = changedAttributes();
            List<EventReportIb> newEvents = newEvents();
            if (!attributes.isEmpty() || !newEvents.isEmpty()) {
                return startReport(attributes, newEvents);
            }
        }
        if (sinceLast.compareTo(keepAliveInterval()) >= 0) {
            return startReport(List.of(), List.of());
        }
        return waiting();
    }

    private List<AttributeReportIb> changedAttributes() {
        List<AttributeReportIb> reports;
        if (everythingDirty) {
            List<DataVersionFilterIb> filters = new ArrayList<>(subscription.dataVersionFilters());
            reportedVersions.forEach((path, version) -> filters.add(new DataVersionFilterIb(path, version)));
            reports = reads.read(subscription.subscriber(), subscription.attributePaths(), filters,
                    subscription.fabricFiltered());
        } else {
            reports = readDirtyClusters();
        }
        everythingDirty = false;
        dirtyClusters.clear();
        List<AttributeReportIb> changed = new ArrayList<>();
        for (AttributeReportIb report : reports) {
            if (report instanceof AttributeDataIb data) {
                data.dataVersion().ifPresent(version -> reportedVersions.put(ClusterPathIb.of(
                        data.path().endpoint().getAsInt(), data.path().cluster().getAsLong()), version));
                // A cluster's version moves for any of its attributes; report only those whose value moved.
                if (data.data().equals(reportedValues.put(data.path(), data.data()))) {
                    continue;
                }
            }
            changed.add(report);
        }
        return changed;
    }

    /**
     * Reads each subscribed path narrowed to each dirty cluster. A path that was a wildcard keeps wildcard semantics:
     * what is missing or denied is left out silently rather than reported with a status.
     */
    private List<AttributeReportIb> readDirtyClusters() {
        List<AttributeReportIb> reports = new ArrayList<>();
        for (ClusterPathIb dirtyCluster : dirtyClusters) {
            Optional<ClusterInstance> cluster = model.cluster(dirtyCluster.endpoint(), dirtyCluster.cluster());
            if (cluster.isEmpty()) {
                continue;
            }
            List<DataVersionFilterIb> filters = new ArrayList<>();
            for (DataVersionFilterIb filter : subscription.dataVersionFilters()) {
                if (filter.path().endpoint() == dirtyCluster.endpoint()
                        && filter.path().cluster() == dirtyCluster.cluster()) {
                    filters.add(filter);
                }
            }
            Long version = reportedVersions.get(dirtyCluster);
            if (version != null) {
                filters.add(new DataVersionFilterIb(dirtyCluster, version));
            }
            for (AttributePathIb path : subscription.attributePaths()) {
                if ((path.endpoint().isPresent() && path.endpoint().getAsInt() != dirtyCluster.endpoint())
                        || (path.cluster().isPresent() && path.cluster().getAsLong() != dirtyCluster.cluster())) {
                    continue;
                }
                boolean wildcard = !path.isConcrete();
                if (wildcard && path.attribute().isPresent()
                        && cluster.get().attribute(path.attribute().getAsLong()).isEmpty()) {
                    continue;
                }
                AttributePathIb narrowed = new AttributePathIb(false, OptionalLong.empty(),
                        OptionalInt.of(dirtyCluster.endpoint()), OptionalLong.of(dirtyCluster.cluster()),
                        path.attribute(), Optional.empty(), OptionalLong.empty());
                for (AttributeReportIb report : reads.read(subscription.subscriber(), List.of(narrowed), filters,
                        subscription.fabricFiltered())) {
                    if (!wildcard || report instanceof AttributeDataIb) {
                        reports.add(report);
                    }
                }
            }
        }
        return reports;
    }

    private List<EventReportIb> newEvents() {
        if (subscription.eventPaths().isEmpty()) {
            return List.of();
        }
        List<EventFilterIb> filters = List.of(new EventFilterIb(OptionalLong.empty(), nextEventNumber));
        List<EventReportIb> reports = events.read(subscription.subscriber(), subscription.eventPaths(), filters)
                .stream().filter(r -> r instanceof EventDataIb).toList();
        for (EventReportIb report : reports) {
            nextEventNumber = Math.max(nextEventNumber, ((EventDataIb) report).eventNumber() + 1);
        }
        return reports;
    }

    private Step startReport(List<AttributeReportIb> attributes, List<EventReportIb> newEvents) {
        // An empty keep-alive suppresses the response (as matter.js does): its MRP acknowledgement is the proof of
        // life, and a failed exchange still ends the subscription through onExchangeFailed.
        boolean keepAlive = attributes.isEmpty() && newEvents.isEmpty();
        pending.addAll(chunker.chunk(OptionalLong.of(subscription.id()), attributes, newEvents, keepAlive));
        lastReport = clock.instant();
        return sendNext(true);
    }

    private Step sendNext(boolean newExchange) {
        ImMessage.ReportData chunk = pending.removeFirst();
        state = chunk.suppressResponse() ? State.IDLE : State.AWAIT_STATUS;
        return new Step(Optional.of(ImCodec.encode(chunk)), newExchange, nextWakeUp(), state);
    }

    private Step waiting() {
        return new Step(Optional.empty(), false, nextWakeUp(), state);
    }

    private Step terminate() {
        state = State.TERMINATED;
        pending.clear();
        return terminated();
    }

    private Step terminated() {
        return new Step(Optional.empty(), false, Optional.empty(), State.TERMINATED);
    }

    private Optional<Instant> nextWakeUp() {
        if (state == State.AWAIT_STATUS) {
            // A change while a report is on its way is due once the StatusResponse comes; a wake-up now (the min
            // interval has often passed already) would only spin the caller's timer until then.
            return Optional.empty();
        }
        Instant keepAlive = lastReport.plus(keepAliveInterval());
        if (dirty) {
            Instant earliest = lastReport.plus(minInterval());
            return Optional.of(earliest.isBefore(keepAlive) ? earliest : keepAlive);
        }
        return Optional.of(keepAlive);
    }

    private Duration minInterval() {
        return Duration.ofSeconds(subscription.minIntervalFloorSeconds());
    }

    private Duration keepAliveInterval() {
        Duration half = Duration.ofSeconds(subscription.maxIntervalSeconds()).dividedBy(2);
        return half.compareTo(minInterval()) < 0 ? minInterval() : half;
    }
}
