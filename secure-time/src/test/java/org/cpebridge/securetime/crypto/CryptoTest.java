package org.cpebridge.securetime.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class CryptoTest {

    /** RFC 8032 section 7.1, TEST 1: the JDK provider behind our raw-key conversions. */
    @Test
    void rfc8032TestOneThroughRawKeys() {
        Bytes seed = Bytes.fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        Bytes publicKey = Bytes.fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Bytes signature = Bytes.fromHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33"
                + "bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        PrivateKey key = Ed25519.privateKey(seed);
        assertEquals(seed, Ed25519.seedOf(key));
        assertEquals(signature, Ed25519.sign(key, new byte[0], Bytes.EMPTY));
        assertTrue(Ed25519.verify(Ed25519.publicKey(publicKey), signature, new byte[0], Bytes.EMPTY));
        assertFalse(Ed25519.verify(Ed25519.publicKey(publicKey), signature, new byte[] {0}, Bytes.EMPTY));
        assertEquals(publicKey, Ed25519.rawPublic(Ed25519.publicKey(publicKey)));
    }

    @Test
    void everyLeafOfEveryTreeSizeWalksBackToTheRoot() {
        for (int size = 1; size <= 33; size++) {
            List<Bytes> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(RoughtimeHash.leaf(Bytes.of(new byte[] {(byte) i, (byte) size})));
            }
            MerkleTree tree = new MerkleTree(leaves);
            for (int i = 0; i < size; i++) {
                List<Bytes> path = tree.path(i);
                assertEquals(tree.root(), RoughtimeHash.rootFromPath(leaves.get(i), path, i), size + "/" + i);
                if (size > 1) {
                    assertNotEquals(tree.root(), RoughtimeHash.rootFromPath(leaves.get(i), path, i ^ 1));
                }
            }
        }
        Bytes only = RoughtimeHash.leaf(Bytes.EMPTY);
        assertEquals(only, new MerkleTree(List.of(only)).root(), "one request: ROOT is its leaf, PATH empty");
    }

    @Test
    void hashesAreTweakedSha512TruncatedTo32Bytes() throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-512");
        byte[] expected = java.util.Arrays.copyOf(sha.digest(new byte[] {0x00, 7}), 32);
        assertEquals(Bytes.of(expected), RoughtimeHash.leaf(Bytes.of(new byte[] {7})));
        byte[] srv = java.util.Arrays.copyOf(sha.digest(new byte[] {(byte) 0xff, 7}), 32);
        assertEquals(Bytes.of(srv), RoughtimeHash.serverId(Bytes.of(new byte[] {7})));
    }
}
