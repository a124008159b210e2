package org.cpebridge.securetime.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.core.time.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's time source once secure-time runs. Before any quorum of servers has agreed in this run it reads the
 * later of the local clock and the last known good time (the last secured time, persisted in
 * {@code time/last-known-good}, which only ever moves forward) and says so in its trust; after, it reads the local
 * clock plus the agreed offset, with the agreed uncertainty growing by {@link #DRIFT_PPM} of the time since.
 * Thread-safe: readers on any thread, {@link #secure} on the secure-time client thread.
 */
public final class SecureClock implements TimeSource {

    static final String LAST_KNOWN_GOOD_RECORD = "time/last-known-good";
    private static final int FORMAT = 1;
    /** How fast an unsynchronised quartz may drift, in parts per million: the uncertainty added per second. */
    static final long DRIFT_PPM = 100;

    private static final Logger LOG = LoggerFactory.getLogger(SecureClock.class);

    private record Secured(long offsetMillis, long uncertaintyMillis, long atLocalMillis) {
    }

    private final Clock local;
    private final DurableStore store;
    private volatile Secured secured;
    private volatile Instant lastKnownGood;

    public SecureClock(Clock local, DurableStore store) {
        this.local = local;
        this.store = store;
        this.lastKnownGood = readLastKnownGood().orElse(null);
    }

    @Override
    public TimeReading read() {
        Secured current = secured;
        long now = local.millis();
        if (current != null) {
            long drift = Math.max(0, now - current.atLocalMillis) * DRIFT_PPM / 1_000_000;
            return new TimeReading(Instant.ofEpochMilli(now + current.offsetMillis), TimeReading.Trust.SECURED,
                    Duration.ofMillis(current.uncertaintyMillis + drift));
        }
        Instant floor = lastKnownGood;
        Instant localNow = Instant.ofEpochMilli(now);
        if (floor == null) {
            return new TimeReading(localNow, TimeReading.Trust.UNVERIFIED, Duration.ZERO);
        }
        return new TimeReading(localNow.isBefore(floor) ? floor : localNow, TimeReading.Trust.LAST_KNOWN_GOOD,
                Duration.ZERO);
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
        secured = new Secured(consensus.offsetMillis(), consensus.uncertaintyMillis(), local.millis());
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
