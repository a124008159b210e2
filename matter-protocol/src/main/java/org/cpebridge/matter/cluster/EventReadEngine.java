package org.cpebridge.matter.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.cpebridge.matter.im.EventDataIb;
import org.cpebridge.matter.im.EventFilterIb;
import org.cpebridge.matter.im.EventPathIb;
import org.cpebridge.matter.im.EventReportIb;
import org.cpebridge.matter.im.EventStatusIb;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.StatusIb;

/**
 * Serves the event part of Read and Subscribe (Core spec 1.4 "Read Interaction", event paths): concrete paths that
 * fail get an EventStatusIB (access with the event's read privilege first, then endpoint, cluster, event); wildcard
 * paths skip silently. Events below the EventFilter's EventMin are left out; fabric-sensitive events go only to
 * their own fabric. Events come out once each, in event-number order, after the statuses.
 *
 * <p>Stateless; runs on the node's serial executor, which owns the {@link DataModel} and the {@link EventLog}.
 */
public final class EventReadEngine {

    private final DataModel model;
    private final EventLog log;
    private final AccessChecker access;

    /** An engine over {@code model} and {@code log}. */
    /** The log read. */
    EventLog log() {
        return log;
    }

    public EventReadEngine(DataModel model, EventLog log, AccessChecker access) {
        this.model = Objects.requireNonNull(model, "model");
        this.log = Objects.requireNonNull(log, "log");
        this.access = Objects.requireNonNull(access, "access");
    }

    /** Reads the events {@code paths} select. */
    public List<EventReportIb> read(AccessSubject subject, List<EventPathIb> paths, List<EventFilterIb> filters) {
        long eventMin = filters.stream().mapToLong(EventFilterIb::eventMin).max().orElse(0);
        List<EventReportIb> statuses = new ArrayList<>();
        TreeMap<Long, EventReportIb> events = new TreeMap<>();
        for (EventPathIb path : paths) {
            if (isConcrete(path)) {
                Optional<ImStatus> failure = concreteFailure(subject, path);
                if (failure.isPresent()) {
                    statuses.add(new EventStatusIb(path, StatusIb.of(failure.get())));
                    continue;
                }
            }
            for (EventLog.Entry entry : log.entries()) {
                if (entry.number() >= eventMin && matches(path, entry) && visible(subject, entry)) {
                    events.putIfAbsent(entry.number(), toReport(entry));
                }
            }
        }
        statuses.addAll(events.values());
        return statuses;
    }

    private static boolean isConcrete(EventPathIb path) {
        return path.endpoint().isPresent() && path.cluster().isPresent() && path.event().isPresent();
    }

    private Optional<ImStatus> concreteFailure(AccessSubject subject, EventPathIb path) {
        int endpoint = path.endpoint().getAsInt();
        long clusterId = path.cluster().getAsLong();
        Optional<ClusterInstance> cluster = model.cluster(endpoint, clusterId);
        Optional<EventSpec> event = cluster.flatMap(c -> c.spec().events().stream()
                .filter(e -> e.id() == path.event().getAsLong()).findFirst());
        Privilege needed = event.map(EventSpec::readPrivilege).orElse(Privilege.VIEW);
        if (!access.allows(subject, endpoint, clusterId, needed)) {
            return Optional.of(ImStatus.UNSUPPORTED_ACCESS);
        }
        if (model.endpoint(endpoint).isEmpty()) {
            return Optional.of(ImStatus.UNSUPPORTED_ENDPOINT);
        }
        if (cluster.isEmpty()) {
            return Optional.of(ImStatus.UNSUPPORTED_CLUSTER);
        }
        if (event.isEmpty()) {
            return Optional.of(ImStatus.UNSUPPORTED_EVENT);
        }
        return Optional.empty();
    }

    private static boolean matches(EventPathIb path, EventLog.Entry entry) {
        return (path.endpoint().isEmpty() || path.endpoint().getAsInt() == entry.endpoint())
                && (path.cluster().isEmpty() || path.cluster().getAsLong() == entry.cluster())
                && (path.event().isEmpty() || path.event().getAsLong() == entry.event());
    }

    private boolean visible(AccessSubject subject, EventLog.Entry entry) {
        if (entry.fabricIndex() != 0 && entry.fabricIndex() != subject.fabricIndex()) {
            return false;
        }
        Privilege needed = model.cluster(entry.endpoint(), entry.cluster())
                .flatMap(c -> c.spec().events().stream().filter(e -> e.id() == entry.event()).findFirst())
                .map(EventSpec::readPrivilege).orElse(Privilege.VIEW);
        return access.allows(subject, entry.endpoint(), entry.cluster(), needed);
    }

    private static EventReportIb toReport(EventLog.Entry entry) {
        return new EventDataIb(EventPathIb.of(entry.endpoint(), entry.cluster(), entry.event()), entry.number(),
                entry.priority(), OptionalLong.of(entry.epochMillis()), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.of(entry.data()));
    }
}
