package org.cpebridge.matter.cluster;

import static org.cpebridge.matter.cluster.TestModels.bool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ReportChunker;
import org.junit.jupiter.api.Test;

/** The server's subscription listener and {@link InteractionServer#resume}: what the face needs across restarts. */
class SubscriptionResumeTest {

    private static final AccessSubject PHONE = AccessSubject.ofCase(1, 0x1111);

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final DataModel model = TestModels.bridge();
    private final List<String> told = new ArrayList<>();

    private InteractionServer<String> server() {
        InteractionServer<String> server = new InteractionServer<>(model, new EventLog(16, 1),
                AccessChecker.ALLOW_ALL, new WriteEngine(model, AccessChecker.ALLOW_ALL),
                new InvokeDispatcher(model, AccessChecker.ALLOW_ALL, 1), new ReportChunker(),
                new SplittableRandom(7), clock, 3);
        server.setSubscriptionListener(new InteractionServer.SubscriptionListener() {
            @Override
            public void established(Subscription subscription) {
                told.add("established " + subscription.id());
            }

            @Override
            public void ended(long subscriptionId) {
                told.add("ended " + subscriptionId);
            }
        });
        return server;
    }

    private static InteractionServer.Outcome send(InteractionServer<String> server, String exchange,
            ImMessage message) {
        return server.onMessage(exchange, PHONE, message.opcode().code(), ImCodec.encode(message));
    }

    private static long subscribe(InteractionServer<String> server, String exchange, boolean keep)
            throws ImException {
        InteractionServer.Outcome outcome = send(server, exchange, new ImMessage.SubscribeRequest(keep, 5, 60,
                List.of(AttributePathIb.wildcard(null, 6L, null)), List.of(), List.of(), true, List.of(), 12));
        while (outcome.messages().get(0).opcode() == ImOpcode.REPORT_DATA) {
            outcome = send(server, exchange, ImMessage.StatusResponse.of(ImStatus.SUCCESS));
        }
        ImResponder.Outgoing last = outcome.messages().get(0);
        return ((ImMessage.SubscribeResponse) ImCodec.decode(last.opcode().code(), last.payload()))
                .subscriptionId();
    }

    @Test
    void theListenerHearsOfEstablishmentReplacementAndFabricRemoval() throws ImException {
        InteractionServer<String> server = server();
        long first = subscribe(server, "e1", true);
        long second = subscribe(server, "e2", false);
        assertEquals(List.of("established " + first, "ended " + first, "established " + second), told);
        server.removeFabric(2);
        assertEquals(3, told.size(), "another fabric's removal leaves it alone");
        long third = subscribe(server, "e3", true);
        server.onKeepAliveFailed(third);
        assertEquals(List.of("established " + third, "ended " + third), told.subList(3, 5),
                "a keep-alive nobody acknowledged ends it");
        told.subList(3, 5).clear();
        server.removeFabric(1);
        assertEquals("ended " + second, told.get(3));
        assertTrue(server.subscriptions().isEmpty());
    }

    @Test
    void aResumedSubscriptionReportsEverythingAtOnceUnderItsOwnId() throws ImException {
        InteractionServer<String> server = server();
        model.cluster(3, 6).orElseThrow().set(0, bool(true));
        Subscription stored = new Subscription(0xCAFE, PHONE, List.of(AttributePathIb.wildcard(null, 6L, null)),
                List.of(), List.of(), List.of(), true, 5, 60, true);

        server.resume(stored);

        assertEquals(List.of(), told, "the caller stored it; the listener is not told");
        assertEquals(clock.instant(), server.nextWakeUp().orElseThrow(), "due now despite the 5 s min interval");
        List<InteractionServer.Report> due = server.onTimer();
        assertEquals(1, due.size());
        assertEquals(0xCAFE, due.get(0).subscriptionId());
        ImMessage.ReportData report = (ImMessage.ReportData) ImCodec.decode(ImOpcode.REPORT_DATA.code(),
                due.get(0).payload());
        assertEquals(0xCAFE, report.subscriptionId().getAsLong());
        assertFalse(report.suppressResponse(), "the subscriber answers the resumed report");
        List<AttributeDataIb> values = report.attributeReports().stream().map(r -> (AttributeDataIb) r).toList();
        assertTrue(values.stream().anyMatch(v -> v.path().equals(AttributePathIb.of(2, 6, 0))
                && v.data().equals(bool(false))), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.path().equals(AttributePathIb.of(3, 6, 0))
                && v.data().equals(bool(true))), values.toString());

        // The subscriber no longer knows it: INVALID_SUBSCRIPTION ends it, and the listener hears.
        server.reportSent(0xCAFE, "r1");
        InteractionServer.Outcome refused = send(server, "r1",
                ImMessage.StatusResponse.of(ImStatus.INVALID_SUBSCRIPTION));
        assertTrue(refused.done());
        assertTrue(server.subscriptions().isEmpty());
        assertEquals(List.of("ended " + 0xCAFE), told);
    }

    @Test
    void aResumedSubscriptionKeepsGoingAfterItsReportIsAnswered() throws ImException {
        InteractionServer<String> server = server();
        server.resume(new Subscription(0xBEEF, PHONE, List.of(AttributePathIb.wildcard(null, 6L, null)),
                List.of(), List.of(), List.of(), true, 0, 60, true));
        List<InteractionServer.Report> due = server.onTimer();
        server.reportSent(0xBEEF, "r1");
        assertTrue(send(server, "r1", ImMessage.StatusResponse.of(ImStatus.SUCCESS)).done());
        assertEquals(List.of(0xBEEFL), server.subscriptions().stream().map(Subscription::id).toList());
        assertEquals(clock.instant().plus(Duration.ofSeconds(30)), server.nextWakeUp().orElseThrow(),
                "keep-alive at half the max interval");
        assertEquals(1, due.size());
    }
}
