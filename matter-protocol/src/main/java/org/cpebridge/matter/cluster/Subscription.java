package org.cpebridge.matter.cluster;

import java.util.List;
import java.util.Objects;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.DataVersionFilterIb;
import org.cpebridge.matter.im.EventFilterIb;
import org.cpebridge.matter.im.EventPathIb;

/**
 * A subscription the responder has established: what the subscriber asked for and the intervals agreed. The
 * subscription manager (not in this package) keeps it, reports changes and sends keep-alives.
 */
public record Subscription(long id, AccessSubject subscriber, List<AttributePathIb> attributePaths,
        List<EventPathIb> eventPaths, List<EventFilterIb> eventFilters, List<DataVersionFilterIb> dataVersionFilters,
        boolean fabricFiltered, int minIntervalFloorSeconds, int maxIntervalSeconds, boolean keepSubscriptions) {

    public Subscription {
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("subscription id out of range: " + id);
        }
        Objects.requireNonNull(subscriber, "subscriber");
        attributePaths = List.copyOf(attributePaths);
        eventPaths = List.copyOf(eventPaths);
        eventFilters = List.copyOf(eventFilters);
        dataVersionFilters = List.copyOf(dataVersionFilters);
        if (minIntervalFloorSeconds < 0 || maxIntervalSeconds < minIntervalFloorSeconds
                || maxIntervalSeconds > 0xFFFF) {
            throw new IllegalArgumentException("bad intervals " + minIntervalFloorSeconds + ".." + maxIntervalSeconds);
        }
    }
}
