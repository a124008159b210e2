package org.cpebridge.matter.cluster;

import static org.cpebridge.matter.cluster.TestModels.bool;
import static org.cpebridge.matter.cluster.TestModels.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.BridgedDeviceBasicInformation;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.EventDataIb;
import org.cpebridge.matter.im.EventPathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ReportChunker;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

class SubscriptionReporterTest {

    private static final AccessSubject SUBSCRIBER = AccessSubject.ofCase(1, 0x1111);
    private static final long ID = 0x42;

    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final DataModel model = TestModels.bridge();
    private final EventLog log = new EventLog(16, 500);

    private SubscriptionReporter reporter(int budget, List<AttributePathIb> paths, List<EventPathIb> events) {
        Subscription subscription = new Subscription(ID, SUBSCRIBER, paths, events, List.of(), List.of(), true, 2,
                60, true);
        return new SubscriptionReporter(subscription, model, new ReadEngine(model, AccessChecker.ALLOW_ALL),
                new EventReadEngine(model, log, AccessChecker.ALLOW_ALL), new ReportChunker(budget),
                log.nextNumber(), clock);
    }

    private SubscriptionReporter onOffReporter() {
        return reporter(ReportChunker.DEFAULT_BUDGET, List.of(AttributePathIb.wildcard(null, 6L, null)), List.of());
    }

    private static ImMessage.ReportData report(SubscriptionReporter.Step step) throws ImException {
        ImMessage.ReportData report = (ImMessage.ReportData) ImCodec.decode(ImOpcode.REPORT_DATA.code(),
                step.report().orElseThrow());
        assertEquals(OptionalLong.of(ID), report.subscriptionId());
        assertFalse(report.suppressResponse(), "subscription reports want a StatusResponse");
        return report;
    }

    private void set(int endpoint, long attribute, TlvElement value) {
        model.cluster(endpoint, 6).orElseThrow().set(attribute, value);
    }

    @Test
    void changeIsHeldUntilMinIntervalThenReportedAlone() throws ImException {
        SubscriptionReporter reporter = onOffReporter();
        clock.advance(Duration.ofSeconds(1));
        set(2, 0, bool(true));
        SubscriptionReporter.Step held = reporter.onDataChanged();
        assertTrue(held.report().isEmpty());
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:02Z")), held.wakeUpAt(), "min interval 2 s");

        clock.advance(Duration.ofSeconds(1));
        SubscriptionReporter.Step sent = reporter.onTimer();
        assertTrue(sent.newExchange());
        assertEquals(SubscriptionReporter.State.AWAIT_STATUS, sent.state());
        ImMessage.ReportData report = report(sent);
        assertEquals(1, report.attributeReports().size(), "only the changed attribute's cluster");
        assertEquals(AttributePathIb.of(2, 6, 0), report.attributeReports().get(0).path());
        assertEquals(bool(true), ((AttributeDataIb) report.attributeReports().get(0)).data());

        SubscriptionReporter.Step acked = reporter.onStatusResponse(ImStatus.SUCCESS);
        assertEquals(SubscriptionReporter.State.IDLE, acked.state());
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:32Z")), acked.wakeUpAt(), "keep-alive at max/2");
    }

    @Test
    void changeDuringAReportAsksForNoWakeUpAndIsDueOnceTheStatusResponseComes() throws ImException {
        Subscription subscription = new Subscription(ID, SUBSCRIBER,
                List.of(AttributePathIb.wildcard(null, 6L, null)), List.of(), List.of(), List.of(), true, 0, 60, true);
        SubscriptionReporter reporter = new SubscriptionReporter(subscription, model,
                new ReadEngine(model, AccessChecker.ALLOW_ALL),
                new EventReadEngine(model, log, AccessChecker.ALLOW_ALL), new ReportChunker(), log.nextNumber(),
                clock);
        set(2, 0, bool(true));
        SubscriptionReporter.Step sent = reporter.onDataChanged();
        assertEquals(SubscriptionReporter.State.AWAIT_STATUS, sent.state());
        assertEquals(Optional.empty(), sent.wakeUpAt(), "the StatusResponse, not a timer, is the next step");

        clock.advance(Duration.ofMillis(5));
        set(3, 0, bool(true));
        SubscriptionReporter.Step held = reporter.onDataChanged();
        assertTrue(held.report().isEmpty(), "one report in flight per subscription");
        // Min interval 0 has passed: a wake-up now would fire again and again until the answer comes.
        assertEquals(Optional.empty(), held.wakeUpAt());
        assertEquals(Optional.empty(), reporter.onTimer().wakeUpAt());

        SubscriptionReporter.Step answered = reporter.onStatusResponse(ImStatus.SUCCESS);
        assertEquals(SubscriptionReporter.State.IDLE, answered.state());
        assertTrue(!answered.wakeUpAt().orElseThrow().isAfter(clock.instant()), "the held change is due now");
        ImMessage.ReportData next = report(reporter.onTimer());
        assertEquals(List.of(AttributePathIb.of(3, 6, 0)),
                next.attributeReports().stream().map(r -> r.path()).toList());
    }

