package org.cpebridge.matter.commissioning;

import static org.cpebridge.matter.commissioning.CommandFields.nonEmptyOctets;
import static org.cpebridge.matter.commissioning.CommandFields.optionalOctets;
import static org.cpebridge.matter.commissioning.CommandFields.text;
import static org.cpebridge.matter.commissioning.CommandFields.unsigned;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.matter.attestation.AttestationCommands;
import org.cpebridge.matter.attestation.AttestationException;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandHandler;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.standard.AccessControl;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricException;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Operational Credentials cluster's commands (Matter core 11.18.6): device attestation, the operational CSR,
 * the trusted root, AddNOC (which creates the fabric and its administrator ACL entry), UpdateNOC,
 * UpdateFabricLabel and RemoveFabric. Changes made under the commissioning fail-safe register their rollback with it. Runs on the node
 * loop; the session's attestation challenge comes from {@link CurrentSession}.
 */
public final class OperationalCredentialsHandler implements CommandHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OperationalCredentialsHandler.class);

    /** NodeOperationalCertStatusEnum (Matter core 11.18.4.4). */
    static final int OK = 0x00;
    static final int MISSING_CSR = 0x04;
    static final int INVALID_ADMIN_SUBJECT = 0x06;
    static final int INVALID_FABRIC_INDEX = 0x0B;

    /** What the face does when the fabric set changes. */
    public interface Hooks {
        void fabricAdded(Fabric fabric);

        void fabricRemoved(int fabricIndex);
    }

    private final AttestationCommands attestation;
    private final FabricTable fabrics;
    private final AccessControlList acl;
    private final FailSafe failSafe;
    private final CurrentSession currentSession;
    private final DataModel model;
    private final CryptoRandom random;
    private final Hooks hooks;
    private P256KeyPair pendingOperationalKey;
    private boolean pendingForUpdateNoc;
    private Bytes pendingRoot;

    public OperationalCredentialsHandler(AttestationCommands attestation, FabricTable fabrics, AccessControlList acl,
                                         FailSafe failSafe, CurrentSession currentSession, DataModel model,
                                         CryptoRandom random, Hooks hooks) {
        this.attestation = Objects.requireNonNull(attestation, "attestation");
        this.fabrics = Objects.requireNonNull(fabrics, "fabrics");
        this.acl = Objects.requireNonNull(acl, "acl");
        this.failSafe = Objects.requireNonNull(failSafe, "failSafe");
        this.currentSession = Objects.requireNonNull(currentSession, "currentSession");
        this.model = Objects.requireNonNull(model, "model");
        this.random = Objects.requireNonNull(random, "random");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        refreshAttributes();
    }

    @Override
    public CommandResult invoke(AccessSubject subject, ClusterInstance cluster, CommandSpec command,
                                TlvElement fields) throws ImException {
        long id = command.id();
        try {
            if (id == OperationalCredentials.ATTESTATION_REQUEST) {
                return new CommandResult.Response(attestation.attestationRequest(fields,
                        currentSession.get().attestationChallenge(), 0));
            }
            if (id == OperationalCredentials.CERTIFICATE_CHAIN_REQUEST) {
                return new CommandResult.Response(attestation.certificateChainRequest(fields));
            }
            if (id == OperationalCredentials.CSR_REQUEST) {
                requireFailSafe();
                AttestationCommands.CsrOutcome outcome = attestation.csrRequest(fields,
                        currentSession.get().attestationChallenge(), random);
                pendingOperationalKey = outcome.operationalKey();
                pendingForUpdateNoc = outcome.forUpdateNoc();
                failSafe.onRollback("operational key", () -> pendingOperationalKey = null);
                return new CommandResult.Response(outcome.responseFields());
            }
        } catch (AttestationException e) {
            throw new ImException(ImStatus.INVALID_COMMAND, e.getMessage());
        }
        if (id == OperationalCredentials.ADD_TRUSTED_ROOT_CERTIFICATE) {
            requireFailSafe();
            pendingRoot = nonEmptyOctets(fields, 0);
            failSafe.onRollback("trusted root", () -> pendingRoot = null);
            return CommandResult.success();
        }
        if (id == OperationalCredentials.ADD_NOC) {
            return addNoc(subject, fields);
        }
        if (id == OperationalCredentials.UPDATE_NOC) {
            return updateNoc(subject, fields);
        }
        if (id == OperationalCredentials.UPDATE_FABRIC_LABEL) {
            return updateLabel(subject, fields);
        }
        if (id == OperationalCredentials.REMOVE_FABRIC) {
            return removeFabric(fields);
        }
        return CommandResult.status(ImStatus.UNSUPPORTED_COMMAND);
    }

    private CommandResult addNoc(AccessSubject subject, TlvElement fields) throws ImException {
        requireFailSafe();
        if (failSafe.addedFabric().isPresent()) {
            // One AddNOC per fail-safe (Matter core 11.18.6.8).
            throw new ImException(ImStatus.CONSTRAINT_ERROR, "a fabric was already added under this fail-safe");
        }
        Bytes noc = nonEmptyOctets(fields, 0);
        Optional<Bytes> icac = optionalOctets(fields, 1);
        Bytes ipk = nonEmptyOctets(fields, 2);
        long adminSubject = unsigned(fields, 3);
        int adminVendorId = (int) unsigned(fields, 4);
        if (pendingOperationalKey == null || pendingForUpdateNoc || pendingRoot == null) {
            return nocResponse(MISSING_CSR, Optional.empty(), "CSRRequest and AddTrustedRootCertificate come first");
        }
        if (adminSubject == 0) {
            return nocResponse(INVALID_ADMIN_SUBJECT, Optional.empty(), "CaseAdminSubject must not be 0");
        }
        Fabric fabric;
        try {
            fabric = fabrics.add(pendingRoot, icac, noc, pendingOperationalKey, ipk, adminVendorId);
        } catch (FabricException e) {
            return nocResponse(e.status().code(), Optional.empty(), e.getMessage());
        }
        int index = fabric.fabricIndex();
        acl.add(AccessControlList.Entry.administrator(index, adminSubject), subject);
        failSafe.fabricAdded(index);
        failSafe.onRollback("fabric " + index, () -> removeQuietly(index));
        pendingOperationalKey = null;
        pendingRoot = null;
        refreshAttributes();
        LOG.info("[matter] fabric {} added (fabric id {}, node id {}) for vendor 0x{}", index,
                Long.toHexString(fabric.fabricId()), Long.toHexString(fabric.nodeId()),
                Integer.toHexString(adminVendorId));
        // Controllers look the node up on its new fabric right away, before CommissioningComplete.
        hooks.fabricAdded(fabric);
        return nocResponse(OK, Optional.of(index), "");
    }

    /**
     * UpdateNOC (Matter core 11.18.6.9): over CASE, under a fail-safe armed by the same fabric, with a key from a
     * CSRRequest marked for UpdateNOC; the old chain and key come back if the fail-safe expires.
     */
    private CommandResult updateNoc(AccessSubject subject, TlvElement fields) throws ImException {
        requireFailSafe();
        Bytes noc = nonEmptyOctets(fields, 0);
        Optional<Bytes> icac = optionalOctets(fields, 1);
        if (subject.authMode() != AuthMode.CASE || !failSafe.holder().equals(Optional.of(
                FailSafe.Holder.fabric(subject.fabricIndex())))) {
            return nocResponse(INVALID_FABRIC_INDEX, Optional.empty(),
                    "UpdateNOC needs a CASE session of the fabric that armed the fail-safe");
        }
        if (pendingOperationalKey == null || !pendingForUpdateNoc) {
            return nocResponse(MISSING_CSR, Optional.empty(), "CSRRequest with IsForUpdateNOC comes first");
        }
        int index = subject.fabricIndex();
        Fabric old = fabrics.byIndex(index).orElseThrow();
        Fabric updated;
        try {
            updated = fabrics.updateNoc(index, icac, noc, pendingOperationalKey);
        } catch (FabricException e) {
            return nocResponse(e.status().code(), Optional.empty(), e.getMessage());
        }
        failSafe.onRollback("NOC of fabric " + index, () -> {
            try {
                fabrics.updateNoc(index, old.icac(), old.noc(), old.operationalKey());
                refreshAttributes();
            } catch (FabricException e) {
                LOG.warn("[matter] could not restore the NOC of fabric {}: {}", index, e.getMessage());
            }
        });
        pendingOperationalKey = null;
        refreshAttributes();
        hooks.fabricAdded(updated);
        return nocResponse(OK, Optional.of(index), "");
    }

    private CommandResult updateLabel(AccessSubject subject, TlvElement fields) throws ImException {
        String label = text(fields, 0);
        int index = accessingFabric(subject);
        if (index == 0) {
            return nocResponse(INVALID_FABRIC_INDEX, Optional.empty(), "no accessing fabric");
        }
        try {
            fabrics.updateLabel(index, label);
        } catch (FabricException e) {
            return nocResponse(e.status().code(), Optional.empty(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ImException(ImStatus.CONSTRAINT_ERROR, e.getMessage());
        }
        refreshAttributes();
        return nocResponse(OK, Optional.of(index), "");
    }

    private CommandResult removeFabric(TlvElement fields) throws ImException {
        int index = (int) unsigned(fields, 0);
        if (!remove(index, "by RemoveFabric")) {
            return nocResponse(INVALID_FABRIC_INDEX, Optional.empty(), "no fabric " + index);
        }
        return nocResponse(OK, Optional.of(index), "");
    }

    /**
     * RemoveFabric's removal (Matter core 11.18.6.12), also for the household's console: the fabric, its ACL
     * entries, then the face's hook (sessions, subscriptions, resumption records, operational advertisement).
     * Runs on the node loop.
     *
     * @param by who asked, for the log
     * @return false when there is no fabric with that index
     */
    public boolean remove(int index, String by) {
        if (fabrics.byIndex(index).isEmpty()) {
            return false;
        }
        removeQuietly(index);
        LOG.info("[matter] fabric {} removed {}", index, by);
        return true;
    }

    private void removeQuietly(int index) {
        try {
            fabrics.remove(index);
        } catch (FabricException e) {
            LOG.debug("[matter] fabric {} already gone: {}", index, e.getMessage());
        }
        acl.removeFabric(index);
        refreshAttributes();
        hooks.fabricRemoved(index);
    }

    /** The fabric a command acts on: the CASE session's, or the one a PASE commissioner just added. */
    private int accessingFabric(AccessSubject subject) {
        if (subject.authMode() == AuthMode.CASE) {
            return subject.fabricIndex();
        }
        return failSafe.addedFabric().orElse(0);
    }

    private void requireFailSafe() throws ImException {
        if (!failSafe.isArmed()) {
            throw new ImException(ImStatus.FAILSAFE_REQUIRED, "arm the fail-safe first");
        }
    }

    /** NOCs, Fabrics, TrustedRootCertificates, CommissionedFabrics and the ACL attribute from the tables. */
    private void refreshAttributes() {
        ClusterInstance credentials = model.cluster(0, OperationalCredentials.ID).orElseThrow();
        List<TlvElement> nocs = new ArrayList<>();
        List<TlvElement> descriptors = new ArrayList<>();
        List<TlvElement> roots = new ArrayList<>();
        for (Fabric fabric : fabrics.fabrics()) {
            nocs.add(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                    new TlvElement.Octets(TlvTag.context(1), fabric.noc()),
                    fabric.icac().<TlvElement>map(icac -> new TlvElement.Octets(TlvTag.context(2), icac))
                            .orElse(new TlvElement.Null(TlvTag.context(2))),
                    new TlvElement.UnsignedInt(TlvTag.context(0xFE), fabric.fabricIndex()))));
            descriptors.add(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                    new TlvElement.Octets(TlvTag.context(1), fabric.rootPublicKey()),
                    new TlvElement.UnsignedInt(TlvTag.context(2), fabric.vendorId()),
                    new TlvElement.UnsignedInt(TlvTag.context(3), fabric.fabricId()),
                    new TlvElement.UnsignedInt(TlvTag.context(4), fabric.nodeId()),
                    new TlvElement.Utf8(TlvTag.context(5), fabric.label()),
                    new TlvElement.UnsignedInt(TlvTag.context(0xFE), fabric.fabricIndex()))));
            roots.add(new TlvElement.Octets(TlvTag.anonymous(), fabric.rcac()));
        }
        credentials.set(OperationalCredentials.NOCS, new TlvElement.Array(TlvTag.anonymous(), nocs));
        credentials.set(OperationalCredentials.FABRICS, new TlvElement.Array(TlvTag.anonymous(), descriptors));
        credentials.set(OperationalCredentials.TRUSTED_ROOT_CERTIFICATES,
                new TlvElement.Array(TlvTag.anonymous(), roots));
        credentials.set(OperationalCredentials.COMMISSIONED_FABRICS,
                new TlvElement.UnsignedInt(TlvTag.anonymous(), fabrics.size()));
        model.cluster(0, AccessControl.ID).orElseThrow().set(AccessControl.ACL, acl.attributeValue());
    }

    private static CommandResult nocResponse(int status, Optional<Integer> fabricIndex, String debugText) {
        List<TlvElement> members = new ArrayList<>();
        members.add(new TlvElement.UnsignedInt(TlvTag.context(0), status));
        fabricIndex.ifPresent(index -> members.add(new TlvElement.UnsignedInt(TlvTag.context(1), index)));
        if (!debugText.isEmpty()) {
            members.add(new TlvElement.Utf8(TlvTag.context(2), debugText.length() > 128
                    ? debugText.substring(0, 128) : debugText));
        }
        return new CommandResult.Response(new TlvElement.Structure(TlvTag.anonymous(), members));
    }
}
