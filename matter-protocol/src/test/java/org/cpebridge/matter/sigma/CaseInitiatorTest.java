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

    private CaseInitiator initiator(long peerNodeId) {
        return new CaseInitiator(new CaseInitiator.Config(bridgeFabric, peerNodeId, 0x0A0A,
                Optional.of(BRIDGE_PARAMS), Optional.empty()), random);
    }

    private CaseResponder controllerResponder() {
        return new CaseResponder(new CaseResponder.Config(controllerFabrics,
                ResumptionStore.load(new MemoryStore(), 4), 0x0B0B, Optional.of(CONTROLLER_PARAMS),
                Optional.empty()), random);
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
}
