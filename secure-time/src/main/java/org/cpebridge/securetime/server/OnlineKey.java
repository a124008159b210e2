package org.cpebridge.securetime.server;

import java.security.PrivateKey;
import org.cpebridge.securetime.wire.Certificate;

/**
 * The delegated key that signs responses, with the certificate in which the long-term key vouches for it.
 *
 * @param key         the online private key
 * @param certificate CERT: DELE (PUBK, MINT, MAXT) signed by the long-term key
 */
public record OnlineKey(PrivateKey key, Certificate certificate) {

    /** Whether a response at {@code seconds} falls inside MINT..MAXT. */
    public boolean covers(long seconds) {
        return certificate.delegation().minTime() <= seconds && seconds <= certificate.delegation().maxTime();
    }
}
