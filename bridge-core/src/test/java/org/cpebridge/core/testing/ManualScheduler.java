package org.cpebridge.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cpebridge.core.time.Scheduler;

/**
 * A {@link Scheduler} driven by a {@link ManualClock}: tasks run on the test's thread inside {@link #advance}, in
 * due-time order. Thread-safe for scheduling; advance from one thread.
 */
public final class ManualScheduler implements Scheduler {

    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    public ManualClock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(clock.instant().plus(delay), null, task, sequence++);
        tasks.add(scheduled);
        return () -> cancel(scheduled);
    }

    @Override
    public synchronized Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        Task scheduled = new Task(clock.instant().plus(initialDelay), period, task, sequence++);
        tasks.add(scheduled);
        return () -> cancel(scheduled);
    }

    private synchronized void cancel(Task task) {
        task.cancelled = true;
        tasks.remove(task);
    }

    /** Moves the clock forward, running every task that falls due on the way, at its due time. */
    public void advance(Duration duration) {
        Instant end = clock.instant().plus(duration);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due.isAfter(end))
                        .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.sequence))
                        .orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
            }
            Duration toDue = Duration.between(clock.instant(), next.due);
            if (!toDue.isNegative()) {
                clock.advance(toDue);
            }
            next.action.run();
            synchronized (this) {
                if (next.period != null && !next.cancelled) {
                    // The same task again, so that the handle scheduleAtFixedRate returned still cancels it.
                    next.due = next.due.plus(next.period);
                    next.sequence = sequence++;
                    tasks.add(next);
                }
            }
        }
        Duration rest = Duration.between(clock.instant(), end);
        if (!rest.isNegative()) {
            clock.advance(rest);
        }
    }

    /** Tasks waiting to run. */
    public synchronized int pendingTasks() {
        return tasks.size();
    }

    private static final class Task {
        Instant due;
        final Duration period;
        final Runnable action;
        long sequence;
        volatile boolean cancelled;

        Task(Instant due, Duration period, Runnable action, long sequence) {
            this.due = due;
            this.period = period;
            this.action = action;
            this.sequence = sequence;
        }
    }
}
