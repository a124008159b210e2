package org.cpebridge.securetime.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpebridge.securetime.crypto.RoughtimeHash;
import org.cpebridge.securetime.server.OnlineKey;
import org.cpebridge.securetime.server.Responder;
import org.cpebridge.securetime.server.ServerTime;
import org.cpebridge.securetime.testing.TestKeys;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.Request;
import org.cpebridge.securetime.wire.Response;
import org.cpebridge.securetime.wire.SignedResponse;
import org.cpebridge.securetime.wire.Versions;
import org.junit.jupiter.api.Test;

/** Every check of the verifier, against answers our pure responder makes (no sockets). */
class ResponseVerifierTest {

    private static final long NOW = 1_796_000_000L;
    private final KeyPair longTerm = TestKeys.longTerm();
    private final OnlineKey online = TestKeys.delegation(longTerm, NOW - 3600, NOW + 3600);
    private final Responder responder = new Responder(TestKeys.raw(longTerm));

    private static Request request(int seed, List<Long> versions) {
        byte[] nonce = new byte[32];
        nonce[0] = (byte) seed;
        nonce[1] = (byte) (seed >> 8);
        return Request.create(versions, Bytes.of(nonce), Optional.empty());
    }

    private Response answer(Request request, ServerTime time, OnlineKey key) {
        return responder.answer(List.of(request), time, key).answers().get(0).response();
    }

    private VerificationException.Reason rejected(Request sent, Response response) {
        return assertThrows(VerificationException.class,
                () -> ResponseVerifier.verify(TestKeys.raw(longTerm), sent, response.packet().asByteBuffer())).reason();
    }

    @Test
    void honestAnswerVerifiesInBothVersions() throws Exception {
        Request both = request(1, Versions.OFFERED);
        VerifiedAnswer answer = ResponseVerifier.verify(TestKeys.raw(longTerm), both,
                answer(both, new ServerTime(NOW, 2), online).packet().asByteBuffer());
        assertEquals(Versions.RFC, answer.version());
        assertEquals(NOW, answer.midpointSeconds());
        assertEquals(2, answer.radiusSeconds());

        Request draftOnly = request(2, List.of(Versions.DRAFT_12_TO_19));
        assertEquals(Versions.DRAFT_12_TO_19, ResponseVerifier.verify(TestKeys.raw(longTerm), draftOnly,
                answer(draftOnly, new ServerTime(NOW, 2), online).packet().asByteBuffer()).version());
    }