    @Test
    void changesOutsideTheSubscriptionAreNotReported() {
        SubscriptionReporter reporter = onOffReporter();
        clock.advance(Duration.ofSeconds(5));
        model.cluster(2, BridgedDeviceBasicInformation.ID).orElseThrow().set(BasicInformation.NODE_LABEL,
                s("Kitchen"));
        SubscriptionReporter.Step step = reporter.onDataChanged();
        assertTrue(step.report().isEmpty());
        assertEquals(SubscriptionReporter.State.IDLE, step.state());
    }

    @Test
    void keepAliveIsAnEmptyReportAtHalfTheMaxInterval() throws ImException {
        SubscriptionReporter reporter = onOffReporter();
        clock.advance(Duration.ofSeconds(29));
        assertTrue(reporter.onTimer().report().isEmpty());
        clock.advance(Duration.ofSeconds(1));
        SubscriptionReporter.Step step = reporter.onTimer();
        ImMessage.ReportData keepAlive = (ImMessage.ReportData) ImCodec.decode(ImOpcode.REPORT_DATA.code(),
                step.report().orElseThrow());
        // Hand-built: SubscriptionId (0) = 0x42, SuppressResponse (4) = true, InteractionModelRevision 12.
        assertEquals("15240042290424ff0c18", HexFormat.of().formatHex(step.report().orElseThrow()));
        assertEquals(List.of(), keepAlive.attributeReports());
        assertTrue(keepAlive.suppressResponse(), "keep-alives want no StatusResponse (matter.js does the same)");
        assertEquals(SubscriptionReporter.State.IDLE, step.state());
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:01:00Z")), step.wakeUpAt());
        assertEquals(SubscriptionReporter.State.TERMINATED, reporter.onExchangeFailed().state());
    }

    @Test
    void largeChangeIsChunkedOneStatusResponseAtATime() throws ImException {
        SubscriptionReporter reporter = reporter(ReportChunker.MIN_BUDGET,
                List.of(AttributePathIb.wildcard(null, null, null)), List.of());
        clock.advance(Duration.ofSeconds(10));
        for (int endpoint = 2; endpoint <= 3; endpoint++) {
            set(endpoint, 0, bool(true));
            model.cluster(endpoint, BridgedDeviceBasicInformation.ID).orElseThrow()
                    .set(BasicInformation.PRODUCT_NAME,
                            s("A much longer product name for the plug on endpoint " + endpoint + ", in the living room"));
        }
        SubscriptionReporter.Step step = reporter.onDataChanged();
        assertTrue(step.newExchange());
        int chunks = 1;
        while (report(step).moreChunkedMessages()) {
            step = reporter.onStatusResponse(ImStatus.SUCCESS);
            assertFalse(step.newExchange(), "later chunks stay on the report's exchange");
            chunks++;
        }
        assertTrue(chunks > 1);
        assertEquals(SubscriptionReporter.State.IDLE, reporter.onStatusResponse(ImStatus.SUCCESS).state());
        clock.advance(Duration.ofSeconds(3));
        assertTrue(reporter.onDataChanged().report().isEmpty(), "nothing changed since");
    }

