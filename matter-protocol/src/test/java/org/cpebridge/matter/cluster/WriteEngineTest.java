package org.cpebridge.matter.cluster;

import static org.cpebridge.matter.cluster.TestModels.s;
import static org.cpebridge.matter.cluster.TestModels.u;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.matter.cluster.standard.AccessControl;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeStatusIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

class WriteEngineTest {

    private static final AccessSubject FABRIC_1 = AccessSubject.ofCase(1, 0x1111);
    private static final AccessSubject FABRIC_2 = AccessSubject.ofCase(2, 0x2222);

    private static ImStatus writeOne(WriteEngine engine, AccessSubject subject, AttributeDataIb write, boolean timed) {
        List<AttributeStatusIb> statuses = engine.write(subject, List.of(write), timed);
        assertEquals(1, statuses.size());
        assertEquals(write.path(), statuses.get(0).path());
        return statuses.get(0).status().status();
    }

    private static AttributeDataIb data(AttributePathIb path, TlvElement value) {
        return new AttributeDataIb(OptionalLong.empty(), path, value);
    }

    @Test
    void writableAttributeIsStoredAndTheVersionMoves() {
        DataModel model = TestModels.bridge();
        ClusterInstance onOff = model.cluster(2, 6).orElseThrow();
        long before = onOff.dataVersion();
        WriteEngine engine = new WriteEngine(model, AccessChecker.ALLOW_ALL);
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_1, data(AttributePathIb.of(2, 6, 0x4002), u(30)),
                false));
        assertEquals(Optional.of(u(30)), onOff.value(0x4002));
        assertEquals(before + 1, onOff.dataVersion());
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, 0x4002), new TlvElement.Null(TlvTag.anonymous())), false));
    }

    @Test
    void genericChecksAnswerTheRightStatus() {
        DataModel model = TestModels.bridge();
        WriteEngine engine = new WriteEngine(model, AccessChecker.ALLOW_ALL);
        long version = model.cluster(2, 6).orElseThrow().dataVersion();
        assertEquals(ImStatus.UNSUPPORTED_ENDPOINT, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(9, 6, 0), u(1)), false));
        assertEquals(ImStatus.UNSUPPORTED_CLUSTER, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 8, 0), u(1)), false));
        assertEquals(ImStatus.UNSUPPORTED_ATTRIBUTE, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, 0x77), u(1)), false));
        assertEquals(ImStatus.UNSUPPORTED_WRITE, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, 0), new TlvElement.Bool(TlvTag.anonymous(), true)), false));
        assertEquals(ImStatus.UNSUPPORTED_WRITE, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, GlobalAttributes.FEATURE_MAP), u(1)), false));
        assertEquals(ImStatus.NEEDS_TIMED_INTERACTION, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, 0x4001), u(1)), false));
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, 0x4001), u(1)), true));
        assertEquals(ImStatus.CONSTRAINT_ERROR, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, 0x4002), s("soon")), false));
        assertEquals(ImStatus.CONSTRAINT_ERROR, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, 0x4002), u(0x10000)), false));
        assertEquals(ImStatus.DATA_VERSION_MISMATCH, writeOne(engine, FABRIC_1,
                new AttributeDataIb(OptionalLong.of(version), AttributePathIb.of(2, 6, 0x4002), u(1)), false));
        long now = model.cluster(2, 6).orElseThrow().dataVersion();
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_1,
                new AttributeDataIb(OptionalLong.of(now), AttributePathIb.of(2, 6, 0x4002), u(2)), false));
        assertEquals(ImStatus.INVALID_ACTION, writeOne(engine, FABRIC_1,
                data(AttributePathIb.wildcard(null, 6L, 0x4002L), u(1)), false));
    }

    @Test
    void accessIsCheckedFirstWithTheWritePrivilege() {
        DataModel model = TestModels.bridge();
        AccessChecker operateOnly = (subject, endpoint, cluster, privilege) -> Privilege.OPERATE.grants(privilege);
        WriteEngine engine = new WriteEngine(model, operateOnly);
        // 0x4002 needs Operate, 0x4001 needs Manage.
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_1, data(AttributePathIb.of(2, 6, 0x4002), u(3)),
                false));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, 0x4001), u(3)), true));
        AccessChecker denyAll = (subject, endpoint, cluster, privilege) -> false;
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, writeOne(new WriteEngine(model, denyAll), FABRIC_1,
                data(AttributePathIb.of(9, 6, 0x4002), u(3)), false));
    }

    @Test
    void validatorHasTheLastWord() {
        DataModel model = TestModels.bridge();
        WriteEngine engine = new WriteEngine(model, AccessChecker.ALLOW_ALL);
        engine.setValidator(6, (subject, cluster, attribute, value) ->
                value.equals(u(13)) ? ImStatus.CONSTRAINT_ERROR : ImStatus.SUCCESS);
        assertEquals(ImStatus.CONSTRAINT_ERROR, writeOne(engine, FABRIC_1,
                data(AttributePathIb.of(2, 6, 0x4002), u(13)), false));
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_1, data(AttributePathIb.of(2, 6, 0x4002), u(12)),
                false));
    }

    private static TlvElement entry(int privilege, long subject) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(1), privilege),
                new TlvElement.UnsignedInt(TlvTag.context(2), 2),
                new TlvElement.Array(TlvTag.context(3), List.of(u(subject))),
                new TlvElement.Null(TlvTag.context(4))));
    }

    private static TlvElement stamped(TlvElement entry, int fabric) {
        List<TlvElement> members = new ArrayList<>(((TlvElement.Structure) entry).members());
        members.add(new TlvElement.UnsignedInt(TlvTag.context(0xFE), fabric));
        return new TlvElement.Structure(TlvTag.anonymous(), members);
    }

    @Test
    void fabricScopedListWritesTouchOnlyTheAccessingFabric() {
        DataModel model = TestModels.bridge();
        ClusterInstance acl = model.cluster(0, AccessControl.ID).orElseThrow();
        WriteEngine engine = new WriteEngine(model, AccessChecker.ALLOW_ALL);
        AttributePathIb path = AttributePathIb.of(0, AccessControl.ID, AccessControl.ACL);

        TlvElement first = entry(5, 0x1111);
        TlvElement second = entry(5, 0x2222);
        TlvElement third = entry(3, 0x3333);
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_1,
                data(path, new TlvElement.Array(TlvTag.anonymous(), List.of(first))), false));
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_2,
                data(path, new TlvElement.Array(TlvTag.anonymous(), List.of(second))), false));
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_1,
                data(path.withListIndex(AttributePathIb.ListIndex.APPEND), third), false));
        assertEquals(Optional.of(new TlvElement.Array(TlvTag.anonymous(),
                List.of(stamped(first, 1), stamped(second, 2), stamped(third, 1)))), acl.value(AccessControl.ACL));

        // Fabric 2 replaces its own entries; fabric 1's stay.
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_2,
                data(path, new TlvElement.Array(TlvTag.anonymous(), List.of())), false));
        assertEquals(Optional.of(new TlvElement.Array(TlvTag.anonymous(),
                List.of(stamped(first, 1), stamped(third, 1)))), acl.value(AccessControl.ACL));

        assertEquals(ImStatus.INVALID_ACTION, writeOne(engine, FABRIC_1,
                data(path.withListIndex(new AttributePathIb.ListIndex(0)), third), false));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, writeOne(engine, AccessSubject.ofPase(),
                data(path, new TlvElement.Array(TlvTag.anonymous(), List.of())), false));
        assertEquals(ImStatus.CONSTRAINT_ERROR, writeOne(engine, FABRIC_1,
                data(path.withListIndex(AttributePathIb.ListIndex.APPEND), u(1)), false));
    }

    @Test
    void iphoneAclWriteIsApplied() throws ImException {
        // Decrypted WriteRequest an iPhone sent while commissioning (see ImCodecTest.writeRequestFromIphone).
        byte[] bytes = HexFormat.of().parseHex("1528002801360215370124020024031f2404001836021524010524020236030701"
                + "001d32fdffffff060498fabe183404181524010324020236030701002b4ffdffffff18340418181818280324ff0c18");
        ImMessage.WriteRequest request = (ImMessage.WriteRequest) ImCodec.decode(ImOpcode.WRITE_REQUEST.code(),
                bytes);
        DataModel model = TestModels.bridge();
        List<AttributeStatusIb> statuses = new WriteEngine(model, AccessChecker.ALLOW_ALL)
                .write(FABRIC_1, request.writeRequests(), request.timedRequest());
        assertEquals(List.of(AttributeStatusIb.of(AttributePathIb.of(0, 0x1F, 0), ImStatus.SUCCESS)), statuses);
        TlvElement.Array acl = (TlvElement.Array) model.cluster(0, AccessControl.ID).orElseThrow()
                .value(AccessControl.ACL).orElseThrow();
        assertEquals(2, acl.members().size());
        for (TlvElement entry : acl.members()) {
            assertEquals(1, ReadEngine.fabricIndexOf(entry));
        }
        // The WriteResponse for it, hand-built: WriteResponses (0) [{Path {ep 0, cluster 0x1F, attr 0},
        // Status {0: SUCCESS}}], revision 12.
        assertEquals("15 3600 15 3700 240200 24031f 240400 18 3501 240000 18 18 18 24ff0c 18".replace(" ", ""),
                HexFormat.of().formatHex(ImCodec.encode(new ImMessage.WriteResponse(statuses, 12))));
    }

    @Test
    void aDeviceWriterTakesOverWritesThatPassedTheChecksAndAnswersWhenItCan() {
        DataModel model = TestModels.bridge();
        ClusterInstance onOff = model.cluster(2, 6).orElseThrow();
        WriteEngine engine = new WriteEngine(model, AccessChecker.ALLOW_ALL);
        java.util.concurrent.CompletableFuture<ImStatus> device = new java.util.concurrent.CompletableFuture<>();
        List<TlvElement> handed = new java.util.ArrayList<>();
        engine.setDeviceWriter(6, (subject, cluster, attribute, value) -> {
            handed.add(value);
            return Optional.of(device);
        });

        List<java.util.concurrent.CompletableFuture<AttributeStatusIb>> started = engine.start(FABRIC_1, List.of(
                data(AttributePathIb.of(2, 6, 0x4002), u(40)), data(AttributePathIb.of(2, 6, 0x0000), u(1))), false,
                new WriteEngine.Interaction());
        assertFalse(started.get(0).isDone(), "waits for the device");
        assertEquals(ImStatus.UNSUPPORTED_WRITE, started.get(1).join().status().status(),
                "the generic checks still come first and answer at once");
        assertEquals(List.of(u(40)), handed, "only the write that passed the checks reached the device");
        assertEquals(Optional.empty(), onOff.value(0x4002).filter(u(40)::equals), "the engine stored nothing");
        device.complete(ImStatus.CONSTRAINT_ERROR);
        assertEquals(ImStatus.CONSTRAINT_ERROR, started.get(0).join().status().status());

        // A caller that cannot wait reads a pending device write as handed over: SUCCESS.
        engine.setDeviceWriter(6, (subject, cluster, attribute, value) ->
                Optional.of(new java.util.concurrent.CompletableFuture<>()));
        assertEquals(ImStatus.SUCCESS, writeOne(engine, FABRIC_1, data(AttributePathIb.of(2, 6, 0x4002), u(41)),
                false));
    }
}
