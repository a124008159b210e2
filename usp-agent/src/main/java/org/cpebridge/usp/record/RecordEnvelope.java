package org.cpebridge.usp.record;

import java.util.Objects;
import org.cpebridge.bytes.Bytes;

/**
 * One USP Record (TR-369 "Record Definition", {@code usp_record.Record}): the addressing and security header
 * around a {@link RecordBody}.
 */
public record RecordEnvelope(String version, String toId, String fromId, PayloadSecurity payloadSecurity,
        Bytes macSignature, Bytes senderCert, RecordBody body) {

    /** The Record version this agent writes. */
    public static final String CURRENT_VERSION = "1.4";

    public RecordEnvelope {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(toId, "toId");
        Objects.requireNonNull(fromId, "fromId");
        Objects.requireNonNull(payloadSecurity, "payloadSecurity");
        Objects.requireNonNull(macSignature, "macSignature");
        Objects.requireNonNull(senderCert, "senderCert");
        Objects.requireNonNull(body, "body");
    }

    /** A plaintext, unsigned Record of the current version. */
    public static RecordEnvelope plain(String toId, String fromId, RecordBody body) {
        return new RecordEnvelope(CURRENT_VERSION, toId, fromId, PayloadSecurity.PLAINTEXT, Bytes.EMPTY, Bytes.EMPTY,
                body);
    }
}
