package org.cpebridge.matter.commissioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.Privilege;
import org.cpebridge.matter.cluster.ReadEngine;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access control as Matter core 9.10 describes it, persisted, and enforced by the read engine. */
class AccessControlListTest {

    @TempDir
    Path dir;

    @Test
    void theAdministratorEntryGrantsItsSubjectOnItsFabricOnly() {
        AccessControlList acl = AccessControlList.load(new FileDurableStore(dir));
        acl.add(AccessControlList.Entry.administrator(1, 0x1122L));
        assertTrue(acl.allows(AccessSubject.ofCase(1, 0x1122L), 0, BasicInformation.ID, Privilege.ADMINISTER));
        assertTrue(acl.allows(AccessSubject.ofCase(1, 0x1122L), 3, 6, Privilege.VIEW));
        assertFalse(acl.allows(AccessSubject.ofCase(1, 0x3344L), 0, BasicInformation.ID, Privilege.VIEW),
                "another node of the same fabric");
        assertFalse(acl.allows(AccessSubject.ofCase(2, 0x1122L), 0, BasicInformation.ID, Privilege.VIEW),
                "the same node id on a fabric without entries");
        assertFalse(acl.allows(AccessSubject.ofPase(), 0, BasicInformation.ID, Privilege.VIEW),
                "PASE is granted by the implicit commissioning rule, not by the entries");
        assertTrue(AccessChecker.withPaseAdminister(acl).allows(AccessSubject.ofPase(), 0, BasicInformation.ID,
                Privilege.ADMINISTER));
    }

    @Test
    void targetsAndPrivilegesNarrowAnEntry() {
        AccessControlList acl = AccessControlList.load(new FileDurableStore(dir));
        acl.add(new AccessControlList.Entry(1, Privilege.OPERATE, AuthMode.CASE, List.of(),
                List.of(new AccessControlList.Target(OptionalInt.of(3), OptionalLong.of(6)))));
        AccessSubject anyone = AccessSubject.ofCase(1, 0x99L);
        assertTrue(acl.allows(anyone, 3, 6, Privilege.OPERATE));
        assertTrue(acl.allows(anyone, 3, 6, Privilege.VIEW));
        assertFalse(acl.allows(anyone, 3, 6, Privilege.MANAGE));
        assertFalse(acl.allows(anyone, 3, 8, Privilege.VIEW));
        assertFalse(acl.allows(anyone, 4, 6, Privilege.VIEW));
    }

    @Test
    void aGroupEntryGrantsTheGroupsItNamesOnItsFabricAndNothingElse() {
        AccessControlList acl = AccessControlList.load(new FileDurableStore(dir));
        acl.add(AccessControlList.Entry.administrator(1, 0x1122L));
        acl.add(new AccessControlList.Entry(1, Privilege.OPERATE, AuthMode.GROUP, List.of(0x0101L),
                List.of(new AccessControlList.Target(OptionalInt.empty(), OptionalLong.of(6)))));
        AccessSubject kitchen = AccessSubject.ofGroup(1, 0x0101);
        assertTrue(acl.allows(kitchen, 3, 6, Privilege.OPERATE));
        assertFalse(acl.allows(kitchen, 3, 6, Privilege.MANAGE), "Operate only");
        assertFalse(acl.allows(kitchen, 3, 8, Privilege.OPERATE), "outside the entry's targets");
        assertFalse(acl.allows(AccessSubject.ofGroup(1, 0x0202), 3, 6, Privilege.OPERATE), "another group");
        assertFalse(acl.allows(AccessSubject.ofGroup(2, 0x0101), 3, 6, Privilege.OPERATE), "another fabric");
        assertFalse(acl.allows(AccessSubject.ofCase(1, 0x0101L), 3, 6, Privilege.OPERATE),
                "a CASE node whose id equals the group id");
        assertFalse(acl.allows(AccessSubject.ofGroup(1, 0x1122), 0, BasicInformation.ID, Privilege.VIEW),
                "the CASE administrator entry names a node, not a group");
        // An entry with no subjects covers every group of its fabric.
        acl.add(new AccessControlList.Entry(1, Privilege.VIEW, AuthMode.GROUP, List.of(), List.of()));
        assertTrue(acl.allows(AccessSubject.ofGroup(1, 0x0202), 3, 8, Privilege.VIEW));
        assertFalse(acl.allows(AccessSubject.ofGroup(1, 0x0202), 3, 8, Privilege.OPERATE));
        AccessControlList restarted = AccessControlList.load(new FileDurableStore(dir));
        assertTrue(restarted.allows(kitchen, 3, 6, Privilege.OPERATE), "group entries are stored too");
    }

    @Test
    void entriesSurviveARestartAndLeaveWithTheirFabric() {
        AccessControlList acl = AccessControlList.load(new FileDurableStore(dir));
        acl.add(AccessControlList.Entry.administrator(1, 0x1122L));
        acl.add(AccessControlList.Entry.administrator(2, 0xFFFFFFFFFFFFFFF0L));
        AccessControlList restarted = AccessControlList.load(new FileDurableStore(dir));
        assertEquals(acl.entries(), restarted.entries());
        assertTrue(restarted.allows(AccessSubject.ofCase(2, 0xFFFFFFFFFFFFFFF0L), 0, 0x28, Privilege.ADMINISTER));
        restarted.removeFabric(1);
        assertEquals(1, AccessControlList.load(new FileDurableStore(dir)).entries().size());
        TlvElement.Array attribute = (TlvElement.Array) restarted.attributeValue();
        assertEquals(1, attribute.members().size());
    }

    @Test
    void aCorruptRecordIsAClearError() {
        new FileDurableStore(dir).write(AccessControlList.RECORD, 1, "[{\"fabricIndex\":0}]".getBytes());
        StoreException error = assertThrows(StoreException.class,
                () -> AccessControlList.load(new FileDurableStore(dir)));
        assertTrue(error.getMessage().contains(AccessControlList.RECORD), error.getMessage());
    }

    @Test
    void aFabricWithoutEntriesReadsNothingThroughTheReadEngine() throws Exception {
        AccessControlList acl = AccessControlList.load(new FileDurableStore(dir));
        acl.add(AccessControlList.Entry.administrator(1, 0x1122L));
        DataModel model = new DataModel(new SplittableRandom(1));
        StandardEndpoints.addRootNode(model);
        model.cluster(0, BasicInformation.ID).orElseThrow().set(BasicInformation.VENDOR_NAME,
                new TlvElement.Utf8(TlvTag.anonymous(), "cpe-bridge project"));
        ReadEngine reads = new ReadEngine(model, AccessChecker.withPaseAdminister(acl));
        AttributePathIb vendorName = AttributePathIb.of(0, BasicInformation.ID, BasicInformation.VENDOR_NAME);

        String allowed = String.valueOf(reads.read(AccessSubject.ofCase(1, 0x1122L), List.of(vendorName), List.of(),
                true));
        assertTrue(allowed.contains("cpe-bridge project"), allowed);
        String denied = String.valueOf(reads.read(AccessSubject.ofCase(2, 0x1122L), List.of(vendorName), List.of(),
                true));
        assertFalse(denied.contains("cpe-bridge project"), denied);
        assertTrue(denied.contains("UNSUPPORTED_ACCESS"), denied);
    }
}
