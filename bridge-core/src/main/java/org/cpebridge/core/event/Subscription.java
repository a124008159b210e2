package org.cpebridge.core.event;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.cpebridge.core.model.AttributeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's queue on the {@link EventBus}. Closing it stops delivery; events already being delivered finish.
 */
public final class Subscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

    private final String name;
    private final Consumer<? super DeviceEvent> listener;
    private final Executor executor;
    private final int coalesceThreshold;
    private final int capacity;
    private final Consumer<Subscription> onClose;

    // Guarded by `this`. Insertion order is delivery order; keys are sequence numbers.
    private final LinkedHashMap<Long, DeviceEvent> pending = new LinkedHashMap<>();
    private final Map<AttributeRef, Long> pendingStateByAttribute = new HashMap<>();
    private long nextSequence;
    private boolean draining;
    private boolean closed;
    private boolean overflowing;
    private long coalesced;
    private long dropped;

    Subscription(String name, Consumer<? super DeviceEvent> listener, Executor executor, int coalesceThreshold,
                 int capacity, Consumer<Subscription> onClose) {
        this.name = name;
        this.listener = listener;
        this.executor = executor;
        this.coalesceThreshold = coalesceThreshold;
        this.capacity = capacity;
        this.onClose = onClose;
    }

    void offer(DeviceEvent event) {
        boolean startDrain;
        synchronized (this) {
            if (closed) {
                return;
            }
            DeviceEvent toQueue = event;
            if (event instanceof DeviceEvent.StateChanged change && pending.size() >= coalesceThreshold) {
                Long older = pendingStateByAttribute.get(change.attribute());
                if (older != null) {
                    DeviceEvent.StateChanged superseded = (DeviceEvent.StateChanged) pending.remove(older);
                    // The subscriber never saw the superseded value, so the change it sees starts from the value
                    // it saw last.
                    toQueue = new DeviceEvent.StateChanged(change.attribute(), superseded.previous(),
                            change.current(), change.privacy(), change.at());
                    coalesced++;
                }
            }
            if (pending.size() >= capacity) {
                Iterator<Map.Entry<Long, DeviceEvent>> eldest = pending.entrySet().iterator();
                Map.Entry<Long, DeviceEvent> entry = eldest.next();
                eldest.remove();
                forgetState(entry.getKey(), entry.getValue());
                dropped++;
                if (!overflowing) {
                    overflowing = true;
                    LOG.warn("[bus] subscriber {} is {} events behind; dropping the oldest", name, capacity);
                }
            }
            long sequence = nextSequence++;
            pending.put(sequence, toQueue);
            if (toQueue instanceof DeviceEvent.StateChanged change) {
                pendingStateByAttribute.put(change.attribute(), sequence);
            }
            startDrain = !draining;
            draining = true;
        }
        if (startDrain) {
            schedule();
        }
    }

    private void schedule() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (this) {
                draining = false;
            }
        }
    }

    private void drain() {
        // Deliver a bounded batch, then yield the thread so other subscribers get their turn.
        for (int delivered = 0; delivered < 256; delivered++) {
            DeviceEvent event;
            synchronized (this) {
                if (closed || pending.isEmpty()) {
                    draining = false;
                    overflowing = false;
                    return;
                }
                Iterator<Map.Entry<Long, DeviceEvent>> first = pending.entrySet().iterator();
                Map.Entry<Long, DeviceEvent> entry = first.next();
                first.remove();
                event = entry.getValue();
                forgetState(entry.getKey(), event);
            }
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("[bus] subscriber {} failed on {}", name, event.getClass().getSimpleName(), e);
            }
        }
        schedule();
    }

    private void forgetState(long sequence, DeviceEvent event) {
        if (event instanceof DeviceEvent.StateChanged change) {
            pendingStateByAttribute.remove(change.attribute(), sequence);
        }
    }

    public String name() {
        return name;
    }

    /** Events queued and not yet delivered. */
    public synchronized int pending() {
        return pending.size();
    }

    /** State changes replaced by a newer value before delivery. */
    public synchronized long coalesced() {
        return coalesced;
    }

    /** Events dropped because the queue was full. */
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            pending.clear();
            pendingStateByAttribute.clear();
        }
        onClose.accept(this);
    }
}
