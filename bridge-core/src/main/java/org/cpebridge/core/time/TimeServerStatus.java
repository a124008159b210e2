package org.cpebridge.core.time;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One time server a {@link TimeSource} asks, and what it found at the last synchronisation: what a face shows a
 * household or an operator (USP {@code Device.Time.X_CPEBRIDGE_Roughtime.Server.{i}.}) without knowing the protocol.
 *
 * @param address   {@code host:port}
 * @param publicKey the pinned long-term key, base64
 * @param result    what the last synchronisation found
 * @param checkedAt when that was, empty before the first synchronisation
 * @param detail    why it failed, or empty
 */
public record TimeServerStatus(String address, String publicKey, Result result, Optional<Instant> checkedAt,
                               String detail) {

    /** What a server's answers did at the last synchronisation. */
    public enum Result {
        /** Not asked yet in this run. */
        NOT_ASKED,
        /** It answered, verified, and was among the servers that agreed. */
        AGREED,
        /** It answered and verified, but the agreeing servers outvoted it (no quorum, or its time disagreed). */
        OUTVOTED,
        /** No verified answer: silent, unreachable, or an answer that failed a check. */
        FAILED
    }

    public TimeServerStatus {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(detail, "detail");
    }
}
