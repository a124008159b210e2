package org.cpebridge.matter.crypto;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The SPAKE2+ verifier (party B, the commissionee in Matter): holds only w0 and L, answers X with Y and cB, then
 * checks cA. One instance per run; not thread-safe (owned by the session's serial executor).
 *
 * <p>w0·M and w0·N depend on the verifier only, so they are computed once per verifier (a commissioning window's)
 * and kept for the next run against it: three point multiplications per run instead of five, one of them by G.
 */
public final class Spake2pVerifierRole {

    /** w0·M and w0·N of one verifier. Immutable. */
    private record Blinding(Spake2pVerifier verifier, P256Point w0m, P256Point w0n) {
    }

    /** The blinding of the last verifier used (one window is open at a time); replaced, never changed. */
    private static volatile Blinding lastBlinding;

    private final byte[] context;
    private final byte[] idProver;
    private final byte[] idVerifier;
    private final BigInteger w0;
    private final P256Point l;
    private final Spake2pVerifier verifier;
    private final CryptoRandom random;
    private Spake2p.Keys keys;
    private byte[] expectedCa;

    /** The verifier's answer to X: its share Y and confirmation cB. */
    public record Response(byte[] shareY, byte[] cB) {
    }

    /** Prepares a run; the ephemeral scalar y is drawn from {@code random} when X arrives. */
    public Spake2pVerifierRole(byte[] context, byte[] idProver, byte[] idVerifier, Spake2pVerifier verifier,
            CryptoRandom random) {
        this.context = Objects.requireNonNull(context, "context").clone();
        this.idProver = Objects.requireNonNull(idProver, "idProver").clone();
        this.idVerifier = Objects.requireNonNull(idVerifier, "idVerifier").clone();
        this.verifier = verifier;
        this.w0 = new BigInteger(1, verifier.w0().toByteArray());
        try {
            this.l = P256Point.decode(verifier.l().toByteArray());
        } catch (CryptoException e) {
            throw new IllegalArgumentException("verifier L is invalid", e);
        }
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Processes the prover's X: computes Y = y·G + w0·N, Z = y·(X − w0·M), V = y·L, the key schedule and cB.
     *
     * @throws CryptoException if X is not a valid point or X − w0·M is the identity
     * @throws IllegalStateException if called twice
     */
    public Response respond(byte[] shareX) throws CryptoException {
        if (keys != null) {
            throw new IllegalStateException("SPAKE2+ verifier already answered");
        }
        P256Point x = P256Point.decode(shareX);
        Blinding blinding = blinding();
        P256Point unblinded = x.subtract(blinding.w0m());
        BigInteger y = P256.randomScalar(random);
        byte[] shareY = P256.multiplyGenerator(y).add(blinding.w0n()).encodeUncompressed();
        byte[] z = unblinded.multiply(y).encodeUncompressed();
        byte[] v = l.multiply(y).encodeUncompressed();
        byte[] xBytes = x.encodeUncompressed();
        keys = Spake2p.keySchedule(context, idProver, idVerifier, xBytes, shareY, z, v, w0);
        expectedCa = Hashes.hmacSha256(keys.kcA(), shareY);
        return new Response(shareY, Hashes.hmacSha256(keys.kcB(), xBytes));
    }

    private Blinding blinding() throws CryptoException {
        Blinding last = lastBlinding;
        if (last != null && last.verifier().equals(verifier)) {
            return last;
        }
        Blinding fresh = new Blinding(verifier, Spake2p.M.multiply(w0), Spake2p.N.multiply(w0));
        lastBlinding = fresh;
        return fresh;
    }

    /**
     * Checks the prover's cA and returns the shared key Ke.
     *
     * @throws CryptoException if cA does not match (wrong passcode)
     * @throws IllegalStateException if {@link #respond} has not run
     */
    public byte[] confirm(byte[] cA) throws CryptoException {
        if (keys == null) {
            throw new IllegalStateException("SPAKE2+ verifier has not answered X yet");
        }
        if (cA == null || !Hashes.constantTimeEquals(expectedCa, cA)) {
            throw new CryptoException("SPAKE2+ prover confirmation cA does not match");
        }
        return keys.ke().clone();
    }

    /** For vector tests: the key schedule after {@link #respond}. */
    Spake2p.Keys keys() {
        return keys;
    }
}
