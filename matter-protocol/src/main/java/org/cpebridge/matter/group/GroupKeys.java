package org.cpebridge.matter.group;

import java.util.Objects;
import java.util.Set;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.crypto.OperationalKeys;

/**
 * The keys one epoch key of a group key set gives on one fabric (Matter core 4.16.2, "Group Key Derivation"):
 * the operational group key that encrypts group messages, its 16-bit group session id (what a receiver picks
 * candidate keys by) and the privacy key that obfuscates headers. {@link #toString()} shows no key.
 *
 * @param fabricIndex the fabric the key set belongs to
 * @param keySetId the group key set's id
 * @param encryptionKey the operational group key, 16 bytes
 * @param privacyKey the group privacy key, 16 bytes
 * @param sessionId the group session id
 * @param groupIds the groups GroupKeyMap maps to this key set
 */
public record GroupKeys(int fabricIndex, int keySetId, Bytes encryptionKey, Bytes privacyKey, int sessionId,
                        Set<Integer> groupIds) {

    public GroupKeys {
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(privacyKey, "privacyKey");
        if (encryptionKey.length() != OperationalKeys.KEY_LENGTH || privacyKey.length() != OperationalKeys.KEY_LENGTH) {
            throw new IllegalArgumentException("group keys are 16 bytes");
        }
        if (sessionId < 0 || sessionId > 0xFFFF) {
            throw new IllegalArgumentException("group session id out of range 0..0xFFFF: " + sessionId);
        }
        groupIds = Set.copyOf(groupIds);
    }

    /**
     * Derives the keys of {@code epochKey} on the fabric whose compressed fabric id is {@code compressedFabricId}:
     * operational key = HKDF(epoch key, salt = compressed fabric id, "GroupKey v1.0"); session id and privacy key
     * from the operational key ("GroupKeyHash", "PrivacyKey").
     */
    public static GroupKeys derive(GroupDirectory.EpochKey epochKey, Bytes compressedFabricId) {
        byte[] operational = OperationalKeys.operationalGroupKey(epochKey.epochKey(),
                compressedFabricId.toByteArray());
        return new GroupKeys(epochKey.fabricIndex(), epochKey.keySetId(), Bytes.of(operational),
                Bytes.of(OperationalKeys.groupPrivacyKey(operational)), OperationalKeys.groupSessionId(operational),
                epochKey.groupIds());
    }

    @Override
    public String toString() {
        return "GroupKeys[fabric=" + fabricIndex + ", keySet=" + keySetId + ", session=0x"
                + Integer.toHexString(sessionId) + ", groups=" + groupIds + ", keys=<redacted>]";
    }
}
