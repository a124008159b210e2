package org.cpebridge.matter.node;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limit for the unauthenticated first message of a handshake (PASE's PBKDFParamRequest, CASE's Sigma1; one
 * instance each, so a flood of one does not lock out the other): how many the node takes from one source address
 * (token bucket, {@link #PER_SOURCE_BURST} at once, then one per {@link #PER_SOURCE_REFILL}) and from all sources
 * together ({@link #GLOBAL_BURST}, one per {@link #GLOBAL_REFILL}). A request over the limit is dropped without any
 * answer, so a flood never draws more bytes than it sends (a Sigma2 carries the node's certificates and is several
 * times the size of a Sigma1), and the drops are logged in one line per {@link #LOG_INTERVAL}, not one per packet.
 * The burst is above the 20 failed PASE attempts after which the window closes (Matter core 5.4.2.4), so a
 * commissioner or controller that retries (MRP retransmits, a new attempt after a failure) stays within the limit.
 * Owned by the node loop.
 */
final class HandshakeAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeAdmission.class);

    static final int PER_SOURCE_BURST = 25;
    static final Duration PER_SOURCE_REFILL = Duration.ofSeconds(2);
    static final int GLOBAL_BURST = 64;
    static final Duration GLOBAL_REFILL = Duration.ofMillis(100);
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
    /** Sources remembered; the least recently seen is forgotten first (a flood of spoofed sources stays bounded). */
    static final int MAX_SOURCES = 256;

    private final Clock clock;
    private final String handshake;
    private final String message;
    private final Map<InetAddress, Bucket> sources = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private final Bucket global;
    private long droppedSinceLog;
    private InetAddress lastDropped;
    private Instant nextLogAt = Instant.MIN;

    /**
     * @param handshake the handshake's name in the log, {@code PASE} or {@code CASE}
     * @param message   the message it limits, {@code PBKDFParamRequest} or {@code Sigma1}
     */
    HandshakeAdmission(Clock clock, String handshake, String message) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.handshake = Objects.requireNonNull(handshake, "handshake");
        this.message = Objects.requireNonNull(message, "message");
        this.global = new Bucket(GLOBAL_BURST, GLOBAL_REFILL, clock.instant());
    }

    /** Whether a request from this address may be answered now; takes a token when it may. */
    boolean admit(InetAddress source) {
        Instant now = clock.instant();
        Bucket bucket = sources.computeIfAbsent(source, s -> new Bucket(PER_SOURCE_BURST, PER_SOURCE_REFILL, now));
        if (bucket.available(now) && global.available(now)) {
            bucket.take();
            global.take();
            return true;
        }
        droppedSinceLog++;
        lastDropped = source;
        if (!now.isBefore(nextLogAt)) {
            LOG.warn("[matter] {} rate limit: dropped {} {}(s) in the last {} min, the latest from {}; next report "
                    + "in {} min at the earliest", handshake, droppedSinceLog, message, LOG_INTERVAL.toMinutes(),
                    lastDropped.getHostAddress(), LOG_INTERVAL.toMinutes());
            droppedSinceLog = 0;
            nextLogAt = now.plus(LOG_INTERVAL);
        }
        return false;
    }

    /** A token bucket on the injected clock. */
    private static final class Bucket {
        private final int capacity;
        private final long refillNanos;
        private double tokens;
        private Instant updated;

        Bucket(int capacity, Duration refill, Instant now) {
            this.capacity = capacity;
            this.refillNanos = refill.toNanos();
            this.tokens = capacity;
            this.updated = now;
        }

        boolean available(Instant now) {
            if (now.isAfter(updated)) {
                tokens = Math.min(capacity, tokens + (double) Duration.between(updated, now).toNanos() / refillNanos);
                updated = now;
            }
            return tokens >= 1;
        }

        void take() {
            tokens -= 1;
        }
    }
}
