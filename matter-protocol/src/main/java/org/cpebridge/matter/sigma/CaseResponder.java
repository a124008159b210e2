package org.cpebridge.matter.sigma;

import static org.cpebridge.matter.handshake.HandshakeReports.ESTABLISHED_OK;
import static org.cpebridge.matter.handshake.HandshakeReports.INVALID_PARAMETER;
import static org.cpebridge.matter.handshake.HandshakeReports.UNEXPECTED;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.cert.CertificateChains;
import org.cpebridge.matter.cert.CertificateFormatException;
import org.cpebridge.matter.cert.CertificateValidationException;
import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Ecdh;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.handshake.HandshakeEvent;
import org.cpebridge.matter.handshake.HandshakeMessage;
import org.cpebridge.matter.handshake.HandshakeReports;
import org.cpebridge.matter.handshake.HandshakeState;
import org.cpebridge.matter.handshake.HandshakeStep;
import org.cpebridge.matter.message.GeneralCode;
import org.cpebridge.matter.message.MessageException;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The responder side of CASE (Matter core spec 4.14.2), as an explicit state machine. Legal sequences:
 * <ul>
 * <li>full: Sigma1 → (Sigma2) → Sigma3 → (StatusReport success), established;</li>
 * <li>resumption: Sigma1 with a known resumption id and a valid MIC → (Sigma2_Resume) → StatusReport success from
 * the initiator, established. An unknown id or a bad MIC falls back to the full handshake.</li>
 * </ul>
 * A Sigma1 whose destination id matches no fabric answers FAILURE/NO_SHARED_TRUST_ROOTS; a malformed message, a
 * failed decryption, an invalid certificate chain or a bad signature answers FAILURE/INVALID_PARAMETER; a message out
 * of sequence answers UNEXPECTED/INVALID_PARAMETER; a StatusReport from the initiator (other than the success that
 * confirms a resumption) aborts silently. Every failure is terminal.
 *
 * <p>Sans-I/O: the caller feeds received Secure Channel payloads and timer expiry, sends the returned messages on the
 * exchange in order, arms the returned timer and installs the established session. Resumption records are read from
 * and written to the given {@link ResumptionStore}. Not thread-safe; owned by the node loop.
 */
public final class CaseResponder {

    /** How long the handshake may wait for the initiator's next message (same budget as PASE). */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(CaseResponder.class);

    /** FAILURE / NO_SHARED_TRUST_ROOTS: no fabric matches the destination id. */
    static final StatusReport NO_SHARED_TRUST_ROOTS =
            StatusReport.secureChannel(GeneralCode.FAILURE, SecureChannelStatus.NO_SHARED_TRUST_ROOTS);

    /** Where the handshake stands. */
    public enum State implements HandshakeState {
        /** Waiting for Sigma1. */
        AWAITING_SIGMA1,
        /** Sigma2 sent; waiting for Sigma3. */
        AWAITING_SIGMA3,
        /** Sigma2_Resume sent; waiting for the initiator's success StatusReport. */
        AWAITING_RESUME_CONFIRMATION,
        /** Session keys derived and confirmed (terminal). */
        ESTABLISHED,
        /** The handshake failed or timed out (terminal). */
        FAILED;

        /** True for ESTABLISHED and FAILED. */
        public boolean isTerminal() {
            return this == ESTABLISHED || this == FAILED;
        }
    }

