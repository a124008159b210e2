package org.cpebridge.matter.mrp;

import java.util.Objects;
import org.cpebridge.matter.message.Message;
import org.cpebridge.bytes.Bytes;

/** Inputs of an exchange's reliability state machine ({@link ReliableExchange#on}). */
public sealed interface MrpEvent {

    /**
     * The application sends a message on the exchange.
     *
     * @param protocolId protocol of the message
     * @param opcode opcode within the protocol
     * @param payload application payload
     * @param reliable whether to ask for an acknowledgement (R flag) and retransmit until it comes
     */
    record Send(int protocolId, int opcode, Bytes payload, boolean reliable) implements MrpEvent {
        public Send {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * A message for this exchange arrived, decrypted; {@code duplicate} is the verdict of the session's reception
     * state.
     */
    record Received(Message message, boolean duplicate) implements MrpEvent {
        public Received {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A timer this exchange started has fired. */
    record TimerFired(MrpTimer timer) implements MrpEvent {
        public TimerFired {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /** The application is done with the exchange: flush the pending acknowledgement. */
    record Close() implements MrpEvent {
    }
}
