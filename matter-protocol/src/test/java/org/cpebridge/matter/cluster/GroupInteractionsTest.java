package org.cpebridge.matter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.CommandStatusIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

/** Group Invoke and Write over the test bridge's plugs on endpoints 2 and 3 (On/Off cluster 6). */
class GroupInteractionsTest {

    private static final AccessSubject KITCHEN = AccessSubject.ofGroup(1, 0x0101);
    private static final TlvElement EMPTY = new TlvElement.Structure(TlvTag.anonymous(), List.of());

    private final List<String> handled = new ArrayList<>();
    private final DataModel model = TestModels.bridge();

    /** Operate for group 0x0101 of fabric 1 only, as an ACL entry with AuthMode GROUP would grant. */
    private static final AccessChecker GROUP_0101_OPERATES = (subject, endpoint, cluster, privilege) ->
            subject.authMode() == AuthMode.GROUP && subject.fabricIndex() == 1 && subject.subject() == 0x0101
                    && Privilege.OPERATE.grants(privilege);

    private GroupInteractions interactions(AccessChecker access) {
        InvokeDispatcher invokes = new InvokeDispatcher(model, access, 1);
        invokes.setHandler(6, (subject, cluster, command, fields) -> {
            handled.add(cluster.endpoint() + ":" + command.name() + ":" + subject.authMode() + ":"
                    + Long.toHexString(subject.subject()));
            return command.id() == 0x40 ? new CommandResult.Response(fields) : CommandResult.success();
        });
        return new GroupInteractions(model, new WriteEngine(model, access), invokes);
    }

    private static byte[] invoke(boolean timed, CommandDataIb... commands) {
        return ImCodec.encode(new ImMessage.InvokeRequest(true, timed, List.of(commands), 12));
    }

    private static CommandDataIb groupCommand(long command) {
        return CommandDataIb.of(new CommandPathIb(OptionalInt.empty(), 6, command), EMPTY);
    }

    @Test
    void aGroupToggleActsOnEveryMemberWithTheClusterAndNothingElse() {
        GroupInteractions group = interactions(GROUP_0101_OPERATES);
        // Endpoint 1 (the aggregator) is a member but has no On/Off cluster: skipped.
        GroupInteractions.Delivery delivery = group.onMessage(KITCHEN, ImOpcode.INVOKE_REQUEST.code(),
                invoke(false, groupCommand(2)), Set.of(1, 3));
        assertEquals(List.of("3:Toggle:GROUP:101"), handled);
        assertEquals(1, delivery.commands().size());
        assertEquals(Optional.empty(), delivery.dropped());
        handled.clear();
        group.onMessage(KITCHEN, ImOpcode.INVOKE_REQUEST.code(), invoke(false, groupCommand(2)), Set.of(2, 3));
        assertEquals(List.of("2:Toggle:GROUP:101", "3:Toggle:GROUP:101"), handled);
    }

    @Test
    void aCommandWithAResponseRunsAndItsResponseIsNotSent() {
        GroupInteractions group = interactions(GROUP_0101_OPERATES);
        GroupInteractions.Delivery delivery = group.onMessage(KITCHEN, ImOpcode.INVOKE_REQUEST.code(),
                invoke(false, groupCommand(0x40)), Set.of(2));
        assertEquals(List.of("2:Echo:GROUP:101"), handled);
        assertEquals(1, delivery.commands().size());
    }

    @Test
    void aPathNamingAnEndpointIsNotActedOnEvenOnAMember() {
        GroupInteractions group = interactions(GROUP_0101_OPERATES);
        group.onMessage(KITCHEN, ImOpcode.INVOKE_REQUEST.code(),
                invoke(false, CommandDataIb.of(CommandPathIb.of(3, 6, 2), EMPTY)), Set.of(2));
        group.onMessage(KITCHEN, ImOpcode.INVOKE_REQUEST.code(),
                invoke(false, CommandDataIb.of(CommandPathIb.of(2, 6, 2), EMPTY)), Set.of(2));
        AttributePathIb named = AttributePathIb.of(2, 6, 0x4002);
        group.onMessage(KITCHEN, ImOpcode.WRITE_REQUEST.code(), ImCodec.encode(new ImMessage.WriteRequest(true,
                false, List.of(new AttributeDataIb(OptionalLong.empty(), named, TestModels.u(5))), false, 12)),
                Set.of(2));
        assertEquals(List.of(), handled);
        assertEquals(Optional.of((TlvElement) new TlvElement.Null(TlvTag.anonymous())),
                model.cluster(2, 6).orElseThrow().value(0x4002));
    }

