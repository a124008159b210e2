package org.cpebridge.matter.fabric;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.crypto.OperationalKeys;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.bytes.Bytes;

/**
 * One fabric this node belongs to (Matter core spec 11.18 "Node Operational Credentials", the Fabrics attribute and
 * the per-fabric secrets behind it). Certificates are kept in Matter TLV form as received in AddTrustedRootCertificate
 * and AddNOC. The compressed fabric id and the operational IPK are derived from the root key, fabric id and IPK epoch
 * key, and checked against them here. {@link #toString()} shows no secret.
 *
 * @param fabricIndex the local index, 1..254
 * @param rootPublicKey the RCAC public key, 65 bytes uncompressed
 * @param fabricId the fabric id from the NOC
 * @param nodeId our operational node id in this fabric
 * @param vendorId the AdminVendorId given with AddNOC
 * @param label the user-visible label, at most 32 bytes of UTF-8
 * @param noc our node operational certificate (Matter TLV)
 * @param icac the intermediate CA certificate, if the fabric uses one (Matter TLV)
 * @param rcac the root CA certificate (Matter TLV)
 * @param operationalKey our operational key pair, whose public key the NOC certifies
 * @param ipkEpochKey the IPK epoch key of group key set 0, as received in AddNOC
 * @param compressedFabricId HKDF of the root key and fabric id, 8 bytes
 * @param operationalIpk the operational group key derived from the IPK epoch key, 16 bytes
 */
public record Fabric(int fabricIndex, Bytes rootPublicKey, long fabricId, long nodeId, int vendorId, String label,
        Bytes noc, Optional<Bytes> icac, Bytes rcac, P256KeyPair operationalKey, Bytes ipkEpochKey,
        Bytes compressedFabricId, Bytes operationalIpk) {

    /** Smallest fabric index. */
    public static final int MIN_INDEX = 1;
    /** Largest fabric index. */
    public static final int MAX_INDEX = 254;
    /** Longest label in UTF-8 bytes (Fabric descriptor Label, max 32). */
    public static final int MAX_LABEL_BYTES = 32;

    /** Checks ranges and that the derived keys match their inputs. */
    public Fabric {
        if (fabricIndex < MIN_INDEX || fabricIndex > MAX_INDEX) {
            throw new IllegalArgumentException("fabric index out of range 1..254: " + fabricIndex);
        }
        if (Objects.requireNonNull(rootPublicKey, "rootPublicKey").length() != 65) {
            throw new IllegalArgumentException("root public key must be 65 bytes");
        }
        if (vendorId < 0 || vendorId > 0xFFFF) {
            throw new IllegalArgumentException("vendor id out of range: " + vendorId);
        }
        checkLabel(label);
        Objects.requireNonNull(noc, "noc");
        Objects.requireNonNull(icac, "icac");
        Objects.requireNonNull(rcac, "rcac");
        Objects.requireNonNull(operationalKey, "operationalKey");
        if (Objects.requireNonNull(ipkEpochKey, "ipkEpochKey").length() != OperationalKeys.KEY_LENGTH) {
            throw new IllegalArgumentException("IPK epoch key must be 16 bytes");
        }
        byte[] cfid = OperationalKeys.compressedFabricId(rootPublicKey.toByteArray(), fabricId);
        if (!Bytes.of(cfid).equals(compressedFabricId)) {
            throw new IllegalArgumentException("compressed fabric id does not match root key and fabric id");
        }
        if (!Bytes.of(OperationalKeys.operationalGroupKey(ipkEpochKey.toByteArray(), cfid)).equals(operationalIpk)) {
            throw new IllegalArgumentException("operational IPK does not match the epoch key");
        }
    }

    /** Builds a fabric, deriving the compressed fabric id and the operational IPK. */
    public static Fabric of(int fabricIndex, Bytes rootPublicKey, long fabricId, long nodeId, int vendorId,
            String label, Bytes noc, Optional<Bytes> icac, Bytes rcac, P256KeyPair operationalKey, Bytes ipkEpochKey) {
        byte[] cfid = OperationalKeys.compressedFabricId(rootPublicKey.toByteArray(), fabricId);
        byte[] ipk = OperationalKeys.operationalGroupKey(ipkEpochKey.toByteArray(), cfid);
        return new Fabric(fabricIndex, rootPublicKey, fabricId, nodeId, vendorId, label, noc, icac, rcac,
                operationalKey, ipkEpochKey, Bytes.of(cfid), Bytes.of(ipk));
    }

    /** A copy with another label. */
    public Fabric withLabel(String newLabel) {
        return new Fabric(fabricIndex, rootPublicKey, fabricId, nodeId, vendorId, newLabel, noc, icac, rcac,
                operationalKey, ipkEpochKey, compressedFabricId, operationalIpk);
    }

    static void checkLabel(String label) {
        Objects.requireNonNull(label, "label");
        if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
            throw new IllegalArgumentException("label longer than 32 bytes");
        }
    }

    @Override
    public boolean equals(Object other) {
        // P256KeyPair has identity equality; compare the private scalar instead.
        return other instanceof Fabric f && fabricIndex == f.fabricIndex && fabricId == f.fabricId
                && nodeId == f.nodeId && vendorId == f.vendorId && rootPublicKey.equals(f.rootPublicKey)
                && label.equals(f.label) && noc.equals(f.noc) && icac.equals(f.icac) && rcac.equals(f.rcac)
                && Arrays.equals(operationalKey.privateKeyBytes(), f.operationalKey.privateKeyBytes())
                && ipkEpochKey.equals(f.ipkEpochKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fabricIndex, fabricId, nodeId, rootPublicKey);
    }

    @Override
    public String toString() {
        return "Fabric[index=" + fabricIndex + ", fabricId=" + Long.toHexString(fabricId) + ", nodeId="
                + Long.toHexString(nodeId) + ", vendorId=" + vendorId + ", label=" + label + ", keys=<redacted>]";
    }
}
