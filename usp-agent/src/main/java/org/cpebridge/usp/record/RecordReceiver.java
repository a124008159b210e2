package org.cpebridge.usp.record;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stop for every Record an MTP receives: decodes it, checks the addressing, and says what to do. Sans-I/O and
 * stateless apart from configuration, so one instance may serve all MTPs.
 *
 * <p>Rules applied: a Record not addressed to this agent ({@code to_id}), one claiming to come from this agent, one
 * with an invalid {@code from_id}, or one that cannot be parsed is ignored with a log line (R-MTP.5: an Error needs a
 * parsed Request, so there is nothing to answer). A Session Context Record is refused with a Disconnect Record, code
 * 7106 (R-E2E.6a), because this agent supports only No Session Context. A No Session Context Record with TLS payload
 * security is ignored: without a session there is no TLS state to decrypt it with. The {@code version} must be
 * Major.Minor (TR-369 "Record Definition") with major version 1, the only one there is; a higher minor version is
 * taken, as TR-369 asks Endpoints to handle newer versions gracefully. A message Record with any other version is
 * {@link Received.Erroneous} (7104 Invalid Record value, answered per R-MTP.5 when it carries a Request); any other
 * Record type with one is ignored.
 */
public final class RecordReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(RecordReceiver.class);

    private final String agentEndpointId;
    private final RecordCodec codec;

    public RecordReceiver(String agentEndpointId, RecordCodec codec) {
        if (!EndpointIds.isValid(agentEndpointId)) {
            throw new IllegalArgumentException("invalid agent Endpoint ID: " + agentEndpointId);
        }
        this.agentEndpointId = agentEndpointId;
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** Handles one received Record; {@code mtpTag} names the channel in log lines. */
    public Received receive(ByteBuffer encoded, String mtpTag) {
        RecordEnvelope record;
        try {
            record = codec.decode(encoded);
        } catch (RecordDecodeException e) {
            return drop(mtpTag, "undecodable Record (" + e.errorCode() + "): " + e.getMessage());
        }
        return receive(record, mtpTag);
    }

    /**
     * Handles one Record the MTP has already decoded with this receiver's codec (an MTP that reads the sender from it
     * to choose where to answer need not decode it twice).
     */
    public Received receive(RecordEnvelope record, String mtpTag) {
        if (!agentEndpointId.equals(record.toId())) {
            return drop(mtpTag, "to_id '" + record.toId() + "' is not this agent");
        }
        if (agentEndpointId.equals(record.fromId())) {
            return drop(mtpTag, "from_id is this agent's own Endpoint ID");
        }
        if (!EndpointIds.isValid(record.fromId())) {
            return drop(mtpTag, "invalid from_id '" + record.fromId() + "'");
        }
        RecordBody body = record.body();
        if (!isSupportedVersion(record.version())) {
            String reason = "unsupported Record version '" + record.version() + "'";
            if (body instanceof RecordBody.NoSessionContext message
                    && record.payloadSecurity().value() == PayloadSecurity.PLAINTEXT.value()) {
                LOG.debug("[{}] {} from {}", mtpTag, reason, record.fromId());
                return new Received.Erroneous(record.fromId(), message.payload(), RecordErrors.INVALID_RECORD_VALUE,
                        reason);
            }
            return drop(mtpTag, reason);
        }
        if (body instanceof RecordBody.NoSessionContext message) {
            if (record.payloadSecurity().value() != PayloadSecurity.PLAINTEXT.value()) {
                return drop(mtpTag, "payload_security " + record.payloadSecurity().value() + " without a session");
            }
            LOG.trace("[{}] message Record from {} ({} bytes)", mtpTag, record.fromId(), message.payload().length());
            return new Received.MessageReceived(record.fromId(), message.payload());
        }
        if (body instanceof RecordBody.SessionContext) {
            LOG.debug("[{}] refusing Session Context from {}", mtpTag, record.fromId());
            return new Received.Reply(RecordEnvelope.plain(record.fromId(), agentEndpointId,
                    new RecordBody.Disconnect(RecordErrors.reason(RecordErrors.SESSION_CONTEXT_NOT_ALLOWED),
                            RecordErrors.SESSION_CONTEXT_NOT_ALLOWED)));
        }
        if (body instanceof RecordBody.Disconnect disconnect) {
            LOG.debug("[{}] Disconnect Record from {}: {} {}", mtpTag, record.fromId(), disconnect.reasonCode(),
                    disconnect.reason());
            return new Received.DisconnectReceived(record.fromId(), disconnect.reason(), disconnect.reasonCode());
        }
        LOG.debug("[{}] Connect Record from {}", mtpTag, record.fromId());
        return new Received.ConnectReceived(record.fromId(), body);
    }

    /** {@code 1.<minor>}: digits only, no sign, no third part, at most 9 digits of minor version. */
    static boolean isSupportedVersion(String version) {
        if (!version.startsWith("1.") || version.length() < 3 || version.length() > 11) {
            return false;
        }
        for (int i = 2; i < version.length(); i++) {
            char c = version.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Received drop(String mtpTag, String reason) {
        LOG.debug("[{}] dropping Record: {}", mtpTag, reason);
        return new Received.Dropped(reason);
    }
}
