package org.cpebridge.securetime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import org.cpebridge.securetime.crypto.Ed25519;
import org.cpebridge.securetime.testing.TestKeys;
import org.cpebridge.securetime.wire.Versions;
import org.junit.jupiter.api.Test;

class RotatingDelegationTest {

    @Test
    void onlineKeyIsReplacedBeforeMaxtAndAlwaysCoversNow() {
        KeyPair longTerm = TestKeys.longTerm();
        RotatingDelegation delegation = new RotatingDelegation(longTerm.getPrivate(), Duration.ofHours(4),
                new SecureRandom());
        long start = 1_796_000_000L;
        OnlineKey first = delegation.current(start);
        assertTrue(Ed25519.verify(longTerm.getPublic(), first.certificate().signature(),
                Versions.delegationContext(Versions.RFC), first.certificate().delegation().encoded()));
        assertSame(first, delegation.current(start + 3600), "kept while more than a quarter of its life is left");
        OnlineKey second = delegation.current(start + 3 * 3600 + 1);
        assertNotSame(first, second, "replaced once less than a quarter (1 h) is left");
        assertTrue(first.covers(start + 3 * 3600 + 1), "replaced before MAXT, not after");
        for (long t = start; t < start + 48 * 3600; t += 600) {
            OnlineKey key = delegation.current(t);
            assertTrue(key.covers(t));
            assertTrue(key.certificate().delegation().maxTime() - t >= 3600);
        }
        assertOnlyGoesForwardAfterAClockCorrection(delegation, start);
    }

    private static void assertOnlyGoesForwardAfterAClockCorrection(RotatingDelegation delegation, long start) {
        int before = delegation.rotations();
        OnlineKey corrected = delegation.current(start - 86_400); // the secured time moved a day back
        assertTrue(corrected.covers(start - 86_400));
        assertEquals(before + 1, delegation.rotations());
    }
}
