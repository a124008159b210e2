package org.cpebridge.matter.mrp;

import java.time.Duration;
import java.time.Instant;

/**
 * When the peer of a session was last heard from, to decide whether it is in active mode (Core spec 4.12.8): a peer
 * heard within its SESSION_ACTIVE_THRESHOLD is active and its active interval applies, otherwise its idle interval.
 * Shared by the exchanges of one session.
 *
 * <p>Not thread-safe: owned by the session's serial executor.
 */
public final class PeerActivity {

    private Instant lastHeard;

    /** Notes a message received from the peer. */
    public void heardAt(Instant when) {
        lastHeard = when;
    }

    /** True if the peer was heard less than {@code threshold} before {@code now}. */
    public boolean isActive(Instant now, Duration threshold) {
        return lastHeard != null && Duration.between(lastHeard, now).compareTo(threshold) < 0;
    }

    /** The base interval to use for a retransmission to the peer now. */
    public Duration baseInterval(Instant now, MrpParameters peer) {
        return isActive(now, peer.activeThreshold()) ? peer.activeInterval() : peer.idleInterval();
    }
}
