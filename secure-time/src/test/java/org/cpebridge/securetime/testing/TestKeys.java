package org.cpebridge.securetime.testing;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.cpebridge.securetime.crypto.Ed25519;
import org.cpebridge.securetime.server.OnlineKey;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.Certificate;
import org.cpebridge.securetime.wire.Delegation;
import org.cpebridge.securetime.wire.Versions;

/** Keys and delegations for tests. */
public final class TestKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    public static KeyPair longTerm() {
        return Ed25519.generate(RANDOM);
    }

    public static Bytes raw(KeyPair pair) {
        return Ed25519.rawPublic(pair.getPublic());
    }

    /** An online key the long-term key delegates to for exactly MINT..MAXT. */
    public static OnlineKey delegation(KeyPair longTerm, long mint, long maxt) {
        KeyPair online = Ed25519.generate(RANDOM);
        Delegation delegation = Delegation.create(Ed25519.rawPublic(online.getPublic()), mint, maxt);
        return new OnlineKey(online.getPrivate(), new Certificate(Ed25519.sign(longTerm.getPrivate(),
                Versions.delegationContext(Versions.RFC), delegation.encoded()), delegation));
    }
}
