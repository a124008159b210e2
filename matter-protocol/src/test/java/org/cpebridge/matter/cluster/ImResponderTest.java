package org.cpebridge.matter.cluster;

import static org.cpebridge.matter.cluster.TestModels.u;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.CommandStatusIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ReportChunker;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

class ImResponderTest {

    private static final AccessSubject ADMIN = AccessSubject.ofCase(1, 0x1111);

    /** A clock the test moves by hand. */
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
    private final List<String> invoked = new ArrayList<>();
    private final EventLog eventLog = new EventLog(16, 100);
    // When set, the next command is answered later, through this future.
    private java.util.concurrent.CompletableFuture<CommandResult> answerLater;
    // The write engine of the last responder made, so a test can give it a device writer.
    private WriteEngine lastWrites;

    private ImResponder responder(DataModel model, int budget) {
        InvokeDispatcher invokes = new InvokeDispatcher(model, AccessChecker.ALLOW_ALL, 1);
        invokes.setHandler(6, (subject, cluster, command, fields) -> {
            invoked.add(command.name());
            return answerLater != null ? new CommandResult.Later(answerLater) : CommandResult.success();
        });
        lastWrites = new WriteEngine(model, AccessChecker.ALLOW_ALL);
        return new ImResponder(ADMIN, new ReadEngine(model, AccessChecker.ALLOW_ALL),
                new EventReadEngine(model, eventLog, AccessChecker.ALLOW_ALL),
                lastWrites, invokes, new ReportChunker(budget),
                () -> 0xABCD, clock);
    }

    private ImResponder responder() {
        return responder(TestModels.bridge(), ReportChunker.DEFAULT_BUDGET);
    }

    private static ImResponder.Step send(ImResponder responder, ImMessage message) {
        return responder.on(message.opcode().code(), ImCodec.encode(message));
    }

    private static ImMessage only(ImResponder.Step step) throws ImException {
        assertEquals(1, step.messages().size());
        ImResponder.Outgoing out = step.messages().get(0);
        ImMessage message = ImCodec.decode(out.opcode().code(), out.payload());
        assertEquals(out.opcode(), message.opcode());
        return message;
    }

    private static ImStatus statusOf(ImResponder.Step step) throws ImException {
        return assertInstanceOf(ImMessage.StatusResponse.class, only(step)).status();
    }

    private static ImMessage.ReadRequest read(AttributePathIb... paths) {
        return new ImMessage.ReadRequest(List.of(paths), List.of(), List.of(), true, List.of(), 12);
    }

    private static ImMessage.StatusResponse ok() {
        return ImMessage.StatusResponse.of(ImStatus.SUCCESS);
    }

    private static ImMessage.InvokeRequest toggle(boolean timed) {
        return new ImMessage.InvokeRequest(false, timed,
                List.of(CommandDataIb.of(CommandPathIb.of(2, 6, 2), new TlvElement.Structure(TlvTag.anonymous(),
                        List.of()))), 12);
    }

    private static ImMessage.WriteRequest writeOnTime(long value, boolean timed, boolean more, boolean suppress) {
        return new ImMessage.WriteRequest(suppress, timed, List.of(new AttributeDataIb(OptionalLong.empty(),
                AttributePathIb.of(2, 6, 0x4002), u(value))), more, 12);
    }

    @Test
    void smallReadIsOneSuppressedReport() throws ImException {
        ImResponder responder = responder();
        ImResponder.Step step = send(responder, read(AttributePathIb.of(2, 6, 0)));
        ImMessage.ReportData report = assertInstanceOf(ImMessage.ReportData.class, only(step));
        assertTrue(report.suppressResponse());
        assertFalse(report.moreChunkedMessages());
        assertTrue(step.done());
        assertEquals(ImResponder.State.DONE, responder.state());
        assertThrows(IllegalStateException.class, () -> send(responder, ok()));
    }

