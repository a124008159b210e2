package org.cpebridge.matter.bridge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandHandler;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.standard.GroupKeyManagement;
import org.cpebridge.matter.cluster.standard.Groups;
import org.cpebridge.matter.group.GroupTables;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Groups cluster (0x0004, revision 4, GroupNames) of every bridged endpoint that has one, over the node's
 * {@link GroupTables}: AddGroup, ViewGroup, GetGroupMembership, RemoveGroup with their response commands, and
 * RemoveAllGroups and AddGroupIfIdentifying with a status (Matter 1.4 Application Clusters 1.3; the statuses are those
 * connectedhomeip's server answers). Memberships are per fabric: a controller sees and changes only its own fabric's.
 *
 * <p>A change of memberships moves the data version of the endpoint's Groups cluster, has Group Key Management publish
 * its GroupTable again, and is handed to {@code changed} (the node then reports it to subscribers). An endpoint that
 * goes away at run time leaves its groups ({@link #endpointRemoved}).
 *
 * <p>Owned by the node loop, like the data model.
 */
public final class GroupsHandler implements CommandHandler {

    /** Told which clusters changed; called on the node loop. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(List<ClusterPathIb> clusters);
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupsHandler.class);

    private final GroupTables tables;
    private final DataModel model;
    private final Runnable publishGroupTable;
    private final ChangeListener changed;

    /**
     * @param publishGroupTable publishes Group Key Management's GroupTable again after a change
     * @param changed told of the clusters a change touched
     */
    public GroupsHandler(GroupTables tables, DataModel model, Runnable publishGroupTable, ChangeListener changed) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.model = Objects.requireNonNull(model, "model");
        this.publishGroupTable = Objects.requireNonNull(publishGroupTable, "publishGroupTable");
        this.changed = Objects.requireNonNull(changed, "changed");
    }

    @Override
    public CommandResult invoke(AccessSubject subject, ClusterInstance cluster, CommandSpec command,
            TlvElement fields) throws ImException {
        if (!(fields instanceof TlvElement.Structure structure)) {
            return CommandResult.status(ImStatus.INVALID_COMMAND);
        }
        int fabricIndex = subject.fabricIndex();
        int endpoint = cluster.endpoint();
        try {
            long id = command.id();
            if (id == Groups.ADD_GROUP) {
                int groupId = groupId(structure);
                String name = groupName(structure);
                ImStatus status = add(fabricIndex, cluster, groupId, name);
                return response(status, groupId);
            }
            if (id == Groups.VIEW_GROUP) {
                int groupId = groupId(structure);
                if (groupId == 0) {
                    return viewResponse(ImStatus.CONSTRAINT_ERROR, groupId, "");
                }
                return tables.viewGroup(fabricIndex, endpoint, groupId)
                        .map(name -> viewResponse(ImStatus.SUCCESS, groupId, name))
                        .orElseGet(() -> viewResponse(ImStatus.NOT_FOUND, groupId, ""));
            }
            if (id == Groups.GET_GROUP_MEMBERSHIP) {
                return membership(fabricIndex, endpoint, structure);
            }
            if (id == Groups.REMOVE_GROUP) {
                int groupId = groupId(structure);
                ImStatus status;
                try {
                    tables.removeGroup(fabricIndex, endpoint, groupId);
                    membershipChanged(cluster);
                    status = ImStatus.SUCCESS;
                } catch (ImException e) {
                    status = e.status();
                }
                return response(status, groupId);
            }
            if (id == Groups.REMOVE_ALL_GROUPS) {
                if (tables.removeAllGroups(fabricIndex, endpoint)) {
                    membershipChanged(cluster);
                }
                return CommandResult.success();
            }
            if (id == Groups.ADD_GROUP_IF_IDENTIFYING) {
                int groupId = groupId(structure);
                String name = groupName(structure);
                // Not identifying: nothing to do, and that is a success (the SDK's answer too).
                return CommandResult.status(identifying(endpoint) ? add(fabricIndex, cluster, groupId, name)
                        : ImStatus.SUCCESS);
            }
        } catch (RecordStoreException e) {
            LOG.warn("[matter] group change on endpoint {} of fabric {} not stored: {}", endpoint, fabricIndex,
                    e.getMessage());
            return CommandResult.status(ImStatus.FAILURE);
        }
        return CommandResult.status(ImStatus.UNSUPPORTED_COMMAND);
    }

    /** An endpoint went away at run time: it leaves every group of every fabric. */
    public void endpointRemoved(int endpoint) {
        try {
            if (tables.removeEndpoint(endpoint)) {
                LOG.debug("[matter] endpoint {} left its groups", endpoint);
                publishGroupTable.run();
                changed.changed(List.of(ClusterPathIb.of(0, GroupKeyManagement.ID)));
            }
        } catch (RecordStoreException e) {
            LOG.warn("[matter] endpoint {} still listed in its groups: {}", endpoint, e.getMessage());
        }
    }

    /**
     * Takes out of the group table every endpoint the model no longer has (devices removed while the bridge was
     * stopped). Call once the bridged endpoints are mounted.
     */
    public void pruneMissingEndpoints() {
        Set<Integer> listed = new HashSet<>();
        for (int fabricIndex : tables.fabrics()) {
            for (GroupTables.Group group : tables.groups(fabricIndex)) {
                listed.addAll(group.endpoints());
            }
        }
        for (int endpoint : listed) {
            if (model.endpoint(endpoint).isEmpty()) {
                endpointRemoved(endpoint);
            }
        }
    }

    /** The Groups clusters of the endpoints a fabric's groups had, once the fabric is gone; marks them changed. */
    public void fabricRemoved(List<Integer> endpoints) {
        List<ClusterPathIb> paths = new ArrayList<>();
        for (int endpoint : new HashSet<>(endpoints)) {
            model.cluster(endpoint, Groups.ID).ifPresent(c -> {
                c.bumpDataVersion();
                paths.add(ClusterPathIb.of(endpoint, Groups.ID));
            });
        }
        if (!paths.isEmpty()) {
            changed.changed(paths);
        }
    }

    private ImStatus add(int fabricIndex, ClusterInstance cluster, int groupId, String name) {
        try {
            tables.addGroup(fabricIndex, cluster.endpoint(), groupId, name);
        } catch (ImException e) {
            LOG.debug("[matter] AddGroup 0x{} on endpoint {} refused: {}", Integer.toHexString(groupId),
                    cluster.endpoint(), e.getMessage());
            return e.status();
        }
        membershipChanged(cluster);
        return ImStatus.SUCCESS;
    }

    private void membershipChanged(ClusterInstance cluster) {
        cluster.bumpDataVersion();
        publishGroupTable.run();
        changed.changed(List.of(ClusterPathIb.of(cluster.endpoint(), Groups.ID),
                ClusterPathIb.of(0, GroupKeyManagement.ID)));
    }

    /** Whether the endpoint's Identify cluster says it is identifying now (IdentifyTime above 0). */
    private boolean identifying(int endpoint) {
        return model.cluster(endpoint, BridgedClusters.IDENTIFY)
                .flatMap(identify -> identify.value(0x0000))
                .filter(time -> time instanceof TlvElement.UnsignedInt u && u.value() > 0)
                .isPresent();
    }

    private CommandResult membership(int fabricIndex, int endpoint, TlvElement.Structure fields)
            throws ImException {
        if (!(fields.member(0).orElse(null) instanceof TlvElement.Array requested)) {
            throw new ImException(ImStatus.INVALID_COMMAND, "GroupList missing or not a list");
        }
        Set<Long> wanted = new HashSet<>();
        for (TlvElement element : requested.members()) {
            if (!(element instanceof TlvElement.UnsignedInt id) || Long.compareUnsigned(id.value(), 0xFFFF) > 0) {
                throw new ImException(ImStatus.INVALID_COMMAND, "a GroupList entry is not a group id");
            }
            wanted.add(id.value());
        }
        List<TlvElement> groups = new ArrayList<>();
        for (int groupId : tables.groupsOf(fabricIndex, endpoint)) {
            // An empty GroupList asks for every group; else only those listed.
            if (wanted.isEmpty() || wanted.contains((long) groupId)) {
                groups.add(new TlvElement.UnsignedInt(TlvTag.anonymous(), groupId));
            }
        }
        // Capacity: null, "unknown whether more groups can be added", as the SDK answers: the limit is per fabric and
        // shared by every endpoint, so no count per endpoint would stay true.
        return new CommandResult.Response(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.Null(TlvTag.context(0)),
                new TlvElement.Array(TlvTag.context(1), groups))));
    }

    private static CommandResult response(ImStatus status, int groupId) {
        return new CommandResult.Response(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(0), status.code()),
                new TlvElement.UnsignedInt(TlvTag.context(1), groupId))));
    }

    private static CommandResult viewResponse(ImStatus status, int groupId, String name) {
        return new CommandResult.Response(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(0), status.code()),
                new TlvElement.UnsignedInt(TlvTag.context(1), groupId),
                new TlvElement.Utf8(TlvTag.context(2), name))));
    }

    /** GroupID: a 16-bit unsigned; missing or of another type is INVALID_COMMAND (0 is the command's to refuse). */
    private static int groupId(TlvElement.Structure fields) throws ImException {
        if (!(fields.member(0).orElse(null) instanceof TlvElement.UnsignedInt id)
                || Long.compareUnsigned(id.value(), 0xFFFF) > 0) {
            throw new ImException(ImStatus.INVALID_COMMAND, "GroupID missing or not a 16-bit unsigned integer");
        }
        return (int) id.value();
    }

    /** GroupName: a string; missing or of another type is INVALID_COMMAND, too long the command's CONSTRAINT_ERROR. */
    private static String groupName(TlvElement.Structure fields) throws ImException {
        if (!(fields.member(1).orElse(null) instanceof TlvElement.Utf8 name)) {
            throw new ImException(ImStatus.INVALID_COMMAND, "GroupName missing or not a string");
        }
        return name.value();
    }
}
