package org.cpebridge.matter.cluster;

import java.util.List;

/** The global attributes every cluster instance has (Core spec "Global Elements"), computed from its spec. */
public final class GlobalAttributes {

    public static final long GENERATED_COMMAND_LIST = 0xFFF8;
    public static final long ACCEPTED_COMMAND_LIST = 0xFFF9;
    /** Deprecated in Matter 1.4 (matter.js model conformance "D"); exposed only when the data model asks for it. */
    public static final long EVENT_LIST = 0xFFFA;
    public static final long ATTRIBUTE_LIST = 0xFFFB;
    public static final long FEATURE_MAP = 0xFFFC;
    public static final long CLUSTER_REVISION = 0xFFFD;

    /** Declarations, in ascending id order, EventList included. */
    public static final List<AttributeSpec> ALL = List.of(
            AttributeSpec.of(GENERATED_COMMAND_LIST, "GeneratedCommandList", DataType.UINT32).list().fixed(),
            AttributeSpec.of(ACCEPTED_COMMAND_LIST, "AcceptedCommandList", DataType.UINT32).list().fixed(),
            AttributeSpec.of(EVENT_LIST, "EventList", DataType.UINT32).list().fixed(),
            AttributeSpec.of(ATTRIBUTE_LIST, "AttributeList", DataType.UINT32).list().fixed(),
            AttributeSpec.of(FEATURE_MAP, "FeatureMap", DataType.BITMAP32).fixed(),
            AttributeSpec.of(CLUSTER_REVISION, "ClusterRevision", DataType.UINT16).fixed());

    private GlobalAttributes() {
    }

    /** True for the ids of global attributes (0xFFF8..0xFFFD). */
    public static boolean isGlobal(long id) {
        return id >= GENERATED_COMMAND_LIST && id <= CLUSTER_REVISION;
    }
}
