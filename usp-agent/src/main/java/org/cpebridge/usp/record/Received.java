package org.cpebridge.usp.record;

import java.util.Objects;
import org.cpebridge.bytes.Bytes;

/** What the agent makes of one received Record: see {@link RecordReceiver#receive}. */
public sealed interface Received {

    /** A USP Message for this agent, still encoded, to hand to the message layer. */
    record MessageReceived(String fromId, Bytes payload) implements Received {
        public MessageReceived {
            Objects.requireNonNull(fromId, "fromId");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** A peer's Connect Record (WebSocket, MQTT, STOMP or UDS). */
    record ConnectReceived(String fromId, RecordBody connect) implements Received {
        public ConnectReceived {
            Objects.requireNonNull(fromId, "fromId");
            Objects.requireNonNull(connect, "connect");
        }
    }

    /** A peer's Disconnect Record: forget any session state with it (R-MTP.7). */
    record DisconnectReceived(String fromId, String reason, long reasonCode) implements Received {
        public DisconnectReceived {
            Objects.requireNonNull(fromId, "fromId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A Record the MTP must send back to the sender on the channel it came from. */
    record Reply(RecordEnvelope record) implements Received {
        public Reply {
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * A Record from a valid sender to this agent with an invalid Record field: R-MTP.5 asks for an Error Message with
     * {@code errorCode} if {@code payload} is a Request whose msg_id can be read, and for ignoring it otherwise.
     */
    record Erroneous(String fromId, Bytes payload, int errorCode, String reason) implements Received {
        public Erroneous {
            Objects.requireNonNull(fromId, "fromId");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The Record is ignored (R-MTP.5); {@code reason} is for the log. */
    record Dropped(String reason) implements Received {
        public Dropped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
