package org.cpebridge.securetime.client;

import org.cpebridge.securetime.wire.Response;

/**
 * An answer that passed every check: the server, holding the pinned key, vouched that the time was within
 * {@code radiusSeconds} of {@code midpointSeconds} when it answered this request.
 */
public record VerifiedAnswer(Response response, long version, long midpointSeconds, long radiusSeconds) {

    /** The earliest time the server's answer allows, in Unix milliseconds. */
    public long earliestMillis() {
        return (midpointSeconds - radiusSeconds) * 1000L;
    }

    /** The latest time the server's answer allows, in Unix milliseconds. */
    public long latestMillis() {
        return (midpointSeconds + radiusSeconds) * 1000L;
    }
}
