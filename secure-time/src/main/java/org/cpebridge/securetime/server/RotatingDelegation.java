package org.cpebridge.securetime.server;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import org.cpebridge.securetime.crypto.Ed25519;
import org.cpebridge.securetime.wire.Certificate;
import org.cpebridge.securetime.wire.Delegation;
import org.cpebridge.securetime.wire.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online keys that the long-term key delegates to for {@code lifetime} at a time, replaced once a quarter of the
 * lifetime is left (or when the time falls outside the window, after a clock correction), so a response is never
 * signed by a key whose MAXT has passed. Online keys live in memory only: a restart makes a new one. Owned by the
 * server thread.
 */
public final class RotatingDelegation implements DelegationSource {

    /** MINT is set this far before now, so a small correction of the secured time keeps the key usable. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(RotatingDelegation.class);

    private final PrivateKey longTermKey;
    private final Duration lifetime;
    private final SecureRandom random;
    private OnlineKey current;
    private int rotations;

    public RotatingDelegation(PrivateKey longTermKey, Duration lifetime, SecureRandom random) {
        if (lifetime.compareTo(Duration.ofMinutes(4)) < 0) {
            throw new IllegalArgumentException("delegation lifetime " + lifetime + " is too short");
        }
        this.longTermKey = longTermKey;
        this.lifetime = lifetime;
        this.random = random;
    }

    @Override
    public OnlineKey current(long nowSeconds) {
        if (current == null || !current.covers(nowSeconds)
                || current.certificate().delegation().maxTime() - nowSeconds < lifetime.toSeconds() / 4) {
            current = delegate(nowSeconds);
            rotations++;
            LOG.info("[time-server] new online key valid {} .. {} (Unix s)", current.certificate().delegation().minTime(),
                    current.certificate().delegation().maxTime());
        }
        return current;
    }

    /** How many online keys were made so far. */
    public int rotations() {
        return rotations;
    }

    private OnlineKey delegate(long nowSeconds) {
        KeyPair online = Ed25519.generate(random);
        Delegation delegation = Delegation.create(Ed25519.rawPublic(online.getPublic()),
                Math.max(0, nowSeconds - BACKDATE.toSeconds()), nowSeconds + lifetime.toSeconds());
        // Both offered versions share the delegation context, so one certificate serves both.
        Certificate certificate = new Certificate(Ed25519.sign(longTermKey, Versions.delegationContext(Versions.RFC),
                delegation.encoded()), delegation);
        return new OnlineKey(online.getPrivate(), certificate);
    }
}
