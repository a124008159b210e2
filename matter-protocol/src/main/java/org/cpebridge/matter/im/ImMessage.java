package org.cpebridge.matter.im;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The Interaction Model messages (Core spec 1.4, "Interaction Model Encoding": message TLV schemas), one record per
 * opcode. Lists are never null: an absent array decodes as an empty list and an empty list is not encoded.
 * {@link ImCodec} turns them into bytes and back.
 */
public sealed interface ImMessage {

    /** InteractionModelRevision this implementation speaks: 12 for Matter 1.4 (matter.js Specification.ts). */
    int REVISION = 12;

    /** Context tag of the InteractionModelRevision field, present in every IM message. */
    int REVISION_TAG = 0xFF;

    /** The opcode of this message. */
    ImOpcode opcode();

    /** InteractionModelRevision field (tag 0xFF, u8). */
    int interactionModelRevision();

    /** StatusResponseMessage: Status (tag 0). */
    record StatusResponse(ImStatus status, int interactionModelRevision) implements ImMessage {
        public StatusResponse {
            Objects.requireNonNull(status, "status");
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        /** A status response at this implementation's revision. */
        public static StatusResponse of(ImStatus status) {
            return new StatusResponse(status, REVISION);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.STATUS_RESPONSE;
        }
    }

    /**
     * ReadRequestMessage: AttributeRequests (0), EventRequests (1), EventFilters (2), FabricFiltered (3),
     * DataVersionFilters (4).
     */
    record ReadRequest(List<AttributePathIb> attributeRequests, List<EventPathIb> eventRequests,
            List<EventFilterIb> eventFilters, boolean fabricFiltered, List<DataVersionFilterIb> dataVersionFilters,
            int interactionModelRevision) implements ImMessage {
        public ReadRequest {
            attributeRequests = List.copyOf(attributeRequests);
            eventRequests = List.copyOf(eventRequests);
            eventFilters = List.copyOf(eventFilters);
            dataVersionFilters = List.copyOf(dataVersionFilters);
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.READ_REQUEST;
        }
    }

    /**
     * SubscribeRequestMessage: KeepSubscriptions (0), MinIntervalFloorSeconds (1), MaxIntervalCeilingSeconds (2),
     * AttributeRequests (3), EventRequests (4), EventFilters (5), FabricFiltered (7), DataVersionFilters (8).
     */
    record SubscribeRequest(boolean keepSubscriptions, int minIntervalFloorSeconds, int maxIntervalCeilingSeconds,
            List<AttributePathIb> attributeRequests, List<EventPathIb> eventRequests,
            List<EventFilterIb> eventFilters, boolean fabricFiltered, List<DataVersionFilterIb> dataVersionFilters,
            int interactionModelRevision) implements ImMessage {
        public SubscribeRequest {
            Ranges.check("minIntervalFloorSeconds", minIntervalFloorSeconds, Fields.U16);
            Ranges.check("maxIntervalCeilingSeconds", maxIntervalCeilingSeconds, Fields.U16);
            attributeRequests = List.copyOf(attributeRequests);
            eventRequests = List.copyOf(eventRequests);
            eventFilters = List.copyOf(eventFilters);
            dataVersionFilters = List.copyOf(dataVersionFilters);
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.SUBSCRIBE_REQUEST;
        }
    }

    /** SubscribeResponseMessage: SubscriptionId (0), MaxInterval (2). */
    record SubscribeResponse(long subscriptionId, int maxIntervalSeconds, int interactionModelRevision)
            implements ImMessage {
        public SubscribeResponse {
            Ranges.check("subscriptionId", subscriptionId, Fields.U32);
            Ranges.check("maxIntervalSeconds", maxIntervalSeconds, Fields.U16);
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.SUBSCRIBE_RESPONSE;
        }
    }

    /**
     * ReportDataMessage: SubscriptionId (0), AttributeReports (1), EventReports (2), MoreChunkedMessages (3),
     * SuppressResponse (4). The two flags are encoded only when true, as the connectedhomeip captures show.
     */
    record ReportData(OptionalLong subscriptionId, List<AttributeReportIb> attributeReports,
            List<EventReportIb> eventReports, boolean moreChunkedMessages, boolean suppressResponse,
            int interactionModelRevision) implements ImMessage {
        public ReportData {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Ranges.check("subscriptionId", subscriptionId, Fields.U32);
            attributeReports = List.copyOf(attributeReports);
            eventReports = List.copyOf(eventReports);
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.REPORT_DATA;
        }
    }

    /**
     * WriteRequestMessage: SuppressResponse (0), TimedRequest (1), WriteRequests (2), MoreChunkedMessages (3). All
     * four are always encoded, as controllers send them.
     */
    record WriteRequest(boolean suppressResponse, boolean timedRequest, List<AttributeDataIb> writeRequests,
            boolean moreChunkedMessages, int interactionModelRevision) implements ImMessage {
        public WriteRequest {
            writeRequests = List.copyOf(writeRequests);
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.WRITE_REQUEST;
        }
    }

    /** WriteResponseMessage: WriteResponses (0). */
    record WriteResponse(List<AttributeStatusIb> writeResponses, int interactionModelRevision) implements ImMessage {
        public WriteResponse {
            writeResponses = List.copyOf(writeResponses);
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.WRITE_RESPONSE;
        }
    }

    /** InvokeRequestMessage: SuppressResponse (0), TimedRequest (1), InvokeRequests (2). */
    record InvokeRequest(boolean suppressResponse, boolean timedRequest, List<CommandDataIb> invokeRequests,
            int interactionModelRevision) implements ImMessage {
        public InvokeRequest {
            invokeRequests = List.copyOf(invokeRequests);
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.INVOKE_REQUEST;
        }
    }

    /** InvokeResponseMessage: SuppressResponse (0), InvokeResponses (1), MoreChunkedMessages (2, only when true). */
    record InvokeResponse(boolean suppressResponse, List<InvokeResponseIb> invokeResponses,
            boolean moreChunkedMessages, int interactionModelRevision) implements ImMessage {
        public InvokeResponse {
            invokeResponses = List.copyOf(invokeResponses);
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.INVOKE_RESPONSE;
        }
    }

    /** TimedRequestMessage: Timeout (0), milliseconds. */
    record TimedRequest(int timeoutMillis, int interactionModelRevision) implements ImMessage {
        public TimedRequest {
            Ranges.check("timeoutMillis", timeoutMillis, Fields.U16);
            Ranges.check("interactionModelRevision", interactionModelRevision, Fields.U8);
        }

        @Override
        public ImOpcode opcode() {
            return ImOpcode.TIMED_REQUEST;
        }
    }
}
