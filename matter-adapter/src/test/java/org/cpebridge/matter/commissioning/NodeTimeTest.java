package org.cpebridge.matter.commissioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.matter.RootNode;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.standard.TimeSynchronization;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.StatusIb;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

/**
 * The root node's Time Synchronization cluster over a time source the test controls, read as the IM read engine reads
 * it ({@code valueFor}), and SetUTCTime as the invoke dispatcher calls it.
 */
class NodeTimeTest {

    private static final AccessSubject ADMIN = AccessSubject.ofCase(1, 0x101);

    private final AtomicReference<TimeReading> reading = new AtomicReference<>(
            new TimeReading(Instant.parse("2026-12-07T06:00:00Z"), TimeReading.Trust.UNVERIFIED, Duration.ZERO));
    private final AtomicLong ticker = new AtomicLong(5_000_000_000L);
    private final NodeTime time = new NodeTime(reading::get, ticker::get);
    private final DataModel model = RootNode.create(new RootNode.Identity("cpe-bridge project", 0xFFF1, "cpe-bridge",
            0x8000, "CPEB-TEST0001", "0.1.0", "cpe-bridge-CPEB-TEST0001"), new SplittableRandom(3), time);
    private final ClusterInstance cluster = model.cluster(0, TimeSynchronization.ID).orElseThrow();

    private TlvElement read(long attribute) {
        return cluster.valueFor(ADMIN, attribute).orElseThrow();
    }

    private long number(long attribute) {
        return ((TlvElement.UnsignedInt) read(attribute)).value();
    }

