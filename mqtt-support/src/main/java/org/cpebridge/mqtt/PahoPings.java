package org.cpebridge.mqtt;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one thread ({@code mqtt-ping}) on which every MQTT 5 client of the process schedules its keep-alive PINGREQ
 * check, instead of a {@code java.util.Timer} thread per client ("MQTT Ping: &lt;client id&gt;"), which is what Paho
 * starts when given no scheduler. A check is a few microseconds (it looks at the last activity and may queue one
 * PINGREQ for the client's own sender thread), so one thread serves any number of clients.
 *
 * <p>Why only the pings: Paho 1.2.5 runs each client's receive and send loops as long-running tasks, so a shared
 * pool would need two threads per client anyway and would hang a client whose loop finds no free thread; its
 * callback thread it always starts itself.
 *
 * <p>Created on first use and kept for the life of the process: a daemon thread, so it holds no JVM open; cancelled
 * checks are removed at once, so a client that goes leaves nothing behind.
 */
final class PahoPings {

    private static final ScheduledExecutorService SCHEDULER = create();

    private PahoPings() {
    }

    static ScheduledExecutorService scheduler() {
        return SCHEDULER;
    }

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "mqtt-ping");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
