package org.cpebridge.matter.fabric;

import java.util.Objects;

/**
 * A fabric table change was refused. The status is the Operational Credentials cluster's
 * NodeOperationalCertStatusEnum (Matter core spec 11.18.4.2), so that AddNOC/UpdateNOC/UpdateFabricLabel/RemoveFabric
 * can answer NOCResponse with it directly.
 */
public final class FabricException extends Exception {

    private static final long serialVersionUID = 1L;

    /** NodeOperationalCertStatusEnum values a fabric table change can produce. */
    public enum Status {
        /** The NOC's public key is not our operational key. */
        INVALID_PUBLIC_KEY(0x01),
        /** The NOC's node id is not an operational node id. */
        INVALID_NODE_OP_ID(0x02),
        /** The NOC chain does not decode or validate. */
        INVALID_NOC(0x03),
        /** No room for another fabric. */
        TABLE_FULL(0x05),
        /** A fabric with the same root public key and fabric id already exists. */
        FABRIC_CONFLICT(0x09),
        /** Another fabric already uses this label. */
        LABEL_CONFLICT(0x0A),
        /** No fabric with that index. */
        INVALID_FABRIC_INDEX(0x0B);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        /** The enum value on the wire. */
        public int code() {
            return code;
        }
    }

    private final Status status;

    public FabricException(Status status, String detail) {
        super(status + ": " + detail);
        this.status = Objects.requireNonNull(status, "status");
    }

    /** Why the change was refused. */
    public Status status() {
        return status;
    }
}