    @Test
    void readWithEventPathsReportsLoggedEvents() throws ImException {
        DataModel model = TestModels.bridge();
        ImResponder responder = responder(model, ReportChunker.DEFAULT_BUDGET);
        eventLog.record(2, 0x39, 3, 1, 1_767_225_600_000L, 0, new TlvElement.Structure(TlvTag.anonymous(),
                List.of(new TlvElement.Bool(TlvTag.context(0), false))));
        ImResponder.Step step = send(responder, new ImMessage.ReadRequest(List.of(AttributePathIb.of(2, 6, 0)),
                List.of(new org.cpebridge.matter.im.EventPathIb(OptionalLong.empty(), OptionalInt.empty(),
                        OptionalLong.of(0x39), OptionalLong.empty(), false)), List.of(), true, List.of(), 12));
        ImMessage.ReportData report = assertInstanceOf(ImMessage.ReportData.class, only(step));
        assertEquals(1, report.attributeReports().size());
        assertEquals(1, report.eventReports().size());
        assertEquals(100, ((org.cpebridge.matter.im.EventDataIb) report.eventReports().get(0)).eventNumber());
    }

    @Test
    void largeReadWaitsForAStatusResponseBetweenChunks() throws ImException {
        ImResponder responder = responder(TestModels.bridge(), 300);
        ImResponder.Step step = send(responder, read(AttributePathIb.wildcard(null, null, null)));
        List<AttributeReportIb> all = new ArrayList<>();
        int chunks = 0;
        while (true) {
            ImMessage.ReportData chunk = assertInstanceOf(ImMessage.ReportData.class, only(step));
            all.addAll(chunk.attributeReports());
            chunks++;
            if (!chunk.moreChunkedMessages()) {
                assertTrue(chunk.suppressResponse());
                assertTrue(step.done());
                break;
            }
            assertFalse(step.done());
            assertEquals(ImResponder.State.AWAIT_CHUNK_ACK, responder.state());
            step = send(responder, ok());
        }
        assertTrue(chunks > 3);
        assertEquals(new ReadEngine(TestModels.bridge(), AccessChecker.ALLOW_ALL).read(ADMIN,
                List.of(AttributePathIb.wildcard(null, null, null)), List.of(), true), all);
    }

    @Test
    void chunkedReadStopsOnAnErrorStatusAndRefusesOtherMessages() throws ImException {
        ImResponder stopped = responder(TestModels.bridge(), 300);
        send(stopped, read(AttributePathIb.wildcard(null, null, null)));
        ImResponder.Step step = send(stopped, ImMessage.StatusResponse.of(ImStatus.RESOURCE_EXHAUSTED));
        assertEquals(List.of(), step.messages());
        assertTrue(step.done());

        ImResponder confused = responder(TestModels.bridge(), 300);
        send(confused, read(AttributePathIb.wildcard(null, null, null)));
        assertEquals(ImStatus.INVALID_ACTION, statusOf(send(confused, toggle(false))));
        assertEquals(ImResponder.State.DONE, confused.state());
    }

    @Test
    void subscribePrimesThenAnswersSubscribeResponse() throws ImException {
        ImResponder responder = responder(TestModels.bridge(), 300);
        ImResponder.Step step = send(responder, new ImMessage.SubscribeRequest(false, 1, 60,
                List.of(AttributePathIb.wildcard(null, 6L, null)), List.of(), List.of(), true, List.of(), 12));
        while (true) {
            ImMessage.ReportData chunk = assertInstanceOf(ImMessage.ReportData.class, only(step));
            assertEquals(OptionalLong.of(0xABCD), chunk.subscriptionId());
            assertFalse(chunk.suppressResponse(), "a priming report always wants its StatusResponse");
            assertFalse(step.done());
            step = send(responder, ok());
            if (!chunk.moreChunkedMessages()) {
                break;
            }
        }
        assertEquals(new ImMessage.SubscribeResponse(0xABCD, 60, 12), only(step));
        assertTrue(step.done());
        Subscription subscription = step.established().orElseThrow();
        assertEquals(0xABCD, subscription.id());
        assertEquals(1, subscription.minIntervalFloorSeconds());
        assertEquals(60, subscription.maxIntervalSeconds());
    }