    private static TlvElement setUtcTime(long epochMicros, long granularity) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(0), epochMicros),
                new TlvElement.UnsignedInt(TlvTag.context(1), granularity)));
    }

    private CommandResult invoke(TlvElement fields) throws ImException {
        return time.invoke(ADMIN, cluster, TimeSynchronization.SPEC.command(TimeSynchronization.SET_UTC_TIME)
                .orElseThrow(), fields);
    }

    @Test
    void epochMicrosCountFromTheMatterEpoch() {
        assertEquals(0, NodeTime.epochMicros(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals(849_916_800_000_000L + 250_000, NodeTime.epochMicros(Instant.parse("2026-12-07T00:00:00.250Z")));
    }

    @Test
    void onTheRootEndpointAndListedInItsDescriptor() {
        assertTrue(model.endpoint(0).orElseThrow().clusters().stream().anyMatch(c -> c.id() == TimeSynchronization.ID));
        assertEquals(List.of(0L, 1L, 2L), cluster.attributeIds().stream().filter(id -> id < 0xF000).toList());
    }

    @Test
    void withoutSecuredTimeTheNodeHasNoTimeAndReportsTheFailureHourly() {
        assertTrue(read(TimeSynchronization.UTC_TIME) instanceof TlvElement.Null, "an unverified clock is not time");
        assertEquals(TimeSynchronization.NO_TIME_GRANULARITY, number(TimeSynchronization.GRANULARITY));
        assertEquals(TimeSynchronization.TIME_SOURCE_NONE, number(TimeSynchronization.TIME_SOURCE));
        assertEquals(Optional.empty(), time.certificateTime());

        assertTrue(time.refresh(cluster), "the first check finds no time: TimeFailure");
        ticker.addAndGet(Duration.ofMinutes(59).toNanos());
        assertFalse(time.refresh(cluster), "not again within the hour");
        ticker.addAndGet(Duration.ofMinutes(2).toNanos());
        assertTrue(time.refresh(cluster), "again after an hour");

        reading.set(new TimeReading(Instant.parse("2026-12-07T06:00:00Z"), TimeReading.Trust.LAST_KNOWN_GOOD,
                Duration.ZERO));
        assertTrue(read(TimeSynchronization.UTC_TIME) instanceof TlvElement.Null, "last known good is not time");
    }

    @Test
    void securedTimeIsShownWithItsGranularityAndRefusesAnAdministratorsTime() throws Exception {
        long versionBefore = cluster.dataVersion();
        Instant secured = Instant.parse("2026-12-07T06:30:15.123456Z");
        reading.set(new TimeReading(secured, TimeReading.Trust.SECURED, Duration.ofMillis(400)));
        assertFalse(time.refresh(cluster), "time known: no TimeFailure");
        assertNotEquals(versionBefore, cluster.dataVersion(), "granularity and source changed: subscribers hear it");
        assertEquals(NodeTime.epochMicros(secured), number(TimeSynchronization.UTC_TIME));
        assertEquals(TimeSynchronization.MILLISECONDS_GRANULARITY, number(TimeSynchronization.GRANULARITY));
        assertEquals(TimeSynchronization.TIME_SOURCE_UNKNOWN, number(TimeSynchronization.TIME_SOURCE));
        assertEquals(Optional.of(secured), time.certificateTime());

        long versionSecured = cluster.dataVersion();
        assertFalse(time.refresh(cluster));
        assertEquals(versionSecured, cluster.dataVersion(), "nothing changed, no new data version");

        reading.set(new TimeReading(secured, TimeReading.Trust.SECURED, Duration.ofSeconds(5)));
        time.refresh(cluster);
        assertEquals(TimeSynchronization.SECONDS_GRANULARITY, number(TimeSynchronization.GRANULARITY));

        CommandResult refused = invoke(setUtcTime(NodeTime.epochMicros(secured.plusSeconds(3600)), 4));
        assertEquals(new CommandResult.Status(new StatusIb(ImStatus.FAILURE,
                OptionalInt.of(TimeSynchronization.STATUS_TIME_NOT_ACCEPTED))), refused);
        assertEquals(NodeTime.epochMicros(secured), number(TimeSynchronization.UTC_TIME), "unchanged");
    }

    @Test
    void withoutSecuredTimeTheNodeTakesAnAdministratorsTimeForThisClusterOnly() throws Exception {
        long adminMicros = NodeTime.epochMicros(Instant.parse("2026-12-07T07:00:00Z"));
        assertEquals(CommandResult.success(), invoke(setUtcTime(adminMicros,
                TimeSynchronization.MILLISECONDS_GRANULARITY)));
        assertEquals(adminMicros, number(TimeSynchronization.UTC_TIME));
        ticker.addAndGet(Duration.ofSeconds(90).toNanos());
        assertEquals(adminMicros + 90_000_000L, number(TimeSynchronization.UTC_TIME), "moves on the monotonic ticker");
        assertEquals(TimeSynchronization.SECONDS_GRANULARITY, number(TimeSynchronization.GRANULARITY),
                "one level below the stated granularity");
        assertEquals(2, number(TimeSynchronization.TIME_SOURCE), "Admin");
        assertFalse(time.refresh(cluster), "a time from an administrator is a time: no TimeFailure");
        assertEquals(Optional.empty(), time.certificateTime(), "an administrator's time never judges certificates");

        // A commissioner without a time source of its own says NoTimeGranularity: still never shown as "no time".
        invoke(setUtcTime(adminMicros, TimeSynchronization.NO_TIME_GRANULARITY));
        assertEquals(TimeSynchronization.MINUTES_GRANULARITY, number(TimeSynchronization.GRANULARITY));
    }

    @Test
    void malformedSetUtcTimeIsRefusedWithAStatus() throws Exception {
        ImException missing = assertThrows(ImException.class, () -> invoke(new TlvElement.Structure(
                TlvTag.anonymous(), List.of(new TlvElement.UnsignedInt(TlvTag.context(1), 2)))));
        assertEquals(ImStatus.INVALID_COMMAND, missing.status());
        assertEquals(CommandResult.status(ImStatus.CONSTRAINT_ERROR), invoke(setUtcTime(1, 9)));
        assertTrue(read(TimeSynchronization.UTC_TIME) instanceof TlvElement.Null, "nothing taken");
    }
}