    @Test
    void batchOfManyVerifiesEachUnderOneSignature() throws Exception {
        List<Request> batch = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            batch.add(request(i, Versions.OFFERED));
        }
        Responder.Batch answers = responder.answer(batch, new ServerTime(NOW, 1), online);
        assertEquals(1, answers.signatures());
        for (Responder.Answered answered : answers.answers()) {
            ResponseVerifier.verify(TestKeys.raw(longTerm), answered.request(),
                    answered.response().packet().asByteBuffer());
        }
    }

    @Test
    void wrongPinnedKeyFailsTheDelegationSignature() {
        Request sent = request(3, Versions.OFFERED);
        Response response = answer(sent, new ServerTime(NOW, 1), online);
        assertEquals(VerificationException.Reason.DELEGATION_SIGNATURE, assertThrows(VerificationException.class,
                () -> ResponseVerifier.verify(TestKeys.raw(TestKeys.longTerm()), sent,
                        response.packet().asByteBuffer()))
                .reason());
    }

    @Test
    void tamperedSrepFailsTheResponseSignature() {
        Request sent = request(4, Versions.OFFERED);
        Response honest = answer(sent, new ServerTime(NOW, 1), online);
        SignedResponse later = SignedResponse.create(Versions.RFC, 1, NOW + 3000, Versions.OFFERED,
                honest.signed().root());
        Response tampered = Response.create(honest.signature(), honest.nonce(), honest.path(), later,
                honest.certificate(), honest.index());
        assertEquals(VerificationException.Reason.RESPONSE_SIGNATURE, rejected(sent, tampered));
    }

    @Test
    void wrongMerklePathOrIndexFails() {
        Request sent = request(5, Versions.OFFERED);
        Request other = request(6, Versions.OFFERED);
        Responder.Batch two = responder.answer(List.of(sent, other), new ServerTime(NOW, 1), online);
        Response honest = two.answers().get(0).response();
        Response badPath = Response.create(honest.signature(), honest.nonce(),
                List.of(RoughtimeHash.leaf(Bytes.of(new byte[] {1}))), honest.signed(), honest.certificate(), 0);
        assertEquals(VerificationException.Reason.MERKLE_PATH, rejected(sent, badPath));
        Response badIndex = Response.create(honest.signature(), honest.nonce(), honest.path(), honest.signed(),
                honest.certificate(), 1);
        assertEquals(VerificationException.Reason.MERKLE_PATH, rejected(sent, badIndex));
        // The other request's answer is genuine, but not for our request.
        Response notOurs = two.answers().get(1).response();
        Response relabelled = Response.create(notOurs.signature(), sent.nonce(), notOurs.path(), notOurs.signed(),
                notOurs.certificate(), notOurs.index());
        assertEquals(VerificationException.Reason.MERKLE_PATH, rejected(sent, relabelled));
    }

    @Test
    void midpointOutsideTheDelegationFails() {
        Request sent = request(7, Versions.OFFERED);
        OnlineKey expired = TestKeys.delegation(longTerm, NOW - 7200, NOW - 3600);
        assertEquals(VerificationException.Reason.OUTSIDE_DELEGATION,
                rejected(sent, answer(sent, new ServerTime(NOW, 1), expired)));
        OnlineKey future = TestKeys.delegation(longTerm, NOW + 10, NOW + 3600);
        assertEquals(VerificationException.Reason.OUTSIDE_DELEGATION,
                rejected(sent, answer(sent, new ServerTime(NOW, 1), future)));
    }

    @Test
    void unsynchronisedRadiusIsRejected() {
        Request sent = request(8, Versions.OFFERED);
        assertEquals(VerificationException.Reason.UNSYNCHRONISED, rejected(sent,
                answer(sent, new ServerTime(NOW, SignedResponse.UNSYNCHRONISED_RADIUS), online)));
    }

    @Test
    void someoneElsesNonceIsRejected() {
        Request sent = request(9, Versions.OFFERED);
        Request other = request(10, Versions.OFFERED);
        assertEquals(VerificationException.Reason.NONCE_MISMATCH,
                rejected(sent, answer(other, new ServerTime(NOW, 1), online)));
    }

    @Test
    void versionWeDidNotOfferIsRejected() {
        Request sentDraftOnly = request(11, List.of(Versions.DRAFT_12_TO_19));
        Request sameNonceRfc = Request.create(List.of(Versions.RFC), sentDraftOnly.nonce(), Optional.empty());
        // An answer in version 1 to a request that offered only 0x8000000c (a downgrade/upgrade attempt).
        Response response = answer(sameNonceRfc, new ServerTime(NOW, 1), online);
        assertEquals(VerificationException.Reason.VERSION_NOT_OFFERED, rejected(sentDraftOnly, response));
    }

    @Test
    void garbageIsMalformedNotACrash() {
        Request sent = request(12, Versions.OFFERED);
        assertEquals(VerificationException.Reason.MALFORMED, assertThrows(VerificationException.class,
                () -> ResponseVerifier.verify(TestKeys.raw(longTerm), sent, ByteBuffer.wrap(new byte[65507])))
                .reason());
    }

    @Test
    void requestsForAnotherKeyOrVersionGetNoAnswer() {
        Request otherKey = Request.create(Versions.OFFERED, Bytes.of(new byte[32]),
                Optional.of(RoughtimeHash.serverId(TestKeys.raw(TestKeys.longTerm()))));
        Request oldDraft = Request.create(List.of(0x8000000bL), Bytes.of(new byte[32]), Optional.empty());
        Request ours = Request.create(Versions.OFFERED, Bytes.of(new byte[32]),
                Optional.of(RoughtimeHash.serverId(TestKeys.raw(longTerm))));
        Responder.Batch batch = responder.answer(List.of(otherKey, oldDraft, ours), new ServerTime(NOW, 1), online);
        assertEquals(1, batch.answers().size());
        assertEquals(ours, batch.answers().get(0).request());
    }
}