    @Test
    void theAclDecidesPerGroupAndPrivilege() {
        GroupInteractions group = interactions(GROUP_0101_OPERATES);
        // Another group of the same fabric: no entry names it.
        GroupInteractions.Delivery other = group.onMessage(AccessSubject.ofGroup(1, 0x0202),
                ImOpcode.INVOKE_REQUEST.code(), invoke(false, groupCommand(2)), Set.of(2, 3));
        assertEquals(List.of(), handled);
        assertEquals(2, other.commands().size());
        assertTrue(other.commands().stream().allMatch(response -> response instanceof CommandStatusIb status
                && status.status().status() == ImStatus.UNSUPPORTED_ACCESS), other.commands().toString());
        // The same group id on another fabric.
        group.onMessage(AccessSubject.ofGroup(2, 0x0101), ImOpcode.INVOKE_REQUEST.code(),
                invoke(false, groupCommand(2)), Set.of(2));
        assertEquals(List.of(), handled);
        // Administer-only command: Operate is not enough (and it is timed besides).
        group.onMessage(KITCHEN, ImOpcode.INVOKE_REQUEST.code(), invoke(false, groupCommand(0x42)), Set.of(2));
        assertEquals(List.of(), handled);
    }

    @Test
    void readsSubscriptionsTimedRequestsAndGarbageAreDropped() {
        GroupInteractions group = interactions(AccessChecker.ALLOW_ALL);
        byte[] read = ImCodec.encode(new ImMessage.ReadRequest(List.of(AttributePathIb.wildcard(null, 6L, 0L)),
                List.of(), List.of(), true, List.of(), 12));
        assertTrue(group.onMessage(KITCHEN, ImOpcode.READ_REQUEST.code(), read, Set.of(2)).dropped().isPresent());
        assertTrue(group.onMessage(KITCHEN, ImOpcode.SUBSCRIBE_REQUEST.code(), read, Set.of(2)).dropped()
                .isPresent());
        assertTrue(group.onMessage(KITCHEN, ImOpcode.INVOKE_REQUEST.code(), invoke(true, groupCommand(2)),
                Set.of(2)).dropped().isPresent());
        assertTrue(group.onMessage(KITCHEN, ImOpcode.INVOKE_REQUEST.code(), new byte[] {0x15, 0x36},
                Set.of(2)).dropped().isPresent());
        assertTrue(group.onMessage(KITCHEN, 0x77, new byte[0], Set.of(2)).dropped().isPresent());
        assertEquals(List.of(), handled);
    }

    @Test
    void aGroupWriteSetsTheAttributeOnEveryMemberThatHasIt() {
        GroupInteractions group = interactions(GROUP_0101_OPERATES);
        AttributePathIb onTime = new AttributePathIb(false, OptionalLong.empty(), OptionalInt.empty(),
                OptionalLong.of(6), OptionalLong.of(0x4002), Optional.empty(), OptionalLong.empty());
        byte[] write = ImCodec.encode(new ImMessage.WriteRequest(true, false, List.of(new AttributeDataIb(
                OptionalLong.empty(), onTime, TestModels.u(30))), false, 12));
        GroupInteractions.Delivery delivery = group.onMessage(KITCHEN, ImOpcode.WRITE_REQUEST.code(), write,
                Set.of(1, 3));
        assertEquals(1, delivery.writes().size());
        assertEquals(Optional.of(TestModels.u(30)), model.cluster(3, 6).orElseThrow().value(0x4002));
        assertEquals(Optional.of((TlvElement) new TlvElement.Null(TlvTag.anonymous())),
                model.cluster(2, 6).orElseThrow().value(0x4002));
        // Timed-write attribute (Manage besides): refused per path, nothing changes.
        AttributePathIb timed = new AttributePathIb(false, OptionalLong.empty(), OptionalInt.empty(),
                OptionalLong.of(6), OptionalLong.of(0x4001), Optional.empty(), OptionalLong.empty());
        group.onMessage(KITCHEN, ImOpcode.WRITE_REQUEST.code(), ImCodec.encode(new ImMessage.WriteRequest(true,
                false, List.of(new AttributeDataIb(OptionalLong.empty(), timed, TestModels.u(9))), false, 12)),
                Set.of(2));
        assertEquals(Optional.of(TestModels.u(0)), model.cluster(2, 6).orElseThrow().value(0x4001));
    }

    @Test
    void onlyGroupSubjectsComeThisWay() {
        GroupInteractions group = interactions(AccessChecker.ALLOW_ALL);
        assertThrows(IllegalArgumentException.class, () -> group.onMessage(AccessSubject.ofCase(1, 5),
                ImOpcode.INVOKE_REQUEST.code(), invoke(false, groupCommand(2)), Set.of(2)));
        assertThrows(IllegalArgumentException.class, () -> AccessSubject.ofGroup(0, 1));
        assertThrows(IllegalArgumentException.class, () -> AccessSubject.ofGroup(1, 0));
    }
}
