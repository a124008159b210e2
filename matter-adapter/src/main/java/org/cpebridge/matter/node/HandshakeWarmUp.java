package org.cpebridge.matter.node;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Ecdh;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.Hashes;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.crypto.Spake2p;
import org.cpebridge.matter.crypto.Spake2pProver;
import org.cpebridge.matter.handshake.HandshakeEvent;
import org.cpebridge.matter.handshake.HandshakeStep;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.pase.PaseMessage;
import org.cpebridge.matter.pase.PaseMessageException;
import org.cpebridge.matter.pase.PaseResponder;
import org.cpebridge.matter.pase.PaseSession;
import org.cpebridge.matter.pase.PbkdfParameters;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs, once at start and against itself, what the first commissioner would otherwise be the first to run: a whole
 * PASE handshake (our responder against a prover with a throwaway passcode) and the P-256 operations of CASE (key
 * generation, ECDH, ECDSA sign and verify). The node's timing log showed the first commissioning after a start paying
 * for code run for the first time in the process (class loading, interpreted bytecode): PBKDFParamResponse 101 ms and
 * Pake2 167 ms at load 27, where later answers take a few milliseconds. Nothing here touches the node's state, its
 * sessions or its commissioning window; the throwaway passcode never leaves this class.
 *
 * <p>Stateless; runs on whichever thread calls it (the face: a worker of the shared pool, off the node loop).
 */
public final class HandshakeWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeWarmUp.class);

    /** A passcode for the handshake against itself only (a valid setup code, never advertised or stored). */
    private static final long THROWAWAY_PASSCODE = 12345679L;
    private static final byte[] PAKE_CONTEXT_PREFIX = "CHIP PAKE V1 Commissioning".getBytes(StandardCharsets.US_ASCII);

    private HandshakeWarmUp() {
    }

    /**
     * Runs the warm-up; returns whether the PASE handshake against itself established a session (false is logged
     * and harmless: only the first commissioner's speed is at stake).
     */
    public static boolean run(CryptoRandom random) {
        try {
            boolean established = paseAgainstItself(random);
            caseOperations(random);
            return established;
        } catch (CryptoException | PaseMessageException | RuntimeException e) {
            LOG.debug("[matter] handshake warm-up failed: {}", e.toString());
            return false;
        }
    }

    private static boolean paseAgainstItself(CryptoRandom random) throws CryptoException, PaseMessageException {
        PbkdfParameters pbkdf = new PbkdfParameters(PbkdfParameters.MIN_ITERATIONS,
                Bytes.of(random.bytes(PbkdfParameters.MIN_SALT_LENGTH)));
        Spake2p.PasscodeSecrets secrets = Spake2p.secretsFromPasscode(THROWAWAY_PASSCODE,
                pbkdf.salt().toByteArray(), (int) pbkdf.iterations());
        PaseResponder responder = new PaseResponder(new PaseResponder.Config(secrets.verifier(), pbkdf, 1,
                Optional.of(MatterNode.LOCAL_SESSION_PARAMETERS)), random);

        byte[] request = new PaseMessage.PbkdfParamRequest(Bytes.of(random.bytes(32)), 1, 0, false,
                Optional.empty()).encode();
        byte[] response = onlyMessage(responder.on(received(SecureChannelOpcode.PBKDF_PARAM_REQUEST, request)));
        Spake2pProver prover = new Spake2pProver(Hashes.sha256(PAKE_CONTEXT_PREFIX, request, response),
                new byte[0], new byte[0], secrets, random);
        byte[] pake1 = new PaseMessage.Pake1(Bytes.of(prover.shareX())).encode();
        PaseMessage.Pake2 pake2 = (PaseMessage.Pake2) PaseMessage.decode(SecureChannelOpcode.PASE_PAKE2,
                onlyMessage(responder.on(received(SecureChannelOpcode.PASE_PAKE1, pake1))));
        Spake2pProver.Confirmation confirmation = prover.finish(pake2.pB().toByteArray(), pake2.cB().toByteArray());
        byte[] pake3 = new PaseMessage.Pake3(Bytes.of(confirmation.cA())).encode();
        HandshakeStep<PaseResponder.State, PaseSession> end =
                responder.on(received(SecureChannelOpcode.PASE_PAKE3, pake3));
        return end.established().isPresent();
    }

    private static void caseOperations(CryptoRandom random) throws CryptoException {
        P256KeyPair ours = P256KeyPair.generate(random);
        P256KeyPair theirs = P256KeyPair.generate(random);
        Ecdh.sharedSecret(ours, theirs.publicKey());
        byte[] message = random.bytes(64);
        Ecdsa.verify(ours.publicKey(), message, Ecdsa.sign(ours, message));
    }

    private static HandshakeEvent received(SecureChannelOpcode opcode, byte[] payload) {
        return new HandshakeEvent.MessageReceived(opcode, Bytes.of(payload));
    }

    private static byte[] onlyMessage(HandshakeStep<PaseResponder.State, PaseSession> step)
            throws PaseMessageException {
        if (step.messages().size() != 1) {
            throw new PaseMessageException("warm-up: expected one answer in " + step.state() + ", got "
                    + step.messages().size() + step.failure().map(f -> " (" + f + ")").orElse(""));
        }
        return step.messages().get(0).payload().toByteArray();
    }
}
