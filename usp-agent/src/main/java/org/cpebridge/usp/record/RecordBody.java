package org.cpebridge.usp.record;

import java.util.List;
import java.util.Objects;
import org.cpebridge.bytes.Bytes;

/** The {@code record_type} of a USP Record (TR-369 "Record Definition"): one of the kinds below. */
public sealed interface RecordBody {

    /** A Message carried without an E2E session; the form this agent uses. */
    record NoSessionContext(Bytes payload) implements RecordBody {
        public NoSessionContext {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** A Message carried in an E2E Session Context; decoded so that it can be refused (R-E2E.6a). */
    record SessionContext(long sessionId, long sequenceId, long expectedId, long retransmitId,
            SarState payloadSarState, SarState payloadrecSarState, List<Bytes> payload) implements RecordBody {
        public SessionContext {
            Objects.requireNonNull(payloadSarState, "payloadSarState");
            Objects.requireNonNull(payloadrecSarState, "payloadrecSarState");
            payload = List.copyOf(payload);
        }
    }

    /** Segmentation state of a Session Context payload. Unknown wire values are kept. */
    record SarState(int value) {
        public static final SarState NONE = new SarState(0);
        public static final SarState BEGIN = new SarState(1);
        public static final SarState INPROCESS = new SarState(2);
        public static final SarState COMPLETE = new SarState(3);

        public SarState {
            if (value < 0) {
                throw new IllegalArgumentException("negative SAR state " + value);
            }
        }
    }

    /** Connect Record sent after a WebSocket MTP connection is up (R-MTP.6). */
    record WebSocketConnect() implements RecordBody {
    }

    /** Connect Record sent after an MQTT MTP connection is up (R-MTP.6). */
    record MqttConnect(MqttVersion version, String subscribedTopic) implements RecordBody {
        public MqttConnect {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(subscribedTopic, "subscribedTopic");
        }
    }

    /** MQTT protocol version named in an MQTT Connect Record. Unknown wire values are kept. */
    record MqttVersion(int value) {
        public static final MqttVersion V3_1_1 = new MqttVersion(0);
        public static final MqttVersion V5 = new MqttVersion(1);

        public MqttVersion {
            if (value < 0) {
                throw new IllegalArgumentException("negative MQTT version " + value);
            }
        }
    }

    /** Connect Record sent after a STOMP MTP connection is up (version 1.2 is wire value 0). */
    record StompConnect(int version, String subscribedDestination) implements RecordBody {
        public StompConnect {
            if (version < 0) {
                throw new IllegalArgumentException("negative STOMP version " + version);
            }
            Objects.requireNonNull(subscribedDestination, "subscribedDestination");
        }
    }

    /** Connect Record sent after a Unix domain socket MTP connection is up. */
    record UdsConnect() implements RecordBody {
    }

    /** Sent before an endpoint closes the MTP channel or ends a session (R-MTP.7, R-MTP.9). */
    record Disconnect(String reason, long reasonCode) implements RecordBody {
        public Disconnect {
            Objects.requireNonNull(reason, "reason");
            if (reasonCode < 0 || reasonCode > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("reason_code is a fixed32: " + reasonCode);
            }
        }
    }
}
