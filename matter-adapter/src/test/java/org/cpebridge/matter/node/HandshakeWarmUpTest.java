package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cpebridge.matter.fabric.TestCredentials;
import org.junit.jupiter.api.Test;

/** The start-up warm-up runs a whole PASE handshake through our responder, not a part of one. */
class HandshakeWarmUpTest {

    @Test
    void theHandshakeAgainstItselfEstablishesASession() {
        assertTrue(HandshakeWarmUp.run(TestCredentials.seeded(9)));
        assertTrue(HandshakeWarmUp.run(TestCredentials.seeded(10)), "and again: it keeps no state");
    }
}
