package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.ENUM8;
import static org.cpebridge.matter.cluster.DataType.UINT64;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.EventSpec;
import org.cpebridge.matter.cluster.Privilege;

/**
 * Time Synchronization cluster 0x0038, revision 2, on the root endpoint, with no optional feature (no time zone, no
 * NTP client or server, no trusted time source): UTCTime, Granularity and TimeSource, the mandatory SetUTCTime command
 * and TimeFailure event. Ids and enumerations from the Matter 1.4 application cluster specification, 11.17.
 */
public final class TimeSynchronization {

    public static final long ID = 0x0038;
    /** epoch-us, nullable: null while the node has no synchronised time. Quality C: its changes are not reported. */
    public static final long UTC_TIME = 0x00;
    public static final long GRANULARITY = 0x01;
    public static final long TIME_SOURCE = 0x02;

    public static final long SET_UTC_TIME = 0x00;

    public static final long EVENT_TIME_FAILURE = 0x03;

    /** GranularityEnum. */
    public static final int NO_TIME_GRANULARITY = 0;
    public static final int MINUTES_GRANULARITY = 1;
    public static final int SECONDS_GRANULARITY = 2;
    public static final int MILLISECONDS_GRANULARITY = 3;
    public static final int MICROSECONDS_GRANULARITY = 4;

    /** TimeSourceEnum: None (not synchronised) and Unknown (synchronised, by none of the listed NTP/PTP/GNSS ways). */
    public static final int TIME_SOURCE_NONE = 0;
    public static final int TIME_SOURCE_UNKNOWN = 1;

    /** StatusCodeEnum: the node did not take the time SetUTCTime offered. */
    public static final int STATUS_TIME_NOT_ACCEPTED = 0x02;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "TimeSynchronization", 2)
            .attributes(
                    AttributeSpec.of(UTC_TIME, "UTCTime", UINT64).nullable(),
                    AttributeSpec.of(GRANULARITY, "Granularity", ENUM8),
                    AttributeSpec.of(TIME_SOURCE, "TimeSource", ENUM8))
            .commands(CommandSpec.of(SET_UTC_TIME, "SetUTCTime", Privilege.ADMINISTER))
            .events(EventSpec.of(EVENT_TIME_FAILURE, "TimeFailure", 1))
            .build();

    private TimeSynchronization() {
    }
}
