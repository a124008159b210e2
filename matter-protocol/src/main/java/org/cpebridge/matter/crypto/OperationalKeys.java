package org.cpebridge.matter.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Fabric-level key derivations: the compressed fabric identifier (Matter core spec 4.3.2.2), operational group keys
 * and their session id and privacy key (4.16.2, the IPK is the operational key of group key set 0), and the CASE
 * destination identifier a responder matches Sigma1 against (4.14.2.4.1).
 */
public final class OperationalKeys {

    /** Length of a symmetric key (epoch, operational, privacy). */
    public static final int KEY_LENGTH = 16;
    /** Length of the compressed fabric identifier. */
    public static final int COMPRESSED_FABRIC_ID_LENGTH = 8;

    private static final byte[] COMPRESSED_FABRIC_INFO = ascii("CompressedFabric");
    private static final byte[] GROUP_KEY_INFO = ascii("GroupKey v1.0");
    private static final byte[] GROUP_KEY_HASH_INFO = ascii("GroupKeyHash");
    private static final byte[] PRIVACY_KEY_INFO = ascii("PrivacyKey");

    private OperationalKeys() {
    }

    /**
     * HKDF(IKM = root public key without its 0x04 prefix, salt = fabric id as 8 big-endian bytes,
     * info = "CompressedFabric", 8).
     */
    public static byte[] compressedFabricId(byte[] rootPublicKey, long fabricId) {
        requireLength(rootPublicKey, P256.POINT_LENGTH, "rootPublicKey");
        byte[] salt = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(fabricId).array();
        return Hkdf.sha256(Arrays.copyOfRange(rootPublicKey, 1, P256.POINT_LENGTH), salt, COMPRESSED_FABRIC_INFO,
                COMPRESSED_FABRIC_ID_LENGTH);
    }

    /** HKDF(IKM = epoch key, salt = compressed fabric id, info = "GroupKey v1.0", 16). */
    public static byte[] operationalGroupKey(byte[] epochKey, byte[] compressedFabricId) {
        requireLength(epochKey, KEY_LENGTH, "epochKey");
        requireLength(compressedFabricId, COMPRESSED_FABRIC_ID_LENGTH, "compressedFabricId");
        return Hkdf.sha256(epochKey, compressedFabricId, GROUP_KEY_INFO, KEY_LENGTH);
    }

    /** The group session id: HKDF(operational key, salt none, "GroupKeyHash", 2) as a big-endian u16. */
    public static int groupSessionId(byte[] operationalGroupKey) {
        requireLength(operationalGroupKey, KEY_LENGTH, "operationalGroupKey");
        byte[] hash = Hkdf.sha256(operationalGroupKey, new byte[0], GROUP_KEY_HASH_INFO, 2);
        return (hash[0] & 0xFF) << 8 | (hash[1] & 0xFF);
    }

    /** The group privacy key: HKDF(operational key, salt none, "PrivacyKey", 16). */
    public static byte[] groupPrivacyKey(byte[] operationalGroupKey) {
        requireLength(operationalGroupKey, KEY_LENGTH, "operationalGroupKey");
        return Hkdf.sha256(operationalGroupKey, new byte[0], PRIVACY_KEY_INFO, KEY_LENGTH);
    }

    /**
     * HMAC(IPK, initiatorRandom || root public key || fabric id (8 LE) || node id (8 LE)): the value Sigma1 carries
     * so the responder can find which of its fabrics and node ids the initiator wants.
     */
    public static byte[] caseDestinationId(byte[] ipk, byte[] initiatorRandom, byte[] rootPublicKey, long fabricId,
            long nodeId) {
        requireLength(ipk, KEY_LENGTH, "ipk");
        requireLength(initiatorRandom, 32, "initiatorRandom");
        requireLength(rootPublicKey, P256.POINT_LENGTH, "rootPublicKey");
        byte[] ids = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(fabricId).putLong(nodeId).array();
        return Hashes.hmacSha256(ipk, initiatorRandom, rootPublicKey, ids);
    }

    private static void requireLength(byte[] value, int length, String name) {
        Objects.requireNonNull(value, name);
        if (value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + value.length);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
