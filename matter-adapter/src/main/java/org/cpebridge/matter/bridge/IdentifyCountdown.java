package org.cpebridge.matter.bridge;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.AttributeWriter;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandHandler;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * Identify (0x0003) on the bridged endpoints, as Matter 1.4 Application Clusters 1.2 asks: the Identify command and a
 * write of IdentifyTime set IdentifyTime, which then goes down by one every second until 0 (a value of 0 stops at
 * once). One pending timer per identifying endpoint, from the injected scheduler; each step hops onto the node
 * loop and schedules the next.
 *
 * <p>IdentifyTime has the Q (quieter reporting) quality: a change is reportable only when it is set by the command
 * or a write, or when it goes from 0 to another value or back to 0. So the per-second steps move the data version
 * (a read sees the time left) but tell subscribers nothing; the start, a new time and the end are reported (the
 * rule matter.js's IdentifyServer applies too).
 *
 * <p>Owned by the node loop: the command, the write and the steps run there.
 */
final class IdentifyCountdown implements CommandHandler, AttributeWriter {

    /** The IdentifyTime attribute. */
    static final long IDENTIFY_TIME = 0x0000;
    /** The Identify command (its one field, IdentifyTime, has tag 0). */
    static final long IDENTIFY_COMMAND = 0x00;
    private static final Duration SECOND = Duration.ofSeconds(1);

    /** Tells the node a cluster changed in a reportable way; called on the node loop. */
    @FunctionalInterface
    interface Reporter {
        void changed(ClusterPathIb cluster);
    }

    /** One identifying endpoint: its cluster and the timer of its next step. */
    private static final class Running {
        private final ClusterInstance cluster;
        private Scheduler.Cancellable timer;

        private Running(ClusterInstance cluster) {
            this.cluster = cluster;
        }
    }

    private final Scheduler scheduler;
    private final Executor nodeLoop;
    private final Reporter reporter;
    private final Map<Integer, Running> running = new HashMap<>();

    IdentifyCountdown(Scheduler scheduler, Executor nodeLoop, Reporter reporter) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nodeLoop = Objects.requireNonNull(nodeLoop, "nodeLoop");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /** The Identify command: its IdentifyTime field (uint16) becomes the attribute's value. */
    @Override
    public CommandResult invoke(AccessSubject subject, ClusterInstance cluster, CommandSpec command,
                                TlvElement fields) throws ImException {
        if (command.id() != IDENTIFY_COMMAND) {
            return CommandResult.status(ImStatus.UNSUPPORTED_COMMAND);
        }
        if (!(fields instanceof TlvElement.Structure structure)) {
            return CommandResult.status(ImStatus.INVALID_COMMAND);
        }
        start(cluster, Tlv.requiredUnsigned(structure, 0, 0xFFFF));
        return CommandResult.status(ImStatus.SUCCESS);
    }

    /** A write of IdentifyTime (the engine checked its type and range): starts, restarts or stops the countdown. */
    @Override
    public ImStatus write(AccessSubject subject, ClusterInstance cluster, AttributeSpec attribute,
                          TlvElement newValue) {
        if (attribute.id() != IDENTIFY_TIME || !(newValue instanceof TlvElement.UnsignedInt seconds)) {
            return ImStatus.CONSTRAINT_ERROR;
        }
        start(cluster, seconds.value());
        return ImStatus.SUCCESS;
    }

    /** Stops the countdown of an endpoint that went away (its cluster is gone with it). */
    void endpointRemoved(int endpoint) {
        Running stopped = running.remove(endpoint);
        if (stopped != null) {
            stopped.timer.cancel();
        }
    }

    /** Stops every countdown (the bridge closes). */
    void close() {
        running.values().forEach(r -> r.timer.cancel());
        running.clear();
    }

    private void start(ClusterInstance cluster, long seconds) {
        endpointRemoved(cluster.endpoint());
        cluster.set(IDENTIFY_TIME, uint16(seconds));
        if (seconds > 0) {
            Running countdown = new Running(cluster);
            running.put(cluster.endpoint(), countdown);
            scheduleStep(countdown);
        }
        // Set by the command or a write: reportable, once the command's answer has gone.
        nodeLoop.execute(() -> reporter.changed(ClusterPathIb.of(cluster.endpoint(), cluster.id())));
    }

    /** One step a second later; each step schedules the next (one pending timer per identifying endpoint). */
    private void scheduleStep(Running countdown) {
        countdown.timer = scheduler.schedule(SECOND, () -> nodeLoop.execute(() -> step(countdown)));
    }

    private void step(Running countdown) {
        int endpoint = countdown.cluster.endpoint();
        if (running.get(endpoint) != countdown) {
            return; // restarted, stopped or removed since this step was queued
        }
        long left = countdown.cluster.value(IDENTIFY_TIME)
                .filter(v -> v instanceof TlvElement.UnsignedInt).map(v -> ((TlvElement.UnsignedInt) v).value())
                .orElse(0L);
        long next = Math.max(0, left - 1);
        countdown.cluster.set(IDENTIFY_TIME, uint16(next));
        if (next > 0) {
            scheduleStep(countdown);
            return;
        }
        running.remove(endpoint);
        // Back to 0: reportable (Q quality); the steps before it were not.
        reporter.changed(ClusterPathIb.of(endpoint, countdown.cluster.id()));
    }

    private static TlvElement uint16(long value) {
        return new TlvElement.UnsignedInt(TlvTag.anonymous(), value);
    }

}
