package org.cpebridge.matter.commissioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.RootNode;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.Endpoint;
import org.cpebridge.matter.cluster.EventLog;
import org.cpebridge.matter.cluster.EventReadEngine;
import org.cpebridge.matter.cluster.GlobalAttributes;
import org.cpebridge.matter.cluster.ImResponder;
import org.cpebridge.matter.cluster.InvokeDispatcher;
import org.cpebridge.matter.cluster.Privilege;
import org.cpebridge.matter.cluster.ReadEngine;
import org.cpebridge.matter.cluster.Subscription;
import org.cpebridge.matter.cluster.SubscriptionReporter;
import org.cpebridge.matter.cluster.WriteEngine;
import org.cpebridge.matter.cluster.standard.AccessControl;
import org.cpebridge.matter.cluster.standard.AdministratorCommissioning;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
import org.cpebridge.matter.im.AttributeStatusIb;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.CommandStatusIb;
import org.cpebridge.matter.im.EventDataIb;
import org.cpebridge.matter.im.EventPathIb;
import org.cpebridge.matter.im.EventReportIb;
import org.cpebridge.matter.im.EventStatusIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.InvokeResponseIb;
import org.cpebridge.matter.im.ReportChunker;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access control algorithm (Matter core 1.4 section 6.6) as the node's IM engines apply it, over the bridge's
 * real root-node model: the privilege matrix, CATs, targets, fabric scoping, the ACL attribute's constraint checks
 * and limits, its change events, persistence, CurrentFabricIndex, NodeLabel's bound and the AttributeLists.
 */
class AccessControlEnforcementTest {

    private static final long ADMIN_1 = 0x1111L;
    private static final long ADMIN_2 = 0x2222L;
    private static final AccessSubject FABRIC_1_ADMIN = AccessSubject.ofCase(1, ADMIN_1);
    private static final AccessSubject FABRIC_2_ADMIN = AccessSubject.ofCase(2, ADMIN_2);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T04:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private DataModel model;
    private EventLog events;
    private AccessControlList acl;
    private ReadEngine reads;
    private WriteEngine writes;
    private EventReadEngine eventReads;
    private InvokeDispatcher invokes;

    @BeforeEach
    void node() {
        startNode();
        acl.add(AccessControlList.Entry.administrator(1, ADMIN_1), AccessSubject.ofPase(1));
        acl.add(AccessControlList.Entry.administrator(2, ADMIN_2), AccessSubject.ofPase(2));
    }

    /** The node as MatterFace wires it, over what the store holds. */
    private void startNode() {
        model = RootNode.create(new RootNode.Identity("cpe-bridge project", 0xFFF1, "cpe-bridge", 0x8000,
                "CPEB-TEST0001", "0.1.0", "cpe-bridge-CPEB-TEST0001"), new SplittableRandom(7),
                new NodeTime(org.cpebridge.core.time.TimeSource.unverified(CLOCK), System::nanoTime));
        events = new EventLog(64, 1);
        acl = AccessControlList.load(new FileDurableStore(dir));
        acl.bind(model, events, CLOCK);
        AccessChecker access = AccessChecker.withPaseAdminister(acl);
        reads = new ReadEngine(model, access);
        writes = new WriteEngine(model, access);
        writes.setWriter(AccessControl.ID, AccessControl.ACL, acl.writer());
        eventReads = new EventReadEngine(model, events, access);
        invokes = new InvokeDispatcher(model, access, 1);
    }

    // ---- the granting algorithm -----------------------------------------------------------------------------

    @Test
    void privilegesImplyTheLowerOnesOnly() {
        Privilege[] ladder = {Privilege.VIEW, Privilege.OPERATE, Privilege.MANAGE, Privilege.ADMINISTER};
        for (int granted = 0; granted < ladder.length; granted++) {
            AccessControlList list = AccessControlList.load(new FileDurableStore(dir.resolve("ladder" + granted)));
            list.add(new AccessControlList.Entry(1, ladder[granted], AuthMode.CASE, List.of(0x42L), List.of()));
            for (int needed = 0; needed < ladder.length; needed++) {
                assertEquals(needed <= granted, list.allows(AccessSubject.ofCase(1, 0x42L), 0, 0x28, ladder[needed]),
                        ladder[granted] + " grants " + ladder[needed] + "?");
            }
        }
    }

