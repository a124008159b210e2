package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.EventPathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

/**
 * Which IM requests the node may answer on the shared I/O thread: bounded reads and the commissioning steps that
 * neither write to disk nor roll back; never a write, a subscription, a disk-writing command or a bridged command.
 */
class InteractionGlueQuickTest {

    private static final int REVISION = 12;
    /** The On/Off cluster, as a bridged light has it. */
    private static final long ON_OFF = 0x0006;

    @Test
    void readsOfNamedEndpointsWithoutEventsAreQuick() {
        assertTrue(InteractionGlue.isQuick(im(read(List.of(AttributePathIb.wildcard(0, null, null),
                AttributePathIb.of(0, BasicInformation.ID, BasicInformation.VENDOR_NAME)), List.of()))));
        assertFalse(InteractionGlue.isQuick(im(read(List.of(AttributePathIb.wildcard(null,
                ON_OFF, null)), List.of()))), "every endpoint: grows with the devices");
        assertFalse(InteractionGlue.isQuick(im(read(List.of(AttributePathIb.wildcard(0, null, null)),
                List.of(EventPathIb.of(0, BasicInformation.ID, 0))))), "events");
    }

    @Test
    void onlyTheCommissioningStepsThatTouchNoDiskAreQuick() {
        assertTrue(InteractionGlue.isQuick(im(invoke(false, command(GeneralCommissioning.ID,
                GeneralCommissioning.ARM_FAIL_SAFE, uint(0, 60), uint(1, 1))))));
        assertTrue(InteractionGlue.isQuick(im(invoke(false,
                command(OperationalCredentials.ID, OperationalCredentials.CERTIFICATE_CHAIN_REQUEST, uint(0, 1)),
                command(OperationalCredentials.ID, OperationalCredentials.CSR_REQUEST,
                        new TlvElement.Octets(TlvTag.context(0), Bytes.of(new byte[32])))))));
        assertFalse(InteractionGlue.isQuick(im(invoke(false, command(GeneralCommissioning.ID,
                GeneralCommissioning.ARM_FAIL_SAFE, uint(0, 0), uint(1, 1))))), "disarming rolls back (disk)");
        assertFalse(InteractionGlue.isQuick(im(invoke(false, command(OperationalCredentials.ID,
                OperationalCredentials.ADD_NOC, uint(0, 1))))), "AddNOC writes the fabric");
        assertFalse(InteractionGlue.isQuick(im(invoke(false, command(GeneralCommissioning.ID,
                GeneralCommissioning.COMMISSIONING_COMPLETE)))));
        assertFalse(InteractionGlue.isQuick(im(invoke(false,
                command(GeneralCommissioning.ID, GeneralCommissioning.ARM_FAIL_SAFE, uint(0, 60), uint(1, 1)),
                command(OperationalCredentials.ID, OperationalCredentials.UPDATE_FABRIC_LABEL,
                        new TlvElement.Utf8(TlvTag.context(0), "x"))))), "one slow command makes it slow");
        assertFalse(InteractionGlue.isQuick(im(invoke(true, command(GeneralCommissioning.ID,
                GeneralCommissioning.ARM_FAIL_SAFE, uint(0, 60), uint(1, 1))))), "timed");
        assertFalse(InteractionGlue.isQuick(im(invoke(false, new CommandDataIb(CommandPathIb.of(1, ON_OFF, 2),
                java.util.Optional.empty(), java.util.OptionalInt.empty())))), "a bridged device's command");
    }

    @Test
    void writesSubscriptionsAndGarbageAreNot() {
        assertFalse(InteractionGlue.isQuick(im(new ImMessage.WriteRequest(false, false, List.of(new AttributeDataIb(
                java.util.OptionalLong.empty(), AttributePathIb.of(0, BasicInformation.ID, 5),
                new TlvElement.Utf8(TlvTag.context(2), "label"))), false, REVISION))));
        assertFalse(InteractionGlue.isQuick(im(new ImMessage.SubscribeRequest(false, 0, 60,
                List.of(AttributePathIb.wildcard(0, null, null)), List.of(), List.of(), true, List.of(), REVISION))));
        assertFalse(InteractionGlue.isQuick(message(0x02, new byte[] {0x15, 0x18, 0x18})));
    }

    private static ImMessage.ReadRequest read(List<AttributePathIb> attributes, List<EventPathIb> events) {
        return new ImMessage.ReadRequest(attributes, events, List.of(), true, List.of(), REVISION);
    }

    private static ImMessage.InvokeRequest invoke(boolean timed, CommandDataIb... commands) {
        return new ImMessage.InvokeRequest(false, timed, List.of(commands), REVISION);
    }

    private static CommandDataIb command(long cluster, long command, TlvElement... fields) {
        return CommandDataIb.of(CommandPathIb.of(0, cluster, command),
                new TlvElement.Structure(TlvTag.anonymous(), List.of(fields)));
    }

    private static TlvElement uint(int tag, long value) {
        return new TlvElement.UnsignedInt(TlvTag.context(tag), value);
    }

    private static Message im(ImMessage message) {
        int opcode = message instanceof ImMessage.ReadRequest ? 0x02 : message instanceof ImMessage.SubscribeRequest
                ? 0x03 : message instanceof ImMessage.WriteRequest ? 0x06 : 0x08;
        return message(opcode, ImCodec.encode(message));
    }

    private static Message message(int opcode, byte[] payload) {
        return new Message(MessageHeader.secureUnicast(1, 1), ProtocolHeader.of(true, true,
                ProtocolId.INTERACTION_MODEL, opcode, 1), Bytes.of(payload));
    }
}
