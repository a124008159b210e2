package org.cpebridge.usp.agent.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.DoubleSupplier;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.usp.proto.UspMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Notify messages and, for those with {@code send_resp=true}, resends them until the Controller answers
 * (TR-369 "Responses to Notifications and Notification Retry"): each notification counts its own retries from one
 * (R-NOT.3), waits as {@link RetrySchedule} says, and is given up when its {@code NotifExpiration} (counted from the
 * first attempt) has passed; without an expiration it is retried until answered or until the agent restarts
 * (R-NOT.4: nothing here is stored). A NotifyResp, or an Error, with the Notify's msg_id ends the retries (R-NOT.9:
 * the subscription_id in the answer is ignored). At most {@code maxAwaitingPerController} notifications wait for one
 * Controller; beyond that the oldest is given up, so a Controller that is gone for long cannot make the agent hold and
 * resend an unbounded backlog. Timers come from the injected {@link Scheduler} and hop onto the agent's executor.
 *
 * <p>Owning thread: the agent's executor (all methods).
 */
public final class NotifyOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyOutbox.class);

    private final BiConsumer<String, UspMsg.Msg> sink;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Executor executor;
    private final DoubleSupplier random;
    /** The default bound on notifications awaiting an answer from one Controller. */
    public static final int DEFAULT_MAX_AWAITING_PER_CONTROLLER = 1000;

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final int maxAwaitingPerController;

    private static final class Pending {
        final String controllerId;
        final UspMsg.Msg msg;
        final RetrySchedule schedule;
        final Optional<Instant> deadline;
        final Runnable onAnswered;
        int retries;
        Scheduler.Cancellable timer;

        Pending(String controllerId, UspMsg.Msg msg, RetrySchedule schedule, Optional<Instant> deadline,
                Runnable onAnswered) {
            this.controllerId = controllerId;
            this.msg = msg;
            this.schedule = schedule;
            this.deadline = deadline;
            this.onAnswered = onAnswered;
        }
    }

    /**
     * @param sink   sends (Controller Endpoint ID, Notify) over the MTP
     * @param random values in [0, 1) that pick each wait inside its R-NOT.1 range
     */
    public NotifyOutbox(BiConsumer<String, UspMsg.Msg> sink, Scheduler scheduler, Clock clock, Executor executor,
            DoubleSupplier random) {
        this(sink, scheduler, clock, executor, random, DEFAULT_MAX_AWAITING_PER_CONTROLLER);
    }

    /** @param maxAwaitingPerController how many unanswered notifications one Controller may have (at least 1) */
    public NotifyOutbox(BiConsumer<String, UspMsg.Msg> sink, Scheduler scheduler, Clock clock, Executor executor,
            DoubleSupplier random, int maxAwaitingPerController) {
        if (maxAwaitingPerController < 1) {
            throw new IllegalArgumentException("maxAwaitingPerController must be at least 1");
        }
        this.maxAwaitingPerController = maxAwaitingPerController;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Sends a Notify that asks for no answer ({@code send_resp=false}). */
    public void sendOnce(String controllerId, UspMsg.Msg notify) {
        deliver(controllerId, notify);
    }

    /**
     * Sends a Notify with {@code send_resp=true} and retries it until answered.
     *
     * @param expiration how long after this first attempt retries stop; zero for never
     * @param onAnswered runs (on the agent's executor) when the Controller answers
     */
    public void sendUntilAnswered(String controllerId, UspMsg.Msg notify, RetrySchedule schedule,
            Duration expiration, Runnable onAnswered) {
        Optional<Instant> deadline = expiration.isZero() ? Optional.empty()
                : Optional.of(clock.instant().plus(expiration));
        Pending p = new Pending(controllerId, notify, schedule, deadline, onAnswered);
        String key = key(controllerId, notify.getHeader().getMsgId());
        Pending replaced = pending.remove(key);
        if (replaced != null && replaced.timer != null) {
            replaced.timer.cancel();
        }
        makeRoomFor(controllerId);
        pending.put(key, p);
        deliver(controllerId, notify);
        armNext(key, p);
    }

    /** A NotifyResp or Error with this msg_id came from the Controller: the Notify is delivered. */
    public void answered(String controllerId, String msgId) {
        Pending p = pending.remove(key(controllerId, msgId));
        if (p == null) {
            LOG.debug("[usp {}] answer to {}, which is not awaiting one", controllerId, msgId);
            return;
        }
        if (p.timer != null) {
            p.timer.cancel();
        }
        LOG.debug("[usp {}] {} delivered after {} retries", controllerId, msgId, p.retries);
        p.onAnswered.run();
    }

    /** Notifications still waiting for an answer. */
    public int awaitingAnswer() {
        return pending.size();
    }

    /** Stops every retry (the agent is stopping). */
    public void close() {
        pending.values().forEach(p -> {
            if (p.timer != null) {
                p.timer.cancel();
            }
        });
        pending.clear();
    }

    /** Hands a Notify to the MTP; a failing send counts as not delivered (the retry timer stays armed). */
    private void deliver(String controllerId, UspMsg.Msg notify) {
        try {
            sink.accept(controllerId, notify);
        } catch (RuntimeException e) {
            LOG.warn("[usp {}] sending {} failed", controllerId, notify.getHeader().getMsgId(), e);
        }
    }

    private void makeRoomFor(String controllerId) {
        long waiting = pending.values().stream().filter(p -> p.controllerId.equals(controllerId)).count();
        if (waiting < maxAwaitingPerController) {
            return;
        }
        var oldest = pending.entrySet().stream().filter(e -> e.getValue().controllerId.equals(controllerId))
                .findFirst().orElseThrow();
        pending.remove(oldest.getKey());
        if (oldest.getValue().timer != null) {
            oldest.getValue().timer.cancel();
        }
        LOG.warn("[usp {}] {} notifications await an answer; gave up the oldest, {}", controllerId, waiting,
                oldest.getValue().msg.getHeader().getMsgId());
    }

    private void armNext(String key, Pending p) {
        Duration wait = p.schedule.waitBefore(p.retries + 1, random.getAsDouble());
        if (p.deadline.isPresent() && clock.instant().plus(wait).isAfter(p.deadline.get())) {
            // The next retry would fall after NotifExpiration: stop here (the answer may still come).
            p.timer = scheduler.schedule(Duration.between(clock.instant(), p.deadline.get()),
                    () -> executor.execute(() -> expire(key, p)));
            return;
        }
        p.timer = scheduler.schedule(wait, () -> executor.execute(() -> retry(key, p)));
    }

    private void retry(String key, Pending p) {
        if (pending.get(key) != p) {
            return;
        }
        p.retries++;
        LOG.debug("[usp {}] retry {} of {}", p.controllerId, p.retries, p.msg.getHeader().getMsgId());
        deliver(p.controllerId, p.msg);
        armNext(key, p);
    }

    private void expire(String key, Pending p) {
        if (pending.get(key) == p) {
            pending.remove(key);
            LOG.debug("[usp {}] {} expired unanswered after {} retries", p.controllerId,
                    p.msg.getHeader().getMsgId(), p.retries);
        }
    }

    private static String key(String controllerId, String msgId) {
        return controllerId + "\n" + msgId;
    }
}