    @Test
    void subjectsMatchByNodeIdOrCaseAuthenticatedTag() {
        long cat = 0xFFFF_FFFD_ABCD_0002L;
        AccessControlList list = AccessControlList.load(new FileDurableStore(dir.resolve("subjects")));
        list.add(new AccessControlList.Entry(1, Privilege.OPERATE, AuthMode.CASE, List.of(0x42L, cat), List.of()));
        list.add(new AccessControlList.Entry(1, Privilege.VIEW, AuthMode.CASE, List.of(), List.of(
                new AccessControlList.Target(OptionalInt.of(1), OptionalLong.empty()))));
        record Case(AccessSubject subject, boolean operates, String why) {
        }
        List<Case> cases = List.of(
                new Case(AccessSubject.ofCase(1, 0x42L), true, "named node id"),
                new Case(AccessSubject.ofCase(1, 0x43L), false, "another node id"),
                new Case(AccessSubject.ofCase(1, 0x43L, List.of(0xABCD_0002L)), true, "same CAT, same version"),
                new Case(AccessSubject.ofCase(1, 0x43L, List.of(0xABCD_0007L)), true, "same CAT, newer version"),
                new Case(AccessSubject.ofCase(1, 0x43L, List.of(0xABCD_0001L)), false, "same CAT, older version"),
                new Case(AccessSubject.ofCase(1, 0x43L, List.of(0xABCE_0002L)), false, "another CAT identifier"),
                new Case(AccessSubject.ofCase(2, 0x42L), false, "the same node id on another fabric"),
                new Case(AccessSubject.ofCase(2, 0x43L, List.of(0xABCD_0002L)), false, "the CAT on another fabric"),
                new Case(new AccessSubject(AuthMode.GROUP, 1, 0x42L, List.of()), false, "a group, not CASE"),
                new Case(AccessSubject.ofPase(1), false, "PASE is not granted by entries"),
                new Case(AccessSubject.ofCase(0, 0x42L), false, "no fabric"));
        for (Case c : cases) {
            assertEquals(c.operates(), list.allows(c.subject(), 0, 0x28, Privilege.OPERATE), c.why());
        }
        // An entry without subjects names everybody of its fabric and auth mode.
        assertTrue(list.allows(AccessSubject.ofCase(1, 0x99L), 1, 0x1D, Privilege.VIEW));
        assertFalse(list.allows(AccessSubject.ofCase(2, 0x99L), 1, 0x1D, Privilege.VIEW));
        assertTrue(AccessChecker.withPaseAdminister(list).allows(AccessSubject.ofPase(), 0, 0x1F,
                Privilege.ADMINISTER), "a PASE commissioning session is implicitly Administer");
    }

    @Test
    void targetsCoverEndpointsClustersAndDeviceTypes() throws ImException {
        acl.replaceFabricEntries(1, List.of(
                entry(1, Privilege.OPERATE, List.of(0x42L), target(OptionalLong.empty(), OptionalInt.of(0),
                        OptionalLong.empty())),
                entry(1, Privilege.MANAGE, List.of(0x43L), target(OptionalLong.of(0x28), OptionalInt.empty(),
                        OptionalLong.empty())),
                entry(1, Privilege.VIEW, List.of(0x44L), target(OptionalLong.of(0x1D), OptionalInt.of(1),
                        OptionalLong.empty())),
                entry(1, Privilege.VIEW, List.of(0x45L), target(OptionalLong.empty(), OptionalInt.empty(),
                        OptionalLong.of(0x000E)))), FABRIC_1_ADMIN);
        AccessSubject byEndpoint = AccessSubject.ofCase(1, 0x42L);
        assertTrue(acl.allows(byEndpoint, 0, 0x28, Privilege.OPERATE));
        assertTrue(acl.allows(byEndpoint, 0, 0x1D, Privilege.VIEW));
        assertFalse(acl.allows(byEndpoint, 1, 0x1D, Privilege.VIEW));
        assertFalse(acl.allows(byEndpoint, 0, 0x28, Privilege.MANAGE));
        AccessSubject byCluster = AccessSubject.ofCase(1, 0x43L);
        assertTrue(acl.allows(byCluster, 0, 0x28, Privilege.MANAGE));
        assertTrue(acl.allows(byCluster, 7, 0x28, Privilege.VIEW), "a cluster target covers every endpoint");
        assertFalse(acl.allows(byCluster, 0, 0x1D, Privilege.VIEW));
        AccessSubject byBoth = AccessSubject.ofCase(1, 0x44L);
        assertTrue(acl.allows(byBoth, 1, 0x1D, Privilege.VIEW));
        assertFalse(acl.allows(byBoth, 0, 0x1D, Privilege.VIEW));
        assertFalse(acl.allows(byBoth, 1, 0x28, Privilege.VIEW));
        AccessSubject byDeviceType = AccessSubject.ofCase(1, 0x45L);
        assertTrue(acl.allows(byDeviceType, 1, 0x1D, Privilege.VIEW), "endpoint 1 is the Aggregator (0x000E)");
        assertFalse(acl.allows(byDeviceType, 0, 0x1D, Privilege.VIEW), "endpoint 0 is a Root Node");
    }

