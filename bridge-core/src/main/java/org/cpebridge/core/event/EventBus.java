package org.cpebridge.core.event;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans device events out to subscribers without letting a slow subscriber block the publisher (an adapter's
 * thread).
 *
 * <p>Each subscriber has its own queue, drained on the shared executor by at most one task at a time, so a
 * subscriber sees events in publication order and never concurrently. When a queue grows past the coalescing
 * threshold, a new {@link DeviceEvent.StateChanged} replaces the still-undelivered one for the same attribute
 * (latest state wins; what the subscriber sees stays in order). Past the hard capacity the oldest events are dropped
 * and counted, with one warning per overflow episode.
 *
 * <p>Thread-safe. Callers that need per-device order across publishers must publish a device's events from one
 * thread or under one lock; the registry does.
 */
public final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    /** Default queue length past which state changes are coalesced. */
    public static final int DEFAULT_COALESCE_THRESHOLD = 1_024;
    /** Default queue length past which the oldest events are dropped. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private final Executor executor;
    private final int coalesceThreshold;
    private final int capacity;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    public EventBus(Executor executor) {
        this(executor, DEFAULT_COALESCE_THRESHOLD, DEFAULT_CAPACITY);
    }

    public EventBus(Executor executor, int coalesceThreshold, int capacity) {
        this.executor = Objects.requireNonNull(executor, "executor");
        if (coalesceThreshold < 1 || capacity < coalesceThreshold) {
            throw new IllegalArgumentException("need 1 <= coalesceThreshold <= capacity");
        }
        this.coalesceThreshold = coalesceThreshold;
        this.capacity = capacity;
    }

    /**
     * Registers a listener. It is called on an executor thread, one event at a time; an exception it throws is
     * logged and does not stop later events.
     *
     * @param name names the subscriber in log lines
     */
    public Subscription subscribe(String name, Consumer<? super DeviceEvent> listener) {
        Subscription subscription = new Subscription(name, listener, executor, coalesceThreshold, capacity,
                subscriptions::remove);
        subscriptions.add(subscription);
        LOG.debug("[bus] subscriber {} added", name);
        return subscription;
    }

    /** Queues the event for every current subscriber and returns at once. */
    public void publish(DeviceEvent event) {
        Objects.requireNonNull(event, "event");
        for (Subscription subscription : subscriptions) {
            subscription.offer(event);
        }
    }

    public int subscriberCount() {
        return subscriptions.size();
    }
}
