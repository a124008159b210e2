package org.cpebridge.matter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.matter.cluster.standard.AccessControl;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.BridgedDeviceBasicInformation;
import org.cpebridge.matter.im.EventDataIb;
import org.cpebridge.matter.im.EventFilterIb;
import org.cpebridge.matter.im.EventPathIb;
import org.cpebridge.matter.im.EventReportIb;
import org.cpebridge.matter.im.EventStatusIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.StatusIb;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

class EventReadEngineTest {

    private static final AccessSubject FABRIC_1 = AccessSubject.ofCase(1, 0x1111);
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private static TlvElement reachable(boolean value) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(new TlvElement.Bool(TlvTag.context(0), value)));
    }

    private static EventPathIb wildcard(Integer endpoint, Long cluster, Long event) {
        return new EventPathIb(OptionalLong.empty(), endpoint == null ? OptionalInt.empty() : OptionalInt.of(endpoint),
                cluster == null ? OptionalLong.empty() : OptionalLong.of(cluster),
                event == null ? OptionalLong.empty() : OptionalLong.of(event), false);
    }

    private final DataModel model = TestModels.bridge();
    private final EventLog log = new EventLog(4, 1000);

    private void fill() {
        log.record(0, BasicInformation.ID, BasicInformation.EVENT_START_UP, 2, T0, 0,
                new TlvElement.Structure(TlvTag.anonymous(),
                        List.of(new TlvElement.UnsignedInt(TlvTag.context(0), 1))));
        log.record(2, BridgedDeviceBasicInformation.ID, BasicInformation.EVENT_REACHABLE_CHANGED, 1, T0 + 1000, 0,
                reachable(false));
        log.record(3, BridgedDeviceBasicInformation.ID, BasicInformation.EVENT_REACHABLE_CHANGED, 1, T0 + 2000, 0,
                reachable(false));
        log.record(0, AccessControl.ID, AccessControl.EVENT_ACCESS_CONTROL_ENTRY_CHANGED, 1, T0 + 3000, 2,
                reachable(true));
    }

    @Test
    void wildcardReadReturnsVisibleEventsInNumberOrder() {
        fill();
        List<EventReportIb> reports = new EventReadEngine(model, log, AccessChecker.ALLOW_ALL)
                .read(FABRIC_1, List.of(wildcard(null, null, null), wildcard(2, null, null)), List.of());
        // The ACL event belongs to fabric 2: not for fabric 1. The event on endpoint 2 is reported once.
        assertEquals(List.of(1000L, 1001L, 1002L),
                reports.stream().map(r -> ((EventDataIb) r).eventNumber()).toList());
    }

    @Test
    void eventMinAndAccessFilter() {
        fill();
        EventReadEngine engine = new EventReadEngine(model, log, AccessChecker.ALLOW_ALL);
        assertEquals(List.of(1002L), engine.read(FABRIC_1, List.of(wildcard(null, null, null)),
                List.of(new EventFilterIb(OptionalLong.empty(), 1002))).stream()
                .map(r -> ((EventDataIb) r).eventNumber()).toList());
        AccessChecker onlyEndpoint3 = (subject, endpoint, cluster, privilege) -> endpoint == 3;
        assertEquals(List.of(1002L), new EventReadEngine(model, log, onlyEndpoint3)
                .read(FABRIC_1, List.of(wildcard(null, null, null)), List.of()).stream()
                .map(r -> ((EventDataIb) r).eventNumber()).toList());
        assertEquals(List.of(1003L), engine.read(AccessSubject.ofCase(2, 0x2222),
                List.of(wildcard(0, AccessControl.ID, null)), List.of()).stream()
                .map(r -> ((EventDataIb) r).eventNumber()).toList());
    }

    @Test
    void concretePathsGetStatuses() {
        EventReadEngine engine = new EventReadEngine(model, log, AccessChecker.ALLOW_ALL);
        List<EventReportIb> reports = engine.read(FABRIC_1, List.of(EventPathIb.of(9, 0x28, 0),
                EventPathIb.of(2, 0x28, 0), EventPathIb.of(2, 0x39, 0x77), EventPathIb.of(2, 0x39, 3)), List.of());
        assertEquals(List.of(
                new EventStatusIb(EventPathIb.of(9, 0x28, 0), StatusIb.of(ImStatus.UNSUPPORTED_ENDPOINT)),
                new EventStatusIb(EventPathIb.of(2, 0x28, 0), StatusIb.of(ImStatus.UNSUPPORTED_CLUSTER)),
                new EventStatusIb(EventPathIb.of(2, 0x39, 0x77), StatusIb.of(ImStatus.UNSUPPORTED_EVENT))), reports);
        // AccessControlEntryChanged needs Administer.
        AccessChecker operate = (subject, endpoint, cluster, privilege) -> Privilege.OPERATE.grants(privilege);
        EventReportIb denied = new EventReadEngine(model, log, operate).read(FABRIC_1,
                List.of(EventPathIb.of(0, AccessControl.ID, 0)), List.of()).get(0);
        assertEquals(ImStatus.UNSUPPORTED_ACCESS, assertInstanceOf(EventStatusIb.class, denied).status().status());
    }

    @Test
    void logDropsTheOldestAndKeepsNumbering() {
        for (int i = 0; i < 6; i++) {
            log.record(2, 0x39, 3, 1, T0 + i, 0, reachable(i % 2 == 0));
        }
        assertEquals(List.of(1002L, 1003L, 1004L, 1005L), log.entries().stream().map(EventLog.Entry::number).toList());
        assertEquals(1006, log.nextNumber());
        assertThrows(IllegalArgumentException.class, () -> new EventLog(0, 0));
    }

    @Test
    void eventReportIsByteExact() {
        log.record(2, BridgedDeviceBasicInformation.ID, BasicInformation.EVENT_REACHABLE_CHANGED, 1, T0, 0,
                reachable(false));
        List<EventReportIb> reports = new EventReadEngine(model, log, AccessChecker.ALLOW_ALL)
                .read(FABRIC_1, List.of(EventPathIb.of(2, 0x39, 3)), List.of());
        byte[] encoded = ImCodec.encode(new ImMessage.ReportData(OptionalLong.of(5), List.of(), reports, false, false,
                12));
        String expected = "15"
                + "240005" // SubscriptionId (0): 5
                + "3602" // EventReports (2)
                + "15 3501" // EventReportIB, EventData (1)
                + "3700 240102 240239 240303 18" // Path (0): endpoint 2, cluster 0x39, event 3 (ReachableChanged)
                + "2501 e803" // EventNumber (1): 1000
                + "240201" // Priority (2): info
                + "2703 00a8da769b010000" // EpochTimestamp (3): 1767225600000 ms = 0x19B76DAA800, unsigned 8 octets
                + "3507 2800 18" // Data (7): {ReachableNewValue (0): false}
                + "18 18"
                + "18"
                + "24ff0c18";
        assertEquals(expected.replace(" ", ""), HexFormat.of().formatHex(encoded));
    }
}
