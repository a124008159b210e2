package org.cpebridge.matter.crypto;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * SPAKE2+ over P-256 with SHA-256, HKDF and HMAC, exactly as Matter core spec 3.10 specifies it: the key schedule of
 * draft-bar-cfrg-spake2plus-01, not RFC 9383. Transcript TT = each of Context, idProver, idVerifier, M, N, X, Y, Z, V,
 * w0 prefixed by its length as an 8-byte little-endian integer; Ka || Ke = SHA-256(TT); KcA || KcB =
 * HKDF(salt = none, Ka, "ConfirmationKeys", 32); cA = HMAC(KcA, Y), cB = HMAC(KcB, X).
 *
 * <p>Stateless helpers; the two roles are {@link Spake2pProver} and {@link Spake2pVerifierRole}.
 */
public final class Spake2p {

    /** PBKDF2 output per w: 40 bytes, so that the reduction mod n is nearly uniform (core spec 3.10). */
    public static final int W_SEED_LENGTH = 40;
    /** Length of Ka, Ke, KcA and KcB: half a SHA-256 output. */
    public static final int HALF_KEY_LENGTH = 16;

    private static final byte[] CONFIRMATION_KEYS_INFO = "ConfirmationKeys".getBytes(StandardCharsets.US_ASCII);

    /** Matter core spec 3.10: M, compressed. */
    static final P256Point M = constantPoint("02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f");
    /** Matter core spec 3.10: N, compressed. */
    static final P256Point N = constantPoint("03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49");

    private Spake2p() {
    }

    /** The prover's secrets w0 and w1, derived from the passcode. */
    public record PasscodeSecrets(BigInteger w0, BigInteger w1) {

        /** The values the commissionee stores: w0 and L = w1·G. */
        public Spake2pVerifier verifier() {
            try {
                return new Spake2pVerifier(org.cpebridge.bytes.Bytes.of(P256.scalarBytes(w0)),
                        org.cpebridge.bytes.Bytes.of(P256.generator().multiply(w1).encodeUncompressed()));
            } catch (CryptoException e) {
                throw new IllegalStateException("w1 reduced to zero", e);
            }
        }

        @Override
        public String toString() {
            return "PasscodeSecrets[<redacted>]";
        }
    }

    /**
     * Derives w0 and w1 from a passcode: PBKDF2-HMAC-SHA256(passcode as 4-byte little-endian, salt, iterations, 80),
     * split into two 40-byte halves, each reduced modulo n (core spec 3.10, "Computation of pA").
     */
    public static PasscodeSecrets secretsFromPasscode(long passcode, byte[] salt, int iterations) {
        if (passcode < 0 || passcode > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("passcode does not fit 32 bits");
        }
        byte[] password = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) passcode).array();
        byte[] ws = Pbkdf2.hmacSha256(password, salt, iterations, 2 * W_SEED_LENGTH);
        return new PasscodeSecrets(P256.reduce(Arrays.copyOfRange(ws, 0, W_SEED_LENGTH)),
                P256.reduce(Arrays.copyOfRange(ws, W_SEED_LENGTH, 2 * W_SEED_LENGTH)));
    }

    /** The keys of one SPAKE2+ run. Ke is the shared secret handed to the session layer. */
    public record Keys(byte[] ka, byte[] ke, byte[] kcA, byte[] kcB) {

        @Override
        public String toString() {
            return "Spake2p.Keys[<redacted>]";
        }
    }

    /** Runs the draft-01 key schedule over the transcript. */
    static Keys keySchedule(byte[] context, byte[] idProver, byte[] idVerifier, byte[] x, byte[] y, byte[] z,
            byte[] v, BigInteger w0) {
        TranscriptBuilder tt = new TranscriptBuilder();
        tt.add(context).add(idProver).add(idVerifier)
                .add(M.encodeUncompressed()).add(N.encodeUncompressed())
                .add(x).add(y).add(z).add(v).add(P256.scalarBytes(w0));
        byte[] hash = Hashes.sha256(tt.toByteArray());
        byte[] ka = Arrays.copyOfRange(hash, 0, HALF_KEY_LENGTH);
        byte[] ke = Arrays.copyOfRange(hash, HALF_KEY_LENGTH, 2 * HALF_KEY_LENGTH);
        byte[] kc = Hkdf.sha256(ka, new byte[0], CONFIRMATION_KEYS_INFO, 2 * HALF_KEY_LENGTH);
        return new Keys(ka, ke, Arrays.copyOfRange(kc, 0, HALF_KEY_LENGTH),
                Arrays.copyOfRange(kc, HALF_KEY_LENGTH, 2 * HALF_KEY_LENGTH));
    }

    private static P256Point constantPoint(String hex) {
        try {
            return P256Point.decode(HexFormat.of().parseHex(hex));
        } catch (CryptoException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Builds TT: each part preceded by its length as an 8-byte little-endian integer. */
    private static final class TranscriptBuilder {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        TranscriptBuilder add(byte[] part) {
            Objects.requireNonNull(part, "part");
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(part.length).array());
            out.writeBytes(part);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
