package org.cpebridge.matter.commissioning;

import static org.cpebridge.matter.commissioning.CommandFields.unsigned;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.core.time.TimeSource;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandHandler;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.standard.TimeSynchronization;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.StatusIb;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * The root node's Time Synchronization cluster (Matter 1.4 core 11.17, no optional feature) and the time the node
 * checks operational certificates against, both from the service's time source.
 *
 * <ul>
 *   <li>Secured time (a quorum of Roughtime servers agreed): UTCTime is that time, Granularity follows its uncertainty
 *       (under 1 ms micro-, under 1 s milli-, under 1 min seconds-, else minutes-granularity), TimeSource
 *       {@code Unknown} (Roughtime has no value of its own in TimeSourceEnum). SetUTCTime is refused with
 *       TimeNotAccepted: an administrator's time does not replace authenticated time.</li>
 *   <li>No secured time: UTCTime null, Granularity NoTimeGranularity, TimeSource None, until an administrator sends
 *       SetUTCTime, which the node then must take (11.17.9.1): from then on UTCTime is the administrator's time moved on
 *       by a monotonic ticker, Granularity one level below the stated one (never NoTimeGranularity), TimeSource
 *       {@code Admin}. The administrator's time stays in this cluster: it is not the bridge's clock and it never
 *       decides a certificate's validity.</li>
 *   <li>With no time from any source, {@link #refresh} asks for a TimeFailure event at most once an hour
 *       (11.17.10.4).</li>
 *   <li>{@link #certificateTime()}: the secured time, or empty (validity periods then not checked, as the
 *       connectedhomeip default policy does without trusted time).</li>
 * </ul>
 *
 * <p>UTCTime (quality C: changes are not reported) is computed at each read; Granularity and TimeSource are set by
 * {@link #refresh}, which the face calls on the node's serial executor at start and every minute, so their changes
 * move the data version and reach subscribers. Owned by the node's serial executor, except {@link #certificateTime},
 * which any thread may call.
 */
public final class NodeTime implements CommandHandler {

    /** The Matter epoch, 2000-01-01T00:00:00Z, in Unix seconds. */
    static final long MATTER_EPOCH_UNIX_SECONDS = 946_684_800L;
    private static final int TIME_SOURCE_ADMIN = 2;
    private static final long FAILURE_EVENT_INTERVAL_NANOS = Duration.ofHours(1).toNanos();

    private record AdminTime(long epochMicros, long atNanos, int granularity) {
    }

    private final TimeSource source;
    private final LongSupplier monotonicNanos;
    private AdminTime adminTime;
    private Long lastFailureEventNanos;

    public NodeTime(TimeSource source, LongSupplier monotonicNanos) {
        this.source = Objects.requireNonNull(source, "source");
        this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
    }

    /** Puts the cluster's values in place: UTCTime computed per read, the rest by {@link #refresh}. */
    public void install(ClusterInstance cluster) {
        cluster.setPerSubject(TimeSynchronization.UTC_TIME, subject -> utcTime()
                .<TlvElement>map(micros -> new TlvElement.UnsignedInt(TlvTag.anonymous(), micros))
                .orElse(new TlvElement.Null(TlvTag.anonymous())));
        cluster.set(TimeSynchronization.UTC_TIME, new TlvElement.Null(TlvTag.anonymous()));
        apply(cluster);
    }

    /**
     * Sets Granularity and TimeSource from the current source (the data version moves when either changed).
     *
     * @return true when a TimeFailure event is due: no time from any source, and none reported in the last hour
     */
    public boolean refresh(ClusterInstance cluster) {
        if (apply(cluster) != TimeSynchronization.TIME_SOURCE_NONE) {
            return false;
        }
        long now = monotonicNanos.getAsLong();
        if (lastFailureEventNanos != null && now - lastFailureEventNanos < FAILURE_EVENT_INTERVAL_NANOS) {
            return false;
        }
        lastFailureEventNanos = now;
        return true;
    }

    /** Sets Granularity and TimeSource; returns the TimeSource set. */
    private int apply(ClusterInstance cluster) {
        TimeReading reading = source.read();
        int granularity;
        int timeSource;
        if (reading.trust() == TimeReading.Trust.SECURED) {
            granularity = granularityOf(reading.uncertainty());
            timeSource = TimeSynchronization.TIME_SOURCE_UNKNOWN;
        } else if (adminTime != null) {
            granularity = adminTime.granularity();
            timeSource = TIME_SOURCE_ADMIN;
        } else {
            granularity = TimeSynchronization.NO_TIME_GRANULARITY;
            timeSource = TimeSynchronization.TIME_SOURCE_NONE;
        }
        cluster.set(TimeSynchronization.GRANULARITY, new TlvElement.UnsignedInt(TlvTag.anonymous(), granularity));
        cluster.set(TimeSynchronization.TIME_SOURCE, new TlvElement.UnsignedInt(TlvTag.anonymous(), timeSource));
        return timeSource;
    }

    /** The time to check an operational certificate's validity period at: secured time only. Thread-safe. */
    public Optional<Instant> certificateTime() {
        TimeReading reading = source.read();
        return reading.trust() == TimeReading.Trust.SECURED ? Optional.of(reading.utc()) : Optional.empty();
    }

    /** UTCTime as epoch-us, empty (null) while the node has no time. */
    Optional<Long> utcTime() {
        TimeReading reading = source.read();
        if (reading.trust() == TimeReading.Trust.SECURED) {
            return Optional.of(epochMicros(reading.utc()));
        }
        if (adminTime != null) {
            long elapsedMicros = (monotonicNanos.getAsLong() - adminTime.atNanos()) / 1_000;
            return Optional.of(adminTime.epochMicros() + Math.max(0, elapsedMicros));
        }
        return Optional.empty();
    }

    @Override
    public CommandResult invoke(AccessSubject subject, ClusterInstance cluster, CommandSpec command,
            TlvElement fields) throws ImException {
        if (command.id() != TimeSynchronization.SET_UTC_TIME) {
            return CommandResult.status(ImStatus.UNSUPPORTED_COMMAND);
        }
        long utcTime = unsigned(fields, 0);
        long granularity = unsigned(fields, 1, 0xFF);
        if (granularity > TimeSynchronization.MICROSECONDS_GRANULARITY) {
            return CommandResult.status(ImStatus.CONSTRAINT_ERROR);
        }
        if (source.read().trust() == TimeReading.Trust.SECURED) {
            return new CommandResult.Status(new StatusIb(ImStatus.FAILURE,
                    OptionalInt.of(TimeSynchronization.STATUS_TIME_NOT_ACCEPTED)));
        }
        // One level below the stated granularity for the drift to come, but never "no time" with a time set.
        int kept = (int) Math.max(TimeSynchronization.MINUTES_GRANULARITY, granularity - 1);
        adminTime = new AdminTime(utcTime, monotonicNanos.getAsLong(), kept);
        apply(cluster);
        return CommandResult.success();
    }

    static int granularityOf(Duration uncertainty) {
        if (uncertainty.compareTo(Duration.ofMillis(1)) < 0) {
            return TimeSynchronization.MICROSECONDS_GRANULARITY;
        }
        if (uncertainty.compareTo(Duration.ofSeconds(1)) < 0) {
            return TimeSynchronization.MILLISECONDS_GRANULARITY;
        }
        if (uncertainty.compareTo(Duration.ofMinutes(1)) < 0) {
            return TimeSynchronization.SECONDS_GRANULARITY;
        }
        return TimeSynchronization.MINUTES_GRANULARITY;
    }

    static long epochMicros(Instant utc) {
        return (utc.getEpochSecond() - MATTER_EPOCH_UNIX_SECONDS) * 1_000_000L + utc.getNano() / 1_000;
    }
}