    @Test
    void newEventsAreReportedOnce() throws ImException {
        SubscriptionReporter reporter = reporter(ReportChunker.DEFAULT_BUDGET, List.of(),
                List.of(new EventPathIb(OptionalLong.empty(), OptionalInt.empty(), OptionalLong.of(0x39),
                        OptionalLong.empty(), false)));
        clock.advance(Duration.ofSeconds(3));
        log.record(2, 0x39, 3, 1, 1_767_225_603_000L, 0, new TlvElement.Structure(TlvTag.anonymous(),
                List.of(new TlvElement.Bool(TlvTag.context(0), false))));
        ImMessage.ReportData report = report(reporter.onDataChanged());
        assertEquals(500, ((EventDataIb) report.eventReports().get(0)).eventNumber());
        reporter.onStatusResponse(ImStatus.SUCCESS);
        clock.advance(Duration.ofSeconds(3));
        assertTrue(reporter.onDataChanged().report().isEmpty());
    }

    @Test
    void errorsEndTheSubscription() {
        SubscriptionReporter failing = onOffReporter();
        clock.advance(Duration.ofSeconds(5));
        set(2, 0, bool(true));
        assertEquals(SubscriptionReporter.State.AWAIT_STATUS, failing.onDataChanged().state());
        SubscriptionReporter.Step ended = failing.onStatusResponse(ImStatus.INVALID_SUBSCRIPTION);
        assertEquals(SubscriptionReporter.State.TERMINATED, ended.state());
        assertEquals(Optional.empty(), ended.wakeUpAt());
        assertEquals(SubscriptionReporter.State.TERMINATED, failing.onDataChanged().state());
        assertEquals(SubscriptionReporter.State.TERMINATED, failing.onTimer().state());

        SubscriptionReporter lost = onOffReporter();
        assertEquals(SubscriptionReporter.State.TERMINATED, lost.onExchangeFailed().state());

        SubscriptionReporter unexpected = onOffReporter();
        assertEquals(SubscriptionReporter.State.TERMINATED, unexpected.onStatusResponse(ImStatus.SUCCESS).state());
    }

    @Test
    void namedDirtyClusterIsReportedAloneAndOthersAreNotRead() throws ImException {
        SubscriptionReporter reporter = reporter(ReportChunker.DEFAULT_BUDGET,
                List.of(AttributePathIb.wildcard(null, null, null)), List.of());
        clock.advance(Duration.ofSeconds(5));
        set(2, 0, bool(true));
        // Endpoint 3 changed too, but only endpoint 2's OnOff is named dirty: endpoint 3 waits for its own mark.
        set(3, 0, bool(true));
        SubscriptionReporter.Step sent = reporter.onDataChanged(
                List.of(org.cpebridge.matter.im.ClusterPathIb.of(2, 6)), false);
        ImMessage.ReportData report = report(sent);
        assertEquals(List.of(AttributePathIb.of(2, 6, 0)),
                report.attributeReports().stream().map(r -> r.path()).toList());
    }

    @Test
    void dirtyClusterOutsideTheSubscriptionLeadsToNoReport() {
        SubscriptionReporter reporter = onOffReporter();
        clock.advance(Duration.ofSeconds(5));
        model.cluster(2, BridgedDeviceBasicInformation.ID).orElseThrow().set(BasicInformation.NODE_LABEL,
                s("Hall"));
        SubscriptionReporter.Step step = reporter.onDataChanged(
                List.of(org.cpebridge.matter.im.ClusterPathIb.of(2, BridgedDeviceBasicInformation.ID)), false);
        assertTrue(step.report().isEmpty());
        assertEquals(SubscriptionReporter.State.IDLE, step.state());
    }

    @Test
    void concreteAttributeOnWildcardEndpointSkipsClustersWithoutIt() throws ImException {
        SubscriptionReporter reporter = reporter(ReportChunker.DEFAULT_BUDGET,
                List.of(AttributePathIb.wildcard(null, 6L, 0L)), List.of());
        clock.advance(Duration.ofSeconds(5));
        set(3, 0, bool(true));
        ImMessage.ReportData report = report(reporter.onDataChanged(
                List.of(org.cpebridge.matter.im.ClusterPathIb.of(3, 6),
                        org.cpebridge.matter.im.ClusterPathIb.of(7, 6)), false));
        assertEquals(List.of(AttributePathIb.of(3, 6, 0)),
                report.attributeReports().stream().map(r -> r.path()).toList());
    }
}
