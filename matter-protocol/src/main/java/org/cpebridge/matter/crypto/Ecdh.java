package org.cpebridge.matter.crypto;

/** P-256 Elliptic Curve Diffie-Hellman (Matter core spec 3.6 "ECDH"): the shared secret is the X coordinate. */
public final class Ecdh {

    private Ecdh() {
    }

    /**
     * Computes the 32-byte shared secret between our key pair and the peer's public point.
     *
     * @throws CryptoException if the product is the point at infinity
     */
    public static byte[] sharedSecret(P256KeyPair ours, P256Point peer) throws CryptoException {
        return peer.multiply(ours.privateScalar()).xBytes();
    }
}
