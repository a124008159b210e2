package org.cpebridge.securetime.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.core.time.TimeServerStatus;
import org.cpebridge.core.time.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's time source once secure-time runs. Before any quorum of servers has agreed in this run it reads the
 * later of the local clock and the last known good time (the last secured time, persisted in
 * {@code time/last-known-good}, which only ever moves forward) and says so in its trust; after, it reads the
 * secured time plus the time elapsed since on a monotonic ticker (so a later step of the system clock, by a spoofed
 * NTP for one, does not move it), the agreed uncertainty growing by {@link #DRIFT_PPM} of the time since.
 * Thread-safe: readers on any thread, {@link #secure} on the secure-time client thread.
 */
public final class SecureClock implements TimeSource {

    static final String LAST_KNOWN_GOOD_RECORD = "time/last-known-good";
    private static final int FORMAT = 1;
    /** How fast an unsynchronised quartz may drift, in parts per million: the uncertainty added per second. */
    static final long DRIFT_PPM = 100;

    private static final Logger LOG = LoggerFactory.getLogger(SecureClock.class);

    private record Secured(long utcMillis, long uncertaintyMillis, long atNanos) {
    }

    private final Clock local;
    private final LongSupplier monotonicNanos;
    private final DurableStore store;
    private volatile Secured secured;
    private volatile Instant lastKnownGood;
    private volatile List<TimeServerStatus> servers = List.of();

    /**
     * @param local          the machine's wall clock, which the client's measurements are relative to
     * @param monotonicNanos a ticker that never jumps ({@code System::nanoTime} in production)
     */
    public SecureClock(Clock local, LongSupplier monotonicNanos, DurableStore store) {
        this.local = local;
        this.monotonicNanos = monotonicNanos;
        this.store = store;
        this.lastKnownGood = readLastKnownGood().orElse(null);
    }

    @Override
    public TimeReading read() {
        Secured current = secured;
        if (current != null) {
            long elapsedMillis = Math.max(0, (monotonicNanos.getAsLong() - current.atNanos) / 1_000_000);
            long drift = elapsedMillis * DRIFT_PPM / 1_000_000;
            return new TimeReading(Instant.ofEpochMilli(current.utcMillis + elapsedMillis), TimeReading.Trust.SECURED,
                    Duration.ofMillis(current.uncertaintyMillis + drift));
        }
        long now = local.millis();
        Instant floor = lastKnownGood;
        Instant localNow = Instant.ofEpochMilli(now);
        if (floor == null) {
            return new TimeReading(localNow, TimeReading.Trust.UNVERIFIED, Duration.ZERO);
        }
        return new TimeReading(localNow.isBefore(floor) ? floor : localNow, TimeReading.Trust.LAST_KNOWN_GOOD,
                Duration.ZERO);
    }

    @Override
    public List<TimeServerStatus> servers() {
        return servers;
    }

    /** What the last synchronisation found per server (or the configured servers, not asked yet). */
    public void serversChecked(List<TimeServerStatus> statuses) {
        servers = List.copyOf(statuses);
    }

    public boolean isSecured() {
        return secured != null;
    }

    /** The persisted last known good time, if any. */
    public Optional<Instant> lastKnownGood() {
        return Optional.ofNullable(lastKnownGood);
    }

    /** Takes an agreed offset; the new secured time also becomes the last known good time (never backwards). */
    public void secure(Agreement.Consensus consensus) {
        secured = new Secured(local.millis() + consensus.offsetMillis(), consensus.uncertaintyMillis(),
                monotonicNanos.getAsLong());
        Instant now = read().utc();
        Instant previous = lastKnownGood;
        if (previous == null || now.isAfter(previous)) {
            store.write(LAST_KNOWN_GOOD_RECORD, FORMAT,
                    Long.toString(now.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
            lastKnownGood = Instant.ofEpochSecond(now.getEpochSecond());
        } else {
            LOG.warn("[time] secured time {} is before the last known good time {}; keeping the latter as floor",
                    now, previous);
        }
    }

    private Optional<Instant> readLastKnownGood() {
        return store.read(LAST_KNOWN_GOOD_RECORD).map(record -> {
            String text = new String(record.payloadOfFormat(FORMAT), StandardCharsets.UTF_8).trim();
            try {
                return Instant.ofEpochSecond(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new StoreException("record " + LAST_KNOWN_GOOD_RECORD + " is not a number of seconds", e);
            }
        });
    }
}
