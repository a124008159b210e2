package org.cpebridge.matter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * SPAKE2+ against connectedhomeip {@code src/crypto/tests/SPAKE2P_RFC_test_vectors.h} (draft-01 key schedule,
 * context "SPAKE2+-P256-SHA256-HKDF draft-01"), and the verifier against {@code
 * src/protocols/secure_channel/tests/TestPASESession.cpp} test set #01.
 */
class Spake2pTest {

    private static final byte[] CONTEXT = ascii("SPAKE2+-P256-SHA256-HKDF draft-01");

    // SPAKE2P_RFC_test_vectors.h, all four vectors: w0, w1, L
    private static final String W0 = "e6887cf9bdfb7579c69bf47928a84514b5e355ac034863f7ffaf4390e67d798c";
    private static final String W1 = "24b5ae4abda868ec9336ffc3b78ee31c5755bef1759227ef5372ca139b94e512";
    private static final String L = "0495645cfb74df6e58f9748bb83a86620bab7c82e107f57d6870da8cbcb2ff9f70"
            + "63a14b6402c62f99afcb9706a4d1a143273259fe76f1c605a3639745a92154b9";

    /** One vector of SPAKE2P_RFC_test_vectors.h. */
    private record Vector(String idProver, String idVerifier, String x, String shareX, String y, String shareY,
            String z, String v, String ka, String ke, String kcA, String kcB, String macKcA, String macKcB) {
    }

    // SPAKE2P_RFC_test_vectors.h chiptest_e4836c3b50dd_test_vector_16: identities "client" / "server"
    private static final Vector WITH_IDENTITIES = new Vector("client", "server",
            "8b0f3f383905cf3a3bb955ef8fb62e24849dd349a05ca79aafb18041d30cbdb6",
            "04af09987a593d3bac8694b123839422c3cc87e37d6b41c1d630f000dd64980e53"
                    + "7ae704bcede04ea3bec9b7475b32fa2ca3b684be14d11645e38ea6609eb39e7e",
            "2e0895b0e763d6d5a9564433e64ac3cac74ff897f6c3445247ba1bab40082a91",
            "04417592620aebf9fd203616bbb9f121b730c258b286f890c5f19fea833a9c900c"
                    + "be9057bc549a3e19975be9927f0e7614f08d1f0a108eede5fd7eb5624584a4f4",
            "0471a35282d2026f36bf3ceb38fcf87e3112a4452f46e9f7b47fd769cfb570145b"
                    + "62589c76b7aa1eb6080a832e5332c36898426912e29c40ef9e9c742eee82bf30",
            "046718981bf15bc4db538fc1f1c1d058cb0eececf1dbe1b1ea08a4e25275d382e8"
                    + "2b348c8131d8ed669d169c2e03a858db7cf6ca2853a4071251a39fbe8cfc39bc",
            "f9cab9adcc0ed8e5a4db11a8505914b2",
            "801db297654816eb4f02868129b9dc89",
            "0d248d7d19234f1486b2efba5179c52d",
            "556291df26d705a2caedd6474dd0079b",
            "d4376f2da9c72226dd151b77c2919071155fc22a2068d90b5faa6c78c11e77dd",
            "0660a680663e8c5695956fb22dff298b1d07a526cf3cc591adfecd1f6ef6e02e");

    // SPAKE2P_RFC_test_vectors.h chiptest_e4836c3b50dd_test_vector_64: both identities empty, as in Matter PASE
    private static final Vector EMPTY_IDENTITIES = new Vector("", "",
            "5b478619804f4938d361fbba3a20648725222f0a54cc4c876139efe7d9a21786",
            "04a6db23d001723fb01fcfc9d08746c3c2a0a3feff8635d29cad2853e735862342"
                    + "5cf39712e928054561ba71e2dc11f300f1760e71eb177021a8f85e78689071cd",
            "766770dad8c8eecba936823c0aed044b8c3c4f7655e8beec44a15dcbcaf78e5e",
            "04390d29bf185c3abf99f150ae7c13388c82b6be0c07b1b8d90d26853e84374bbd"
                    + "c82becdb978ca3792f472424106a2578012752c11938fcf60a41df75ff7cf947",
            "040a150d9a62f514c9a1fedd782a0240a342721046cefb1111c3adb3be893ce9fc"
                    + "d2ffa137922fcf8a588d0f76ba9c55c85da2af3f1c789ca17976810387fb1d7e",
            "04f8e247cc263a1846272f5a3b61b68aa60a5a2665d10cd22c89cd6bad05dc0e5e"
                    + "650f21ff017186cc92651a4cd7e66ce88f529299f340ea80fb90a9bad094e1a6",
            "5929a3ce9822c81401bf0f764f69af08",
            "ea3276d68334576097e04b19ee5a3a8b",
            "7f84b939d600117256b0c8a6d40cf181",
            "f7d7547ced93f681e8df4c258c4516fd",
            "71d9412779b6c45a2c615c9df3f1fd93dc0aaf63104da8ece4aa1b5a3a415fea",
            "095dc0400355cc233fde7437811815b3c1524aae80fd4e6810cf531cf11d20e3");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Spake2p.PasscodeSecrets vectorSecrets() {
        return new Spake2p.PasscodeSecrets(new BigInteger(W0, 16), new BigInteger(W1, 16));
    }

