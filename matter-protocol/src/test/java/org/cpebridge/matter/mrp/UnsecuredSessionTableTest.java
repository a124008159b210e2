package org.cpebridge.matter.mrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.matter.message.Destination;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageCounter;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.MessageReceptionState;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SessionType;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class UnsecuredSessionTableTest {

    private final MessageCounter global = MessageCounter.startingAfter(MessageCounter.Kind.GLOBAL_UNENCRYPTED, 9);
    private final UnsecuredSessionTable table = new UnsecuredSessionTable(global, MrpParameters.DEFAULT, 2);

    private static Message fromInitiator(long nodeId, long counter) {
        MessageHeader header = new MessageHeader(0, SessionType.UNICAST, false, false, counter, OptionalLong.of(nodeId),
                Destination.none(), Optional.empty());
        return new Message(header, ProtocolHeader.of(true, true, ProtocolId.SECURE_CHANNEL, 0x20, 1), Bytes.EMPTY);
    }

    @Test
    void repliesGoToTheInitiatorsEphemeralNodeIdOnTheGlobalCounter() {
        UnsecuredSessionTable.UnsecuredSession session = table.sessionFor("peer-a", fromInitiator(0xABCDL, 1));
        MessageHeader reply = session.context().nextHeader().orElseThrow();
        assertEquals(0, reply.sessionId());
        assertEquals(new Destination.Node(0xABCDL), reply.destination());
        assertEquals(OptionalLong.empty(), reply.sourceNodeId());
        assertEquals(10, reply.messageCounter());
        assertEquals(10, global.current());
    }

    @Test
    void sessionsAreKeyedByAddressAndInitiatorAndDetectDuplicates() {
        UnsecuredSessionTable.UnsecuredSession a = table.sessionFor("peer-a", fromInitiator(1, 100));
        assertSame(a, table.sessionFor("peer-a", fromInitiator(1, 101)));
        assertNotSame(a, table.sessionFor("peer-b", fromInitiator(1, 100)));
        assertEquals(MessageReceptionState.Verdict.NEW, a.reception().offer(100));
        assertEquals(MessageReceptionState.Verdict.DUPLICATE, a.reception().offer(100));
    }

    @Test
    void tableIsBoundedOldestOut() {
        UnsecuredSessionTable.UnsecuredSession a = table.sessionFor("a", fromInitiator(1, 1));
        table.sessionFor("b", fromInitiator(1, 1));
        table.sessionFor("c", fromInitiator(1, 1));
        assertEquals(2, table.size());
        assertNotSame(a, table.sessionFor("a", fromInitiator(1, 1)));
    }

    @Test
    void refusesSecuredMessagesAndOtherCounters() {
        Message secured = new Message(MessageHeader.secureUnicast(5, 1),
                ProtocolHeader.of(true, true, ProtocolId.SECURE_CHANNEL, 0x20, 1), Bytes.EMPTY);
        assertThrows(IllegalArgumentException.class, () -> table.sessionFor("a", secured));
        assertThrows(IllegalArgumentException.class, () -> new UnsecuredSessionTable(
                MessageCounter.startingAfter(MessageCounter.Kind.SECURE_SESSION, 1), MrpParameters.DEFAULT, 2));
    }
}
