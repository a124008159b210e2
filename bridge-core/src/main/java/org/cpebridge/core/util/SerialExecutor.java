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
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final String name;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

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
     * Runs {@code task} on the calling thread when nothing of this executor is running or waiting, else queues it as
     * {@link #execute} does. Either way tasks stay one at a time and in order: while the task runs inline, tasks
     * submitted meanwhile (also by the task itself) wait, and go to the delegate once it returns. For a caller whose
     * thread is free to do short work (an I/O loop handing over a datagram), this saves waking a pool thread.
     *
     * @return true when the task ran inline
     */
    public boolean runInlineIfIdle(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (tasks) {
            if (running) {
                tasks.add(task);
                return false;
            }
            running = true;
        }
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("[{}] task failed", name, e);
        } finally {
            boolean more;
            synchronized (tasks) {
                more = !tasks.isEmpty();
                running = more;
            }
            if (more) {
                submitDrain();
            }
        }
        return true;
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
        for (int ran = 0; ran < 64; ran++) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
                if (task == null) {
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
        // Give other owners' tasks a turn on the shared pool.
        submitDrain();
    }

    /** Tasks waiting to run. */
    public int queued() {
        synchronized (tasks) {
            return tasks.size();
        }
    }
}
