package org.cpebridge.matter.pase;

import static org.cpebridge.matter.handshake.HandshakeReports.ESTABLISHED_OK;
import static org.cpebridge.matter.handshake.HandshakeReports.INVALID_PARAMETER;
import static org.cpebridge.matter.handshake.HandshakeReports.UNEXPECTED;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Hashes;
import org.cpebridge.matter.crypto.Spake2pVerifier;
import org.cpebridge.matter.crypto.Spake2pVerifierRole;
import org.cpebridge.matter.handshake.HandshakeEvent;
import org.cpebridge.matter.handshake.HandshakeMessage;
import org.cpebridge.matter.handshake.HandshakeState;
import org.cpebridge.matter.handshake.HandshakeStep;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commissionee side of PASE (Matter core spec 4.14.1), as an explicit state machine. The legal sequence is
 * PBKDFParamRequest → (PBKDFParamResponse) → Pake1 → (Pake2) → Pake3 → (StatusReport success). A malformed message
 * or a failed check answers StatusReport FAILURE/INVALID_PARAMETER; a message out of sequence answers
 * UNEXPECTED/INVALID_PARAMETER; a StatusReport from the initiator aborts silently. Every failure is terminal.
 *
 * <p>It holds only the SPAKE2+ verifier (w0, L), never the passcode. Sans-I/O: the caller feeds received payloads
 * and timer expiry, sends the returned messages on the exchange and arms the returned timer with its own clock.
 * Not thread-safe; owned by the exchange's serial executor.
 */
public final class PaseResponder {

    /** How long a handshake may take from the first message (matter.js uses 60 s for PASE pairing). */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(PaseResponder.class);
    private static final byte[] CONTEXT_PREFIX = "CHIP PAKE V1 Commissioning".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_IDENTITY = new byte[0];


    /** Where the handshake stands. */
    public enum State implements HandshakeState {
        /** Waiting for the initiator's PBKDFParamRequest. */
        AWAITING_PBKDF_PARAM_REQUEST,
        /** PBKDFParamResponse sent; waiting for Pake1. */
        AWAITING_PAKE1,
        /** Pake2 sent; waiting for Pake3. */
        AWAITING_PAKE3,
        /** Pake3 verified, session keys derived (terminal). */
        ESTABLISHED,
        /** The handshake failed or timed out (terminal). */
        FAILED;

        /** True for ESTABLISHED and FAILED. */
        public boolean isTerminal() {
            return this == ESTABLISHED || this == FAILED;
        }
    }

    /**
     * What the commissioning window gives the responder.
     *
     * @param verifier the stored SPAKE2+ verifier (w0, L)
     * @param pbkdf the iterations and salt the verifier was made with
     * @param localSessionId our session id for the new secure session, 1..65535
     * @param localSessionParams our MRP and capability parameters, sent in PBKDFParamResponse
     */
    public record Config(Spake2pVerifier verifier, PbkdfParameters pbkdf, int localSessionId,
            Optional<SessionParameters> localSessionParams) {
        /** Checks the arguments. */
        public Config {
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(pbkdf, "pbkdf");
            if (localSessionId < 1 || localSessionId > 0xFFFF) {
                throw new IllegalArgumentException("local session id out of range 1..65535: " + localSessionId);
            }
            Objects.requireNonNull(localSessionParams, "localSessionParams");
        }
    }

    private final Config config;
    private final CryptoRandom random;
    private State state = State.AWAITING_PBKDF_PARAM_REQUEST;
    private int peerSessionId;
    private Optional<SessionParameters> peerSessionParams = Optional.empty();
    private Spake2pVerifierRole spake;

