package org.cpebridge.matter.cluster;

import static org.cpebridge.matter.cluster.TestModels.bool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ReportChunker;
import org.junit.jupiter.api.Test;

class InteractionServerTest {

    private static final AccessSubject PHONE = AccessSubject.ofCase(1, 0x1111);
    private static final AccessSubject HUB = AccessSubject.ofCase(1, 0x2222);
    private static final AccessSubject OTHER_FABRIC = AccessSubject.ofCase(2, 0x3333);

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

    private InteractionServer<String> server(int maxPerFabric) {
        return new InteractionServer<>(model, new EventLog(16, 1), AccessChecker.ALLOW_ALL,
                new WriteEngine(model, AccessChecker.ALLOW_ALL),
                new InvokeDispatcher(model, AccessChecker.ALLOW_ALL, 1), new ReportChunker(),
                new SplittableRandom(7), clock, maxPerFabric);
    }

    private static InteractionServer.Outcome send(InteractionServer<String> server, String exchange,
            AccessSubject subject, ImMessage message) {
        return server.onMessage(exchange, subject, message.opcode().code(), ImCodec.encode(message));
    }

    private static ImMessage decode(ImOpcode opcode, byte[] payload) throws ImException {
        return ImCodec.decode(opcode.code(), payload);
    }

    /** Runs a whole Subscribe interaction on {@code exchange}; returns the subscription id. */
    private static long subscribe(InteractionServer<String> server, String exchange, AccessSubject subject,
            boolean keep) throws ImException {
        InteractionServer.Outcome outcome = send(server, exchange, subject, new ImMessage.SubscribeRequest(keep, 2,
                60, List.of(AttributePathIb.wildcard(null, 6L, null)), List.of(), List.of(), true, List.of(), 12));
        while (outcome.messages().get(0).opcode() == ImOpcode.REPORT_DATA) {
            assertFalse(outcome.done());
            outcome = send(server, exchange, subject, ImMessage.StatusResponse.of(ImStatus.SUCCESS));
        }
        ImResponder.Outgoing last = outcome.messages().get(0);
        assertTrue(outcome.done());
        return ((ImMessage.SubscribeResponse) decode(last.opcode(), last.payload())).subscriptionId();
    }

    @Test
    void subscriptionIsEstablishedThenReportsChanges() throws ImException {
        InteractionServer<String> server = server(3);
        long id = subscribe(server, "e1", PHONE, true);
        assertEquals(List.of(id), server.subscriptions().stream().map(Subscription::id).toList());
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:30Z")), server.nextWakeUp());

        clock.advance(Duration.ofSeconds(5));
        model.cluster(3, 6).orElseThrow().set(0, bool(true));
        List<InteractionServer.Report> due = server.onDataChanged();
        assertEquals(1, due.size());
        ImMessage.ReportData report = (ImMessage.ReportData) decode(ImOpcode.REPORT_DATA, due.get(0).payload());
        assertEquals(AttributePathIb.of(3, 6, 0), report.attributeReports().get(0).path());
        assertEquals(bool(true), ((AttributeDataIb) report.attributeReports().get(0)).data());
        assertEquals(Optional.empty(), server.nextWakeUp(), "no timer while the report waits for its answer");

        server.reportSent(id, "r1");
        InteractionServer.Outcome answered = send(server, "r1", PHONE,
                ImMessage.StatusResponse.of(ImStatus.SUCCESS));
        assertEquals(List.of(), answered.messages());
        assertTrue(answered.done());
        assertEquals(1, server.subscriptions().size());
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:35Z")), server.nextWakeUp(), "keep-alive again");
    }

    @Test
    void aChangeOrEventDuringPrimingIsReportedOnceEstablished() throws ImException {
        EventLog log = new EventLog(16, 1);
        InteractionServer<String> server = new InteractionServer<>(model, log, AccessChecker.ALLOW_ALL,
                new WriteEngine(model, AccessChecker.ALLOW_ALL),
                new InvokeDispatcher(model, AccessChecker.ALLOW_ALL, 1), new ReportChunker(ReportChunker.MIN_BUDGET),
                new SplittableRandom(7), clock, 3);
        InteractionServer.Outcome outcome = send(server, "e1", PHONE, new ImMessage.SubscribeRequest(true, 0, 60,
                List.of(AttributePathIb.wildcard(null, null, null)), List.of(new org.cpebridge.matter.im.EventPathIb(
                        OptionalLong.empty(), java.util.OptionalInt.empty(), OptionalLong.empty(),
                        OptionalLong.empty(), false)),
                List.of(), true, List.of(), 12));
        assertEquals(ImOpcode.REPORT_DATA, outcome.messages().get(0).opcode());
        // While the priming chunks are on their way, the wall switch and an event happen.
        model.cluster(3, 6).orElseThrow().set(0, bool(true));
        log.record(0, 0x28, 0, 2, 0, 0, new org.cpebridge.matter.tlv.TlvElement.Structure(
                org.cpebridge.matter.tlv.TlvTag.anonymous(), List.of()));
        assertEquals(List.of(), server.onDataChanged(List.of(ClusterPathIb.of(3, 6)), true), "not established yet");
        int chunks = 1;
        while (outcome.messages().get(0).opcode() == ImOpcode.REPORT_DATA) {
            outcome = send(server, "e1", PHONE, ImMessage.StatusResponse.of(ImStatus.SUCCESS));
            chunks++;
        }
        assertTrue(chunks > 2, "priming took several chunks: " + chunks);
        assertEquals(ImOpcode.SUBSCRIBE_RESPONSE, outcome.messages().get(0).opcode());

        List<InteractionServer.Report> due = server.onTimer();
        assertEquals(1, due.size(), "the change made during priming is due at once");
        ImMessage.ReportData report = (ImMessage.ReportData) decode(ImOpcode.REPORT_DATA, due.get(0).payload());
        assertEquals(List.of(AttributePathIb.of(3, 6, 0)), report.attributeReports().stream()
                .map(org.cpebridge.matter.im.AttributeReportIb::path).toList());
        assertEquals(1, report.eventReports().size(), "and the event logged during priming");
    }