    @Test
    void subscribeIntervalsAreNegotiated() throws ImException {
        ImResponder longCeiling = responder();
        ImResponder.Step step = send(longCeiling, new ImMessage.SubscribeRequest(true, 10, 7200,
                List.of(AttributePathIb.of(2, 6, 0)), List.of(), List.of(), true, List.of(), 12));
        step = send(longCeiling, ok());
        assertEquals(3600, step.established().orElseThrow().maxIntervalSeconds());

        assertEquals(ImStatus.INVALID_ACTION, statusOf(send(responder(), new ImMessage.SubscribeRequest(true, 30, 10,
                List.of(AttributePathIb.of(2, 6, 0)), List.of(), List.of(), true, List.of(), 12))));
        assertEquals(ImStatus.INVALID_ACTION, statusOf(send(responder(), new ImMessage.SubscribeRequest(true, 0, 10,
                List.of(), List.of(), List.of(), true, List.of(), 12))));
    }

    @Test
    void timedInvokeWithinTheWindow() throws ImException {
        ImResponder responder = responder();
        assertEquals(ImStatus.SUCCESS, statusOf(send(responder, new ImMessage.TimedRequest(2000, 12))));
        assertEquals(ImResponder.State.TIMED, responder.state());
        clock.advance(Duration.ofMillis(1500));
        ImResponder.Step step = send(responder, toggle(true));
        ImMessage.InvokeResponse response = assertInstanceOf(ImMessage.InvokeResponse.class, only(step));
        assertEquals(ImStatus.SUCCESS,
                assertInstanceOf(CommandStatusIb.class, response.invokeResponses().get(0)).status().status());
        assertEquals(List.of("Toggle"), invoked);
        assertTrue(step.done());
    }

    @Test
    void aCommandAnsweredLaterHoldsTheInvokeResponseUntilItsAnswer() throws ImException {
        ImResponder responder = responder();
        answerLater = new java.util.concurrent.CompletableFuture<>();
        ImResponder.Step step = send(responder, toggle(false));
        assertEquals(List.of(), step.messages(), "nothing to send yet (MRP acknowledges the request)");
        assertFalse(step.done());
        assertTrue(step.waitFor().isPresent());
        assertEquals(ImResponder.State.AWAIT_COMMAND, responder.state());
        assertEquals(List.of(), responder.resume().messages(), "still waiting");

        answerLater.complete(CommandResult.status(ImStatus.TIMEOUT));
        assertTrue(step.waitFor().get().isDone());
        ImResponder.Step answered = responder.resume();
        ImMessage.InvokeResponse response = assertInstanceOf(ImMessage.InvokeResponse.class, only(answered));
        assertEquals(ImStatus.TIMEOUT,
                assertInstanceOf(CommandStatusIb.class, response.invokeResponses().get(0)).status().status());
        assertTrue(answered.done());

        ImResponder failing = responder();
        answerLater = new java.util.concurrent.CompletableFuture<>();
        ImResponder.Step waiting = send(failing, toggle(false));
        answerLater.completeExceptionally(new IllegalStateException("adapter crashed"));
        assertTrue(waiting.waitFor().get().isDone());
        response = assertInstanceOf(ImMessage.InvokeResponse.class, only(failing.resume()));
        assertEquals(ImStatus.FAILURE,
                assertInstanceOf(CommandStatusIb.class, response.invokeResponses().get(0)).status().status());

        ImResponder interrupted = responder();
        answerLater = new java.util.concurrent.CompletableFuture<>();
        send(interrupted, toggle(false));
        assertEquals(ImStatus.INVALID_ACTION, statusOf(send(interrupted, read(AttributePathIb.of(2, 6, 0)))),
                "the peer may not send on an exchange waiting for its invoke's answer");
        answerLater.complete(CommandResult.success());
        assertEquals(List.of(), interrupted.resume().messages());
    }