    /** A responder waiting for PBKDFParamRequest. */
    public PaseResponder(Config config, CryptoRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Processes one event and returns what to do. */
    public HandshakeStep<State, PaseSession> on(HandshakeEvent event) {
        Objects.requireNonNull(event, "event");
        if (state.isTerminal()) {
            return HandshakeStep.ended(state);
        }
        if (event instanceof HandshakeEvent.TimedOut) {
            return fail("handshake timed out in " + state, Optional.empty());
        }
        HandshakeEvent.MessageReceived message = (HandshakeEvent.MessageReceived) event;
        if (message.opcode().equals(SecureChannelOpcode.STATUS_REPORT)) {
            return fail("initiator sent a status report in " + state, Optional.empty());
        }
        SecureChannelOpcode expected = switch (state) {
            case AWAITING_PBKDF_PARAM_REQUEST -> SecureChannelOpcode.PBKDF_PARAM_REQUEST;
            case AWAITING_PAKE1 -> SecureChannelOpcode.PASE_PAKE1;
            case AWAITING_PAKE3 -> SecureChannelOpcode.PASE_PAKE3;
            default -> throw new IllegalStateException("terminal state handled above");
        };
        if (!message.opcode().equals(expected)) {
            return fail("unexpected message " + message.opcode() + " in " + state, Optional.of(UNEXPECTED));
        }
        byte[] payload = message.payload().toByteArray();
        try {
            return switch (state) {
                case AWAITING_PBKDF_PARAM_REQUEST -> onPbkdfParamRequest(payload);
                case AWAITING_PAKE1 -> onPake1(payload);
                case AWAITING_PAKE3 -> onPake3(payload);
                default -> throw new IllegalStateException("terminal state handled above");
            };
        } catch (PaseMessageException | CryptoException e) {
            return fail(e.getMessage(), Optional.of(INVALID_PARAMETER));
        }
    }

    private HandshakeStep<State, PaseSession> onPbkdfParamRequest(byte[] payload) throws PaseMessageException {
        PaseMessage.PbkdfParamRequest request = PaseMessage.PbkdfParamRequest.decode(payload);
        if (request.passcodeId() != 0) {
            throw new PaseMessageException("PBKDFParamRequest: passcode id " + request.passcodeId() + " is not 0");
        }
        if (request.initiatorSessionId() == 0) {
            throw new PaseMessageException("PBKDFParamRequest: initiator session id 0 is reserved");
        }
        peerSessionId = request.initiatorSessionId();
        peerSessionParams = request.initiatorSessionParams();
        PaseMessage.PbkdfParamResponse response = new PaseMessage.PbkdfParamResponse(request.initiatorRandom(),
                Bytes.of(random.bytes(PaseMessage.RANDOM_LENGTH)), config.localSessionId(),
                request.hasPbkdfParameters() ? Optional.empty() : Optional.of(config.pbkdf()),
                config.localSessionParams());
        byte[] responsePayload = response.encode();
        // The SPAKE2+ context binds both first messages exactly as they travelled.
        byte[] context = Hashes.sha256(CONTEXT_PREFIX, payload, responsePayload);
        spake = new Spake2pVerifierRole(context, NO_IDENTITY, NO_IDENTITY, config.verifier(), random);
        state = State.AWAITING_PAKE1;
        LOG.debug("PASE session {}: PBKDFParamRequest from peer session {}", config.localSessionId(), peerSessionId);
        return HandshakeStep.waiting(state, List.of(new HandshakeMessage(response.opcode(), Bytes.of(responsePayload))),
                Optional.of(HANDSHAKE_TIMEOUT));
    }

    private HandshakeStep<State, PaseSession> onPake1(byte[] payload) throws PaseMessageException, CryptoException {
        PaseMessage.Pake1 pake1 = PaseMessage.Pake1.decode(payload);
        Spake2pVerifierRole.Response answer = spake.respond(pake1.pA().toByteArray());
        PaseMessage.Pake2 pake2 = new PaseMessage.Pake2(Bytes.of(answer.shareY()), Bytes.of(answer.cB()));
        state = State.AWAITING_PAKE3;
        LOG.debug("PASE session {}: Pake1 accepted", config.localSessionId());
        return HandshakeStep.waiting(state, List.of(new HandshakeMessage(pake2.opcode(), Bytes.of(pake2.encode()))),
                Optional.empty());
    }

    private HandshakeStep<State, PaseSession> onPake3(byte[] payload) throws PaseMessageException, CryptoException {
        PaseMessage.Pake3 pake3 = PaseMessage.Pake3.decode(payload);
        byte[] ke = spake.confirm(pake3.cA().toByteArray());
        PaseSession session = PaseSession.derive(ke, config.localSessionId(), peerSessionId, peerSessionParams);
        spake = null;
        state = State.ESTABLISHED;
        LOG.debug("PASE session {}: established with peer session {}", config.localSessionId(), peerSessionId);
        return HandshakeStep.established(state, List.of(HandshakeMessage.status(ESTABLISHED_OK)), session);
    }

    private HandshakeStep<State, PaseSession> fail(String reason, Optional<StatusReport> reply) {
        LOG.debug("PASE session {}: failed: {}", config.localSessionId(), reason);
        state = State.FAILED;
        spake = null;
        return HandshakeStep.failed(state, reply.map(HandshakeMessage::status), reason);
    }

}
