package org.cpebridge.matter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.CommandStatusIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.InvokeResponseIb;
import org.cpebridge.matter.im.StatusIb;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

class InvokeDispatcherTest {

    private static final AccessSubject ADMIN = AccessSubject.ofCase(1, 0x1111);
    private static final TlvElement EMPTY = new TlvElement.Structure(TlvTag.anonymous(), List.of());

    private final List<String> handled = new ArrayList<>();

    private InvokeDispatcher dispatcher(DataModel model, AccessChecker access, int maxPaths) {
        InvokeDispatcher dispatcher = new InvokeDispatcher(model, access, maxPaths);
        dispatcher.setHandler(6, (subject, cluster, command, fields) -> {
            handled.add(cluster.endpoint() + ":" + command.name());
            if (command.id() == 0x40) {
                return new CommandResult.Response(fields);
            }
            if (command.id() == 0x01) {
                throw new ImException(ImStatus.INVALID_COMMAND, "On is broken today");
            }
            if (command.id() == 0x00) {
                return new CommandResult.Status(new StatusIb(ImStatus.FAILURE, OptionalInt.of(3)));
            }
            return CommandResult.success();
        });
        return dispatcher;
    }

    private static CommandDataIb command(int endpoint, long cluster, long command) {
        return CommandDataIb.of(CommandPathIb.of(endpoint, cluster, command), EMPTY);
    }

    private ImStatus statusOf(InvokeDispatcher dispatcher, AccessSubject subject, CommandDataIb request,
            boolean timed) throws ImException {
        List<InvokeResponseIb> responses = dispatcher.invoke(subject, List.of(request), timed);
        assertEquals(1, responses.size());
        return assertInstanceOf(CommandStatusIb.class, responses.get(0)).status().status();
    }