    @Test
    void timedWindowExpiresAndMismatchesAreRefused() throws ImException {
        ImResponder late = responder();
        send(late, new ImMessage.TimedRequest(2000, 12));
        clock.advance(Duration.ofMillis(2001));
        assertEquals(ImStatus.TIMEOUT, statusOf(send(late, toggle(true))));

        ImResponder flagMissing = responder();
        send(flagMissing, new ImMessage.TimedRequest(2000, 12));
        assertEquals(ImStatus.TIMED_REQUEST_MISMATCH, statusOf(send(flagMissing, toggle(false))));

        ImResponder noTimedRequest = responder();
        assertEquals(ImStatus.TIMED_REQUEST_MISMATCH, statusOf(send(noTimedRequest, toggle(true))));
        assertEquals(ImStatus.TIMED_REQUEST_MISMATCH,
                statusOf(send(responder(), writeOnTime(1, true, false, false))));

        ImResponder readAfterTimed = responder();
        send(readAfterTimed, new ImMessage.TimedRequest(2000, 12));
        assertEquals(ImStatus.TIMED_REQUEST_MISMATCH, statusOf(send(readAfterTimed, read(AttributePathIb.of(2, 6,
                0)))));
        assertEquals(List.of(), invoked);
    }

    @Test
    void timedWrite() throws ImException {
        DataModel model = TestModels.bridge();
        ImResponder responder = responder(model, ReportChunker.DEFAULT_BUDGET);
        send(responder, new ImMessage.TimedRequest(500, 12));
        ImMessage.WriteResponse response = assertInstanceOf(ImMessage.WriteResponse.class,
                only(send(responder, writeOnTime(9, true, false, false))));
        assertEquals(ImStatus.SUCCESS, response.writeResponses().get(0).status().status());
        assertEquals(Optional.of(u(9)), model.cluster(2, 6).orElseThrow().value(0x4002));
    }

    @Test
    void writesChunkedAndSuppressed() throws ImException {
        DataModel model = TestModels.bridge();
        ImResponder chunked = responder(model, ReportChunker.DEFAULT_BUDGET);
        ImResponder.Step first = send(chunked, writeOnTime(1, false, true, false));
        assertInstanceOf(ImMessage.WriteResponse.class, only(first));
        assertFalse(first.done());
        assertEquals(ImResponder.State.AWAIT_WRITE_CHUNK, chunked.state());
        ImResponder.Step last = send(chunked, writeOnTime(2, false, false, false));
        assertInstanceOf(ImMessage.WriteResponse.class, only(last));
        assertTrue(last.done());
        assertEquals(Optional.of(u(2)), model.cluster(2, 6).orElseThrow().value(0x4002));

        ImResponder interrupted = responder();
        send(interrupted, writeOnTime(1, false, true, false));
        assertEquals(ImStatus.INVALID_ACTION, statusOf(send(interrupted, toggle(false))));

        ImResponder.Step silent = send(responder(model, ReportChunker.DEFAULT_BUDGET),
                writeOnTime(3, false, false, true));
        assertEquals(List.of(), silent.messages());
        assertTrue(silent.done());
        assertEquals(Optional.of(u(3)), model.cluster(2, 6).orElseThrow().value(0x4002));
    }

    @Test
    void malformedUnexpectedAndRefusedMessagesGetAStatusResponse() throws ImException {
        assertEquals(ImStatus.INVALID_ACTION, statusOf(responder().on(ImOpcode.READ_REQUEST.code(),
                new byte[] {0x15, 0x36})));
        assertEquals(ImStatus.INVALID_ACTION, statusOf(responder().on(0x42, new byte[] {0x15, 0x18})));
        assertEquals(ImStatus.INVALID_ACTION, statusOf(send(responder(), ok())));
        assertEquals(ImStatus.INVALID_ACTION, statusOf(send(responder(),
                new ImMessage.ReadRequest(List.of(), List.of(), List.of(), true, List.of(), 12))));
        ImMessage.InvokeRequest twoCommands = new ImMessage.InvokeRequest(false, false, List.of(
                new CommandDataIb(CommandPathIb.of(2, 6, 2), Optional.empty(), OptionalInt.of(1)),
                new CommandDataIb(CommandPathIb.of(3, 6, 2), Optional.empty(), OptionalInt.of(2))), 12);
        assertEquals(ImStatus.INVALID_ACTION, statusOf(send(responder(), twoCommands)));
        assertEquals(List.of(), invoked);
    }

