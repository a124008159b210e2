package org.cpebridge.core.util;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor. Each session, controller connection and
 * adapter owns one, so its state needs no locks (STYLE.md 11). A task that throws is logged and the next one runs,
 * also when it threw an {@link Error}: a drain that died there would leave {@code running} set and its owner deaf
 * for good (issue 23: an OutOfMemoryError in one USP request left the agent answering nothing). The shipped JVM flags
 * exit on OutOfMemoryError, so this matters for other errors and for JVMs run without them.
 *
 * <p>{@link #runNowIfIdle} lets a caller that would only hand a short task over and wait for it (a netty I/O thread
 * with a small request) run it itself when the executor is idle, saving two thread hand-offs; the task is still one
 * of this executor's tasks, in order and never concurrent with another.
 *
 * <p>The service stops the shared pool only after every owner has stopped; a drain still running then cannot hand the
 * rest of its queue over, and drops it with a debug line rather than throwing into the pool's thread.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final String name;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    // The thread running this executor's tasks now (a drain on the delegate, or a runNowIfIdle caller); null between.
    private volatile Thread owner;

    public SerialExecutor(Executor delegate, String name) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        boolean start;
        synchronized (tasks) {
            tasks.add(task);
            start = !running;
            running = true;
        }
        if (start) {
            submitDrain();
        }
    }

    /**
     * Runs {@code task} now, on the calling thread, as this executor's next task, if nothing is running or queued;
     * otherwise runs nothing and returns false (the caller then {@link #execute}s it, behind the others). Tasks that
     * {@code task} submits run after it on the delegate, as usual. A task that throws is logged, as in a drain.
     */
    public boolean runNowIfIdle(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (tasks) {
            if (running) { // not running means nothing is queued either (execute sets it when it queues)
                return false;
            }
            running = true;
        }
        owner = Thread.currentThread();
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("[{}] task failed", name, e);
        } finally {
            owner = null;
            boolean more;
            synchronized (tasks) {
                more = !tasks.isEmpty();
                running = more;
            }
            if (more) {
                try {
                    submitDrain();
                } catch (RejectedExecutionException e) {
                    LOG.debug("[{}] the delegate is shut down; the queued tasks are dropped", name);
                }
            }
        }
        return true;
    }

    /** Whether the calling thread is running one of this executor's tasks now. */
    public boolean inExecutor() {
        return owner == Thread.currentThread();
    }

    private void submitDrain() {
        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (tasks) {
                tasks.clear();
                running = false;
            }
            throw e;
        }
    }

    private void drain() {
        owner = Thread.currentThread();
        for (int ran = 0; ran < 64; ran++) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
                if (task == null) {
                    owner = null;
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("[{}] task failed", name, e);
            }
        }
        // Give other owners' tasks a turn on the shared pool. The next drain may start on another thread at once.
        owner = null;
        try {
            submitDrain();
        } catch (RejectedExecutionException e) {
            LOG.debug("[{}] the shared pool is stopping; the queued tasks are dropped", name);
        }
    }

    /** Tasks waiting to run. */
    public int queued() {
        synchronized (tasks) {
            return tasks.size();
        }
    }
}
