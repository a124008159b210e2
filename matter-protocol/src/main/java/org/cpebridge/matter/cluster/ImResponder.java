package org.cpebridge.matter.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
import org.cpebridge.matter.im.AttributeStatusIb;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.EventReportIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.InvokeResponseIb;
import org.cpebridge.matter.im.ReportChunker;
import org.cpebridge.matter.tlv.TlvElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one Interaction Model exchange, as an explicit state machine (Core spec 1.4 chapter 8:
 * Read, Subscribe, Write, Invoke and Timed interactions). Feed it each IM message received on the exchange with
 * {@link #on(int, byte[])}; it answers the messages to send and whether the exchange is finished.
 *
 * <pre>
 *   IDLE --ReadRequest------------> [chunk 1] --more?--> AWAIT_CHUNK_ACK --StatusResponse(SUCCESS)--> [chunk n] ...
 *   IDLE --SubscribeRequest-------> [chunk 1 ...] ------> AWAIT_CHUNK_ACK ... --last ack--> [SubscribeResponse] DONE
 *   IDLE --TimedRequest-----------> [StatusResponse] ---> TIMED (deadline)
 *   IDLE | TIMED --WriteRequest---> [WriteResponse] (MoreChunkedMessages: AWAIT_WRITE_CHUNK) DONE
 *   IDLE | TIMED --WriteRequest---> (a device answers later) AWAIT_WRITE --resume()--> [WriteResponse] ...
 *   IDLE | TIMED --InvokeRequest--> [InvokeResponse] DONE
 *   IDLE | TIMED --InvokeRequest--> (a command answers later) AWAIT_COMMAND --resume()--> [InvokeResponse] DONE
 *   anything else, a decode error or a Timed mismatch --> [StatusResponse(error)] DONE
 * </pre>
 *
 * <p>Time comes from the injected clock (the timed window). Owned by the exchange's serial executor.
 */
public final class ImResponder {

    /** The states of the exchange. */
    public enum State {
        IDLE,
        TIMED,
        AWAIT_CHUNK_ACK,
        AWAIT_WRITE_CHUNK,
        /** A write's statuses wait for the devices (a {@link WriteEngine.DeviceWriter}). */
        AWAIT_WRITE,
        AWAIT_COMMAND,
        DONE
    }

    /** An IM message to send on the exchange. */
    public record Outgoing(ImOpcode opcode, byte[] payload) {
        public Outgoing {
            Objects.requireNonNull(opcode, "opcode");
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /**
     * What one received message led to.
     *
     * @param messages to send, in order
     * @param established a subscription set up by this step (after the SubscribeResponse)
     * @param done the exchange is over once {@code messages} are sent
     * @param waitFor when present, the answer waits for this (a command answered later): once it completes, call
     *     {@link #resume()} on the owning thread
     */
    public record Step(List<Outgoing> messages, Optional<Subscription> established, boolean done,
            Optional<CompletableFuture<?>> waitFor) {
        public Step {
            messages = List.copyOf(messages);
            Objects.requireNonNull(established, "established");
            Objects.requireNonNull(waitFor, "waitFor");
        }

        /** A step that waits for nothing. */
        public Step(List<Outgoing> messages, Optional<Subscription> established, boolean done) {
            this(messages, established, done, Optional.empty());
        }
    }

    /** Publisher limit on MaxInterval (Core spec SUBSCRIPTION_MAX_INTERVAL_PUBLISHER_LIMIT, 60 minutes). */
    public static final int MAX_INTERVAL_PUBLISHER_LIMIT_SECONDS = 3600;

    private static final Logger LOG = LoggerFactory.getLogger(ImResponder.class);

    private final AccessSubject subject;
    private final ReadEngine reads;
    private final EventReadEngine events;
    private final WriteEngine writes;
    private final InvokeDispatcher invokes;
    private final ReportChunker chunker;
    private final LongSupplier subscriptionIds;
    private final Clock clock;

    private State state = State.IDLE;
    private Instant timedDeadline;
    private final Deque<ImMessage.ReportData> pendingChunks = new ArrayDeque<>();
    private Subscription pendingSubscription;
    private SubscriptionReporter.Priming priming;
    private final WriteEngine.Interaction writeInteraction = new WriteEngine.Interaction();
    private List<CompletableFuture<InvokeResponseIb>> pendingResponses;
    private List<CompletableFuture<AttributeStatusIb>> pendingWrites;
    private ImMessage.WriteRequest pendingWriteRequest;
    private boolean pendingSuppressResponse;

    /**
     * A responder for one exchange with {@code subject}.
     *
     * @param subscriptionIds source of new subscription ids (u32)
     */
    public ImResponder(AccessSubject subject, ReadEngine reads, EventReadEngine events, WriteEngine writes,
            InvokeDispatcher invokes, ReportChunker chunker, LongSupplier subscriptionIds, Clock clock) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.events = Objects.requireNonNull(events, "events");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.invokes = Objects.requireNonNull(invokes, "invokes");
        this.chunker = Objects.requireNonNull(chunker, "chunker");
        this.subscriptionIds = Objects.requireNonNull(subscriptionIds, "subscriptionIds");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Handles one received IM message. */
    public Step on(int opcode, byte[] payload) {
        if (state == State.DONE) {
            throw new IllegalStateException("exchange is finished");
        }
        ImMessage message;
        try {
            message = ImCodec.decode(opcode, payload);
        } catch (ImException e) {
            LOG.debug("undecodable IM message 0x{}: {}", Integer.toHexString(opcode), e.getMessage());
            return fail(e.status());
        }
        return switch (state) {
            case IDLE -> onIdle(message, false);
            case TIMED -> onTimed(message);
            case AWAIT_CHUNK_ACK -> onChunkAck(message);
            case AWAIT_WRITE_CHUNK -> message instanceof ImMessage.WriteRequest w ? write(w, false)
                    : fail(ImStatus.INVALID_ACTION);
            // The peer sends nothing while its invoke or write is answered; anything else ends the exchange.
            case AWAIT_COMMAND, AWAIT_WRITE -> fail(ImStatus.INVALID_ACTION);
            case DONE -> throw new IllegalStateException("unreachable");
        };
    }

    private Step onIdle(ImMessage message, boolean timed) {
        if (message instanceof ImMessage.ReadRequest read) {
            if (read.attributeRequests().isEmpty() && read.eventRequests().isEmpty()) {
                return fail(ImStatus.INVALID_ACTION);
            }
            List<AttributeReportIb> reports = reads.read(subject, read.attributeRequests(),
                    read.dataVersionFilters(), read.fabricFiltered());
            List<EventReportIb> eventReports = events.read(subject, read.eventRequests(), read.eventFilters());
            return sendChunks(chunker.chunk(OptionalLong.empty(), reports, eventReports, true));
        }
        if (message instanceof ImMessage.SubscribeRequest subscribe) {
            return subscribe(subscribe);
        }
        if (message instanceof ImMessage.TimedRequest timedRequest) {
            timedDeadline = clock.instant().plusMillis(timedRequest.timeoutMillis());
            state = State.TIMED;
            return new Step(List.of(status(ImStatus.SUCCESS)), Optional.empty(), false);
        }
        if (message instanceof ImMessage.WriteRequest write) {
            return write.timedRequest() != timed ? fail(ImStatus.TIMED_REQUEST_MISMATCH) : write(write, timed);
        }
        if (message instanceof ImMessage.InvokeRequest invoke) {
            return invoke.timedRequest() != timed ? fail(ImStatus.TIMED_REQUEST_MISMATCH) : invoke(invoke, timed);
        }
        return fail(ImStatus.INVALID_ACTION);
    }

    private Step onTimed(ImMessage message) {
        if (!(message instanceof ImMessage.WriteRequest) && !(message instanceof ImMessage.InvokeRequest)) {
            return fail(ImStatus.TIMED_REQUEST_MISMATCH);
        }
        if (clock.instant().isAfter(timedDeadline)) {
            return fail(ImStatus.TIMEOUT);
        }
        return onIdle(message, true);
    }

    private Step onChunkAck(ImMessage message) {
        if (!(message instanceof ImMessage.StatusResponse response)) {
            return fail(ImStatus.INVALID_ACTION);
        }
        if (!response.status().isSuccess()) {
            LOG.debug("peer stopped the report with {}", response.status());
            state = State.DONE;
            pendingChunks.clear();
            return new Step(List.of(), Optional.empty(), true);
        }
        if (!pendingChunks.isEmpty()) {
            return sendNextChunk();
        }
        if (pendingSubscription != null) {
            Subscription established = pendingSubscription;
            pendingSubscription = null;
            state = State.DONE;
            return new Step(List.of(encode(new ImMessage.SubscribeResponse(established.id(),
                    established.maxIntervalSeconds(), ImMessage.REVISION))), Optional.of(established), true);
        }
        return fail(ImStatus.INVALID_ACTION);
    }

    private Step subscribe(ImMessage.SubscribeRequest request) {
        if (request.attributeRequests().isEmpty() && request.eventRequests().isEmpty()
                || request.minIntervalFloorSeconds() > request.maxIntervalCeilingSeconds()) {
            return fail(ImStatus.INVALID_ACTION);
        }
        int maxInterval = Math.max(request.minIntervalFloorSeconds(),
                Math.min(request.maxIntervalCeilingSeconds(), MAX_INTERVAL_PUBLISHER_LIMIT_SECONDS));
        long id = subscriptionIds.getAsLong() & 0xFFFF_FFFFL;
        pendingSubscription = new Subscription(id, subject, request.attributeRequests(), request.eventRequests(),
                request.eventFilters(), request.dataVersionFilters(), request.fabricFiltered(),
                request.minIntervalFloorSeconds(), maxInterval, request.keepSubscriptions());
        Map<ClusterPathIb, Long> versions = new HashMap<>();
        for (Endpoint endpoint : reads.model().endpoints()) {
            for (ClusterInstance cluster : endpoint.clusters()) {
                versions.put(ClusterPathIb.of(endpoint.id(), cluster.id()), cluster.dataVersion());
            }
        }
        List<AttributeReportIb> reports = reads.read(subject, request.attributeRequests(),
                request.dataVersionFilters(), request.fabricFiltered());
        long nextEventNumber = events.log().nextNumber();
        List<EventReportIb> eventReports = events.read(subject, request.eventRequests(), request.eventFilters());
        // The values the subscriber holds once primed: what was sent, or, when its DataVersionFilters left clusters
        // out, everything it subscribed to (it already has the rest).
        List<AttributeReportIb> held = request.dataVersionFilters().isEmpty() ? reports
                : reads.read(subject, request.attributeRequests(), List.of(), request.fabricFiltered());
        Map<AttributePathIb, TlvElement> values = new HashMap<>();
        for (AttributeReportIb report : held) {
            if (report instanceof AttributeDataIb data) {
                values.put(data.path(), data.data());
            }
        }
        priming = new SubscriptionReporter.Priming(versions, values, nextEventNumber);
        pendingChunks.addAll(chunker.chunk(OptionalLong.of(id), reports, eventReports, false));
        return sendNextChunk();
    }

    private Step sendChunks(List<ImMessage.ReportData> chunks) {
        pendingChunks.addAll(chunks);
        return sendNextChunk();
    }

    private Step sendNextChunk() {
        ImMessage.ReportData chunk = pendingChunks.removeFirst();
        boolean last = pendingChunks.isEmpty();
        // The last chunk of a read suppresses the response; a subscription's priming report still wants the
        // StatusResponse that lets us send the SubscribeResponse.
        boolean finished = last && chunk.suppressResponse();
        state = finished ? State.DONE : State.AWAIT_CHUNK_ACK;
        return new Step(List.of(encode(chunk)), Optional.empty(), finished);
    }

    private Step write(ImMessage.WriteRequest request, boolean timed) {
        List<CompletableFuture<AttributeStatusIb>> started = writes.start(subject, request.writeRequests(), timed,
                writeInteraction);
        if (!started.stream().allMatch(CompletableFuture::isDone)) {
            pendingWrites = started;
            pendingWriteRequest = request;
            state = State.AWAIT_WRITE;
            return new Step(List.of(), Optional.empty(), false,
                    Optional.of(CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))));
        }
        return answerWrite(request, started);
    }

    private Step answerWrite(ImMessage.WriteRequest request, List<CompletableFuture<AttributeStatusIb>> started) {
        List<AttributeStatusIb> statuses = started.stream().map(CompletableFuture::join).toList();
        boolean more = request.moreChunkedMessages();
        state = more ? State.AWAIT_WRITE_CHUNK : State.DONE;
        List<Outgoing> out = request.suppressResponse() ? List.of()
                : List.of(encode(new ImMessage.WriteResponse(statuses, ImMessage.REVISION)));
        return new Step(out, Optional.empty(), !more);
    }

    private Step invoke(ImMessage.InvokeRequest request, boolean timed) {
        List<CompletableFuture<InvokeResponseIb>> responses;
        try {
            responses = invokes.start(subject, request.invokeRequests(), timed);
        } catch (ImException e) {
            return fail(e.status());
        }
        pendingResponses = responses;
        pendingSuppressResponse = request.suppressResponse();
        if (!responses.stream().allMatch(CompletableFuture::isDone)) {
            state = State.AWAIT_COMMAND;
            return new Step(List.of(), Optional.empty(), false,
                    Optional.of(CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new))));
        }
        return answerInvoke();
    }

    /** What the priming report of the subscription this exchange established carried (once, then empty). */
    public Optional<SubscriptionReporter.Priming> takePriming() {
        Optional<SubscriptionReporter.Priming> taken = Optional.ofNullable(priming);
        priming = null;
        return taken;
    }

    /**
     * The answers an {@link State#AWAIT_COMMAND} or {@link State#AWAIT_WRITE} exchange waited for have come (the
     * step's {@code waitFor} completed): the InvokeResponse, or the WriteResponse (and, for a chunked write, the wait
     * for its next chunk). In any other state, or while an answer is still missing, nothing happens.
     */
    public Step resume() {
        if (state == State.AWAIT_WRITE && pendingWrites.stream().allMatch(CompletableFuture::isDone)) {
            List<CompletableFuture<AttributeStatusIb>> answered = pendingWrites;
            ImMessage.WriteRequest request = pendingWriteRequest;
            pendingWrites = null;
            pendingWriteRequest = null;
            return answerWrite(request, answered);
        }
        if (state != State.AWAIT_COMMAND || !pendingResponses.stream().allMatch(CompletableFuture::isDone)) {
            return new Step(List.of(), Optional.empty(), state == State.DONE);
        }
        return answerInvoke();
    }

    private Step answerInvoke() {
        List<InvokeResponseIb> responses = pendingResponses.stream().map(CompletableFuture::join).toList();
        pendingResponses = null;
        state = State.DONE;
        if (pendingSuppressResponse) {
            return new Step(List.of(), Optional.empty(), true);
        }
        return new Step(List.of(encode(new ImMessage.InvokeResponse(false, responses, false, ImMessage.REVISION))),
                Optional.empty(), true);
    }

    private Step fail(ImStatus status) {
        state = State.DONE;
        pendingChunks.clear();
        pendingSubscription = null;
        priming = null;
        pendingResponses = null;
        pendingWrites = null;
        pendingWriteRequest = null;
        return new Step(List.of(status(status)), Optional.empty(), true);
    }

    private static Outgoing status(ImStatus status) {
        return encode(ImMessage.StatusResponse.of(status));
    }

    private static Outgoing encode(ImMessage message) {
        return new Outgoing(message.opcode(), ImCodec.encode(message));
    }
}
