package org.cpebridge.matter.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.MemoryStore;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.handshake.HandshakeEvent;
import org.cpebridge.matter.handshake.HandshakeMessage;
import org.cpebridge.matter.handshake.HandshakeStep;
import org.cpebridge.matter.message.GeneralCode;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.SecureSessionCodec;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaseResponderTest {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long RESPONDER_NODE = 0xDEDEDEDE00010001L;
    private static final long CONTROLLER_NODE = 0x0000000000000101L;
    private static final long CAT = 0xFFFF0001L;
    private static final SessionParameters LOCAL_PARAMS = SessionParameters.mrp(500, 300, 4000);

    private final CryptoRandom random = TestCredentials.seeded(42);
    private MemoryStore store;
    private FabricTable fabrics;
    private ResumptionStore resumptions;
    private TestCredentials ca;
    private Fabric fabric;

    @BeforeEach
    void setUp() throws Exception {
        setUp(true);
    }

    private void setUp(boolean withIcac) throws Exception {
        store = new MemoryStore();
        fabrics = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);
        resumptions = ResumptionStore.load(store, 4);
        // A second fabric first, so that the destination-id search has to skip one.
        TestCredentials.Issued other = TestCredentials.create(0x77, 0x99, false, random).issue(0x55, List.of());
        fabrics.add(other.rcac(), other.icac(), other.noc(), other.nodeKey(), EPOCH_KEY, 0xFFF1);
        ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, withIcac, random);
        TestCredentials.Issued ours = ca.issue(RESPONDER_NODE, List.of());
        fabric = fabrics.add(ours.rcac(), ours.icac(), ours.noc(), ours.nodeKey(), EPOCH_KEY, 0xFFF1);
    }

    private CaseResponder responder(int localSessionId) {
        return new CaseResponder(new CaseResponder.Config(fabrics, resumptions, localSessionId,
                Optional.of(LOCAL_PARAMS), Optional.empty()), random);
    }

    private TestCaseInitiator controller() {
        return new TestCaseInitiator(ca.issue(CONTROLLER_NODE, List.of(CAT)), fabric.operationalIpk(),
                RESPONDER_NODE, 0x1234, random);
    }

    private static HandshakeStep<CaseResponder.State, CaseSession> send(CaseResponder responder, SecureChannelOpcode opcode, byte[] payload) {
        return responder.on(new HandshakeEvent.MessageReceived(opcode, Bytes.of(payload)));
    }

    private static void assertStatus(HandshakeStep<CaseResponder.State, CaseSession> step, GeneralCode general, SecureChannelStatus status)
            throws Exception {
        assertEquals(1, step.messages().size(), "one status report");
        HandshakeMessage out = step.messages().get(0);
        assertEquals(SecureChannelOpcode.STATUS_REPORT, out.opcode());
        StatusReport report = StatusReport.decode(out.payload().toByteArray());
        assertEquals(general, report.generalCode());
        assertEquals(Optional.of(status), report.secureChannelStatus());
    }

    private static void assertFailed(HandshakeStep<CaseResponder.State, CaseSession> step) {
        assertEquals(CaseResponder.State.FAILED, step.state());
        assertTrue(step.established().isEmpty());
        assertTrue(step.failure().isPresent());
        assertTrue(step.armTimer().isEmpty());
    }

    /** Runs a full handshake and returns the established session. */
    private CaseSession fullHandshake(CaseResponder responder, TestCaseInitiator initiator) throws Exception {
        HandshakeStep<CaseResponder.State, CaseSession> afterSigma1 = send(responder, SecureChannelOpcode.CASE_SIGMA1, initiator.sigma1());
        assertEquals(CaseResponder.State.AWAITING_SIGMA3, afterSigma1.state());
        assertEquals(Optional.of(CaseResponder.HANDSHAKE_TIMEOUT), afterSigma1.armTimer());
        assertEquals(SecureChannelOpcode.CASE_SIGMA2, afterSigma1.messages().get(0).opcode());
        byte[] sigma3 = initiator.onSigma2(afterSigma1.messages().get(0).payload().toByteArray());
        HandshakeStep<CaseResponder.State, CaseSession> done = send(responder, SecureChannelOpcode.CASE_SIGMA3, sigma3);
        assertEquals(CaseResponder.State.ESTABLISHED, done.state());
        assertStatus(done, GeneralCode.SUCCESS, SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS);
        return done.established().orElseThrow();
    }

    @ParameterizedTest(name = "with ICAC: {0}")
    @ValueSource(booleans = {true, false})
    void fullHandshakeGivesBothSidesTheSameKeys(boolean withIcac) throws Exception {
        setUp(withIcac);
        TestCaseInitiator initiator = controller();

        CaseSession session = fullHandshake(responder(0x0BAD), initiator);

        assertEquals(0x0BAD, session.localSessionId());
        assertEquals(0x1234, session.peerSessionId());
        assertEquals(0x0BAD, initiator.responderSessionId());
        assertEquals(fabric.fabricIndex(), session.fabricIndex());
        assertEquals(RESPONDER_NODE, session.localNodeId());
        assertEquals(CONTROLLER_NODE, session.peerNodeId());
        assertEquals(List.of(CAT), session.peerCats());
        assertEquals(initiator.i2rKey(), session.i2rKey());
        assertEquals(initiator.r2iKey(), session.r2iKey());
        assertEquals(initiator.attestationChallenge(), session.attestationChallenge());
        assertFalse(session.i2rKey().equals(session.r2iKey()));
        assertFalse(session.resumed());
        assertEquals(Optional.of(SessionParameters.mrp(TestCaseInitiator.IDLE, TestCaseInitiator.ACTIVE,
                TestCaseInitiator.THRESHOLD)), session.peerSessionParams());
        assertFalse(session.toString().contains(session.i2rKey().hex()));
        // The resumption id the initiator received is now a record, persisted.
        ResumptionRecord record = resumptions.find(initiator.resumptionId()).orElseThrow();
        assertEquals(CONTROLLER_NODE, record.peerNodeId());
        assertEquals(Bytes.of(initiator.sharedSecret()), record.sharedSecret());
        assertTrue(ResumptionStore.load(store, 4).find(initiator.resumptionId()).isPresent());
    }

    @Test
    void sigma2CarriesOurSessionParameters() throws Exception {
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder(7), SecureChannelOpcode.CASE_SIGMA1, controller().sigma1());
        SigmaMessage.Sigma2 sigma2 = SigmaMessage.Sigma2.decode(step.messages().get(0).payload().toByteArray());
        assertEquals(7, sigma2.responderSessionId());
        assertEquals(Optional.of(LOCAL_PARAMS), sigma2.responderSessionParams());
    }

    @Test
    void unknownDestinationIdAnswersNoSharedTrustRoots() throws Exception {
        TestCaseInitiator initiator = controller();
        initiator.wrongDestination = true;
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder(1), SecureChannelOpcode.CASE_SIGMA1, initiator.sigma1());
        assertFailed(step);
        assertStatus(step, GeneralCode.FAILURE, SecureChannelStatus.NO_SHARED_TRUST_ROOTS);
    }

    @Test
    void tamperedSigma3SignatureAnswersInvalidParameter() throws Exception {
        TestCaseInitiator initiator = controller();
        initiator.tamperSigma3Signature = true;
        CaseResponder responder = responder(1);
        HandshakeStep<CaseResponder.State, CaseSession> sigma2 = send(responder, SecureChannelOpcode.CASE_SIGMA1, initiator.sigma1());
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder, SecureChannelOpcode.CASE_SIGMA3,
                initiator.onSigma2(sigma2.messages().get(0).payload().toByteArray()));
        assertFailed(step);
        assertStatus(step, GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER);
        assertTrue(step.failure().orElseThrow().contains("signature"), step.failure().orElseThrow());
        assertEquals(0, resumptions.size(), "no resumption record for a failed handshake");
    }

    @Test
    void initiatorNocFromAnotherRootAnswersInvalidParameter() throws Exception {
        // Same fabric id, different root: the initiator knows our IPK and root (so Sigma1 and Sigma2 pass), but its
        // own NOC does not chain to our fabric's root.
        TestCredentials stranger = TestCredentials.create(0xCACACACA00000009L, FABRIC_ID, true, random);
        TestCredentials.Issued foreign = stranger.issue(CONTROLLER_NODE, List.of());
        TestCredentials.Issued genuine = ca.issue(CONTROLLER_NODE, List.of());
        TestCredentials.Issued mixed = new TestCredentials.Issued(genuine.rcac(), foreign.icac(), foreign.noc(),
                foreign.nodeKey(), FABRIC_ID, CONTROLLER_NODE, genuine.rootPublicKey());
        TestCaseInitiator initiator = new TestCaseInitiator(mixed, fabric.operationalIpk(), RESPONDER_NODE, 9, random);
        CaseResponder responder = responder(1);
        HandshakeStep<CaseResponder.State, CaseSession> sigma2 = send(responder, SecureChannelOpcode.CASE_SIGMA1, initiator.sigma1());
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder, SecureChannelOpcode.CASE_SIGMA3,
                initiator.onSigma2(sigma2.messages().get(0).payload().toByteArray()));
        assertFailed(step);
        assertStatus(step, GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER);
        assertTrue(step.failure().orElseThrow().contains("certificate chain"), step.failure().orElseThrow());
    }

    @Test
    void sigma3ThatDoesNotDecryptAnswersInvalidParameter() throws Exception {
        TestCaseInitiator initiator = controller();
        CaseResponder responder = responder(1);
        HandshakeStep<CaseResponder.State, CaseSession> sigma2 = send(responder, SecureChannelOpcode.CASE_SIGMA1, initiator.sigma1());
        byte[] sigma3 = initiator.onSigma2(sigma2.messages().get(0).payload().toByteArray());
        sigma3[sigma3.length - 3] ^= 0x40; // inside the MIC
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder, SecureChannelOpcode.CASE_SIGMA3, sigma3);
        assertFailed(step);
        assertStatus(step, GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER);
    }

    @Test
    void malformedSigma1AnswersInvalidParameter() throws Exception {
        HandshakeStep<CaseResponder.State, CaseSession> garbage = send(responder(1), SecureChannelOpcode.CASE_SIGMA1, new byte[] {0x15, 0x30});
        assertFailed(garbage);
        assertStatus(garbage, GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER);

        byte[] sigma1 = controller().sigma1();
        SigmaMessage.Sigma1 decoded = SigmaMessage.Sigma1.decode(sigma1);
        SigmaMessage.Sigma1 zeroSession = new SigmaMessage.Sigma1(decoded.initiatorRandom(), 0,
                decoded.destinationId(), decoded.initiatorEphPubKey(), Optional.empty(), Optional.empty(),
                Optional.empty());
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder(1), SecureChannelOpcode.CASE_SIGMA1, zeroSession.encode());
        assertFailed(step);
        assertStatus(step, GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER);

        // A valid TLV shape whose ephemeral key is not a curve point.
        byte[] badPoint = new byte[65];
        badPoint[0] = 0x04;
        SigmaMessage.Sigma1 offCurve = new SigmaMessage.Sigma1(decoded.initiatorRandom(), 5, decoded.destinationId(),
                Bytes.of(badPoint), Optional.empty(), Optional.empty(), Optional.empty());
        HandshakeStep<CaseResponder.State, CaseSession> offCurveStep = send(responder(1), SecureChannelOpcode.CASE_SIGMA1, offCurve.encode());
        assertFailed(offCurveStep);
        assertStatus(offCurveStep, GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER);
    }

    @Test
    void messagesOutOfSequenceAnswerUnexpected() throws Exception {
        CaseResponder first = responder(1);
        HandshakeStep<CaseResponder.State, CaseSession> sigma3First = send(first, SecureChannelOpcode.CASE_SIGMA3, new byte[] {0x15, 0x18});
        assertFailed(sigma3First);
        assertStatus(sigma3First, GeneralCode.UNEXPECTED, SecureChannelStatus.INVALID_PARAMETER);

        CaseResponder twice = responder(2);
        TestCaseInitiator initiator = controller();
        byte[] sigma1 = initiator.sigma1();
        send(twice, SecureChannelOpcode.CASE_SIGMA1, sigma1);
        HandshakeStep<CaseResponder.State, CaseSession> again = send(twice, SecureChannelOpcode.CASE_SIGMA1, sigma1);
        assertFailed(again);
        assertStatus(again, GeneralCode.UNEXPECTED, SecureChannelStatus.INVALID_PARAMETER);

        CaseResponder resumeInFull = responder(3);
        send(resumeInFull, SecureChannelOpcode.CASE_SIGMA1, controller().sigma1());
        HandshakeStep<CaseResponder.State, CaseSession> wrong = send(resumeInFull, SecureChannelOpcode.CASE_SIGMA2_RESUME, new byte[] {0x15, 0x18});
        assertFailed(wrong);
        assertStatus(wrong, GeneralCode.UNEXPECTED, SecureChannelStatus.INVALID_PARAMETER);
    }

    @Test
    void statusReportFromTheInitiatorAbortsSilently() {
        CaseResponder responder = responder(1);
        send(responder, SecureChannelOpcode.CASE_SIGMA1, controller().sigma1());
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder, SecureChannelOpcode.STATUS_REPORT,
                StatusReport.secureChannel(GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER).encode());
        assertFailed(step);
        assertTrue(step.messages().isEmpty());
    }

    @Test
    void timeoutFailsAndTerminalStatesIgnoreEverything() throws Exception {
        CaseResponder responder = responder(1);
        TestCaseInitiator initiator = controller();
        HandshakeStep<CaseResponder.State, CaseSession> sigma2 = send(responder, SecureChannelOpcode.CASE_SIGMA1, initiator.sigma1());
        HandshakeStep<CaseResponder.State, CaseSession> timedOut = responder.on(new HandshakeEvent.TimedOut());
        assertFailed(timedOut);
        assertTrue(timedOut.messages().isEmpty());
        // A late Sigma3 changes nothing.
        HandshakeStep<CaseResponder.State, CaseSession> late = send(responder, SecureChannelOpcode.CASE_SIGMA3,
                initiator.onSigma2(sigma2.messages().get(0).payload().toByteArray()));
        assertEquals(CaseResponder.State.FAILED, late.state());
        assertTrue(late.messages().isEmpty());
        assertTrue(late.established().isEmpty());
        assertTrue(late.failure().isEmpty());
    }

    @Test
    void timeoutBeforeSigma1Fails() {
        CaseResponder responder = responder(1);
        assertEquals(CaseResponder.State.AWAITING_SIGMA1, responder.state());
        assertFailed(responder.on(new HandshakeEvent.TimedOut()));
    }

    @Test
    void resumptionAnswersSigma2ResumeAndEstablishesOnTheInitiatorsSuccess() throws Exception {
        TestCaseInitiator first = controller();
        fullHandshake(responder(1), first);
        Bytes oldId = first.resumptionId();

        TestCaseInitiator again = controller();
        CaseResponder responder = responder(2);
        HandshakeStep<CaseResponder.State, CaseSession> resume = send(responder, SecureChannelOpcode.CASE_SIGMA1,
                again.sigma1Resuming(oldId, first.sharedSecret()));
        assertEquals(CaseResponder.State.AWAITING_RESUME_CONFIRMATION, resume.state());
        assertEquals(SecureChannelOpcode.CASE_SIGMA2_RESUME, resume.messages().get(0).opcode());
        assertEquals(Optional.of(CaseResponder.HANDSHAKE_TIMEOUT), resume.armTimer());
        assertTrue(resume.established().isEmpty(), "not established before the initiator confirms");
        again.onSigma2Resume(resume.messages().get(0).payload().toByteArray());
        assertEquals(2, again.responderSessionId());

        HandshakeStep<CaseResponder.State, CaseSession> done = send(responder, SecureChannelOpcode.STATUS_REPORT,
                StatusReport.secureChannel(GeneralCode.SUCCESS, SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS)
                        .encode());
        assertEquals(CaseResponder.State.ESTABLISHED, done.state());
        assertTrue(done.messages().isEmpty());
        CaseSession session = done.established().orElseThrow();
        assertTrue(session.resumed());
        assertEquals(2, session.localSessionId());
        assertEquals(CONTROLLER_NODE, session.peerNodeId());
        assertEquals(List.of(CAT), session.peerCats());
        assertEquals(again.i2rKey(), session.i2rKey());
        assertEquals(again.r2iKey(), session.r2iKey());
        assertEquals(again.attestationChallenge(), session.attestationChallenge());
        // The record moved to the newly issued id; the old one cannot be replayed.
        assertTrue(resumptions.find(again.resumptionId()).isPresent());
        assertTrue(resumptions.find(oldId).isEmpty());
        assertEquals(1, resumptions.size());
    }

    @Test
    void resumptionRecordsSurviveARestart() throws Exception {
        TestCaseInitiator first = controller();
        fullHandshake(responder(1), first);
        resumptions = ResumptionStore.load(store, 4);
        fabrics = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);

        TestCaseInitiator again = controller();
        HandshakeStep<CaseResponder.State, CaseSession> resume = send(responder(2), SecureChannelOpcode.CASE_SIGMA1,
                again.sigma1Resuming(first.resumptionId(), first.sharedSecret()));
        assertEquals(SecureChannelOpcode.CASE_SIGMA2_RESUME, resume.messages().get(0).opcode());
    }

    @Test
    void unknownResumptionIdFallsBackToTheFullHandshake() throws Exception {
        TestCaseInitiator initiator = controller();
        CaseResponder responder = responder(3);
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder, SecureChannelOpcode.CASE_SIGMA1,
                initiator.sigma1Resuming(Bytes.of(new byte[16]), new byte[32]));
        assertEquals(CaseResponder.State.AWAITING_SIGMA3, step.state());
        assertEquals(SecureChannelOpcode.CASE_SIGMA2, step.messages().get(0).opcode());
        HandshakeStep<CaseResponder.State, CaseSession> done = send(responder, SecureChannelOpcode.CASE_SIGMA3,
                initiator.onSigma2(step.messages().get(0).payload().toByteArray()));
        assertEquals(CaseResponder.State.ESTABLISHED, done.state());
        assertEquals(initiator.i2rKey(), done.established().orElseThrow().i2rKey());
    }

    @Test
    void resumptionWithABadMicFallsBackToTheFullHandshake() throws Exception {
        TestCaseInitiator first = controller();
        fullHandshake(responder(1), first);
        byte[] wrongSecret = first.sharedSecret();
        wrongSecret[0] ^= 1;
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder(2), SecureChannelOpcode.CASE_SIGMA1,
                controller().sigma1Resuming(first.resumptionId(), wrongSecret));
        assertEquals(SecureChannelOpcode.CASE_SIGMA2, step.messages().get(0).opcode());
    }

    @Test
    void resumptionIntoARemovedFabricFallsBackAndThenFindsNoRoot() throws Exception {
        TestCaseInitiator first = controller();
        fullHandshake(responder(1), first);
        fabrics.remove(fabric.fabricIndex());
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder(2), SecureChannelOpcode.CASE_SIGMA1,
                controller().sigma1Resuming(first.resumptionId(), first.sharedSecret()));
        assertFailed(step);
        assertStatus(step, GeneralCode.FAILURE, SecureChannelStatus.NO_SHARED_TRUST_ROOTS);
    }

    @Test
    void rejectedSigma2ResumeKeepsTheOldRecord() throws Exception {
        TestCaseInitiator first = controller();
        fullHandshake(responder(1), first);
        CaseResponder responder = responder(2);
        send(responder, SecureChannelOpcode.CASE_SIGMA1,
                controller().sigma1Resuming(first.resumptionId(), first.sharedSecret()));
        HandshakeStep<CaseResponder.State, CaseSession> step = send(responder, SecureChannelOpcode.STATUS_REPORT,
                StatusReport.secureChannel(GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER).encode());
        assertFailed(step);
        assertTrue(step.messages().isEmpty());
        assertTrue(resumptions.find(first.resumptionId()).isPresent());
    }

    @Test
    void resumptionStoreKeepsOneRecordPerPeerAndIsBounded() {
        ResumptionStore bounded = ResumptionStore.inMemory(2);
        Bytes cfid = fabric.compressedFabricId();
        for (int peer = 1; peer <= 3; peer++) {
            bounded.put(new ResumptionRecord(Bytes.of(new byte[] {(byte) peer, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    0, 0}), Bytes.of(new byte[32]), 1, cfid, RESPONDER_NODE, peer, List.of()));
        }
        assertEquals(2, bounded.size());
        assertTrue(bounded.find(Bytes.fromHex("01000000000000000000000000000000")).isEmpty(), "oldest dropped");
        bounded.put(new ResumptionRecord(Bytes.fromHex("09000000000000000000000000000000"), Bytes.of(new byte[32]), 1,
                cfid, RESPONDER_NODE, 3, List.of()));
        assertTrue(bounded.find(Bytes.fromHex("03000000000000000000000000000000")).isEmpty(), "replaced for peer 3");
        assertEquals(2, bounded.size());
        bounded.removeFabric(1);
        assertEquals(0, bounded.size());
    }

    @Test
    void awaitingResumeConfirmationFailsOnAnythingButSuccess() throws Exception {
        TestCaseInitiator first = controller();
        fullHandshake(responder(1), first);
        for (int variant = 0; variant < 3; variant++) {
            CaseResponder responder = responder(2 + variant);
            HandshakeStep<CaseResponder.State, CaseSession> resume = send(responder, SecureChannelOpcode.CASE_SIGMA1,
                    controller().sigma1Resuming(first.resumptionId(), first.sharedSecret()));
            assertEquals(CaseResponder.State.AWAITING_RESUME_CONFIRMATION, resume.state());
            HandshakeStep<CaseResponder.State, CaseSession> step = switch (variant) {
                case 0 -> send(responder, SecureChannelOpcode.CASE_SIGMA3, new byte[] {0x15, 0x18});
                case 1 -> responder.on(new HandshakeEvent.TimedOut());
                default -> send(responder, SecureChannelOpcode.STATUS_REPORT, new byte[] {0x00, 0x00, 0x00});
            };
            assertFailed(step);
            if (variant == 0) {
                assertStatus(step, GeneralCode.UNEXPECTED, SecureChannelStatus.INVALID_PARAMETER);
            } else {
                assertTrue(step.messages().isEmpty(), "variant " + variant);
            }
        }
        assertTrue(resumptions.find(first.resumptionId()).isPresent(), "old record still usable");
    }

    @Test
    void establishedKeysCarryAMessageBothWays() throws Exception {
        TestCaseInitiator initiator = controller();
        CaseSession session = fullHandshake(responder(0x0BAD), initiator);
        SecureSessionCodec ours = SecureSessionCodec.responder(session.i2rKey(), session.r2iKey(),
                session.localNodeId(), session.peerNodeId());
        SecureSessionCodec theirs = SecureSessionCodec.initiator(initiator.i2rKey(), initiator.r2iKey(),
                CONTROLLER_NODE, RESPONDER_NODE);
        Message toUs = new Message(MessageHeader.secureUnicast(session.localSessionId(), 1),
                ProtocolHeader.of(true, true, ProtocolId.INTERACTION_MODEL, 0x02, 7), Bytes.fromHex("1518"));
        assertEquals(toUs.payload(), ours.open(theirs.seal(toUs)).message().payload());
        Message toThem = new Message(MessageHeader.secureUnicast(session.peerSessionId(), 1),
                ProtocolHeader.of(false, true, ProtocolId.INTERACTION_MODEL, 0x05, 7), Bytes.fromHex("1518"));
        assertEquals(toThem.payload(), theirs.open(ours.seal(toThem)).message().payload());
    }

    @Test
    void everySingleByteCorruptionOfSigma1IsAnsweredNeverThrown() {
        byte[] sigma1 = controller().sigma1();
        for (int at = 0; at < sigma1.length; at++) {
            byte[] corrupted = sigma1.clone();
            corrupted[at] ^= (byte) 0xA5;
            HandshakeStep<CaseResponder.State, CaseSession> step = send(responder(1), SecureChannelOpcode.CASE_SIGMA1, corrupted);
            // Either a clean refusal or, when only the session id / parameters changed, a normal Sigma2.
            assertTrue(step.state() == CaseResponder.State.FAILED && step.messages().size() == 1
                    || step.state() == CaseResponder.State.AWAITING_SIGMA3, "byte " + at + ": " + step);
        }
        for (int length = 0; length < sigma1.length; length += 5) {
            HandshakeStep<CaseResponder.State, CaseSession> step = send(responder(1), SecureChannelOpcode.CASE_SIGMA1,
                    java.util.Arrays.copyOf(sigma1, length));
            assertFailed(step);
        }
    }

    @Test
    void corruptedSigma3BytesAlwaysFailCleanly() throws Exception {
        TestCaseInitiator initiator = controller();
        CaseResponder probe = responder(1);
        byte[] sigma3 = initiator.onSigma2(send(probe, SecureChannelOpcode.CASE_SIGMA1, initiator.sigma1())
                .messages().get(0).payload().toByteArray());
        for (int at = 0; at < sigma3.length; at += 13) {
            TestCaseInitiator fresh = controller();
            CaseResponder responder = responder(1);
            byte[] good = fresh.onSigma2(send(responder, SecureChannelOpcode.CASE_SIGMA1, fresh.sigma1())
                    .messages().get(0).payload().toByteArray());
            byte[] corrupted = good.clone();
            corrupted[Math.min(at, corrupted.length - 1)] ^= 0x01;
            HandshakeStep<CaseResponder.State, CaseSession> step = send(responder, SecureChannelOpcode.CASE_SIGMA3, corrupted);
            assertFailed(step);
            assertStatus(step, GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER);
        }
    }
}
