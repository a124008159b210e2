package org.cpebridge.matter.sigma;

import java.util.OptionalLong;

import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * The session-parameter-struct of Matter core spec 4.12.8 as carried in Sigma1 (tag 5), Sigma2 (tag 5) and
 * Sigma2_Resume (tag 4). The record type is shared with PASE; its TLV helpers there are package-private, so CASE
 * has its own (same member tags 1..7).
 */
final class SessionParametersTlv {

    private static final long U16 = 0xFFFFL;
    private static final long U32 = 0xFFFF_FFFFL;

    private SessionParametersTlv() {
    }

    static void write(TlvWriter writer, int tag, SessionParameters params) {
        writer.startStructure(TlvTag.context(tag));
        put(writer, 1, params.idleIntervalMs());
        put(writer, 2, params.activeIntervalMs());
        put(writer, 3, params.activeThresholdMs());
        put(writer, 4, params.dataModelRevision());
        put(writer, 5, params.interactionModelRevision());
        put(writer, 6, params.specificationVersion());
        put(writer, 7, params.maxPathsPerInvoke());
        writer.endContainer();
    }

    static SessionParameters read(SigmaFields fields) throws SigmaMessageException {
        return new SessionParameters(fields.optionalUnsigned(1, U32), fields.optionalUnsigned(2, U32),
                fields.optionalUnsigned(3, U16), fields.optionalUnsigned(4, U16), fields.optionalUnsigned(5, U16),
                fields.optionalUnsigned(6, U32), fields.optionalUnsigned(7, U16));
    }

    private static void put(TlvWriter writer, int tag, OptionalLong value) {
        if (value.isPresent()) {
            writer.putUnsigned(TlvTag.context(tag), value.getAsLong());
        }
    }
}
