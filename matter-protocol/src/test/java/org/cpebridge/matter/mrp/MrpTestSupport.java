package org.cpebridge.matter.mrp;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageCounter;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.bytes.Bytes;

/** Shared fixtures: fixed-jitter random, sessions with known counters, peer messages. */
final class MrpTestSupport {

    static final int INTERACTION_MODEL = 0x0001;

    private MrpTestSupport() {
    }

    /** A generator whose nextDouble() is always {@code value} (RandomGenerator derives it from the top 53 bits). */
    static RandomGenerator fixedRandom(double value) {
        long bits = ((long) (value * (1L << 53))) << 11;
        return () -> bits;
    }

    /** A secure unicast session 0x1234 whose next outgoing counter is {@code firstCounter}. */
    static SessionContext session(long firstCounter) {
        return new SessionContext("test", MessageHeader.secureUnicast(0x1234, 1),
                MessageCounter.startingAfter(MessageCounter.Kind.SECURE_SESSION, firstCounter - 1),
                MrpParameters.DEFAULT);
    }

    /** A message from the peer. */
    static Message fromPeer(long counter, boolean peerInitiated, int exchangeId, boolean reliable,
            OptionalLong ack, int protocolId, int opcode) {
        return new Message(MessageHeader.secureUnicast(0x1234, counter), new ProtocolHeader(peerInitiated, ack,
                reliable, opcode, exchangeId, OptionalInt.empty(), protocolId, Optional.empty()),
                Bytes.fromHex("15" + "18"));
    }
}