    @Test
    void errorAnswerOrFailedExchangeEndsTheSubscription() throws ImException {
        InteractionServer<String> server = server(3);
        long id = subscribe(server, "e1", PHONE, true);
        clock.advance(Duration.ofSeconds(5));
        model.cluster(2, 6).orElseThrow().set(0, bool(true));
        server.onDataChanged();
        server.reportSent(id, "r1");
        send(server, "r1", PHONE, ImMessage.StatusResponse.of(ImStatus.INVALID_SUBSCRIPTION));
        assertEquals(List.of(), server.subscriptions());
        assertEquals(Optional.empty(), server.nextWakeUp());

        long second = subscribe(server, "e2", PHONE, true);
        clock.advance(Duration.ofSeconds(5));
        model.cluster(2, 6).orElseThrow().set(0, bool(false));
        server.onDataChanged();
        server.reportSent(second, "r2");
        server.onExchangeClosed("r2", true);
        assertEquals(List.of(), server.subscriptions());
    }

    @Test
    void keepAliveFollowsTheTimerAndItsFailureEndsTheSubscription() throws ImException {
        InteractionServer<String> server = server(3);
        long id = subscribe(server, "e1", PHONE, true);
        clock.advance(Duration.ofSeconds(29));
        assertEquals(List.of(), server.onTimer());
        clock.advance(Duration.ofSeconds(1));
        List<InteractionServer.Report> due = server.onTimer();
        assertEquals(1, due.size());
        assertTrue(((ImMessage.ReportData) decode(ImOpcode.REPORT_DATA, due.get(0).payload())).suppressResponse());
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:01:00Z")), server.nextWakeUp());
        server.onKeepAliveFailed(id);
        assertEquals(List.of(), server.subscriptions());
    }

    @Test
    void keepSubscriptionsFalseReplacesTheSubscribersOthers() throws ImException {
        InteractionServer<String> server = server(5);
        long first = subscribe(server, "e1", PHONE, true);
        long hub = subscribe(server, "e2", HUB, true);
        long other = subscribe(server, "e3", OTHER_FABRIC, true);
        long second = subscribe(server, "e4", PHONE, false);
        assertEquals(List.of(hub, other, second), server.subscriptions().stream().map(Subscription::id).toList());
        assertFalse(server.subscriptions().stream().anyMatch(s -> s.id() == first));

        server.removeFabric(1);
        assertEquals(List.of(other), server.subscriptions().stream().map(Subscription::id).toList());
    }

    @Test
    void perFabricLimitDropsTheOldestOfThatFabric() throws ImException {
        InteractionServer<String> server = server(2);
        long a = subscribe(server, "e1", PHONE, true);
        long other = subscribe(server, "e2", OTHER_FABRIC, true);
        long b = subscribe(server, "e3", HUB, true);
        long c = subscribe(server, "e4", PHONE, true);
        assertEquals(List.of(other, b, c), server.subscriptions().stream().map(Subscription::id).toList());
        assertFalse(List.of(other, b, c).contains(a));
    }

    @Test
    void readsAndInvokesUseOneResponderPerExchange() throws ImException {
        InteractionServer<String> server = server(3);
        InteractionServer.Outcome read = send(server, "x", PHONE, new ImMessage.ReadRequest(
                List.of(AttributePathIb.of(2, 6, 0)), List.of(), List.of(), true, List.of(), 12));
        assertTrue(read.done());
        assertInstanceOf(ImMessage.ReportData.class, decode(ImOpcode.REPORT_DATA, read.messages().get(0).payload()));
        // The key is free again: a TimedRequest then a timed invoke on it.
        InteractionServer.Outcome timed = send(server, "x", PHONE, new ImMessage.TimedRequest(1000, 12));
        assertFalse(timed.done());
        InteractionServer.Outcome mismatch = send(server, "x", PHONE, new ImMessage.ReadRequest(
                List.of(AttributePathIb.of(2, 6, 0)), List.of(), List.of(), true, List.of(), 12));
        assertEquals(ImMessage.StatusResponse.of(ImStatus.TIMED_REQUEST_MISMATCH),
                decode(ImOpcode.STATUS_RESPONSE, mismatch.messages().get(0).payload()));
        assertTrue(mismatch.done());
    }
}
