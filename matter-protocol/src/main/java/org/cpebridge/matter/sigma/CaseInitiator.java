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
import org.cpebridge.matter.crypto.OperationalKeys;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.handshake.HandshakeEvent;
import org.cpebridge.matter.handshake.HandshakeMessage;
import org.cpebridge.matter.handshake.HandshakeReports;
import org.cpebridge.matter.handshake.HandshakeState;
import org.cpebridge.matter.handshake.HandshakeStep;
import org.cpebridge.matter.message.MessageException;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initiator side of CASE (Matter core spec 4.14.2), as an explicit state machine: the node opens an operational
 * session to a peer it knows by fabric and node id (a subscriber, after a restart). Legal sequence:
 * <ul>
 * <li>full: {@link #start()} → (Sigma1) → Sigma2 → (Sigma3) → StatusReport success from the responder,
 * established;</li>
 * <li>resumption (Matter core 4.14.2.2), when the {@link ResumptionStore} holds a record for this fabric and peer:
 * {@link #start()} → (Sigma1 with the record's resumptionID and an initiatorResumeMIC under S1RK) → Sigma2_Resume
 * whose sigma2ResumeMIC verifies under S2RK → (StatusReport success), established. A responder that does not know
 * the record answers Sigma2 instead, and the full handshake goes on from the same Sigma1.</li>
 * </ul>
 *
 * <p>Sigma2 is checked as the spec asks: TBEData2 decrypts under S2K, the responder's NOC chains (through its ICAC if
 * any) to this fabric's root, names this fabric and exactly the node id we addressed, and its key signed TBSData2
 * over both ephemeral keys. A Sigma2 that fails any check answers FAILURE/INVALID_PARAMETER; a message out of
 * sequence answers UNEXPECTED/INVALID_PARAMETER; a StatusReport from the responder other than the final success
 * (NO_SHARED_TRUST_ROOTS, BUSY, ...) ends the handshake silently. A Sigma2_Resume whose MIC does not verify answers
 * FAILURE/INVALID_PARAMETER. Every failure is terminal. The resumption id the responder issues (in TBEData2, or the
 * new one of Sigma2_Resume) is stored with the shared secret, replacing the record of that peer, for the next time.
 *
 * <p>Sans-I/O, like {@link CaseResponder}: the caller sends the returned messages on one unsecured exchange it
 * initiated, feeds the answers and timer expiry, and installs the established session with
 * {@code SecureSessionCodec.initiator(i2rKey, r2iKey, localNodeId, peerNodeId)}. Not thread-safe; owned by the node
 * loop.
 */
public final class CaseInitiator {

    /** How long each step may wait for the responder (the responder's own budget). */
    public static final Duration HANDSHAKE_TIMEOUT = CaseResponder.HANDSHAKE_TIMEOUT;

    private static final Logger LOG = LoggerFactory.getLogger(CaseInitiator.class);

    /** Where the handshake stands. */
    public enum State implements HandshakeState {
        /** Not started: {@link #start()} sends Sigma1. */
        IDLE,
        /** Sigma1 sent; waiting for Sigma2. */
        AWAITING_SIGMA2,
        /** Sigma3 sent; waiting for the responder's success StatusReport. */
        AWAITING_CONFIRMATION,
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
     * What the node gives the initiator.
     *
     * @param fabric our fabric: the root the responder must chain to, our NOC, ICAC and operational key
     * @param peerNodeId the operational node id we address (in the destination id) and expect in the peer's NOC
     * @param localSessionId our session id for the new secure session, 1..65535
     * @param localSessionParams our MRP and capability parameters, sent in Sigma1
     * @param certificateTime the time to check the responder's certificate validity at, or empty when the node has
     *     no trusted time (windows are then not checked)
     * @param resumptions where a resumption record for this peer is looked up and the new one stored
     */
    public record Config(Fabric fabric, long peerNodeId, int localSessionId,
            Optional<SessionParameters> localSessionParams, Optional<Instant> certificateTime,
            ResumptionStore resumptions) {
        /** Checks the arguments. */
        public Config {
            Objects.requireNonNull(fabric, "fabric");
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
    private State state = State.IDLE;

    // Handshake context, cleared on a terminal state.
    private P256KeyPair ephemeral;
    private Bytes localEphPubKey;
    private byte[] sigma1Bytes;
    private Bytes initiatorRandom;
    /** The record Sigma1 offered to resume, if any. */
    private ResumptionRecord offered;
    private CaseSession pendingSession;
    private ResumptionRecord pendingRecord;

    /** An initiator that has sent nothing yet. */
    public CaseInitiator(Config config, CryptoRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Builds Sigma1 (a fresh random, ephemeral key and destination id). Only once, from IDLE. */
    public HandshakeStep<State, CaseSession> start() {
        if (state != State.IDLE) {
            throw new IllegalStateException("CASE initiator already started: " + state);
        }
        Fabric fabric = config.fabric();
        initiatorRandom = Bytes.of(random.bytes(SigmaMessage.RANDOM_LENGTH));
        ephemeral = P256KeyPair.generate(random);
        localEphPubKey = Bytes.of(ephemeral.publicKey().encodeUncompressed());
        Bytes destinationId = Bytes.of(OperationalKeys.caseDestinationId(fabric.operationalIpk().toByteArray(),
                initiatorRandom.toByteArray(), fabric.rootPublicKey().toByteArray(), fabric.fabricId(),
                config.peerNodeId()));
        // Only a record of this fabric as it is now (not one of a removed fabric whose index was reused).
        offered = config.resumptions().findByPeer(fabric.fabricIndex(), config.peerNodeId())
                .filter(r -> r.compressedFabricId().equals(fabric.compressedFabricId())
                        && r.localNodeId() == fabric.nodeId())
                .orElse(null);
        Optional<Bytes> resumptionId = Optional.empty();
        Optional<Bytes> resumeMic = Optional.empty();
        if (offered != null) {
            resumptionId = Optional.of(offered.resumptionId());
            resumeMic = Optional.of(CaseKeys.sigma1ResumeMic(offered.sharedSecret().toByteArray(), initiatorRandom,
                    offered.resumptionId()));
        }
        SigmaMessage.Sigma1 sigma1 = new SigmaMessage.Sigma1(initiatorRandom, config.localSessionId(), destinationId,
                localEphPubKey, config.localSessionParams(), resumptionId, resumeMic);
        sigma1Bytes = sigma1.encode();
        state = State.AWAITING_SIGMA2;
        LOG.debug("CASE session {}: Sigma1 to node {} on fabric {}{}", config.localSessionId(),
                Long.toHexString(config.peerNodeId()), fabric.fabricIndex(), offered != null ? ", resuming" : "");
        return HandshakeStep.waiting(state, List.of(new HandshakeMessage(sigma1.opcode(), Bytes.of(sigma1Bytes))),
                Optional.of(HANDSHAKE_TIMEOUT));
    }

    /** Processes one event and returns what to do. */
    public HandshakeStep<State, CaseSession> on(HandshakeEvent event) {
        Objects.requireNonNull(event, "event");
        if (state.isTerminal()) {
            return HandshakeStep.ended(state);
        }
        if (state == State.IDLE) {
            throw new IllegalStateException("CASE initiator not started");
        }
        if (event instanceof HandshakeEvent.TimedOut) {
            return fail("handshake timed out in " + state, Optional.empty());
        }
        HandshakeEvent.MessageReceived message = (HandshakeEvent.MessageReceived) event;
        byte[] payload = message.payload().toByteArray();
        if (message.opcode().equals(SecureChannelOpcode.STATUS_REPORT)) {
            return onStatusReport(payload);
        }
        boolean sigma2 = message.opcode().equals(SecureChannelOpcode.CASE_SIGMA2);
        boolean resume = message.opcode().equals(SecureChannelOpcode.CASE_SIGMA2_RESUME) && offered != null;
        if (state != State.AWAITING_SIGMA2 || !(sigma2 || resume)) {
            return fail("unexpected message " + message.opcode() + " in " + state, Optional.of(UNEXPECTED));
        }
        try {
            return sigma2 ? onSigma2(payload) : onSigma2Resume(payload);
        } catch (SigmaMessageException | CryptoException | CertificateFormatException e) {
            return fail(e.getMessage(), Optional.of(INVALID_PARAMETER));
        } catch (CertificateValidationException e) {
            return fail("responder certificate chain: " + e.getMessage(), Optional.of(INVALID_PARAMETER));
        }
    }

    private HandshakeStep<State, CaseSession> onStatusReport(byte[] payload) {
        StatusReport report;
        try {
            report = StatusReport.decode(payload);
        } catch (MessageException e) {
            return fail("malformed status report: " + e.getMessage(), Optional.empty());
        }
        if (!HandshakeReports.isEstablishedOk(report) || state != State.AWAITING_CONFIRMATION) {
            return fail("responder answered " + report + " in " + state, Optional.empty());
        }
        CaseSession session = pendingSession;
        if (pendingRecord != null) {
            config.resumptions().put(pendingRecord);
        }
        state = State.ESTABLISHED;
        clear();
        LOG.debug("CASE session {}: established with node {} on fabric {}", config.localSessionId(),
                Long.toHexString(session.peerNodeId()), session.fabricIndex());
        return HandshakeStep.established(state, List.of(), session);
    }

    private HandshakeStep<State, CaseSession> onSigma2(byte[] payload)
            throws SigmaMessageException, CryptoException, CertificateFormatException,
            CertificateValidationException {
        Fabric fabric = config.fabric();
        SigmaMessage.Sigma2 sigma2 = SigmaMessage.Sigma2.decode(payload);
        if (sigma2.responderSessionId() == 0) {
            throw new SigmaMessageException("Sigma2: responder session id 0 is reserved");
        }
        Bytes responderEph = sigma2.responderEphPubKey();
        byte[] sharedSecret = Ecdh.sharedSecret(ephemeral, P256Point.decode(responderEph.toByteArray()));
        Bytes s2k = CaseKeys.sigma2Key(sharedSecret, fabric.operationalIpk(), sigma2.responderRandom(), responderEph,
                sigma1Bytes);
        SigmaEncryptedData tbe2 = SigmaEncryptedData.decode(
                CaseKeys.open(s2k, CaseKeys.TBE2_NONCE, sigma2.encrypted2().toByteArray()), true);
        CertificateChains.OperationalIdentity peer = SigmaIdentity.verifiedPeer(tbe2, fabric, responderEph,
                localEphPubKey, config.certificateTime(), "responder", "Sigma2");
        if (peer.nodeId() != config.peerNodeId()) {
            throw new SigmaMessageException("responder NOC names node " + Long.toHexString(peer.nodeId())
                    + ", not the node addressed, " + Long.toHexString(config.peerNodeId()));
        }

        byte[] tbe3 = SigmaIdentity.signedTbe(fabric, localEphPubKey, responderEph, Optional.empty());
        Bytes s3k = CaseKeys.sigma3Key(sharedSecret, fabric.operationalIpk(), sigma1Bytes, payload);
        SigmaMessage.Sigma3 sigma3 = new SigmaMessage.Sigma3(Bytes.of(CaseKeys.seal(s3k, CaseKeys.TBE3_NONCE, tbe3)));
        byte[] sigma3Bytes = sigma3.encode();
        byte[] keys = CaseKeys.sessionKeys(sharedSecret, fabric.operationalIpk(), sigma1Bytes, payload, sigma3Bytes);
        pendingSession = CaseSession.of(config.localSessionId(), sigma2.responderSessionId(), fabric.fabricIndex(),
                fabric.nodeId(), peer.nodeId(), peer.cats(), keys, sigma2.responderSessionParams(), false);
        pendingRecord = tbe2.resumptionId().map(id -> new ResumptionRecord(id, Bytes.of(sharedSecret),
                fabric.fabricIndex(), fabric.compressedFabricId(), fabric.nodeId(), peer.nodeId(), peer.cats()))
                .orElse(null);
        state = State.AWAITING_CONFIRMATION;
        return HandshakeStep.waiting(state, List.of(new HandshakeMessage(sigma3.opcode(), Bytes.of(sigma3Bytes))),
                Optional.of(HANDSHAKE_TIMEOUT));
    }

    /**
     * The responder knew our record: Sigma2_Resume's MIC under S2RK (salt initiatorRandom || its new resumption id)
     * proves it holds the same shared secret; the session keys come from that secret with salt initiatorRandom || the
     * resumption id we offered. We confirm with a success StatusReport, and the record takes the new id.
     */
    private HandshakeStep<State, CaseSession> onSigma2Resume(byte[] payload) throws SigmaMessageException {
        SigmaMessage.Sigma2Resume resume = SigmaMessage.Sigma2Resume.decode(payload);
        byte[] secret = offered.sharedSecret().toByteArray();
        CaseKeys.checkSigma2ResumeMic(secret, initiatorRandom, resume.resumptionId(), resume.sigma2ResumeMic());
        byte[] keys = CaseKeys.resumptionSessionKeys(secret, initiatorRandom, offered.resumptionId());
        CaseSession session = CaseSession.of(config.localSessionId(), resume.responderSessionId(),
                offered.fabricIndex(), offered.localNodeId(), offered.peerNodeId(), offered.peerCats(), keys,
                resume.responderSessionParams(), true);
        config.resumptions().put(offered.withResumptionId(resume.resumptionId()));
        state = State.ESTABLISHED;
        clear();
        LOG.debug("CASE session {}: resumed with node {} on fabric {}", config.localSessionId(),
                Long.toHexString(session.peerNodeId()), session.fabricIndex());
        return HandshakeStep.established(state, List.of(HandshakeMessage.status(ESTABLISHED_OK)), session);
    }

    private HandshakeStep<State, CaseSession> fail(String reason, Optional<StatusReport> reply) {
        LOG.debug("CASE session {}: failed: {}", config.localSessionId(), reason);
        state = State.FAILED;
        clear();
        return HandshakeStep.failed(state, reply.map(HandshakeMessage::status), reason);
    }

    private void clear() {
        ephemeral = null;
        localEphPubKey = null;
        sigma1Bytes = null;
        initiatorRandom = null;
        offered = null;
        pendingSession = null;
        pendingRecord = null;
    }
}