    // ---- enforcement by the IM engines ----------------------------------------------------------------------

    @Test
    void aViewOnlyFabricIsRefusedEveryAdministerPathButReadsWhatItMay() throws ImException {
        assertEquals(ImStatus.SUCCESS, writeAcl(FABRIC_2_ADMIN, List.of(aclEntry(Privilege.VIEW, AuthMode.CASE,
                List.of(ADMIN_2), null))));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, readStatus(FABRIC_2_ADMIN, 0, AccessControl.ID, AccessControl.ACL));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, writeAcl(FABRIC_2_ADMIN, List.of()));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, write(FABRIC_2_ADMIN, AttributePathIb.of(0, BasicInformation.ID,
                BasicInformation.NODE_LABEL), text("hacked")));
        for (long[] command : new long[][] {{GeneralCommissioning.ID, GeneralCommissioning.ARM_FAIL_SAFE},
                {OperationalCredentials.ID, OperationalCredentials.UPDATE_FABRIC_LABEL},
                {OperationalCredentials.ID, OperationalCredentials.REMOVE_FABRIC},
                {AdministratorCommissioning.ID, AdministratorCommissioning.REVOKE_COMMISSIONING}}) {
            assertEquals(ImStatus.UNSUPPORTED_ACCESS, invoke(FABRIC_2_ADMIN, command[0], command[1], true),
                    "command 0x" + Long.toHexString(command[1]) + " of cluster 0x" + Long.toHexString(command[0]));
        }
        // View still reads: Basic Information, and CurrentFabricIndex is its own fabric.
        assertEquals(text("cpe-bridge project"), readValue(FABRIC_2_ADMIN, 0, BasicInformation.ID,
                BasicInformation.VENDOR_NAME));
        assertEquals(uint(2), readValue(FABRIC_2_ADMIN, 0, OperationalCredentials.ID,
                OperationalCredentials.CURRENT_FABRIC_INDEX));
        // A wildcard read of the Access Control cluster skips the ACL silently and returns the rest.
        List<AttributeReportIb> wildcard = reads.read(FABRIC_2_ADMIN,
                List.of(AttributePathIb.wildcard(0, AccessControl.ID, null)), List.of(), true);
        assertTrue(wildcard.stream().allMatch(r -> r instanceof AttributeDataIb), wildcard.toString());
        assertTrue(wildcard.stream().noneMatch(r -> ((AttributeDataIb) r).path().attribute().getAsLong()
                == AccessControl.ACL), wildcard.toString());
        assertTrue(wildcard.stream().anyMatch(r -> ((AttributeDataIb) r).path().attribute().getAsLong()
                == AccessControl.SUBJECTS_PER_ACCESS_CONTROL_ENTRY), wildcard.toString());
        // Fabric 1 is untouched: it still administers.
        assertEquals(ImStatus.SUCCESS, write(FABRIC_1_ADMIN, AttributePathIb.of(0, BasicInformation.ID,
                BasicInformation.NODE_LABEL), text("living room")));
        assertInstanceOf(AttributeDataIb.class, read(FABRIC_1_ADMIN, 0, AccessControl.ID, AccessControl.ACL));
    }

    @Test
    void subscriptionsAreCheckedWhenPrimedAndOnEveryReport() throws ImException {
        // Fabric 2 subscribes, as Administer, to its ACL and to the whole Access Control cluster.
        ImResponder responder = new ImResponder(FABRIC_2_ADMIN, reads, eventReads, writes, invokes,
                new ReportChunker(), () -> 0x5151, CLOCK);
        AttributePathIb aclPath = AttributePathIb.of(0, AccessControl.ID, AccessControl.ACL);
        ImResponder.Step step = responder.on(ImOpcode.SUBSCRIBE_REQUEST.code(), ImCodec.encode(
                new ImMessage.SubscribeRequest(true, 0, 60, List.of(aclPath,
                        AttributePathIb.wildcard(0, AccessControl.ID, null)), List.of(), List.of(), true, List.of(),
                        ImMessage.REVISION)));
        ImMessage.ReportData priming = (ImMessage.ReportData) ImCodec.decode(ImOpcode.REPORT_DATA.code(),
                step.messages().get(0).payload());
        assertTrue(priming.attributeReports().stream().filter(r -> r instanceof AttributeDataIb)
                .anyMatch(r -> ((AttributeDataIb) r).path().attribute().getAsLong() == AccessControl.ACL));
        step = responder.on(ImOpcode.STATUS_RESPONSE.code(), ImCodec.encode(
                ImMessage.StatusResponse.of(ImStatus.SUCCESS)));
        Subscription subscription = step.established().orElseThrow();
        SubscriptionReporter reporter = new SubscriptionReporter(subscription, model, reads, eventReads,
                new ReportChunker(), events.nextNumber(), CLOCK);

        // It cuts itself down to View: the next report refuses the concrete path and skips the wildcard's ACL.
        assertEquals(ImStatus.SUCCESS, writeAcl(FABRIC_2_ADMIN, List.of(aclEntry(Privilege.VIEW, AuthMode.CASE,
                List.of(ADMIN_2), null))));
        SubscriptionReporter.Step report = reporter.onDataChanged();
        ImMessage.ReportData data = (ImMessage.ReportData) ImCodec.decode(ImOpcode.REPORT_DATA.code(),
                report.report().orElseThrow());
        List<AttributeReportIb> aclReports = data.attributeReports().stream()
                .filter(r -> r instanceof AttributeStatusIb || ((AttributeDataIb) r).path().attribute().getAsLong()
                        == AccessControl.ACL).toList();
        assertEquals(1, aclReports.size(), data.attributeReports().toString());
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, ((AttributeStatusIb) aclReports.get(0)).status().status());
    }

    @Test
    void anIphoneAclWriteOverPaseAfterAddNocGrantsByItsCaseAuthenticatedTags() throws ImException {
        // Decrypted WriteRequest an iPhone sent while commissioning (see ImCodecTest.writeRequestFromIphone): over
        // PASE, after AddNOC created fabric 1, it replaces the fabric's ACL with Administer for CAT 0x321D v1 and
        // node 0xBEFA9804, and Operate for CAT 0x4F2B v1.
        byte[] bytes = HexFormat.of().parseHex("1528002801360215370124020024031f2404001836021524010524020236030701"
                + "001d32fdffffff060498fabe183404181524010324020236030701002b4ffdffffff18340418181818280324ff0c18");
        ImMessage.WriteRequest request = (ImMessage.WriteRequest) ImCodec.decode(ImOpcode.WRITE_REQUEST.code(),
                bytes);
        List<AttributeStatusIb> statuses = writes.write(AccessSubject.ofPase(1), request.writeRequests(), false);
        assertEquals(ImStatus.SUCCESS, statuses.get(0).status().status(), statuses.toString());
        assertEquals(List.of(
                new AccessControlList.Entry(1, Privilege.ADMINISTER, AuthMode.CASE,
                        List.of(0xFFFF_FFFD_321D_0001L, 0xBEFA_9804L), List.of()),
                new AccessControlList.Entry(1, Privilege.OPERATE, AuthMode.CASE, List.of(0xFFFF_FFFD_4F2B_0001L),
                        List.of())), acl.entriesOf(1));
        TlvElement.Structure event = (TlvElement.Structure) events.entries().get(events.entries().size() - 1).data();
        assertEquals(0, ((TlvElement.UnsignedInt) event.member(2).orElseThrow()).value(), "AdminPasscodeID");

        AccessSubject homeHub = AccessSubject.ofCase(1, 0x7777L, List.of(0x321D_0001L));
        AccessSubject member = AccessSubject.ofCase(1, 0x8888L, List.of(0x4F2B_0002L));
        assertInstanceOf(AttributeDataIb.class, read(homeHub, 0, AccessControl.ID, AccessControl.ACL));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, readStatus(member, 0, AccessControl.ID, AccessControl.ACL));
        assertEquals(ImStatus.SUCCESS, write(AccessSubject.ofCase(1, 0xBEFA_9804L), AttributePathIb.of(0,
                BasicInformation.ID, BasicInformation.NODE_LABEL), text("hub")));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, write(member, AttributePathIb.of(0, BasicInformation.ID,
                BasicInformation.NODE_LABEL), text("member")), "NodeLabel needs Manage; the CAT grants Operate");
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, readStatus(FABRIC_1_ADMIN, 0, BasicInformation.ID,
                BasicInformation.VENDOR_NAME), "the commissioner's node id is no longer named");
    }

    @Test
    void theAclAttributeShowsEachFabricItsOwnEntries() {
        TlvElement.Array mine = (TlvElement.Array) readValue(FABRIC_1_ADMIN, 0, AccessControl.ID, AccessControl.ACL);
        assertEquals(1, mine.members().size());
        assertEquals(1, ReadEngine.fabricIndexOf(mine.members().get(0)));
    }

    @Test
    void anAdministratorMayRewriteItsOwnEntryAsReplaceThenAppend() throws ImException {
        // matter.js and the SDK write a list as "replace with []" followed by appends, possibly in chunks: the first
        // write removes the writer's own entry, and the appends still go through.
        AttributePathIb acl = AttributePathIb.of(0, AccessControl.ID, AccessControl.ACL);
        AttributePathIb append = new AttributePathIb(false, OptionalLong.empty(), OptionalInt.of(0),
                OptionalLong.of(AccessControl.ID), OptionalLong.of(AccessControl.ACL),
                Optional.of(AttributePathIb.ListIndex.APPEND), OptionalLong.empty());
        WriteEngine.Interaction interaction = new WriteEngine.Interaction();
        List<AttributeStatusIb> first = writes.write(FABRIC_1_ADMIN, List.of(
                new AttributeDataIb(OptionalLong.empty(), acl, new TlvElement.Array(TlvTag.anonymous(), List.of())),
                new AttributeDataIb(OptionalLong.empty(), append,
                        aclEntry(Privilege.ADMINISTER, AuthMode.CASE, List.of(ADMIN_1), null))), false, interaction);
        List<AttributeStatusIb> secondChunk = writes.write(FABRIC_1_ADMIN, List.of(
                new AttributeDataIb(OptionalLong.empty(), append,
                        aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(0x5555L), null))), false, interaction);
        assertTrue(first.stream().allMatch(s -> s.status().status().isSuccess()), first.toString());
        assertTrue(secondChunk.get(0).status().status().isSuccess(), secondChunk.toString());
        assertEquals(2, acl().entriesOf(1).size());
        // A new interaction is checked afresh: a subject that has lost its entry gets no second chance.
        AccessSubject viewer = AccessSubject.ofCase(1, 0x5555L);
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, writeAcl(viewer, List.of()));
    }

    @Test
    void invalidEntriesAreConstraintErrorsAndChangeNothing() {
        List<TlvElement> invalid = List.of(
                aclEntry(Privilege.ADMINISTER, AuthMode.GROUP, List.of(0x0101L), null),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(0L), null),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(0xFFFF_FFFF_FFFF_0001L), null),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(0xFFFF_FFFD_0001_0000L), null),
                aclEntry(Privilege.VIEW, AuthMode.GROUP, List.of(0x1_0000L), null),
                aclEntry(Privilege.VIEW, AuthMode.PASE, List.of(), null),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(), List.of(targetTlv(null, null, null))),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(), List.of(targetTlv(null, 1L, 0x000EL))),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(), List.of(targetTlv(0x8000L, null, null))),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(), List.of(targetTlv(null, 0xFFFFL, null))),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(), List.of(targetTlv(null, null, 0xC000L))),
                rawEntry(9, AuthMode.CASE.code()),
                rawEntry(Privilege.VIEW.code(), 7));
        for (TlvElement entry : invalid) {
            assertEquals(ImStatus.CONSTRAINT_ERROR, writeAcl(FABRIC_1_ADMIN, List.of(
                    aclEntry(Privilege.ADMINISTER, AuthMode.CASE, List.of(ADMIN_1), null), entry)), entry.toString());
            assertEquals(List.of(AccessControlList.Entry.administrator(1, ADMIN_1)), acl().entriesOf(1));
        }
        // Valid ones: a CAT with a version, a group entry with Operate, manufacturer cluster ids.
        assertEquals(ImStatus.SUCCESS, writeAcl(FABRIC_1_ADMIN, List.of(
                aclEntry(Privilege.ADMINISTER, AuthMode.CASE, List.of(ADMIN_1, 0xFFFF_FFFD_0001_0001L), null),
                aclEntry(Privilege.OPERATE, AuthMode.GROUP, List.of(0x0101L), null),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(), List.of(targetTlv(0xFFF1_FC00L, null, null),
                        targetTlv(null, null, 0x000EL))))));
        assertEquals(3, acl().entriesOf(1).size());
    }

    @Test
    void limitsAreResourceExhausted() {
        List<TlvElement> five = new ArrayList<>();
        for (int i = 0; i < AccessControlList.ENTRIES_PER_FABRIC + 1; i++) {
            five.add(aclEntry(Privilege.ADMINISTER, AuthMode.CASE, List.of(ADMIN_1), null));
        }
        assertEquals(ImStatus.RESOURCE_EXHAUSTED, writeAcl(FABRIC_1_ADMIN, five));
        assertEquals(ImStatus.RESOURCE_EXHAUSTED, writeAcl(FABRIC_1_ADMIN, List.of(aclEntry(Privilege.ADMINISTER,
                AuthMode.CASE, List.of(ADMIN_1, 2L, 3L, 4L, 5L), null))));
        assertEquals(ImStatus.RESOURCE_EXHAUSTED, writeAcl(FABRIC_1_ADMIN, List.of(aclEntry(Privilege.ADMINISTER,
                AuthMode.CASE, List.of(ADMIN_1), List.of(targetTlv(6L, null, null), targetTlv(8L, null, null),
                        targetTlv(0x28L, null, null), targetTlv(0x1DL, null, null))))));
        assertEquals(1, acl().entriesOf(1).size());
        // The limits are the attributes' values.
        assertEquals(uint(4), readValue(FABRIC_1_ADMIN, 0, AccessControl.ID,
                AccessControl.SUBJECTS_PER_ACCESS_CONTROL_ENTRY));
        assertEquals(uint(3), readValue(FABRIC_1_ADMIN, 0, AccessControl.ID,
                AccessControl.TARGETS_PER_ACCESS_CONTROL_ENTRY));
        assertEquals(uint(4), readValue(FABRIC_1_ADMIN, 0, AccessControl.ID,
                AccessControl.ACCESS_CONTROL_ENTRIES_PER_FABRIC));
        // Each fabric has its own quota: fabric 2 can still add 3 more while fabric 1 is full.
        List<TlvElement> four = five.subList(0, 4);
        assertEquals(ImStatus.SUCCESS, writeAcl(FABRIC_1_ADMIN, four));
        assertEquals(ImStatus.SUCCESS, writeAcl(FABRIC_2_ADMIN, List.of(
                aclEntry(Privilege.ADMINISTER, AuthMode.CASE, List.of(ADMIN_2), null),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(7L), null))));
    }

    @Test
    void changesAreLoggedAsFabricScopedEventsForAdministrators() {
        int before = events.entries().size();
        assertEquals(ImStatus.SUCCESS, writeAcl(FABRIC_1_ADMIN, List.of(
                aclEntry(Privilege.ADMINISTER, AuthMode.CASE, List.of(ADMIN_1), null),
                aclEntry(Privilege.VIEW, AuthMode.CASE, List.of(0x77L), null))));
        List<EventLog.Entry> logged = events.entries().subList(before, events.entries().size());
        assertEquals(1, logged.size(), logged.toString());
        TlvElement.Structure data = (TlvElement.Structure) logged.get(0).data();
        assertEquals(ADMIN_1, ((TlvElement.UnsignedInt) data.member(1).orElseThrow()).value(), "AdminNodeID");
        assertInstanceOf(TlvElement.Null.class, data.member(2).orElseThrow(), "AdminPasscodeID");
        assertEquals(1, ((TlvElement.UnsignedInt) data.member(3).orElseThrow()).value(), "ChangeType Added");
        assertEquals(1, ((TlvElement.UnsignedInt) data.member(0xFE).orElseThrow()).value(), "FabricIndex");
        TlvElement.Structure latest = (TlvElement.Structure) data.member(4).orElseThrow();
        assertEquals(Privilege.VIEW.code(), ((TlvElement.UnsignedInt) latest.member(1).orElseThrow()).value());

        EventPathIb changes = EventPathIb.of(0, AccessControl.ID, AccessControl.EVENT_ACCESS_CONTROL_ENTRY_CHANGED);
        List<EventReportIb> ownFabric = eventReads.read(FABRIC_1_ADMIN, List.of(changes), List.of());
        assertTrue(ownFabric.stream().allMatch(r -> r instanceof EventDataIb) && !ownFabric.isEmpty());
        assertTrue(eventReads.read(FABRIC_2_ADMIN, List.of(changes), List.of()).stream()
                .map(r -> ((EventDataIb) r).data().orElseThrow())
                .allMatch(d -> ((TlvElement.UnsignedInt) ((TlvElement.Structure) d).member(0xFE).orElseThrow())
                        .value() == 2), "fabric 2 sees only its own fabric's changes");
        // Removing the entry again logs Removed; a View-only subject may not read the events at all.
        assertEquals(ImStatus.SUCCESS, writeAcl(FABRIC_1_ADMIN, List.of(
                aclEntry(Privilege.ADMINISTER, AuthMode.CASE, List.of(ADMIN_1), null))));
        TlvElement.Structure removed = (TlvElement.Structure) events.entries().get(events.entries().size() - 1)
                .data();
        assertEquals(2, ((TlvElement.UnsignedInt) removed.member(3).orElseThrow()).value(), "ChangeType Removed");
        assertEquals(ImStatus.SUCCESS, writeAcl(FABRIC_2_ADMIN, List.of(aclEntry(Privilege.VIEW, AuthMode.CASE,
                List.of(ADMIN_2), null))));
        List<EventReportIb> denied = eventReads.read(FABRIC_2_ADMIN, List.of(changes), List.of());
        assertEquals(1, denied.size());
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, ((EventStatusIb) denied.get(0)).status().status());
        assertTrue(eventReads.read(FABRIC_2_ADMIN, List.of(new EventPathIb(OptionalLong.empty(), OptionalInt.empty(),
                OptionalLong.empty(), OptionalLong.empty(), false)), List.of()).isEmpty(),
                "a wildcard event read skips what the subject may not see");
    }

    @Test
    void aclChangesSurviveARestartAndStayEnforced() {
        assertEquals(ImStatus.SUCCESS, writeAcl(FABRIC_2_ADMIN, List.of(aclEntry(Privilege.VIEW, AuthMode.CASE,
                List.of(ADMIN_2), List.of(targetTlv(BasicInformation.ID, 0L, null))))));
        List<AccessControlList.Entry> written = acl.entries();
        startNode();
        assertEquals(written, acl.entries());
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, readStatus(FABRIC_2_ADMIN, 0, AccessControl.ID, AccessControl.ACL));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, readStatus(FABRIC_2_ADMIN, 0, GeneralCommissioning.ID,
                GeneralCommissioning.BREADCRUMB), "outside its only target");
        assertEquals(text("cpe-bridge project"), readValue(FABRIC_2_ADMIN, 0, BasicInformation.ID,
                BasicInformation.VENDOR_NAME));
        TlvElement.Array published = (TlvElement.Array) readValue(FABRIC_1_ADMIN, 0, AccessControl.ID,
                AccessControl.ACL);
        assertEquals(1, published.members().size(), "the restarted node publishes the stored ACL");
    }

    // ---- items 3, 4 and 5 of issue 15 -----------------------------------------------------------------------

    @Test
    void currentFabricIndexIsTheReadersFabric() {
        assertEquals(uint(1), readValue(FABRIC_1_ADMIN, 0, OperationalCredentials.ID,
                OperationalCredentials.CURRENT_FABRIC_INDEX));
        assertEquals(uint(2), readValue(FABRIC_2_ADMIN, 0, OperationalCredentials.ID,
                OperationalCredentials.CURRENT_FABRIC_INDEX));
        assertEquals(uint(0), readValue(AccessSubject.ofPase(), 0, OperationalCredentials.ID,
                OperationalCredentials.CURRENT_FABRIC_INDEX), "PASE before AddNOC");
        assertEquals(uint(3), readValue(AccessSubject.ofPase(3), 0, OperationalCredentials.ID,
                OperationalCredentials.CURRENT_FABRIC_INDEX), "PASE after AddNOC");
    }

    @Test
    void nodeLabelIsAtMost32Bytes() {
        AttributePathIb nodeLabel = AttributePathIb.of(0, BasicInformation.ID, BasicInformation.NODE_LABEL);
        assertEquals(ImStatus.CONSTRAINT_ERROR, write(FABRIC_1_ADMIN, nodeLabel, text("x".repeat(33))));
        assertEquals(ImStatus.SUCCESS, write(FABRIC_1_ADMIN, nodeLabel, text("x".repeat(32))));
        assertEquals(text("x".repeat(32)), readValue(FABRIC_1_ADMIN, 0, BasicInformation.ID,
                BasicInformation.NODE_LABEL));
        assertEquals(ImStatus.CONSTRAINT_ERROR, write(FABRIC_1_ADMIN, AttributePathIb.of(0, BasicInformation.ID,
                BasicInformation.LOCATION), text("XYZ")));
    }

    @Test
    void everyAttributeEveryAttributeListNamesReadsWithData() {
        int checked = 0;
        for (Endpoint endpoint : model.endpoints()) {
            for (ClusterInstance cluster : endpoint.clusters()) {
                TlvElement.Array listed = (TlvElement.Array) readValue(FABRIC_1_ADMIN, endpoint.id(), cluster.id(),
                        GlobalAttributes.ATTRIBUTE_LIST);
                for (TlvElement id : listed.members()) {
                    long attribute = ((TlvElement.UnsignedInt) id).value();
                    AttributeReportIb report = read(FABRIC_1_ADMIN, endpoint.id(), cluster.id(), attribute);
                    assertInstanceOf(AttributeDataIb.class, report, "endpoint " + endpoint.id() + " cluster 0x"
                            + Long.toHexString(cluster.id()) + " attribute 0x" + Long.toHexString(attribute));
                    checked++;
                }
            }
        }
        assertTrue(checked > 60, checked + " attributes");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private AccessControlList acl() {
        return acl;
    }

    private AttributeReportIb read(AccessSubject subject, int endpoint, long cluster, long attribute) {
        List<AttributeReportIb> reports = reads.read(subject, List.of(AttributePathIb.of(endpoint, cluster,
                attribute)), List.of(), true);
        assertEquals(1, reports.size(), reports.toString());
        return reports.get(0);
    }

    private TlvElement readValue(AccessSubject subject, int endpoint, long cluster, long attribute) {
        AttributeReportIb report = read(subject, endpoint, cluster, attribute);
        assertInstanceOf(AttributeDataIb.class, report, report.toString());
        return ((AttributeDataIb) report).data();
    }

    private ImStatus readStatus(AccessSubject subject, int endpoint, long cluster, long attribute) {
        AttributeReportIb report = read(subject, endpoint, cluster, attribute);
        assertInstanceOf(AttributeStatusIb.class, report, report.toString());
        return ((AttributeStatusIb) report).status().status();
    }

    private ImStatus write(AccessSubject subject, AttributePathIb path, TlvElement value) {
        List<AttributeStatusIb> statuses = writes.write(subject, List.of(new AttributeDataIb(OptionalLong.empty(),
                path, value)), false);
        return statuses.get(0).status().status();
    }

    private ImStatus writeAcl(AccessSubject subject, List<TlvElement> entries) {
        return write(subject, AttributePathIb.of(0, AccessControl.ID, AccessControl.ACL),
                new TlvElement.Array(TlvTag.anonymous(), entries));
    }

    private ImStatus invoke(AccessSubject subject, long cluster, long command, boolean timed) throws ImException {
        List<InvokeResponseIb> responses = invokes.invoke(subject, List.of(CommandDataIb.of(
                CommandPathIb.of(0, cluster, command), new TlvElement.Structure(TlvTag.anonymous(), List.of()))),
                timed);
        return ((CommandStatusIb) responses.get(0)).status().status();
    }

    private static AccessControlList.Entry entry(int fabric, Privilege privilege, List<Long> subjects,
            AccessControlList.Target target) {
        return new AccessControlList.Entry(fabric, privilege, AuthMode.CASE, subjects, List.of(target));
    }

    private static AccessControlList.Target target(OptionalLong cluster, OptionalInt endpoint,
            OptionalLong deviceType) {
        return new AccessControlList.Target(endpoint, cluster, deviceType);
    }

    private static TlvElement aclEntry(Privilege privilege, AuthMode authMode, List<Long> subjects,
            List<TlvElement> targets) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(1), privilege.code()),
                new TlvElement.UnsignedInt(TlvTag.context(2), authMode.code()),
                subjects.isEmpty() ? new TlvElement.Null(TlvTag.context(3)) : new TlvElement.Array(TlvTag.context(3),
                        subjects.stream().map(s -> (TlvElement) new TlvElement.UnsignedInt(TlvTag.anonymous(), s))
                                .toList()),
                targets == null ? new TlvElement.Null(TlvTag.context(4))
                        : new TlvElement.Array(TlvTag.context(4), targets)));
    }

    private static TlvElement rawEntry(long privilege, long authMode) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(1), privilege),
                new TlvElement.UnsignedInt(TlvTag.context(2), authMode),
                new TlvElement.Null(TlvTag.context(3)), new TlvElement.Null(TlvTag.context(4))));
    }

    private static TlvElement targetTlv(Long cluster, Long endpoint, Long deviceType) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(
                cluster == null ? new TlvElement.Null(TlvTag.context(0))
                        : new TlvElement.UnsignedInt(TlvTag.context(0), cluster),
                endpoint == null ? new TlvElement.Null(TlvTag.context(1))
                        : new TlvElement.UnsignedInt(TlvTag.context(1), endpoint),
                deviceType == null ? new TlvElement.Null(TlvTag.context(2))
                        : new TlvElement.UnsignedInt(TlvTag.context(2), deviceType)));
    }

    private static TlvElement uint(long value) {
        return new TlvElement.UnsignedInt(TlvTag.anonymous(), value);
    }

    private static TlvElement text(String value) {
        return new TlvElement.Utf8(TlvTag.anonymous(), value);
    }
}
