package org.cpebridge.zigbee;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands MQTT messages from the client's thread to the adapter's serial executor without unbounded growth.
 *
 * <p>Messages are queued per topic, in arrival order, and each topic's queue is drained by one executor task. A
 * topic may hold at most {@code perTopicLimit} undelivered messages; past that the oldest is dropped. Since
 * Zigbee2MQTT publishes a device's whole state each time, dropping older state messages of a topic loses nothing
 * but history: the latest state wins. Messages of different topics keep their relative order only per topic.
 * Thread-safe.
 */
final class Inbox {

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    /** A drain task hands the executor back after this many messages so other topics get their turn. */
    private static final int BATCH = 32;

    private final Executor executor;
    private final BiConsumer<String, byte[]> handler;
    private final int perTopicLimit;
    private final int topicLimit;

    // Guarded by `this`.
    private final Map<String, ArrayDeque<byte[]>> pending = new HashMap<>();
    private int queued;
    private int maxQueued;
    private long dropped;
    private boolean warned;

    Inbox(Executor executor, BiConsumer<String, byte[]> handler, int perTopicLimit, int topicLimit) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.handler = Objects.requireNonNull(handler, "handler");
        if (perTopicLimit < 1 || topicLimit < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.perTopicLimit = perTopicLimit;
        this.topicLimit = topicLimit;
    }

    void offer(String topic, byte[] payload) {
        boolean schedule = false;
        boolean warn = false;
        synchronized (this) {
            ArrayDeque<byte[]> queue = pending.get(topic);
            if (queue == null) {
                if (pending.size() >= topicLimit) {
                    dropped++;
                    warn = !warned;
                    warned = true;
                } else {
                    queue = new ArrayDeque<>();
                    pending.put(topic, queue);
                    schedule = true;
                }
            }
            if (queue != null) {
                if (queue.size() >= perTopicLimit) {
                    queue.pollFirst();
                    queued--;
                    dropped++;
                }
                queue.addLast(payload);
                queued++;
                maxQueued = Math.max(maxQueued, queued);
            }
        }
        if (warn) {
            LOG.warn("[zigbee] more than {} topics waiting; dropping messages of new topics", topicLimit);
        }
        if (schedule) {
            executor.execute(() -> drain(topic));
        }
    }

    private void drain(String topic) {
        for (int handled = 0; handled < BATCH; handled++) {
            byte[] next;
            synchronized (this) {
                ArrayDeque<byte[]> queue = pending.get(topic);
                next = queue == null ? null : queue.pollFirst();
                if (next == null) {
                    pending.remove(topic);
                    if (pending.isEmpty()) {
                        warned = false;
                    }
                    return;
                }
                queued--;
            }
            handler.accept(topic, next);
        }
        executor.execute(() -> drain(topic));
    }

    /** Messages waiting now. */
    synchronized int queued() {
        return queued;
    }

    /** The most messages that ever waited at once. */
    synchronized int maxQueued() {
        return maxQueued;
    }

    /** Messages dropped because a newer one of the same topic replaced them (or too many topics waited). */
    synchronized long dropped() {
        return dropped;
    }
}
