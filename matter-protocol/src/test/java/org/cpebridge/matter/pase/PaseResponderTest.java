package org.cpebridge.matter.pase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.FixedRandom;
import org.cpebridge.matter.crypto.Spake2p;
import org.cpebridge.matter.crypto.Spake2pVerifier;
import org.cpebridge.matter.handshake.HandshakeEvent;
import org.cpebridge.matter.handshake.HandshakeStep;
import org.cpebridge.matter.message.GeneralCode;
import org.cpebridge.matter.message.MessageException;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class PaseResponderTest {

    // connectedhomeip src/protocols/secure_channel/tests/TestPASESession.cpp test set #01: passcode
    private static final long PASSCODE = 20202021;
    // TestPASESession.cpp test set #01: salt "SPAKE2P Key Salt", 1000 iterations
    private static final PbkdfParameters PBKDF = new PbkdfParameters(1000,
            Bytes.of("SPAKE2P Key Salt".getBytes(StandardCharsets.US_ASCII)));
    // TestPASESession.cpp sTestSpake2p01_PASEVerifier (w0, L) for the passcode above
    private static final Spake2pVerifier VERIFIER = new Spake2pVerifier(
            Bytes.fromHex("b96170aae803346884724fe9a3b287c30330c2a660375d17bb205a8cf1aecb35"),
            Bytes.fromHex("0457f8ab79ee253ab6a8e46bb09e543ae422736de501e3db37d441fe344920d095"
                    + "48e4c18240630c4ff4913c53513839b7c07fcc0627a1b8573a149fcd1fa466cf"));

    private static final String INITIATOR_RANDOM = "01".repeat(32);
    private static final String RESPONDER_RANDOM = "02".repeat(32);
    // Ephemeral scalars x and y of connectedhomeip SPAKE2P_RFC_test_vectors.h vector 1 (valid scalars below n)
    private static final String X = "8b0f3f383905cf3a3bb955ef8fb62e24849dd349a05ca79aafb18041d30cbdb6";
    private static final String Y = "2e0895b0e763d6d5a9564433e64ac3cac74ff897f6c3445247ba1bab40082a91";

    private static final SessionParameters RESPONDER_MRP = SessionParameters.mrp(5000, 300, 4000);
    private static final SessionParameters INITIATOR_MRP = SessionParameters.mrp(1000, 10000, 4000);
    private static final int RESPONDER_SESSION = 0x1234;
    private static final int INITIATOR_SESSION = 0x4321;

    private static PaseResponder responder() {
        return new PaseResponder(new PaseResponder.Config(VERIFIER, PBKDF, RESPONDER_SESSION,
                Optional.of(RESPONDER_MRP)), FixedRandom.ofHex(RESPONDER_RANDOM, Y));
    }

    private static TestPaseInitiator initiator(long passcode, boolean pressOn) {
        return new TestPaseInitiator(passcode, FixedRandom.ofHex(INITIATOR_RANDOM, X), INITIATOR_SESSION, pressOn);
    }

    private static final StatusReport INVALID_PARAMETER =
            StatusReport.secureChannel(GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER);
    private static final StatusReport UNEXPECTED =
            StatusReport.secureChannel(GeneralCode.UNEXPECTED, SecureChannelStatus.INVALID_PARAMETER);

    private static StatusReport onlyStatus(HandshakeStep<PaseResponder.State, PaseSession> step) throws MessageException {
        assertEquals(1, step.messages().size());
        assertEquals(SecureChannelOpcode.STATUS_REPORT, step.messages().get(0).opcode());
        return StatusReport.decode(step.messages().get(0).payload().toByteArray());
    }

    @Test
    void fullExchangeDerivesTheSameKeysOnBothSides() throws Exception {
        PaseResponder responder = responder();
        TestPaseInitiator initiator = initiator(PASSCODE, false);
        assertEquals(PaseResponder.State.AWAITING_PBKDF_PARAM_REQUEST, responder.state());

        HandshakeStep<PaseResponder.State, PaseSession> step1 = responder.on(initiator.pbkdfParamRequest(false, Optional.of(INITIATOR_MRP)));
        assertEquals(PaseResponder.State.AWAITING_PAKE1, step1.state());
        assertEquals(Optional.of(PaseResponder.HANDSHAKE_TIMEOUT), step1.armTimer());
        assertEquals(SecureChannelOpcode.PBKDF_PARAM_RESPONSE, step1.messages().get(0).opcode());

        HandshakeStep<PaseResponder.State, PaseSession> step2 = responder.on(initiator.pake1(step1.messages().get(0), null));
        PaseMessage.PbkdfParamResponse response = initiator.response();
        assertEquals(Bytes.fromHex(INITIATOR_RANDOM), response.initiatorRandom());
        assertEquals(Bytes.fromHex(RESPONDER_RANDOM), response.responderRandom());
        assertEquals(RESPONDER_SESSION, response.responderSessionId());
        assertEquals(Optional.of(PBKDF), response.pbkdfParameters());
        assertEquals(Optional.of(RESPONDER_MRP), response.responderSessionParams());
        assertEquals(PaseResponder.State.AWAITING_PAKE3, step2.state());
        assertEquals(SecureChannelOpcode.PASE_PAKE2, step2.messages().get(0).opcode());

        HandshakeStep<PaseResponder.State, PaseSession> step3 = responder.on(initiator.pake3(step2.messages().get(0)));
        assertEquals(PaseResponder.State.ESTABLISHED, step3.state());
        assertEquals(StatusReport.secureChannel(GeneralCode.SUCCESS,
                SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS), onlyStatus(step3));
        // StatusReport success payload: GeneralCode 0 | ProtocolId 0x00000000 | ProtocolCode 0 (core spec 4.11.1.x)
        assertEquals(Bytes.fromHex("0000000000000000"), step3.messages().get(0).payload());

        PaseSession session = step3.established().orElseThrow();
        Bytes[] expected = initiator.sessionKeys();
        assertEquals(expected[0], session.i2rKey());
        assertEquals(expected[1], session.r2iKey());
        assertEquals(expected[2], session.attestationChallenge());
        assertNotEquals(session.i2rKey(), session.r2iKey());
        assertEquals(RESPONDER_SESSION, session.localSessionId());
        assertEquals(INITIATOR_SESSION, session.peerSessionId());
        assertEquals(Optional.of(INITIATOR_MRP), session.peerSessionParams());
        assertFalse(session.toString().contains(session.i2rKey().hex()));
    }

    @Test
    void initiatorThatKnowsPbkdfParametersGetsNone() throws Exception {
        PaseResponder responder = responder();
        TestPaseInitiator initiator = initiator(PASSCODE, false);
        HandshakeStep<PaseResponder.State, PaseSession> step1 = responder.on(initiator.pbkdfParamRequest(true, Optional.empty()));
        HandshakeStep<PaseResponder.State, PaseSession> step2 = responder.on(initiator.pake1(step1.messages().get(0), PBKDF));
        assertEquals(Optional.empty(), initiator.response().pbkdfParameters());
        HandshakeStep<PaseResponder.State, PaseSession> step3 = responder.on(initiator.pake3(step2.messages().get(0)));
        assertEquals(PaseResponder.State.ESTABLISHED, step3.state());
        assertEquals(Optional.empty(), step3.established().orElseThrow().peerSessionParams());
    }

    @Test
    void wrongPasscodeFailsAtPake3WithInvalidParameter() throws Exception {
        PaseResponder responder = responder();
        TestPaseInitiator initiator = initiator(PASSCODE + 1, true);
        HandshakeStep<PaseResponder.State, PaseSession> step1 = responder.on(initiator.pbkdfParamRequest(false, Optional.empty()));
        HandshakeStep<PaseResponder.State, PaseSession> step2 = responder.on(initiator.pake1(step1.messages().get(0), null));
        assertEquals(PaseResponder.State.AWAITING_PAKE3, step2.state());
        HandshakeStep<PaseResponder.State, PaseSession> step3 = responder.on(initiator.pake3(step2.messages().get(0)));
        assertEquals(PaseResponder.State.FAILED, step3.state());
        assertEquals(Optional.empty(), step3.established());
        // FAILURE (1) | Secure Channel (0) | INVALID_PARAMETER (2), core spec 4.14.1.x / Appendix D
        assertEquals(INVALID_PARAMETER, onlyStatus(step3));
        assertEquals(Bytes.fromHex("0100000000000200"), step3.messages().get(0).payload());
    }

    @Test
    void wrongPasscodeIsAlsoCaughtByAnHonestInitiator() throws Exception {
        PaseResponder responder = responder();
        TestPaseInitiator initiator = initiator(PASSCODE + 1, false);
        HandshakeStep<PaseResponder.State, PaseSession> step1 = responder.on(initiator.pbkdfParamRequest(false, Optional.empty()));
        HandshakeStep<PaseResponder.State, PaseSession> step2 = responder.on(initiator.pake1(step1.messages().get(0), null));
        try {
            initiator.pake3(step2.messages().get(0));
            throw new AssertionError("cB must not verify with the wrong passcode");
        } catch (CryptoException expected) {
            assertTrue(expected.getMessage().contains("cB"));
        }
    }

    @Test
    void messagesOutOfSequenceAreUnexpected() throws Exception {
        // Pake1 before PBKDFParamRequest
        PaseResponder first = responder();
        HandshakeStep<PaseResponder.State, PaseSession> step = first.on(new HandshakeEvent.MessageReceived(SecureChannelOpcode.PASE_PAKE1,
                Bytes.of(new PaseMessage.Pake1(Bytes.of(new byte[65])).encode())));
        assertEquals(PaseResponder.State.FAILED, step.state());
        assertEquals(UNEXPECTED, onlyStatus(step));
        assertEquals(Bytes.fromHex("0600000000000200"), step.messages().get(0).payload());

        // Pake3 while awaiting Pake1
        PaseResponder second = responder();
        TestPaseInitiator initiator = initiator(PASSCODE, false);
        second.on(initiator.pbkdfParamRequest(false, Optional.empty()));
        step = second.on(new HandshakeEvent.MessageReceived(SecureChannelOpcode.PASE_PAKE3,
                Bytes.of(new PaseMessage.Pake3(Bytes.of(new byte[32])).encode())));
        assertEquals(UNEXPECTED, onlyStatus(step));

        // A second PBKDFParamRequest while awaiting Pake3
        PaseResponder third = responder();
        TestPaseInitiator other = initiator(PASSCODE, false);
        HandshakeStep<PaseResponder.State, PaseSession> s1 = third.on(other.pbkdfParamRequest(false, Optional.empty()));
        third.on(other.pake1(s1.messages().get(0), null));
        step = third.on(new HandshakeEvent.MessageReceived(SecureChannelOpcode.PBKDF_PARAM_REQUEST, Bytes.EMPTY));
        assertEquals(PaseResponder.State.FAILED, step.state());
        assertEquals(UNEXPECTED, onlyStatus(step));

        // A secure channel message of another protocol step (Sigma1)
        PaseResponder fourth = responder();
        step = fourth.on(new HandshakeEvent.MessageReceived(SecureChannelOpcode.CASE_SIGMA1, Bytes.EMPTY));
        assertEquals(UNEXPECTED, onlyStatus(step));
    }

    @Test
    void invalidRequestsAreInvalidParameter() throws Exception {
        List<PaseMessage.PbkdfParamRequest> bad = List.of(
                // passcode id 1: only passcode id 0 exists (core spec 4.14.1.2)
                new PaseMessage.PbkdfParamRequest(Bytes.fromHex(INITIATOR_RANDOM), 7, 1, false, Optional.empty()),
                // session id 0 is the unsecured session
                new PaseMessage.PbkdfParamRequest(Bytes.fromHex(INITIATOR_RANDOM), 0, 0, false, Optional.empty()));
        for (PaseMessage.PbkdfParamRequest request : bad) {
            PaseResponder responder = responder();
            HandshakeStep<PaseResponder.State, PaseSession> step = responder.on(new HandshakeEvent.MessageReceived(request.opcode(),
                    Bytes.of(request.encode())));
            assertEquals(PaseResponder.State.FAILED, step.state());
            assertEquals(INVALID_PARAMETER, onlyStatus(step));
        }
        for (String garbage : new String[] {"", "15", "1518", "ffffffff", "153001201818"}) {
            PaseResponder responder = responder();
            HandshakeStep<PaseResponder.State, PaseSession> step = responder.on(new HandshakeEvent.MessageReceived(
                    SecureChannelOpcode.PBKDF_PARAM_REQUEST, Bytes.fromHex(garbage)));
            assertEquals(INVALID_PARAMETER, onlyStatus(step), garbage);
        }
    }

    @Test
    void invalidPake1PointIsInvalidParameter() throws Exception {
        PaseResponder responder = responder();
        TestPaseInitiator initiator = initiator(PASSCODE, false);
        responder.on(initiator.pbkdfParamRequest(false, Optional.empty()));
        byte[] offCurve = new byte[65];
        offCurve[0] = 0x04;
        offCurve[64] = 0x01;
        HandshakeStep<PaseResponder.State, PaseSession> step = responder.on(new HandshakeEvent.MessageReceived(SecureChannelOpcode.PASE_PAKE1,
                Bytes.of(new PaseMessage.Pake1(Bytes.of(offCurve)).encode())));
        assertEquals(PaseResponder.State.FAILED, step.state());
        assertEquals(INVALID_PARAMETER, onlyStatus(step));
    }

    @Test
    void initiatorStatusReportAbortsSilently() throws Exception {
        PaseResponder responder = responder();
        TestPaseInitiator initiator = initiator(PASSCODE, false);
        responder.on(initiator.pbkdfParamRequest(false, Optional.empty()));
        HandshakeStep<PaseResponder.State, PaseSession> step = responder.on(new HandshakeEvent.MessageReceived(
                SecureChannelOpcode.STATUS_REPORT, Bytes.of(INVALID_PARAMETER.encode())));
        assertEquals(PaseResponder.State.FAILED, step.state());
        assertTrue(step.messages().isEmpty());
        assertTrue(step.failure().isPresent());
    }

    @Test
    void timeoutFailsInEveryActiveState() throws Exception {
        PaseResponder waiting = responder();
        assertEquals(PaseResponder.State.FAILED, waiting.on(new HandshakeEvent.TimedOut()).state());

        PaseResponder mid = responder();
        TestPaseInitiator initiator = initiator(PASSCODE, false);
        HandshakeStep<PaseResponder.State, PaseSession> s1 = mid.on(initiator.pbkdfParamRequest(false, Optional.empty()));
        mid.on(initiator.pake1(s1.messages().get(0), null));
        HandshakeStep<PaseResponder.State, PaseSession> step = mid.on(new HandshakeEvent.TimedOut());
        assertEquals(PaseResponder.State.FAILED, step.state());
        assertTrue(step.messages().isEmpty());
    }

    @Test
    void terminalStatesIgnoreEverything() throws Exception {
        PaseResponder responder = responder();
        TestPaseInitiator initiator = initiator(PASSCODE, false);
        HandshakeStep<PaseResponder.State, PaseSession> s1 = responder.on(initiator.pbkdfParamRequest(false, Optional.empty()));
        HandshakeStep<PaseResponder.State, PaseSession> s2 = responder.on(initiator.pake1(s1.messages().get(0), null));
        HandshakeEvent pake3 = initiator.pake3(s2.messages().get(0));
        assertEquals(PaseResponder.State.ESTABLISHED, responder.on(pake3).state());
        HandshakeStep<PaseResponder.State, PaseSession> again = responder.on(pake3);
        assertEquals(PaseResponder.State.ESTABLISHED, again.state());
        assertTrue(again.messages().isEmpty());
        assertTrue(again.established().isEmpty());
        assertEquals(PaseResponder.State.ESTABLISHED, responder.on(new HandshakeEvent.TimedOut()).state());

        PaseResponder failed = responder();
        failed.on(new HandshakeEvent.TimedOut());
        HandshakeStep<PaseResponder.State, PaseSession> after = failed.on(initiator(PASSCODE, false).pbkdfParamRequest(false, Optional.empty()));
        assertEquals(PaseResponder.State.FAILED, after.state());
        assertTrue(after.messages().isEmpty());
    }

    @Test
    void responderHoldsTheVerifierNeverThePasscode() throws Exception {
        // The configuration has no passcode component at all.
        List<String> components = Arrays.stream(PaseResponder.Config.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        assertEquals(List.of("verifier", "pbkdf", "localSessionId", "localSessionParams"), components);
        // The verifier really is what the passcode derives, and no field of a running responder holds the passcode.
        assertEquals(VERIFIER, Spake2p.secretsFromPasscode(PASSCODE, PBKDF.salt().toByteArray(), 1000).verifier());
        PaseResponder responder = responder();
        responder.on(initiator(PASSCODE, false).pbkdfParamRequest(false, Optional.empty()));
        for (Field field : PaseResponder.class.getDeclaredFields()) {
            field.setAccessible(true);
            Object value = field.get(java.lang.reflect.Modifier.isStatic(field.getModifiers()) ? null : responder);
            if (value instanceof Number number) {
                assertNotEquals(PASSCODE, number.longValue(), field.getName());
            }
            assertFalse(String.valueOf(value).contains(Long.toString(PASSCODE)), field.getName());
        }
        assertFalse(VERIFIER.toString().contains(VERIFIER.w0().hex()));
    }

    @Test
    void sessionParametersRejectOutOfRange() {
        try {
            new SessionParameters(OptionalLong.of(1L << 32), OptionalLong.empty(), OptionalLong.empty(),
                    OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
            throw new AssertionError("expected rejection");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("idleIntervalMs"));
        }
    }
}
