package org.cpebridge.matter.crypto;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The SPAKE2+ prover (party A, the commissioner in Matter): holds w0 and w1, sends X, checks cB, answers cA. One
 * instance per run; not thread-safe (owned by the session's serial executor).
 */
public final class Spake2pProver {

    private final byte[] context;
    private final byte[] idProver;
    private final byte[] idVerifier;
    private final BigInteger w0;
    private final BigInteger w1;
    private final BigInteger x;
    private final byte[] shareX;
    private Spake2p.Keys keys;

    /** Result of a successful run: the confirmation cA to send and the shared key Ke. */
    public record Confirmation(byte[] cA, byte[] ke) {

        @Override
        public String toString() {
            return "Spake2pProver.Confirmation[<redacted>]";
        }
    }

    /** Starts a run; draws the ephemeral scalar x from {@code random}. */
    public Spake2pProver(byte[] context, byte[] idProver, byte[] idVerifier, Spake2p.PasscodeSecrets secrets,
            CryptoRandom random) {
        this.context = Objects.requireNonNull(context, "context").clone();
        this.idProver = Objects.requireNonNull(idProver, "idProver").clone();
        this.idVerifier = Objects.requireNonNull(idVerifier, "idVerifier").clone();
        this.w0 = secrets.w0();
        this.w1 = secrets.w1();
        this.x = P256.randomScalar(random);
        try {
            this.shareX = P256.generator().multiply(x).add(Spake2p.M.multiply(w0)).encodeUncompressed();
        } catch (CryptoException e) {
            throw new IllegalStateException("X = x*G + w0*M is infinity; negligible probability", e);
        }
    }

    /** X = x·G + w0·M, uncompressed (pA of Pake1). */
    public byte[] shareX() {
        return shareX.clone();
    }

    /**
     * Processes the verifier's Y and cB.
     *
     * @throws CryptoException if Y is not a valid point or cB does not match
     */
    public Confirmation finish(byte[] shareY, byte[] cB) throws CryptoException {
        byte[] shareYChecked = runKeySchedule(shareY);
        byte[] expectedCb = Hashes.hmacSha256(keys.kcB(), shareX);
        if (cB == null || !Hashes.constantTimeEquals(expectedCb, cB)) {
            throw new CryptoException("SPAKE2+ verifier confirmation cB does not match");
        }
        return new Confirmation(Hashes.hmacSha256(keys.kcA(), shareYChecked), keys.ke().clone());
    }

    /**
     * Computes cA for Y without checking the verifier's cB. A real initiator must use {@link #finish}; this exists so
     * tests can play a prover with a wrong passcode that presses on to Pake3.
     *
     * @throws CryptoException if Y is not a valid point
     */
    public byte[] unverifiedConfirmation(byte[] shareY) throws CryptoException {
        byte[] shareYChecked = runKeySchedule(shareY);
        return Hashes.hmacSha256(keys.kcA(), shareYChecked);
    }

    private byte[] runKeySchedule(byte[] shareY) throws CryptoException {
        P256Point y = P256Point.decode(shareY);
        P256Point unblinded = y.subtract(Spake2p.N.multiply(w0));
        byte[] z = unblinded.multiply(x).encodeUncompressed();
        byte[] v = unblinded.multiply(w1).encodeUncompressed();
        byte[] yBytes = y.encodeUncompressed();
        keys = Spake2p.keySchedule(context, idProver, idVerifier, shareX, yBytes, z, v, w0);
        return yBytes;
    }

    /** For vector tests: the key schedule after {@link #finish}. */
    Spake2p.Keys keys() {
        return keys;
    }
}