    @Test
    void verifierOfVectorSecretsHasVectorL() {
        Spake2pVerifier verifier = vectorSecrets().verifier();
        assertEquals(Bytes.fromHex(W0), verifier.w0());
        assertEquals(Bytes.fromHex(L), verifier.l());
    }

    @Test
    void vectorWithIdentities() throws CryptoException {
        runVector(WITH_IDENTITIES);
    }

    @Test
    void vectorWithEmptyIdentities() throws CryptoException {
        runVector(EMPTY_IDENTITIES);
    }

    private static void runVector(Vector vec) throws CryptoException {
        Spake2pProver prover = new Spake2pProver(CONTEXT, ascii(vec.idProver()), ascii(vec.idVerifier()),
                vectorSecrets(), FixedRandom.ofHex(vec.x()));
        assertArrayEquals(hex(vec.shareX()), prover.shareX());

        Spake2pVerifierRole verifier = new Spake2pVerifierRole(CONTEXT, ascii(vec.idProver()),
                ascii(vec.idVerifier()), new Spake2pVerifier(Bytes.fromHex(W0), Bytes.fromHex(L)),
                FixedRandom.ofHex(vec.y()));
        Spake2pVerifierRole.Response response = verifier.respond(prover.shareX());
        assertArrayEquals(hex(vec.shareY()), response.shareY());
        assertArrayEquals(hex(vec.macKcB()), response.cB());

        // Z and V directly from the group operations, as the verifier computes them
        P256Point x = P256Point.decode(hex(vec.shareX()));
        BigInteger y = new BigInteger(vec.y(), 16);
        P256Point unblinded = x.subtract(Spake2p.M.multiply(new BigInteger(W0, 16)));
        assertArrayEquals(hex(vec.z()), unblinded.multiply(y).encodeUncompressed());
        assertArrayEquals(hex(vec.v()), P256Point.decode(hex(L)).multiply(y).encodeUncompressed());

        assertKeys(vec, verifier.keys());

        Spake2pProver.Confirmation confirmation = prover.finish(response.shareY(), response.cB());
        assertArrayEquals(hex(vec.macKcA()), confirmation.cA());
        assertArrayEquals(hex(vec.ke()), confirmation.ke());
        assertKeys(vec, prover.keys());

        assertArrayEquals(hex(vec.ke()), verifier.confirm(confirmation.cA()));
    }

    private static void assertKeys(Vector vec, Spake2p.Keys keys) {
        assertArrayEquals(hex(vec.ka()), keys.ka());
        assertArrayEquals(hex(vec.ke()), keys.ke());
        assertArrayEquals(hex(vec.kcA()), keys.kcA());
        assertArrayEquals(hex(vec.kcB()), keys.kcB());
    }

    @Test
    void verifierFromPasscodeMatchesSdkTestSet01() {
        // TestPASESession.cpp sTestSpake2p01_*: passcode 20202021, 1000 iterations, salt "SPAKE2P Key Salt"
        Spake2pVerifier verifier = Spake2p.secretsFromPasscode(20202021, ascii("SPAKE2P Key Salt"), 1000).verifier();
        // TestPASESession.cpp sTestSpake2p01_PASEVerifier.mW0
        assertEquals(Bytes.fromHex("b96170aae803346884724fe9a3b287c30330c2a660375d17bb205a8cf1aecb35"), verifier.w0());
        // TestPASESession.cpp sTestSpake2p01_PASEVerifier.mL
        assertEquals(Bytes.fromHex("0457f8ab79ee253ab6a8e46bb09e543ae422736de501e3db37d441fe344920d095"
                + "48e4c18240630c4ff4913c53513839b7c07fcc0627a1b8573a149fcd1fa466cf"), verifier.l());
        // TestPASESession.cpp sTestSpake2p01_SerializedVerifier = w0 || L
        assertEquals(verifier, Spake2pVerifier.deserialize(verifier.serialize()));
        assertEquals(97, verifier.serialize().length());
    }

