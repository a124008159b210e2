package org.cpebridge.matter.pase;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Hashes;
import org.cpebridge.matter.crypto.Hkdf;
import org.cpebridge.matter.crypto.Spake2p;
import org.cpebridge.matter.crypto.Spake2pProver;
import org.cpebridge.matter.handshake.HandshakeEvent;
import org.cpebridge.matter.handshake.HandshakeMessage;
import org.cpebridge.bytes.Bytes;

/**
 * Test-side PASE initiator (the commissioner), written straight from Matter core spec 4.14.1 so that it checks the
 * responder rather than mirrors it: it derives the session keys with HKDF itself.
 */
final class TestPaseInitiator {

    private final long passcode;
    private final CryptoRandom random;
    private final int sessionId;
    private final boolean pressOnWithWrongConfirmation;
    private byte[] requestPayload;
    private Spake2pProver prover;
    private PaseMessage.PbkdfParamResponse response;
    private byte[] ke;

    TestPaseInitiator(long passcode, CryptoRandom random, int sessionId, boolean pressOnWithWrongConfirmation) {
        this.passcode = passcode;
        this.random = random;
        this.sessionId = sessionId;
        this.pressOnWithWrongConfirmation = pressOnWithWrongConfirmation;
    }

    HandshakeEvent.MessageReceived pbkdfParamRequest(boolean hasPbkdfParameters,
            Optional<SessionParameters> params) {
        PaseMessage.PbkdfParamRequest request = new PaseMessage.PbkdfParamRequest(Bytes.of(random.bytes(32)),
                sessionId, 0, hasPbkdfParameters, params);
        requestPayload = request.encode();
        return new HandshakeEvent.MessageReceived(request.opcode(), Bytes.of(requestPayload));
    }

    HandshakeEvent.MessageReceived pake1(HandshakeMessage responseMessage, PbkdfParameters known)
            throws PaseMessageException {
        byte[] responsePayload = responseMessage.payload().toByteArray();
        response = (PaseMessage.PbkdfParamResponse) PaseMessage.decode(responseMessage.opcode(), responsePayload);
        PbkdfParameters pbkdf = response.pbkdfParameters().orElse(known);
        byte[] context = Hashes.sha256("CHIP PAKE V1 Commissioning".getBytes(StandardCharsets.US_ASCII),
                requestPayload, responsePayload);
        prover = new Spake2pProver(context, new byte[0], new byte[0],
                Spake2p.secretsFromPasscode(passcode, pbkdf.salt().toByteArray(), (int) pbkdf.iterations()), random);
        PaseMessage.Pake1 pake1 = new PaseMessage.Pake1(Bytes.of(prover.shareX()));
        return new HandshakeEvent.MessageReceived(pake1.opcode(), Bytes.of(pake1.encode()));
    }

    HandshakeEvent.MessageReceived pake3(HandshakeMessage pake2Message)
            throws PaseMessageException, CryptoException {
        PaseMessage.Pake2 pake2 = (PaseMessage.Pake2) PaseMessage.decode(pake2Message.opcode(),
                pake2Message.payload().toByteArray());
        byte[] cA;
        if (pressOnWithWrongConfirmation) {
            cA = prover.unverifiedConfirmation(pake2.pB().toByteArray());
        } else {
            Spake2pProver.Confirmation confirmation = prover.finish(pake2.pB().toByteArray(),
                    pake2.cB().toByteArray());
            cA = confirmation.cA();
            ke = confirmation.ke();
        }
        PaseMessage.Pake3 pake3 = new PaseMessage.Pake3(Bytes.of(cA));
        return new HandshakeEvent.MessageReceived(pake3.opcode(), Bytes.of(pake3.encode()));
    }

    PaseMessage.PbkdfParamResponse response() {
        return response;
    }

    /** I2RKey, R2IKey, AttestationChallenge per core spec 4.14.2.5, computed here independently. */
    Bytes[] sessionKeys() {
        byte[] okm = Hkdf.sha256(ke, new byte[0], "SessionKeys".getBytes(StandardCharsets.US_ASCII), 48);
        return new Bytes[] {Bytes.of(Arrays.copyOfRange(okm, 0, 16)), Bytes.of(Arrays.copyOfRange(okm, 16, 32)),
            Bytes.of(Arrays.copyOfRange(okm, 32, 48))};
    }
}
