package org.cpebridge.matter.fabric;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.cpebridge.matter.cert.CertificateChains;
import org.cpebridge.matter.cert.CertificateFormatException;
import org.cpebridge.matter.cert.CertificateValidationException;
import org.cpebridge.matter.cert.MatterCertificate;
import org.cpebridge.matter.cert.MatterCertificates;
import org.cpebridge.matter.crypto.Hashes;
import org.cpebridge.matter.crypto.OperationalKeys;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's fabrics (Matter core spec 11.18 "Node Operational Credentials"), at most {@code capacity} of them (the
 * spec asks a node to support at least 5), persisted as the store record {@value #RECORD_NAME} on every change: the
 * new table is written first and only then becomes the current one, so a failed write leaves both unchanged.
 *
 * <p>Private keys and IPK epoch keys are stored: the durable store is this device's secure storage. They are never
 * logged. Methods are synchronized; callers are the node loop and the Operational Credentials cluster.
 */
public final class FabricTable {

    /** Store record holding the table. */
    public static final String RECORD_NAME = "matter/fabrics";
    /** Payload format version of {@link #RECORD_NAME}. */
    public static final int FORMAT_VERSION = 1;
    /** Fabrics supported unless configured otherwise (the spec's minimum SupportedFabrics). */
    public static final int DEFAULT_CAPACITY = 5;

    private static final Logger LOG = LoggerFactory.getLogger(FabricTable.class);

    private final RecordStore store;
    private final int capacity;
    private TreeMap<Integer, Fabric> fabrics;
    private int nextIndex;

    private FabricTable(RecordStore store, int capacity, TreeMap<Integer, Fabric> fabrics, int nextIndex) {
        this.store = store;
        this.capacity = capacity;
        this.fabrics = fabrics;
        this.nextIndex = nextIndex;
    }

    /**
     * Loads the table from the store (empty if the record was never written).
     *
     * @throws RecordStoreException if the record exists but is corrupt or of an unknown format version
     * @throws IllegalArgumentException if capacity is not in 1..254
     */
    public static FabricTable load(RecordStore store, int capacity) {
        Objects.requireNonNull(store, "store");
        if (capacity < 1 || capacity > Fabric.MAX_INDEX) {
            throw new IllegalArgumentException("fabric capacity out of range 1..254: " + capacity);
        }
        Optional<byte[]> stored = store.read(RECORD_NAME, FORMAT_VERSION);
        if (stored.isEmpty()) {
            return new FabricTable(store, capacity, new TreeMap<>(), Fabric.MIN_INDEX);
        }
        FabricTableCodec.Decoded decoded = FabricTableCodec.decode(RECORD_NAME, stored.get());
        TreeMap<Integer, Fabric> loaded = new TreeMap<>();
        for (Fabric fabric : decoded.fabrics()) {
            if (loaded.put(fabric.fabricIndex(), fabric) != null) {
                throw new RecordStoreException(RECORD_NAME + " is corrupt: fabric index " + fabric.fabricIndex()
                        + " appears twice");
            }
        }
        if (loaded.size() > capacity) {
            LOG.warn("[matter] {} fabrics stored, more than the configured capacity {}; keeping all", loaded.size(),
                    capacity);
        }
        LOG.debug("[matter] loaded {} fabric(s)", loaded.size());
        return new FabricTable(store, capacity, loaded, decoded.nextIndex());
    }

    /** The configured capacity. */
    public int capacity() {
        return capacity;
    }

    /** All fabrics, by index. */
    public synchronized List<Fabric> fabrics() {
        return List.copyOf(fabrics.values());
    }

    /** Number of fabrics. */
    public synchronized int size() {
        return fabrics.size();
    }

    /** The fabric with this index. */
    public synchronized Optional<Fabric> byIndex(int fabricIndex) {
        return Optional.ofNullable(fabrics.get(fabricIndex));
    }

    /**
     * The fabric a CASE Sigma1 addresses (Matter core spec 4.14.2.4.1): the one for which
     * HMAC(IPK, initiatorRandom || root public key || fabric id || node id) equals the destination id.
     */
    public synchronized Optional<Fabric> findByDestinationId(Bytes destinationId, Bytes initiatorRandom) {
        byte[] wanted = destinationId.toByteArray();
        byte[] random = initiatorRandom.toByteArray();
        for (Fabric fabric : fabrics.values()) {
            byte[] candidate = OperationalKeys.caseDestinationId(fabric.operationalIpk().toByteArray(), random,
                    fabric.rootPublicKey().toByteArray(), fabric.fabricId(), fabric.nodeId());
            if (Hashes.constantTimeEquals(candidate, wanted)) {
                return Optional.of(fabric);
            }
        }
        return Optional.empty();
    }

    /**
     * Adds a fabric (AddNOC after AddTrustedRootCertificate): validates NOC ← [ICAC] ← RCAC, checks that the NOC
     * certifies {@code operationalKey}, that no fabric with the same root key and fabric id exists and that there is
     * room, then persists and returns the new fabric with a fresh index and an empty label.
     */
    public synchronized Fabric add(Bytes rcac, Optional<Bytes> icac, Bytes noc, P256KeyPair operationalKey,
            Bytes ipkEpochKey, int vendorId) throws FabricException {
        if (fabrics.size() >= capacity) {
            throw new FabricException(FabricException.Status.TABLE_FULL, "already " + fabrics.size() + " fabrics");
        }
        CertificateChains.OperationalIdentity identity = validate(rcac, icac, noc, operationalKey);
        for (Fabric existing : fabrics.values()) {
            if (existing.fabricId() == identity.fabricId()
                    && existing.rootPublicKey().equals(identity.rootPublicKey())) {
                throw new FabricException(FabricException.Status.FABRIC_CONFLICT,
                        "fabric " + Long.toHexString(identity.fabricId()) + " is already index "
                                + existing.fabricIndex());
            }
        }
        int index = freeIndexFrom(nextIndex);
        Fabric fabric = Fabric.of(index, identity.rootPublicKey(), identity.fabricId(), identity.nodeId(), vendorId,
                "", noc, icac, rcac, operationalKey, ipkEpochKey);
        TreeMap<Integer, Fabric> changed = new TreeMap<>(fabrics);
        changed.put(index, fabric);
        commit(changed, index == Fabric.MAX_INDEX ? Fabric.MIN_INDEX : index + 1);
        LOG.info("[matter] fabric {} added (fabric id {}, node id {})", index, Long.toHexString(fabric.fabricId()),
                Long.toHexString(fabric.nodeId()));
        return fabric;
    }

    /**
     * Replaces the NOC (and ICAC) of a fabric (UpdateNOC): the new chain must validate against the fabric's root and
     * carry the same fabric id; the node id may change. The operational key is the one the new NOC certifies.
     */
    public synchronized Fabric updateNoc(int fabricIndex, Optional<Bytes> icac, Bytes noc, P256KeyPair operationalKey)
            throws FabricException {
        Fabric old = require(fabricIndex);
        CertificateChains.OperationalIdentity identity = validate(old.rcac(), icac, noc, operationalKey);
        if (identity.fabricId() != old.fabricId()) {
            throw new FabricException(FabricException.Status.INVALID_NOC, "new NOC names fabric "
                    + Long.toHexString(identity.fabricId()) + ", not " + Long.toHexString(old.fabricId()));
        }
        Fabric updated = Fabric.of(fabricIndex, old.rootPublicKey(), old.fabricId(), identity.nodeId(),
                old.vendorId(), old.label(), noc, icac, old.rcac(), operationalKey, old.ipkEpochKey());
        TreeMap<Integer, Fabric> changed = new TreeMap<>(fabrics);
        changed.put(fabricIndex, updated);
        commit(changed, nextIndex);
        LOG.info("[matter] fabric {} NOC updated (node id {})", fabricIndex, Long.toHexString(updated.nodeId()));
        return updated;
    }

    /**
     * Sets a fabric's label (UpdateFabricLabel). A non-empty label used by another fabric is refused with
     * LABEL_CONFLICT; the empty label (the default after AddNOC) may be shared.
     *
     * @throws IllegalArgumentException if the label is longer than 32 bytes (a constraint error for the caller)
     */
    public synchronized Fabric updateLabel(int fabricIndex, String label) throws FabricException {
        Fabric.checkLabel(label);
        Fabric old = require(fabricIndex);
        if (!label.isEmpty()) {
            for (Fabric other : fabrics.values()) {
                if (other.fabricIndex() != fabricIndex && other.label().equals(label)) {
                    throw new FabricException(FabricException.Status.LABEL_CONFLICT,
                            "label already used by fabric " + other.fabricIndex());
                }
            }
        }
        Fabric updated = old.withLabel(label);
        TreeMap<Integer, Fabric> changed = new TreeMap<>(fabrics);
        changed.put(fabricIndex, updated);
        commit(changed, nextIndex);
        return updated;
    }

    /** Removes a fabric (RemoveFabric) and returns what it was. */
    public synchronized Fabric remove(int fabricIndex) throws FabricException {
        Fabric old = require(fabricIndex);
        TreeMap<Integer, Fabric> changed = new TreeMap<>(fabrics);
        changed.remove(fabricIndex);
        commit(changed, nextIndex);
        LOG.info("[matter] fabric {} removed", fabricIndex);
        return old;
    }

    private Fabric require(int fabricIndex) throws FabricException {
        Fabric fabric = fabrics.get(fabricIndex);
        if (fabric == null) {
            throw new FabricException(FabricException.Status.INVALID_FABRIC_INDEX, "no fabric " + fabricIndex);
        }
        return fabric;
    }

    private static CertificateChains.OperationalIdentity validate(Bytes rcac, Optional<Bytes> icac, Bytes noc,
            P256KeyPair operationalKey) throws FabricException {
        Objects.requireNonNull(operationalKey, "operationalKey");
        MatterCertificate nocCert;
        Optional<MatterCertificate> icacCert;
        MatterCertificate rcacCert;
        try {
            nocCert = MatterCertificates.decodeTlv(noc.toByteArray());
            icacCert = icac.isPresent() ? Optional.of(MatterCertificates.decodeTlv(icac.get().toByteArray()))
                    : Optional.empty();
            rcacCert = MatterCertificates.decodeTlv(rcac.toByteArray());
        } catch (CertificateFormatException e) {
            throw new FabricException(FabricException.Status.INVALID_NOC, e.getMessage());
        }
        CertificateChains.OperationalIdentity identity;
        try {
            // No trusted time on the bridge yet: validity windows are not checked (core spec 11.18.6 allows
            // last-known-good time; we have none).
            identity = CertificateChains.validateNocChain(nocCert, icacCert, rcacCert, Optional.empty());
        } catch (CertificateValidationException e) {
            throw new FabricException(e.reason() == CertificateValidationException.Reason.INVALID_NODE_ID
                    ? FabricException.Status.INVALID_NODE_OP_ID : FabricException.Status.INVALID_NOC,
                    e.getMessage());
        }
        if (!nocCert.publicKey().equals(Bytes.of(operationalKey.publicKey().encodeUncompressed()))) {
            throw new FabricException(FabricException.Status.INVALID_PUBLIC_KEY,
                    "the NOC does not certify our operational key");
        }
        return identity;
    }

    private int freeIndexFrom(int start) {
        int index = start;
        for (int i = 0; i < Fabric.MAX_INDEX; i++) {
            if (!fabrics.containsKey(index)) {
                return index;
            }
            index = index == Fabric.MAX_INDEX ? Fabric.MIN_INDEX : index + 1;
        }
        throw new IllegalStateException("no free fabric index");
    }

    private void commit(TreeMap<Integer, Fabric> changed, int newNextIndex) {
        store.write(RECORD_NAME, FORMAT_VERSION,
                FabricTableCodec.encode(new ArrayList<>(changed.values()), newNextIndex));
        fabrics = changed;
        nextIndex = newNextIndex;
    }
}
