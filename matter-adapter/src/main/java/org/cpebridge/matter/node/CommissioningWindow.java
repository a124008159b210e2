package org.cpebridge.matter.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.matter.crypto.Spake2pVerifier;
import org.cpebridge.matter.pase.PbkdfParameters;

/**
 * Whether PASE may be attempted, and with which verifier. Opened at first start (basic window, the onboarding
 * verifier) or by an administrator (enhanced window, a verifier it supplies); closed on success, on expiry, or after
 * too many failed attempts (Matter core 5.4.2.4: the commissionee leaves commissioning mode after 20 failed PASE
 * attempts). Owned by the node's serial executor.
 */
public final class CommissioningWindow {

    /** Matter core 5.4.2.4: failed PASE attempts after which the window closes. */
    static final int MAX_FAILED_ATTEMPTS = 20;

    /** The verifier PASE runs against while the window is open. */
    public record Credentials(Spake2pVerifier verifier, PbkdfParameters pbkdf) {
        public Credentials {
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(pbkdf, "pbkdf");
        }
    }

    private final Clock clock;
    private Credentials credentials;
    private Instant closesAt;
    private int failedAttempts;
    private String closedBecause = "never opened";

    CommissioningWindow(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void open(Credentials newCredentials, Duration duration) {
        credentials = Objects.requireNonNull(newCredentials, "credentials");
        closesAt = clock.instant().plus(duration);
        failedAttempts = 0;
    }

    /** The credentials for a new PASE attempt, or empty when the window is closed (or has just expired). */
    Optional<Credentials> credentials() {
        if (credentials != null && !clock.instant().isBefore(closesAt)) {
            close("the window expired");
        }
        return Optional.ofNullable(credentials);
    }

    boolean isOpen() {
        return credentials().isPresent();
    }

    /** Records a failed attempt; returns true when that closed the window. */
    boolean attemptFailed() {
        if (credentials == null) {
            return false;
        }
        failedAttempts++;
        if (failedAttempts >= MAX_FAILED_ATTEMPTS) {
            close(MAX_FAILED_ATTEMPTS + " failed PASE attempts");
            return true;
        }
        return false;
    }

    void close(String reason) {
        if (credentials != null) {
            credentials = null;
            closedBecause = reason;
        }
    }

    String closedBecause() {
        return closedBecause;
    }

    int failedAttempts() {
        return failedAttempts;
    }
}
