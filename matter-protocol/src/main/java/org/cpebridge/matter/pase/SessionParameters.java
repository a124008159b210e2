package org.cpebridge.matter.pase;

import java.util.OptionalLong;

import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * The session-parameter-struct carried in PBKDFParamRequest/Response and Sigma1/Sigma2 (Matter core spec 4.12.8
 * "Session Parameters"): MRP intervals and the peer's data-model capabilities. Every field is optional; absent
 * fields take the spec defaults at the MRP layer. Unknown members are ignored on decode.
 */
public record SessionParameters(
        OptionalLong idleIntervalMs,
        OptionalLong activeIntervalMs,
        OptionalLong activeThresholdMs,
        OptionalLong dataModelRevision,
        OptionalLong interactionModelRevision,
        OptionalLong specificationVersion,
        OptionalLong maxPathsPerInvoke) {

    private static final long U16 = 0xFFFFL;
    private static final long U32 = 0xFFFF_FFFFL;

    /** Checks each field against its wire width (u32 intervals and version, u16 for the rest). */
    public SessionParameters {
        check(idleIntervalMs, U32, "idleIntervalMs");
        check(activeIntervalMs, U32, "activeIntervalMs");
        check(activeThresholdMs, U16, "activeThresholdMs");
        check(dataModelRevision, U16, "dataModelRevision");
        check(interactionModelRevision, U16, "interactionModelRevision");
        check(specificationVersion, U32, "specificationVersion");
        check(maxPathsPerInvoke, U16, "maxPathsPerInvoke");
    }

    /** Only the three MRP fields. */
    public static SessionParameters mrp(long idleIntervalMs, long activeIntervalMs, long activeThresholdMs) {
        return new SessionParameters(OptionalLong.of(idleIntervalMs), OptionalLong.of(activeIntervalMs),
                OptionalLong.of(activeThresholdMs), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty());
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        put(writer, 1, idleIntervalMs);
        put(writer, 2, activeIntervalMs);
        put(writer, 3, activeThresholdMs);
        put(writer, 4, dataModelRevision);
        put(writer, 5, interactionModelRevision);
        put(writer, 6, specificationVersion);
        put(writer, 7, maxPathsPerInvoke);
        writer.endContainer();
    }

    static SessionParameters read(TlvFields fields) throws PaseMessageException {
        return new SessionParameters(fields.optionalUnsigned(1, U32), fields.optionalUnsigned(2, U32),
                fields.optionalUnsigned(3, U16), fields.optionalUnsigned(4, U16), fields.optionalUnsigned(5, U16),
                fields.optionalUnsigned(6, U32), fields.optionalUnsigned(7, U16));
    }

    private static void put(TlvWriter writer, int tag, OptionalLong value) {
        if (value.isPresent()) {
            writer.putUnsigned(TlvTag.context(tag), value.getAsLong());
        }
    }

    private static void check(OptionalLong value, long max, String name) {
        if (value == null) {
            throw new NullPointerException(name);
        }
        if (value.isPresent() && (value.getAsLong() < 0 || value.getAsLong() > max)) {
            throw new IllegalArgumentException(name + " out of range: " + value.getAsLong());
        }
    }
}