    @Test
    void aWriteTheDeviceAnswersLaterHoldsTheWriteResponseUntilItsAnswer() throws ImException {
        DataModel model = TestModels.bridge();
        ImResponder responder = responder(model, ReportChunker.DEFAULT_BUDGET);
        java.util.concurrent.CompletableFuture<ImStatus> device = new java.util.concurrent.CompletableFuture<>();
        lastWrites.setDeviceWriter(6, (subject, cluster, attribute, value) -> Optional.of(device));

        ImResponder.Step waiting = send(responder, writeOnTime(5, false, false, false));
        assertEquals(List.of(), waiting.messages(), "no WriteResponse before the device answered");
        assertFalse(waiting.done());
        assertTrue(waiting.waitFor().isPresent());
        assertEquals(ImResponder.State.AWAIT_WRITE, responder.state());
        assertEquals(List.of(), responder.resume().messages(), "still waiting");
        device.complete(ImStatus.BUSY);
        assertTrue(waiting.waitFor().get().isDone());
        ImResponder.Step answered = responder.resume();
        ImMessage.WriteResponse response = assertInstanceOf(ImMessage.WriteResponse.class, only(answered));
        assertEquals(ImStatus.BUSY, response.writeResponses().get(0).status().status(), "the device's refusal");
        assertEquals(AttributePathIb.of(2, 6, 0x4002), response.writeResponses().get(0).path());
        assertTrue(answered.done());
        assertFalse(model.cluster(2, 6).orElseThrow().value(0x4002).equals(Optional.of(u(5))),
                "the device writer took the write over: the engine stored nothing");

        // A chunk of a chunked write: after its late answer the exchange waits for the next chunk.
        ImResponder chunked = responder(model, ReportChunker.DEFAULT_BUDGET);
        java.util.concurrent.CompletableFuture<ImStatus> slow = new java.util.concurrent.CompletableFuture<>();
        lastWrites.setDeviceWriter(6, (subject, cluster, attribute, value) -> Optional.of(slow));
        send(chunked, writeOnTime(6, false, true, false));
        slow.complete(ImStatus.SUCCESS);
        ImResponder.Step first = chunked.resume();
        assertEquals(ImStatus.SUCCESS, assertInstanceOf(ImMessage.WriteResponse.class, only(first))
                .writeResponses().get(0).status().status());
        assertFalse(first.done());
        assertEquals(ImResponder.State.AWAIT_WRITE_CHUNK, chunked.state());

        // A device writer whose future fails anyway answers FAILURE; a message while waiting ends the exchange.
        ImResponder failing = responder(model, ReportChunker.DEFAULT_BUDGET);
        java.util.concurrent.CompletableFuture<ImStatus> crashed = new java.util.concurrent.CompletableFuture<>();
        lastWrites.setDeviceWriter(6, (subject, cluster, attribute, value) -> Optional.of(crashed));
        send(failing, writeOnTime(7, false, false, false));
        crashed.completeExceptionally(new IllegalStateException("adapter crashed"));
        assertEquals(ImStatus.FAILURE, assertInstanceOf(ImMessage.WriteResponse.class, only(failing.resume()))
                .writeResponses().get(0).status().status());
        ImResponder interrupted = responder(model, ReportChunker.DEFAULT_BUDGET);
        lastWrites.setDeviceWriter(6, (subject, cluster, attribute, value) ->
                Optional.of(new java.util.concurrent.CompletableFuture<>()));
        send(interrupted, writeOnTime(8, false, false, false));
        assertEquals(ImStatus.INVALID_ACTION, statusOf(send(interrupted, toggle(false))));
    }

    @Test
    void aDeviceWriterThatDeclinesLeavesTheWriteToTheEngine() throws ImException {
        DataModel model = TestModels.bridge();
        ImResponder responder = responder(model, ReportChunker.DEFAULT_BUDGET);
        lastWrites.setDeviceWriter(6, (subject, cluster, attribute, value) -> Optional.empty());
        assertEquals(ImStatus.SUCCESS, assertInstanceOf(ImMessage.WriteResponse.class,
                only(send(responder, writeOnTime(9, false, false, false)))).writeResponses().get(0).status().status());
        assertEquals(Optional.of(u(9)), model.cluster(2, 6).orElseThrow().value(0x4002));
    }
}