    /**
     * What the node gives the responder.
     *
     * @param fabrics the fabric table Sigma1's destination id is matched against
     * @param resumptions where resumption records are looked up and stored
     * @param localSessionId our session id for the new secure session, 1..65535
     * @param localSessionParams our MRP and capability parameters, sent in Sigma2 / Sigma2_Resume
     * @param certificateTime the time to check the initiator's certificate validity at, or empty when the node has
     *     no trusted time (windows are then not checked)
     */
    public record Config(FabricTable fabrics, ResumptionStore resumptions, int localSessionId,
            Optional<SessionParameters> localSessionParams, Optional<Instant> certificateTime) {
        /** Checks the arguments. */
        public Config {
            Objects.requireNonNull(fabrics, "fabrics");
            Objects.requireNonNull(resumptions, "resumptions");
            if (localSessionId < 1 || localSessionId > 0xFFFF) {
                throw new IllegalArgumentException("local session id out of range 1..65535: " + localSessionId);
            }
            Objects.requireNonNull(localSessionParams, "localSessionParams");
            Objects.requireNonNull(certificateTime, "certificateTime");
        }
    }

    private final Config config;
    private final CryptoRandom random;
    private State state = State.AWAITING_SIGMA1;

    // Handshake context, cleared on a terminal state.
    private SigmaMessage.Sigma1 sigma1;
    private byte[] sigma1Bytes;
    private byte[] sigma2Bytes;
    private Fabric fabric;
    private byte[] sharedSecret;
    private Bytes localEphPubKey;
    private Bytes issuedResumptionId;
    private CaseSession pendingResumedSession;
    private ResumptionRecord pendingResumptionRecord;

