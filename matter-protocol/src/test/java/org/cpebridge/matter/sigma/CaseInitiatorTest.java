package org.cpebridge.matter.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.OperationalKeys;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.MemoryStore;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.handshake.HandshakeEvent;
import org.cpebridge.matter.handshake.HandshakeMessage;
import org.cpebridge.matter.handshake.HandshakeReports;
import org.cpebridge.matter.handshake.HandshakeStep;
import org.cpebridge.matter.message.GeneralCode;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our CASE initiator against our CASE responder, every message passed in memory both ways. */
class CaseInitiatorTest {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    private static final long CONTROLLER_NODE = 0x0000000000000101L;
    private static final long CAT = 0xFFFF0001L;
    private static final SessionParameters BRIDGE_PARAMS = SessionParameters.mrp(500, 300, 4000);
    private static final SessionParameters CONTROLLER_PARAMS = SessionParameters.mrp(800, 200, 4000);

    private final CryptoRandom random = TestCredentials.seeded(7);
    private FabricTable controllerFabrics;
    private Fabric bridgeFabric;
    private Fabric controllerFabric;
    private TestCredentials ca;

    private void setUp(boolean withIcac) throws Exception {
        ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, withIcac, random);
        TestCredentials.Issued bridge = ca.issue(BRIDGE_NODE, List.of());
        bridgeFabric = FabricTable.load(new MemoryStore(), FabricTable.DEFAULT_CAPACITY)
                .add(bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(), EPOCH_KEY, 0xFFF1);
        controllerFabrics = FabricTable.load(new MemoryStore(), FabricTable.DEFAULT_CAPACITY);
        // Another fabric first, so the controller's destination-id search has to skip one.
        TestCredentials.Issued other = TestCredentials.create(0x77, 0x99, false, random).issue(0x55, List.of());
        controllerFabrics.add(other.rcac(), other.icac(), other.noc(), other.nodeKey(), EPOCH_KEY, 0xFFF1);
        TestCredentials.Issued controller = ca.issue(CONTROLLER_NODE, List.of(CAT));
        controllerFabric = controllerFabrics.add(controller.rcac(), controller.icac(), controller.noc(),
                controller.nodeKey(), EPOCH_KEY, 0xFFF1);
    }

    private final ResumptionStore bridgeResumptions = ResumptionStore.inMemory(4);
    private final ResumptionStore controllerResumptions = ResumptionStore.inMemory(4);

    private CaseInitiator initiator(long peerNodeId) {
        return new CaseInitiator(new CaseInitiator.Config(bridgeFabric, peerNodeId, 0x0A0A,
                Optional.of(BRIDGE_PARAMS), Optional.empty(), bridgeResumptions), random);
    }

    private CaseResponder controllerResponder() {
        return controllerResponder(controllerResumptions);
    }

    private CaseResponder controllerResponder(ResumptionStore resumptions) {
        return new CaseResponder(new CaseResponder.Config(controllerFabrics, resumptions, 0x0B0B,
                Optional.of(CONTROLLER_PARAMS), Optional.empty()), random);
    }

    /** A full handshake, bridge initiating; returns the bridge's session. */
    private CaseSession fullHandshake() throws Exception {
        CaseInitiator initiator = initiator(CONTROLLER_NODE);
        CaseResponder responder = controllerResponder();
        HandshakeStep<CaseResponder.State, CaseSession> sigma2 = responder.on(received(only(initiator.start())));
        HandshakeStep<CaseResponder.State, CaseSession> confirmed =
                responder.on(received(only(initiator.on(received(only(sigma2))))));
        return initiator.on(received(only(confirmed))).established().orElseThrow();
    }

    /** HKDF-SHA256 and AES-CCM written out from the spec (4.14.2.2), not through CaseKeys. */
    private static Bytes resumeMic(Bytes sharedSecret, Bytes initiatorRandom, Bytes resumptionId, String info,
                                   String nonce) {
        byte[] salt = new byte[32];
        System.arraycopy(initiatorRandom.toByteArray(), 0, salt, 0, 32);
        byte[] withId = new byte[48];
        System.arraycopy(salt, 0, withId, 0, 32);
        System.arraycopy(resumptionId.toByteArray(), 0, withId, 32, 16);
        byte[] key = org.cpebridge.matter.crypto.Hkdf.sha256(sharedSecret.toByteArray(), withId,
                info.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 16);
        return Bytes.of(org.cpebridge.matter.message.MessageSecurity.seal(Bytes.of(key),
                nonce.getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[0], new byte[0]));
    }

    private static HandshakeEvent received(HandshakeMessage message) {
        return new HandshakeEvent.MessageReceived(message.opcode(), message.payload());
    }

    private static HandshakeMessage only(HandshakeStep<?, ?> step) {
        assertEquals(1, step.messages().size(), step.toString());
        return step.messages().get(0);
    }

    @ParameterizedTest(name = "with ICAC: {0}")
    @ValueSource(booleans = {true, false})
    void initiatorAndResponderAgreeOnTheSession(boolean withIcac) throws Exception {
        setUp(withIcac);
        CaseInitiator initiator = initiator(CONTROLLER_NODE);
        CaseResponder responder = controllerResponder();

        HandshakeStep<CaseInitiator.State, CaseSession> sigma1 = initiator.start();
        assertEquals(CaseInitiator.State.AWAITING_SIGMA2, sigma1.state());
        assertEquals(Optional.of(CaseInitiator.HANDSHAKE_TIMEOUT), sigma1.armTimer());
        assertEquals(SecureChannelOpcode.CASE_SIGMA1, only(sigma1).opcode());
        HandshakeStep<CaseResponder.State, CaseSession> sigma2 = responder.on(received(only(sigma1)));
        HandshakeStep<CaseInitiator.State, CaseSession> sigma3 = initiator.on(received(only(sigma2)));
        assertEquals(CaseInitiator.State.AWAITING_CONFIRMATION, sigma3.state());
        assertEquals(SecureChannelOpcode.CASE_SIGMA3, only(sigma3).opcode());
        HandshakeStep<CaseResponder.State, CaseSession> confirmed = responder.on(received(only(sigma3)));
        CaseSession theirs = confirmed.established().orElseThrow();
        HandshakeStep<CaseInitiator.State, CaseSession> done = initiator.on(received(only(confirmed)));
        assertEquals(CaseInitiator.State.ESTABLISHED, done.state());
        assertTrue(done.messages().isEmpty(), "the initiator sends nothing after the responder's success");
        CaseSession ours = done.established().orElseThrow();

        assertEquals(0x0A0A, ours.localSessionId());
        assertEquals(0x0B0B, ours.peerSessionId());
        assertEquals(0x0A0A, theirs.peerSessionId());
        assertEquals(bridgeFabric.fabricIndex(), ours.fabricIndex());
        assertEquals(controllerFabric.fabricIndex(), theirs.fabricIndex());
        assertEquals(BRIDGE_NODE, ours.localNodeId());
        assertEquals(CONTROLLER_NODE, ours.peerNodeId());
        assertEquals(List.of(CAT), ours.peerCats(), "the responder's CATs come from its NOC");
        assertEquals(BRIDGE_NODE, theirs.peerNodeId());
        assertEquals(theirs.i2rKey(), ours.i2rKey());
        assertEquals(theirs.r2iKey(), ours.r2iKey());
        assertEquals(theirs.attestationChallenge(), ours.attestationChallenge());
        assertEquals(Optional.of(CONTROLLER_PARAMS), ours.peerSessionParams());
        assertEquals(Optional.of(BRIDGE_PARAMS), theirs.peerSessionParams());
        assertEquals(HandshakeStep.ended(CaseInitiator.State.ESTABLISHED),
                initiator.on(new HandshakeEvent.TimedOut()), "a terminal initiator ignores events");
    }

    @Test
    void sigma1CarriesTheSpecDestinationIdOfThePeer() throws Exception {
        setUp(true);
        SigmaMessage.Sigma1 sigma1 = SigmaMessage.Sigma1.decode(
                only(initiator(CONTROLLER_NODE).start()).payload().toByteArray());
        // OperationalKeysTest checks caseDestinationId against the spec's vector; here it is fed our fabric.
        Bytes expected = Bytes.of(OperationalKeys.caseDestinationId(bridgeFabric.operationalIpk().toByteArray(),
                sigma1.initiatorRandom().toByteArray(), bridgeFabric.rootPublicKey().toByteArray(), FABRIC_ID,
                CONTROLLER_NODE));
        assertEquals(expected, sigma1.destinationId());
        assertEquals(0x0A0A, sigma1.initiatorSessionId());
        assertEquals(Optional.of(BRIDGE_PARAMS), sigma1.initiatorSessionParams());
        assertTrue(sigma1.resumptionId().isEmpty(), "no resumption asked");
    }

    @Test
    void aPeerThatDoesNotKnowTheNodeEndsTheHandshakeSilently() throws Exception {
        setUp(true);
        CaseInitiator initiator = initiator(CONTROLLER_NODE + 1);
        HandshakeStep<CaseResponder.State, CaseSession> refusal = controllerResponder()
                .on(received(only(initiator.start())));
        StatusReport report = StatusReport.decode(only(refusal).payload().toByteArray());
        assertEquals(Optional.of(SecureChannelStatus.NO_SHARED_TRUST_ROOTS), report.secureChannelStatus());
        HandshakeStep<CaseInitiator.State, CaseSession> step = initiator.on(received(only(refusal)));
        assertEquals(CaseInitiator.State.FAILED, step.state());
        assertTrue(step.messages().isEmpty(), "no answer to a status report");
        assertTrue(step.failure().orElseThrow().contains("NO_SHARED_TRUST_ROOTS")
                || step.failure().orElseThrow().contains("answered"), step.failure().orElseThrow());
    }

    @Test
    void aTamperedSigma2AnswersInvalidParameter() throws Exception {
        setUp(true);
        CaseInitiator initiator = initiator(CONTROLLER_NODE);
        HandshakeMessage sigma2 = only(controllerResponder().on(received(only(initiator.start()))));
        SigmaMessage.Sigma2 decoded = SigmaMessage.Sigma2.decode(sigma2.payload().toByteArray());
        byte[] encrypted = decoded.encrypted2().toByteArray();
        encrypted[encrypted.length - 1] ^= 0x01;
        SigmaMessage.Sigma2 tampered = new SigmaMessage.Sigma2(decoded.responderRandom(),
                decoded.responderSessionId(), decoded.responderEphPubKey(), Bytes.of(encrypted),
                decoded.responderSessionParams());
        HandshakeStep<CaseInitiator.State, CaseSession> step = initiator.on(
                new HandshakeEvent.MessageReceived(SecureChannelOpcode.CASE_SIGMA2, Bytes.of(tampered.encode())));
        assertEquals(CaseInitiator.State.FAILED, step.state());
        assertEquals(HandshakeMessage.status(HandshakeReports.INVALID_PARAMETER), only(step));
    }

    @Test
    void aResponderOfAnotherRootIsRefused() throws Exception {
        setUp(true);
        // Same fabric id, node id and IPK, but the controller's fabric hangs off another root: the destination id
        // (which covers the root key) does not match, so it answers NO_SHARED_TRUST_ROOTS.
        TestCredentials stranger = TestCredentials.create(0xCACACACA00000009L, FABRIC_ID, true, random);
        TestCredentials.Issued foreign = stranger.issue(CONTROLLER_NODE, List.of());
        FabricTable strangerFabrics = FabricTable.load(new MemoryStore(), FabricTable.DEFAULT_CAPACITY);
        strangerFabrics.add(foreign.rcac(), foreign.icac(), foreign.noc(), foreign.nodeKey(), EPOCH_KEY, 0xFFF1);
        CaseResponder impostor = new CaseResponder(new CaseResponder.Config(strangerFabrics,
                ResumptionStore.load(new MemoryStore(), 4), 5, Optional.empty(), Optional.empty()), random);
        CaseInitiator initiator = initiator(CONTROLLER_NODE);
        HandshakeStep<CaseResponder.State, CaseSession> answer = impostor.on(received(only(initiator.start())));
        assertEquals(CaseResponder.State.FAILED, answer.state());
        assertEquals(CaseInitiator.State.FAILED, initiator.on(received(only(answer))).state());
    }

    @Test
    void outOfSequenceAndTimeoutFail() throws Exception {
        setUp(false);
        CaseInitiator early = initiator(CONTROLLER_NODE);
        early.start();
        HandshakeStep<CaseInitiator.State, CaseSession> step = early.on(new HandshakeEvent.MessageReceived(
                SecureChannelOpcode.CASE_SIGMA3, Bytes.of(new byte[] {0x15, 0x18})));
        assertEquals(CaseInitiator.State.FAILED, step.state());
        assertEquals(HandshakeMessage.status(HandshakeReports.UNEXPECTED), only(step));

        CaseInitiator slow = initiator(CONTROLLER_NODE);
        slow.start();
        HandshakeStep<CaseInitiator.State, CaseSession> timedOut = slow.on(new HandshakeEvent.TimedOut());
        assertEquals(CaseInitiator.State.FAILED, timedOut.state());
        assertTrue(timedOut.messages().isEmpty());

        CaseInitiator garbage = initiator(CONTROLLER_NODE);
        garbage.start();
        HandshakeStep<CaseInitiator.State, CaseSession> malformed = garbage.on(new HandshakeEvent.MessageReceived(
                SecureChannelOpcode.CASE_SIGMA2, Bytes.of(new byte[] {0x15, 0x30, 0x01, 0x01, 0x00, 0x18})));
        assertEquals(HandshakeMessage.status(HandshakeReports.INVALID_PARAMETER), only(malformed));

        assertThrows(IllegalStateException.class, () -> initiator(CONTROLLER_NODE).on(new HandshakeEvent.TimedOut()));
        CaseInitiator twice = initiator(CONTROLLER_NODE);
        twice.start();
        assertThrows(IllegalStateException.class, twice::start);
    }

    @Test
    void aFailureStatusAfterSigma3EndsTheHandshake() throws Exception {
        setUp(true);
        CaseInitiator initiator = initiator(CONTROLLER_NODE);
        CaseResponder responder = controllerResponder();
        initiator.on(received(only(responder.on(received(only(initiator.start()))))));
        HandshakeStep<CaseInitiator.State, CaseSession> step = initiator.on(received(HandshakeMessage.status(
                StatusReport.secureChannel(GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER))));
        assertEquals(CaseInitiator.State.FAILED, step.state());
        assertTrue(step.established().isEmpty());
    }

    @Test
    void theNextDialResumesWithTheRecordTheFullHandshakeLeftAndBothSidesAgree() throws Exception {
        setUp(true);
        CaseSession first = fullHandshake();
        assertEquals(false, first.resumed());
        ResumptionRecord kept = bridgeResumptions.findByPeer(bridgeFabric.fabricIndex(), CONTROLLER_NODE)
                .orElseThrow();
        assertTrue(controllerResumptions.find(kept.resumptionId()).isPresent(),
                "the bridge keeps the id the responder issued in TBEData2");

        CaseInitiator initiator = initiator(CONTROLLER_NODE);
        CaseResponder responder = controllerResponder();
        HandshakeMessage sigma1Message = only(initiator.start());
        SigmaMessage.Sigma1 sigma1 = SigmaMessage.Sigma1.decode(sigma1Message.payload().toByteArray());
        assertEquals(Optional.of(kept.resumptionId()), sigma1.resumptionId());
        assertEquals(Optional.of(resumeMic(kept.sharedSecret(), sigma1.initiatorRandom(), kept.resumptionId(),
                "Sigma1_Resume", "NCASE_SigmaS1")), sigma1.initiatorResumeMic(), "initiatorResumeMIC under S1RK");

        HandshakeStep<CaseResponder.State, CaseSession> resume = responder.on(received(sigma1Message));
        assertEquals(SecureChannelOpcode.CASE_SIGMA2_RESUME, only(resume).opcode());
        SigmaMessage.Sigma2Resume sigma2Resume = SigmaMessage.Sigma2Resume.decode(
                only(resume).payload().toByteArray());
        assertEquals(resumeMic(kept.sharedSecret(), sigma1.initiatorRandom(), sigma2Resume.resumptionId(),
                "Sigma2_Resume", "NCASE_SigmaS2"), sigma2Resume.sigma2ResumeMic(), "sigma2ResumeMIC under S2RK");
        HandshakeStep<CaseInitiator.State, CaseSession> done = initiator.on(received(only(resume)));
        assertEquals(CaseInitiator.State.ESTABLISHED, done.state());
        assertEquals(HandshakeMessage.status(HandshakeReports.ESTABLISHED_OK), only(done),
                "the initiator confirms with a success StatusReport");
        CaseSession ours = done.established().orElseThrow();
        CaseSession theirs = responder.on(received(only(done))).established().orElseThrow();

        assertTrue(ours.resumed());
        assertTrue(theirs.resumed());
        assertEquals(theirs.i2rKey(), ours.i2rKey());
        assertEquals(theirs.r2iKey(), ours.r2iKey());
        assertEquals(theirs.attestationChallenge(), ours.attestationChallenge());
        // SessionResumptionKeys, salt initiatorRandom || the resumption id offered in Sigma1.
        byte[] salt = new byte[48];
        System.arraycopy(sigma1.initiatorRandom().toByteArray(), 0, salt, 0, 32);
        System.arraycopy(kept.resumptionId().toByteArray(), 0, salt, 32, 16);
        byte[] keys = org.cpebridge.matter.crypto.Hkdf.sha256(kept.sharedSecret().toByteArray(), salt,
                "SessionResumptionKeys".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 48);
        assertEquals(Bytes.of(java.util.Arrays.copyOfRange(keys, 0, 16)), ours.i2rKey());
        assertEquals(0x0B0B, ours.peerSessionId());
        assertEquals(CONTROLLER_NODE, ours.peerNodeId());
        assertEquals(List.of(CAT), ours.peerCats());
        assertEquals(Optional.of(CONTROLLER_PARAMS), ours.peerSessionParams());
        assertEquals(Optional.of(sigma2Resume.resumptionId()),
                bridgeResumptions.findByPeer(bridgeFabric.fabricIndex(), CONTROLLER_NODE)
                        .map(ResumptionRecord::resumptionId), "the record takes the responder's new id");
    }

    @Test
    void aResponderThatLostTheRecordAnswersSigma2AndTheFullHandshakeGoesOn() throws Exception {
        setUp(false);
        fullHandshake();
        CaseInitiator initiator = initiator(CONTROLLER_NODE);
        CaseResponder forgetful = controllerResponder(ResumptionStore.inMemory(4));
        HandshakeMessage sigma1 = only(initiator.start());
        assertTrue(SigmaMessage.Sigma1.decode(sigma1.payload().toByteArray()).requestsResumption());
        HandshakeStep<CaseResponder.State, CaseSession> sigma2 = forgetful.on(received(sigma1));
        assertEquals(SecureChannelOpcode.CASE_SIGMA2, only(sigma2).opcode());
        HandshakeStep<CaseResponder.State, CaseSession> confirmed =
                forgetful.on(received(only(initiator.on(received(only(sigma2))))));
        CaseSession ours = initiator.on(received(only(confirmed))).established().orElseThrow();
        assertEquals(false, ours.resumed());
        assertEquals(confirmed.established().orElseThrow().i2rKey(), ours.i2rKey());
    }

    @Test
    void aSigma2ResumeWhoseMicDoesNotVerifyAnswersInvalidParameter() throws Exception {
        setUp(true);
        fullHandshake();
        CaseInitiator initiator = initiator(CONTROLLER_NODE);
        HandshakeStep<CaseResponder.State, CaseSession> resume = controllerResponder()
                .on(received(only(initiator.start())));
        SigmaMessage.Sigma2Resume genuine = SigmaMessage.Sigma2Resume.decode(only(resume).payload().toByteArray());
        byte[] mic = genuine.sigma2ResumeMic().toByteArray();
        mic[0] ^= 1;
        SigmaMessage.Sigma2Resume forged = new SigmaMessage.Sigma2Resume(genuine.resumptionId(), Bytes.of(mic),
                genuine.responderSessionId(), genuine.responderSessionParams());
        HandshakeStep<CaseInitiator.State, CaseSession> failed = initiator.on(
                new HandshakeEvent.MessageReceived(forged.opcode(), Bytes.of(forged.encode())));
        assertEquals(CaseInitiator.State.FAILED, failed.state());
        assertEquals(HandshakeMessage.status(HandshakeReports.INVALID_PARAMETER), only(failed));
    }

    @Test
    void aSigma2ResumeToAFullSigma1IsOutOfSequence() throws Exception {
        setUp(true);
        CaseInitiator initiator = initiator(CONTROLLER_NODE);
        initiator.start();
        SigmaMessage.Sigma2Resume unasked = new SigmaMessage.Sigma2Resume(Bytes.of(new byte[16]),
                Bytes.of(new byte[16]), 7, Optional.empty());
        HandshakeStep<CaseInitiator.State, CaseSession> failed = initiator.on(
                new HandshakeEvent.MessageReceived(unasked.opcode(), Bytes.of(unasked.encode())));
        assertEquals(HandshakeMessage.status(HandshakeReports.UNEXPECTED), only(failed));
    }
}
