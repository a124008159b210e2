package org.cpebridge.matter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.AttributeWriter;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandHandler;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.ReadEngine;
import org.cpebridge.matter.cluster.standard.GroupKeyManagement;
import org.cpebridge.matter.group.GroupKeySet;
import org.cpebridge.matter.group.GroupTables;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Group Key Management cluster of endpoint 0 (Matter core 1.4, 11.2) over the node's {@link GroupTables}: the
 * commands KeySetWrite, KeySetRead (which never answers a key), KeySetRemove and KeySetReadAllIndices; writes of
 * GroupKeyMap (through {@link #writer()}); and GroupKeyMap and GroupTable published into the cluster after every
 * change, for every fabric (the read engine shows each reader its own fabric's entries). MaxGroupsPerFabric and
 * MaxGroupKeysPerFabric are the tables' limits.
 *
 * <p>Owned by the node loop, like the data model it publishes into. Key material is never logged.
 */
public final class GroupKeyManagementServer implements CommandHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GroupKeyManagementServer.class);

    private final GroupTables tables;
    private final DataModel model;

    /** Publishes {@code tables} into endpoint 0 of {@code model} now and after each change. */
    public GroupKeyManagementServer(GroupTables tables, DataModel model) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.model = Objects.requireNonNull(model, "model");
        publish();
    }

    @Override
    public CommandResult invoke(AccessSubject subject, ClusterInstance cluster, CommandSpec command,
            TlvElement fields) throws ImException {
        if (!(fields instanceof TlvElement.Structure structure)) {
            return CommandResult.status(ImStatus.INVALID_COMMAND);
        }
        int fabricIndex = subject.fabricIndex();
        try {
            if (command.id() == GroupKeyManagement.KEY_SET_WRITE) {
                GroupKeySet keySet = GroupKeySet.fromCommand(structure);
                tables.writeKeySet(fabricIndex, keySet);
                LOG.info("[matter] fabric {} wrote group key set {} ({} epoch key(s))", fabricIndex,
                        keySet.keySetId(), keySet.epochs().size());
                publish();
                return CommandResult.success();
            }
            if (command.id() == GroupKeyManagement.KEY_SET_READ) {
                int keySetId = keySetId(structure);
                TlvElement set;
                if (keySetId == GroupTables.IPK_KEY_SET_ID) {
                    // The IPK came with AddNOC; like the SDK's, its one epoch key is known from time 0.
                    set = GroupKeySet.withoutKeys(TlvTag.context(0), keySetId,
                            GroupKeySet.SecurityPolicy.TRUST_FIRST, List.of(0L));
                } else {
                    set = tables.keySet(fabricIndex, keySetId).orElseThrow(() -> new ImException(
                            ImStatus.NOT_FOUND, "no key set " + keySetId)).withoutKeys(TlvTag.context(0));
                }
                return new CommandResult.Response(new TlvElement.Structure(TlvTag.anonymous(), List.of(set)));
            }
            if (command.id() == GroupKeyManagement.KEY_SET_REMOVE) {
                int keySetId = keySetId(structure);
                tables.removeKeySet(fabricIndex, keySetId);
                LOG.info("[matter] fabric {} removed group key set {}", fabricIndex, keySetId);
                publish();
                return CommandResult.success();
            }
            if (command.id() == GroupKeyManagement.KEY_SET_READ_ALL_INDICES) {
                List<TlvElement> ids = new ArrayList<>();
                for (int id : tables.keySetIds(fabricIndex)) {
                    ids.add(new TlvElement.UnsignedInt(TlvTag.anonymous(), id));
                }
                return new CommandResult.Response(new TlvElement.Structure(TlvTag.anonymous(),
                        List.of(new TlvElement.Array(TlvTag.context(0), ids))));
            }
        } catch (RecordStoreException e) {
            LOG.warn("[matter] group key management change of fabric {} not stored: {}", fabricIndex,
                    e.getMessage());
            return CommandResult.status(ImStatus.FAILURE);
        }
        return CommandResult.status(ImStatus.UNSUPPORTED_COMMAND);
    }

    /**
     * GroupKeyMap's write path: the whole new list (other fabrics' entries untouched, the writer's stamped with its
     * fabric index by the write engine) replaces the writer's entries, or nothing changes and the write is refused.
     */
    public AttributeWriter writer() {
        return this::write;
    }

    private ImStatus write(AccessSubject subject, ClusterInstance cluster, AttributeSpec attribute,
            TlvElement newValue) {
        if (attribute.id() != GroupKeyManagement.GROUP_KEY_MAP || !(newValue instanceof TlvElement.Array list)) {
            return ImStatus.CONSTRAINT_ERROR;
        }
        int fabricIndex = subject.fabricIndex();
        List<GroupTables.KeyMapEntry> mine = new ArrayList<>();
        for (TlvElement element : list.members()) {
            if (ReadEngine.fabricIndexOf(element) != fabricIndex) {
                continue;
            }
            if (!(element instanceof TlvElement.Structure entry)) {
                return ImStatus.CONSTRAINT_ERROR;
            }
            long groupId = u16(entry, 1);
            long keySetId = u16(entry, 2);
            if (groupId < 0 || keySetId < 0) {
                return ImStatus.CONSTRAINT_ERROR;
            }
            mine.add(new GroupTables.KeyMapEntry((int) groupId, (int) keySetId));
        }
        try {
            tables.replaceKeyMap(fabricIndex, mine);
        } catch (ImException e) {
            LOG.debug("[matter] GroupKeyMap write by fabric {} refused: {}", fabricIndex, e.getMessage());
            return e.status();
        } catch (RecordStoreException e) {
            LOG.warn("[matter] GroupKeyMap of fabric {} not stored: {}", fabricIndex, e.getMessage());
            return ImStatus.FAILURE;
        }
        publish();
        return ImStatus.SUCCESS;
    }

    /** A fabric was removed: its key sets, GroupKeyMap and groups go with it. True when it had any. */
    public boolean fabricRemoved(int fabricIndex) {
        boolean had = tables.removeFabric(fabricIndex);
        if (had) {
            publish();
        }
        return had;
    }

    /**
     * Sets GroupKeyMap and GroupTable to what the tables hold now (their data version moves only if they changed).
     * Call on the node loop after a change of the tables made elsewhere (the Groups clusters).
     */
    public void publish() {
        ClusterInstance cluster = model.cluster(0, GroupKeyManagement.ID).orElseThrow(() ->
                new IllegalStateException("endpoint 0 has no Group Key Management cluster"));
        List<TlvElement> keyMap = new ArrayList<>();
        List<TlvElement> groupTable = new ArrayList<>();
        for (int fabricIndex : tables.fabrics()) {
            for (GroupTables.KeyMapEntry entry : tables.keyMap(fabricIndex)) {
                // GroupKeyMapStruct: GroupId (1), GroupKeySetID (2), FabricIndex (0xFE).
                keyMap.add(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                        new TlvElement.UnsignedInt(TlvTag.context(1), entry.groupId()),
                        new TlvElement.UnsignedInt(TlvTag.context(2), entry.keySetId()),
                        new TlvElement.UnsignedInt(TlvTag.context(ReadEngine.FABRIC_INDEX_TAG), fabricIndex))));
            }
            for (GroupTables.Group group : tables.groups(fabricIndex)) {
                // GroupInfoMapStruct: GroupId (1), Endpoints (2), GroupName (3), FabricIndex (0xFE).
                groupTable.add(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                        new TlvElement.UnsignedInt(TlvTag.context(1), group.groupId()),
                        new TlvElement.Array(TlvTag.context(2), group.endpoints().stream()
                                .map(e -> (TlvElement) new TlvElement.UnsignedInt(TlvTag.anonymous(), e)).toList()),
                        new TlvElement.Utf8(TlvTag.context(3), group.name()),
                        new TlvElement.UnsignedInt(TlvTag.context(ReadEngine.FABRIC_INDEX_TAG), fabricIndex))));
            }
        }
        cluster.set(GroupKeyManagement.GROUP_KEY_MAP, new TlvElement.Array(TlvTag.anonymous(), keyMap));
        cluster.set(GroupKeyManagement.GROUP_TABLE, new TlvElement.Array(TlvTag.anonymous(), groupTable));
    }

    private static int keySetId(TlvElement.Structure fields) throws ImException {
        long id = u16(fields, 0);
        if (id < 0) {
            throw new ImException(ImStatus.INVALID_COMMAND, "GroupKeySetID missing or not a 16-bit unsigned integer");
        }
        return (int) id;
    }

    /** A u16 field, or -1 when it is missing, of another type or too large. */
    private static long u16(TlvElement.Structure struct, int tag) {
        if (struct.member(tag).orElse(null) instanceof TlvElement.UnsignedInt value
                && Long.compareUnsigned(value.value(), 0xFFFF) <= 0) {
            return value.value();
        }
        return -1;
    }
}