    @Test
    void wrongPasscodeFailsBothConfirmations() throws CryptoException {
        byte[] salt = ascii("SPAKE2P Key Salt");
        Spake2pVerifier stored = Spake2p.secretsFromPasscode(20202021, salt, 1000).verifier();
        Spake2pProver prover = new Spake2pProver(new byte[0], new byte[0], new byte[0],
                Spake2p.secretsFromPasscode(20202022, salt, 1000), FixedRandom.ofHex(WITH_IDENTITIES.x()));
        Spake2pVerifierRole verifier = new Spake2pVerifierRole(new byte[0], new byte[0], new byte[0], stored,
                FixedRandom.ofHex(WITH_IDENTITIES.y()));
        Spake2pVerifierRole.Response response = verifier.respond(prover.shareX());
        assertThrows(CryptoException.class, () -> prover.finish(response.shareY(), response.cB()));
        byte[] wrongCa = prover.unverifiedConfirmation(response.shareY());
        assertThrows(CryptoException.class, () -> verifier.confirm(wrongCa));
        assertThrows(CryptoException.class, () -> verifier.confirm(null));
    }

    /**
     * w0·M and w0·N are kept for the last verifier used: runs against two verifiers, one after the other and back,
     * each agree with their own prover and only with it.
     */
    @Test
    void runsAgainstAlternatingVerifiersEachUseTheirOwnW0() throws CryptoException {
        byte[] salt = ascii("SPAKE2P Key Salt");
        Spake2p.PasscodeSecrets first = Spake2p.secretsFromPasscode(20202021, salt, 1000);
        Spake2p.PasscodeSecrets second = Spake2p.secretsFromPasscode(11223344, salt, 1000);
        for (Spake2p.PasscodeSecrets secrets : java.util.List.of(first, second, first, second)) {
            Spake2pProver prover = new Spake2pProver(new byte[0], new byte[0], new byte[0], secrets,
                    FixedRandom.ofHex(WITH_IDENTITIES.x()));
            Spake2pVerifierRole verifier = new Spake2pVerifierRole(new byte[0], new byte[0], new byte[0],
                    secrets.verifier(), FixedRandom.ofHex(WITH_IDENTITIES.y()));
            Spake2pVerifierRole.Response response = verifier.respond(prover.shareX());
            assertArrayEquals(prover.finish(response.shareY(), response.cB()).ke(),
                    verifier.confirm(prover.unverifiedConfirmation(response.shareY())));
            Spake2p.PasscodeSecrets other = secrets == first ? second : first;
            Spake2pProver stranger = new Spake2pProver(new byte[0], new byte[0], new byte[0], other,
                    FixedRandom.ofHex(WITH_IDENTITIES.x()));
            Spake2pVerifierRole.Response refused = new Spake2pVerifierRole(new byte[0], new byte[0], new byte[0],
                    secrets.verifier(), FixedRandom.ofHex(WITH_IDENTITIES.y())).respond(stranger.shareX());
            assertThrows(CryptoException.class, () -> stranger.finish(refused.shareY(), refused.cB()));
        }
    }

    @Test
    void theGeneratorCombAgreesWithThePlainMultiplication() throws CryptoException {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 16; i++) {
            BigInteger scalar = new BigInteger(256, random).mod(P256.ORDER).add(BigInteger.ONE);
            assertEquals(P256.generator().multiply(scalar), P256.multiplyGenerator(scalar));
        }
        assertThrows(CryptoException.class, () -> P256.multiplyGenerator(P256.ORDER));
    }

    @Test
    void verifierRejectsInvalidShares() {
        Spake2pVerifierRole verifier = new Spake2pVerifierRole(new byte[0], new byte[0], new byte[0],
                vectorSecrets().verifier(), FixedRandom.ofHex(WITH_IDENTITIES.y()));
        assertThrows(CryptoException.class, () -> verifier.respond(new byte[65]));
        assertThrows(CryptoException.class, () -> verifier.respond(new byte[3]));
        // X = w0*M makes X - w0*M the identity: must be rejected, not used
        assertThrows(CryptoException.class,
                () -> verifier.respond(Spake2p.M.multiply(new BigInteger(W0, 16)).encodeUncompressed()));
        assertThrows(IllegalStateException.class, () -> verifier.confirm(new byte[32]));
    }

    @Test
    void verifierRecordValidatesAndRedacts() {
        assertThrows(IllegalArgumentException.class,
                () -> new Spake2pVerifier(Bytes.of(new byte[31]), Bytes.fromHex(L)));
        assertThrows(IllegalArgumentException.class,
                () -> new Spake2pVerifier(Bytes.fromHex(W0), Bytes.of(new byte[65])));
        assertThrows(IllegalArgumentException.class,
                () -> new Spake2pVerifier(Bytes.of(P256.scalarBytes(P256.ORDER)), Bytes.fromHex(L)));
        assertThrows(IllegalArgumentException.class, () -> Spake2pVerifier.deserialize(Bytes.of(new byte[96])));
        assertFalse(vectorSecrets().verifier().toString().contains(W0));
    }
}