    @Test
    void handlerRunsAfterTheGenericChecks() throws ImException {
        InvokeDispatcher dispatcher = dispatcher(TestModels.bridge(), AccessChecker.ALLOW_ALL, 1);
        assertEquals(ImStatus.SUCCESS, statusOf(dispatcher, ADMIN, command(2, 6, 2), false));
        assertEquals(ImStatus.INVALID_COMMAND, statusOf(dispatcher, ADMIN, command(2, 6, 1), false));
        assertEquals(List.of("2:Toggle", "2:On"), handled);
        assertEquals(ImStatus.UNSUPPORTED_ENDPOINT, statusOf(dispatcher, ADMIN, command(9, 6, 2), false));
        assertEquals(ImStatus.UNSUPPORTED_CLUSTER, statusOf(dispatcher, ADMIN, command(2, 8, 2), false));
        assertEquals(ImStatus.UNSUPPORTED_COMMAND, statusOf(dispatcher, ADMIN, command(2, 6, 0x77), false));
        assertEquals(ImStatus.NEEDS_TIMED_INTERACTION, statusOf(dispatcher, ADMIN, command(2, 6, 0x42), false));
        assertEquals(ImStatus.SUCCESS, statusOf(dispatcher, ADMIN, command(2, 6, 0x42), true));
        // Declared but nobody handles it yet.
        assertEquals(ImStatus.UNSUPPORTED_COMMAND, statusOf(dispatcher, ADMIN,
                command(0, GeneralCommissioning.ID, GeneralCommissioning.ARM_FAIL_SAFE), false));
        // Fabric-scoped command over PASE, before a fabric exists.
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, statusOf(dispatcher, AccessSubject.ofPase(),
                command(0, GeneralCommissioning.ID, GeneralCommissioning.COMMISSIONING_COMPLETE), false));
        // Group form (no endpoint) on a unicast invoke.
        assertEquals(ImStatus.INVALID_ACTION, statusOf(dispatcher, ADMIN,
                new CommandDataIb(new CommandPathIb(OptionalInt.empty(), 6, 2), Optional.empty(),
                        OptionalInt.empty()), false));
    }

    @Test
    void accessCheckComesFirstWithTheInvokePrivilege() throws ImException {
        List<String> asked = new ArrayList<>();
        AccessChecker operateOnly = (subject, endpoint, cluster, privilege) -> {
            asked.add(endpoint + "/" + cluster + "/" + privilege);
            return Privilege.OPERATE.grants(privilege);
        };
        InvokeDispatcher dispatcher = dispatcher(TestModels.bridge(), operateOnly, 1);
        assertEquals(ImStatus.SUCCESS, statusOf(dispatcher, ADMIN, command(2, 6, 2), false));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, statusOf(dispatcher, ADMIN, command(2, 6, 0x42), true));
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, statusOf(dispatcher, ADMIN,
                command(0, GeneralCommissioning.ID, GeneralCommissioning.ARM_FAIL_SAFE), false));
        assertEquals(List.of("2/6/OPERATE", "2/6/ADMINISTER", "0/48/ADMINISTER"), asked);
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, statusOf(dispatcher(TestModels.bridge(),
                (subject, endpoint, cluster, privilege) -> false, 1), ADMIN, command(9, 6, 2), false));
    }

    @Test
    void responseCommandAndStatusAreEncodedByteExact() throws ImException {
        InvokeDispatcher dispatcher = dispatcher(TestModels.bridge(), AccessChecker.ALLOW_ALL, 2);
        TlvElement echoFields = new TlvElement.Structure(TlvTag.anonymous(),
                List.of(new TlvElement.UnsignedInt(TlvTag.context(0), 7)));
        List<InvokeResponseIb> responses = dispatcher.invoke(ADMIN, List.of(
                new CommandDataIb(CommandPathIb.of(2, 6, 0x40), Optional.of(echoFields), OptionalInt.of(1)),
                new CommandDataIb(CommandPathIb.of(3, 6, 0x00), Optional.empty(), OptionalInt.of(2))), false);
        byte[] encoded = ImCodec.encode(new ImMessage.InvokeResponse(false, responses, false, 12));
        String expected = "15"
                + "2800" // SuppressResponse (0): false
                + "3601" // InvokeResponses (1)
                + "15 3500" // InvokeResponseIB, Command (0)
                + "3700 240002 240106 240241 18" // CommandPath: endpoint 2, cluster 6, response command 0x41
                + "3501 240007 18" // CommandFields (1): {0: 7}
                + "240201" // CommandRef (2): 1
                + "18 18"
                + "15 3501" // InvokeResponseIB, Status (1)
                + "3700 240003 240106 240200 18" // CommandPath: endpoint 3, cluster 6, command 0
                + "3501 240001 240103 18" // StatusIB: FAILURE, ClusterStatus 3
                + "240202" // CommandRef (2): 2
                + "18 18"
                + "18"
                + "24ff0c" // InteractionModelRevision: 12
                + "18";
        assertEquals(expected.replace(" ", ""), HexFormat.of().formatHex(encoded));
    }

    @Test
    void batchesAreCheckedAsAWhole() {
        InvokeDispatcher single = dispatcher(TestModels.bridge(), AccessChecker.ALLOW_ALL, 1);
        ImException tooMany = assertThrows(ImException.class,
                () -> single.invoke(ADMIN, List.of(command(2, 6, 2), command(3, 6, 2)), false));
        assertEquals(ImStatus.INVALID_ACTION, tooMany.status());

        InvokeDispatcher batch = dispatcher(TestModels.bridge(), AccessChecker.ALLOW_ALL, 4);
        assertThrows(ImException.class,
                () -> batch.invoke(ADMIN, List.of(command(2, 6, 2), command(3, 6, 2)), false), "no CommandRefs");
        CommandDataIb first = new CommandDataIb(CommandPathIb.of(2, 6, 2), Optional.empty(), OptionalInt.of(1));
        assertThrows(ImException.class, () -> batch.invoke(ADMIN, List.of(first,
                new CommandDataIb(CommandPathIb.of(3, 6, 2), Optional.empty(), OptionalInt.of(1))), false),
                "repeated CommandRef");
        assertThrows(ImException.class, () -> batch.invoke(ADMIN, List.of(first,
                new CommandDataIb(CommandPathIb.of(2, 6, 2), Optional.empty(), OptionalInt.of(2))), false),
                "repeated path");
        assertEquals(List.of(), handled, "nothing ran");
        assertThrows(IllegalArgumentException.class,
                () -> new InvokeDispatcher(TestModels.bridge(), AccessChecker.ALLOW_ALL, 0));
    }
}