    /** A responder waiting for Sigma1. */
    public CaseResponder(Config config, CryptoRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Processes one event and returns what to do. */
    public HandshakeStep<State, CaseSession> on(HandshakeEvent event) {
        Objects.requireNonNull(event, "event");
        if (state.isTerminal()) {
            return HandshakeStep.ended(state);
        }
        if (event instanceof HandshakeEvent.TimedOut) {
            return fail("handshake timed out in " + state, Optional.empty());
        }
        HandshakeEvent.MessageReceived message = (HandshakeEvent.MessageReceived) event;
        byte[] payload = message.payload().toByteArray();
        if (message.opcode().equals(SecureChannelOpcode.STATUS_REPORT)) {
            return onStatusReport(payload);
        }
        SecureChannelOpcode expected = switch (state) {
            case AWAITING_SIGMA1 -> SecureChannelOpcode.CASE_SIGMA1;
            case AWAITING_SIGMA3 -> SecureChannelOpcode.CASE_SIGMA3;
            default -> null;
        };
        if (!message.opcode().equals(expected)) {
            return fail("unexpected message " + message.opcode() + " in " + state, Optional.of(UNEXPECTED));
        }
        try {
            return state == State.AWAITING_SIGMA1 ? onSigma1(payload) : onSigma3(payload);
        } catch (SigmaMessageException | CryptoException | CertificateFormatException e) {
            return fail(e.getMessage(), Optional.of(INVALID_PARAMETER));
        } catch (CertificateValidationException e) {
            return fail("initiator certificate chain: " + e.getMessage(), Optional.of(INVALID_PARAMETER));
        }
    }

    private HandshakeStep<State, CaseSession> onStatusReport(byte[] payload) {
        if (state != State.AWAITING_RESUME_CONFIRMATION) {
            return fail("initiator sent a status report in " + state, Optional.empty());
        }
        StatusReport report;
        try {
            report = StatusReport.decode(payload);
        } catch (MessageException e) {
            return fail("malformed status report: " + e.getMessage(), Optional.empty());
        }
        if (!HandshakeReports.isEstablishedOk(report)) {
            return fail("initiator rejected Sigma2_Resume: " + report, Optional.empty());
        }
        saveResumption(pendingResumptionRecord);
        CaseSession session = pendingResumedSession;
        LOG.debug("CASE session {}: resumed with node {} on fabric {}", config.localSessionId(),
                Long.toHexString(session.peerNodeId()), session.fabricIndex());
        return established(session, List.of());
    }

    private HandshakeStep<State, CaseSession> onSigma1(byte[] payload) throws SigmaMessageException, CryptoException {
        SigmaMessage.Sigma1 request = SigmaMessage.Sigma1.decode(payload);
        if (request.initiatorSessionId() == 0) {
            throw new SigmaMessageException("Sigma1: initiator session id 0 is reserved");
        }
        sigma1 = request;
        sigma1Bytes = payload;
        if (request.requestsResumption()) {
            Optional<HandshakeStep<State, CaseSession>> resumed = tryResume(request);
            if (resumed.isPresent()) {
                return resumed.get();
            }
        }
        Optional<Fabric> match = config.fabrics().findByDestinationId(request.destinationId(),
                request.initiatorRandom());
        if (match.isEmpty()) {
            return fail("Sigma1 destination id matches no fabric", Optional.of(NO_SHARED_TRUST_ROOTS));
        }
        fabric = match.get();
        P256Point peerEphKey = P256Point.decode(request.initiatorEphPubKey().toByteArray());
        P256KeyPair ephemeral = P256KeyPair.generate(random);
        sharedSecret = Ecdh.sharedSecret(ephemeral, peerEphKey);
        localEphPubKey = Bytes.of(ephemeral.publicKey().encodeUncompressed());
        Bytes responderRandom = Bytes.of(random.bytes(SigmaMessage.RANDOM_LENGTH));
        issuedResumptionId = Bytes.of(random.bytes(SigmaMessage.RESUMPTION_ID_LENGTH));

        byte[] tbe2 = SigmaIdentity.signedTbe(fabric, localEphPubKey, request.initiatorEphPubKey(),
                Optional.of(issuedResumptionId));
        Bytes s2k = CaseKeys.sigma2Key(sharedSecret, fabric.operationalIpk(), responderRandom, localEphPubKey,
                payload);
        Bytes encrypted = Bytes.of(CaseKeys.seal(s2k, CaseKeys.TBE2_NONCE, tbe2));
        SigmaMessage.Sigma2 sigma2 = new SigmaMessage.Sigma2(responderRandom, config.localSessionId(),
                localEphPubKey, encrypted, config.localSessionParams());
        sigma2Bytes = sigma2.encode();
        state = State.AWAITING_SIGMA3;
        LOG.debug("CASE session {}: Sigma1 for fabric {} from peer session {}", config.localSessionId(),
                fabric.fabricIndex(), request.initiatorSessionId());
        return HandshakeStep.waiting(state, List.of(new HandshakeMessage(sigma2.opcode(), Bytes.of(sigma2Bytes))),
                Optional.of(HANDSHAKE_TIMEOUT));
    }

    private Optional<HandshakeStep<State, CaseSession>> tryResume(SigmaMessage.Sigma1 request) {
        Bytes resumptionId = request.resumptionId().orElseThrow();
        Optional<ResumptionRecord> found = config.resumptions().find(resumptionId);
        if (found.isEmpty()) {
            LOG.debug("CASE session {}: unknown resumption id, full handshake", config.localSessionId());
            return Optional.empty();
        }
        ResumptionRecord record = found.get();
        Optional<Fabric> recordFabric = config.fabrics().byIndex(record.fabricIndex())
                .filter(f -> f.compressedFabricId().equals(record.compressedFabricId())
                        && f.nodeId() == record.localNodeId());
        if (recordFabric.isEmpty()) {
            LOG.debug("CASE session {}: resumption record's fabric is gone, full handshake", config.localSessionId());
            return Optional.empty();
        }
        byte[] secret = record.sharedSecret().toByteArray();
        try {
            CaseKeys.checkSigma1ResumeMic(secret, request.initiatorRandom(), resumptionId,
                    request.initiatorResumeMic().orElseThrow());
        } catch (SigmaMessageException e) {
            LOG.debug("CASE session {}: resumption MIC does not verify, full handshake", config.localSessionId());
            return Optional.empty();
        }
        Bytes newId = Bytes.of(random.bytes(SigmaMessage.RESUMPTION_ID_LENGTH));
        Bytes mic = CaseKeys.sigma2ResumeMic(secret, request.initiatorRandom(), newId);
        byte[] keys = CaseKeys.resumptionSessionKeys(secret, request.initiatorRandom(), resumptionId);
        pendingResumedSession = CaseSession.of(config.localSessionId(), request.initiatorSessionId(),
                record.fabricIndex(), record.localNodeId(), record.peerNodeId(), record.peerCats(), keys,
                request.initiatorSessionParams(), true);
        pendingResumptionRecord = record.withResumptionId(newId);
        SigmaMessage.Sigma2Resume answer = new SigmaMessage.Sigma2Resume(newId, mic, config.localSessionId(),
                config.localSessionParams());
        state = State.AWAITING_RESUME_CONFIRMATION;
        LOG.debug("CASE session {}: resuming with node {}", config.localSessionId(),
                Long.toHexString(record.peerNodeId()));
        HandshakeMessage resume = new HandshakeMessage(answer.opcode(), Bytes.of(answer.encode()));
        return Optional.of(HandshakeStep.waiting(state, List.of(resume), Optional.of(HANDSHAKE_TIMEOUT)));
    }

    private HandshakeStep<State, CaseSession> onSigma3(byte[] payload)
            throws SigmaMessageException, CryptoException, CertificateFormatException,
            CertificateValidationException {
        SigmaMessage.Sigma3 sigma3 = SigmaMessage.Sigma3.decode(payload);
        Bytes s3k = CaseKeys.sigma3Key(sharedSecret, fabric.operationalIpk(), sigma1Bytes, sigma2Bytes);
        byte[] plain = CaseKeys.open(s3k, CaseKeys.TBE3_NONCE, sigma3.encrypted3().toByteArray());
        SigmaEncryptedData tbe3 = SigmaEncryptedData.decode(plain, false);
        CertificateChains.OperationalIdentity peer = SigmaIdentity.verifiedPeer(tbe3, fabric,
                sigma1.initiatorEphPubKey(), localEphPubKey, config.certificateTime(), "initiator", "Sigma3");
        byte[] keys = CaseKeys.sessionKeys(sharedSecret, fabric.operationalIpk(), sigma1Bytes, sigma2Bytes, payload);
        CaseSession session = CaseSession.of(config.localSessionId(), sigma1.initiatorSessionId(),
                fabric.fabricIndex(), fabric.nodeId(), peer.nodeId(), peer.cats(), keys,
                sigma1.initiatorSessionParams(), false);
        saveResumption(new ResumptionRecord(issuedResumptionId, Bytes.of(sharedSecret), fabric.fabricIndex(),
                fabric.compressedFabricId(), fabric.nodeId(), peer.nodeId(), peer.cats()));
        LOG.debug("CASE session {}: established with node {} on fabric {}", config.localSessionId(),
                Long.toHexString(peer.nodeId()), fabric.fabricIndex());
        return established(session, List.of(HandshakeMessage.status(ESTABLISHED_OK)));
    }

    private void saveResumption(ResumptionRecord record) {
        // Usable at once; the store writes it behind, so the answer to the peer does not wait for the disk.
        config.resumptions().put(record);
    }

    private HandshakeStep<State, CaseSession> established(CaseSession session, List<HandshakeMessage> messages) {
        state = State.ESTABLISHED;
        clear();
        return HandshakeStep.established(state, messages, session);
    }

    private HandshakeStep<State, CaseSession> fail(String reason, Optional<StatusReport> reply) {
        LOG.debug("CASE session {}: failed: {}", config.localSessionId(), reason);
        state = State.FAILED;
        clear();
        return HandshakeStep.failed(state, reply.map(HandshakeMessage::status), reason);
    }

    private void clear() {
        sigma1 = null;
        sigma1Bytes = null;
        sigma2Bytes = null;
        fabric = null;
        sharedSecret = null;
        localEphPubKey = null;
        issuedResumptionId = null;
        pendingResumedSession = null;
        pendingResumptionRecord = null;
    }

}
