package org.cpebridge.usp.message;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.usp.datamodel.DataModel;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathParser;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Controller's USP request into the Agent's response or Error (TR-369 "Messages"): Get, GetInstances,
 * GetSupportedDM, GetSupportedProtocol, Set, Add, Delete and Operate, each checked against the {@link AccessPolicy}.
 * Register, Deregister and Notify requests get Error 7001 (this agent is not a USP Broker); responses and errors from
 * a Controller are not answered, and NotifyResp and Error go to {@link #onNotifyAnswer}. A payload that is not a USP
 * Message, or has no {@code msg_id}, is dropped (R-MTP.5).
 *
 * <p>Call it on the data-model thread. Set, Delete and Operate may complete later, when the providers' stages do
 * (a device confirming a write); the caller sends the answer then.
 */
public final class MessageDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);

    /** The USP versions this agent speaks, for GetSupportedProtocol (TR-369 1.0 to 1.4). */
    public static final String SUPPORTED_VERSIONS = "1.0,1.1,1.2,1.3,1.4";
    /** The data model this agent implements (TR-181 Issue 2 Amendment 19 Corrigendum 1, USP flavour). */
    public static final String DATA_MODEL_URI = "urn:broadband-forum-org:tr-181-2-19-1-usp";

    private final AccessPolicy policy;
    private final GetHandler get;
    private final GetInstancesHandler getInstances;
    private final GetSupportedDmHandler getSupportedDm;
    private final GetSupportedProtocolHandler getSupportedProtocol;
    private final SetHandler set;
    private final AddHandler add;
    private final DeleteHandler delete;
    private final OperateHandler operate;
    private volatile BiConsumer<String, String> notifyAnswers = (controllerId, msgId) -> { };
    private volatile MessageAudit audit = MessageAudit.NONE;

    public MessageDispatcher(DataModel model, AccessPolicy policy, AsyncRequests requests,
            OperationCompleteListener listener) {
        this(model, PathParser.standard(), policy, SUPPORTED_VERSIONS, DATA_MODEL_URI, requests, listener);
    }

    public MessageDispatcher(DataModel model, PathParser parser, AccessPolicy policy, String supportedVersions,
            String dataModelUri, AsyncRequests requests, OperationCompleteListener listener) {
        ModelAccess access = new ModelAccess(model, parser);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.get = new GetHandler(access);
        this.getInstances = new GetInstancesHandler(access);
        this.getSupportedDm = new GetSupportedDmHandler(access, dataModelUri);
        this.getSupportedProtocol = new GetSupportedProtocolHandler(supportedVersions);
        this.set = new SetHandler(access);
        this.add = new AddHandler(access);
        this.delete = new DeleteHandler(access);
        this.operate = new OperateHandler(access, requests, listener);
    }

    /**
     * Where NotifyResp messages (and Errors) from Controllers go: (Controller Endpoint ID, msg_id), for the notifier's
     * retries. Called on the data-model thread.
     */
    public void onNotifyAnswer(BiConsumer<String, String> receiver) {
        this.notifyAnswers = Objects.requireNonNull(receiver, "receiver");
    }

    /** Who sees each request and its answer before the answer is returned (the privacy module's access log). */
    public void audit(MessageAudit audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** Decodes {@code payload} and handles it; empty if nothing is to be sent back. */
    public CompletionStage<Optional<Bytes>> handle(String controllerId, Bytes payload) {
        UspMsg.Msg msg;
        try {
            msg = UspMsg.Msg.parseFrom(payload.asByteBuffer());
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("[{}] dropping a payload that is not a USP Message: {}", controllerId, e.getMessage());
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return answer(controllerId, msg, ResponseBudget.unlimited())
                .thenApply(reply -> reply.map(a -> Bytes.adopting(a.payload().toByteArray())));
    }

    /** Handles a decoded message with no size limit on the answer; empty if nothing is to be sent back. */
    public CompletionStage<Optional<UspMsg.Msg>> handle(String controllerId, UspMsg.Msg msg) {
        return handle(controllerId, msg, ResponseBudget.unlimited());
    }

    /**
     * Handles a decoded message; empty if nothing is to be sent back. Get, GetInstances and GetSupportedDM charge
     * their results to {@code budget} as they build them and answer Error 7005 (Resources exceeded) when it runs out.
     * Any exception or error in a handler becomes Error 7003 (Internal error), so one bad message never stops the
     * agent from answering the next.
     */
    public CompletionStage<Optional<UspMsg.Msg>> handle(String controllerId, UspMsg.Msg msg,
            ResponseBudget budget) {
        return answer(controllerId, msg, budget).thenApply(reply -> reply.map(Answer::message));
    }

    /**
     * As {@link #handle(String, UspMsg.Msg, ResponseBudget)}, the answer as the MTP side sends it: a Get response
     * only as the bytes written while its walk went ({@link Answer#payload()}), never as protobuf messages.
     */
    public CompletionStage<Optional<Answer>> answer(String controllerId, UspMsg.Msg msg, ResponseBudget budget) {
        String msgId = msg.getHeader().getMsgId();
        if (!msg.hasHeader() || msgId.isEmpty() || !msg.hasBody()) {
            LOG.debug("[{}] dropping a message without header, msg_id or body", controllerId);
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (!msg.getBody().hasRequest()) {
            if (msg.getBody().getResponse().hasNotifyResp() || msg.getBody().hasError()) {
                notifyAnswers.accept(controllerId, msgId); // ends the Notify's retries (TR-369 R-NOT.1)
            }
            LOG.debug("[{}] not answering {} {}", controllerId, msg.getHeader().getMsgType(), msgId);
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return audit.around(controllerId, msg, () -> handleRequest(controllerId, msg, budget));
    }

    private CompletionStage<Optional<Answer>> handleRequest(String controllerId, UspMsg.Msg msg,
            ResponseBudget budget) {
        String msgId = msg.getHeader().getMsgId();
        Requester requester = new Requester(controllerId, policy);
        UspMsg.Request request = msg.getBody().getRequest();
        LOG.trace("[{}] {} {}", controllerId, request.getReqTypeCase(), msgId);
        try {
            if (msg.getHeader().getMsgType() != expectedType(request)) {
                throw new MessageException(UspErrors.INVALID_ARGUMENTS, UspReasons.msgTypeMismatch(
                        msg.getHeader().getMsgType(), request.getReqTypeCase()));
            }
            switch (request.getReqTypeCase()) {
                case GET:
                    return CompletableFuture.completedFuture(Optional.of(
                            Answer.written(get.handle(msgId, request.getGet(), requester, budget))));
                case GET_INSTANCES:
                    return reply(msgId, MsgType.GET_INSTANCES_RESP, UspMsg.Response.newBuilder()
                            .setGetInstancesResp(getInstances.handle(request.getGetInstances(), requester, budget)));
                case GET_SUPPORTED_DM:
                    return reply(msgId, MsgType.GET_SUPPORTED_DM_RESP, UspMsg.Response.newBuilder()
                            .setGetSupportedDmResp(getSupportedDm.handle(request.getGetSupportedDm(), requester,
                                    budget)));
                case GET_SUPPORTED_PROTOCOL:
                    return reply(msgId, MsgType.GET_SUPPORTED_PROTO_RESP, UspMsg.Response.newBuilder()
                            .setGetSupportedProtocolResp(
                                    getSupportedProtocol.handle(request.getGetSupportedProtocol())));
                case SET:
                    return later(controllerId, msgId, MsgType.SET_RESP, set.handle(request.getSet(), requester)
                            .thenApply(r -> UspMsg.Response.newBuilder().setSetResp(r)));
                case ADD:
                    return reply(msgId, MsgType.ADD_RESP,
                            UspMsg.Response.newBuilder().setAddResp(add.handle(request.getAdd(), requester)));
                case DELETE:
                    return later(controllerId, msgId, MsgType.DELETE_RESP, delete.handle(request.getDelete(),
                            requester).thenApply(r -> UspMsg.Response.newBuilder().setDeleteResp(r)));
                case OPERATE:
                    return operate(msgId, request.getOperate(), requester);
                default:
                    throw new MessageException(UspErrors.MESSAGE_NOT_SUPPORTED,
                            UspReasons.standard(UspErrors.MESSAGE_NOT_SUPPORTED, request.getReqTypeCase()));
            }
        } catch (MessageException e) {
            return CompletableFuture.completedFuture(Optional.of(Answer.of(error(msgId, e.toError()))));
        } catch (ResponseBudget.ResponseTooLargeException e) {
            LOG.debug("[{}] {} {}: {}", controllerId, request.getReqTypeCase(), msgId, e.getMessage());
            return CompletableFuture.completedFuture(Optional.of(Answer.of(tooLarge(msgId, e.limit()))));
        } catch (RuntimeException | LinkageError | AssertionError | VirtualMachineError e) {
            // A VirtualMachineError (out of memory, stack overflow) is answered too: the half-built answer is garbage
            // now, and a worker that died here would leave the agent deaf. The shipped JVM flags exit on OOM anyway.
            LOG.warn("[{}] internal error handling {} {}", controllerId, request.getReqTypeCase(), msgId, e);
            return CompletableFuture.completedFuture(Optional.of(Answer.of(internalError(msgId))));
        }
    }

    private CompletionStage<Optional<Answer>> operate(String msgId, UspMsg.Operate request, Requester requester)
            throws MessageException {
        CompletionStage<UspMsg.OperateResp> response = operate.handle(request, requester);
        if (!request.getSendResp()) {
            return CompletableFuture.completedFuture(Optional.empty()); // R-OPR.4: the commands still run
        }
        return response.thenApply(r -> Optional.of(Answer.of(message(msgId, MsgType.OPERATE_RESP,
                UspMsg.Body.newBuilder().setResponse(UspMsg.Response.newBuilder().setOperateResp(r))))));
    }

    /** A response that is ready when {@code response} completes; a {@link MessageException} becomes an Error. */
    private static CompletionStage<Optional<Answer>> later(String controllerId, String msgId, MsgType type,
            CompletionStage<UspMsg.Response.Builder> response) {
        return response.handle((r, failure) -> {
            if (failure == null) {
                return Optional.of(Answer.of(message(msgId, type, UspMsg.Body.newBuilder().setResponse(r))));
            }
            Throwable cause = Stages.unwrap(failure);
            if (cause instanceof MessageException e) {
                return Optional.of(Answer.of(error(msgId, e.toError())));
            }
            LOG.warn("[{}] internal error answering {}", controllerId, msgId, cause);
            return Optional.of(Answer.of(internalError(msgId)));
        });
    }

    private static MsgType expectedType(UspMsg.Request request) {
        switch (request.getReqTypeCase()) {
            case GET: return MsgType.GET;
            case GET_SUPPORTED_DM: return MsgType.GET_SUPPORTED_DM;
            case GET_INSTANCES: return MsgType.GET_INSTANCES;
            case SET: return MsgType.SET;
            case ADD: return MsgType.ADD;
            case DELETE: return MsgType.DELETE;
            case OPERATE: return MsgType.OPERATE;
            case NOTIFY: return MsgType.NOTIFY;
            case GET_SUPPORTED_PROTOCOL: return MsgType.GET_SUPPORTED_PROTO;
            case REGISTER: return MsgType.REGISTER;
            case DEREGISTER: return MsgType.DEREGISTER;
            default: return MsgType.UNRECOGNIZED;
        }
    }

    private static CompletionStage<Optional<Answer>> reply(String msgId, MsgType type,
            UspMsg.Response.Builder response) {
        return CompletableFuture.completedFuture(Optional.of(
                Answer.of(message(msgId, type, UspMsg.Body.newBuilder().setResponse(response)))));
    }

    /** Error 7005 for an answer that would not fit in {@code limit} bytes (TR-369: memory or processing limits). */
    public static UspMsg.Msg tooLarge(String msgId, long limit) {
        return error(msgId, UspMsg.Error.newBuilder().setErrCode(UspErrors.RESOURCES_EXCEEDED)
                .setErrMsg(UspReasons.standard(UspErrors.RESOURCES_EXCEEDED, UspReasons.responseTooLarge(limit)))
                .build());
    }

    /** Error 7003 (internal error), for a message whose handling failed. */
    public static UspMsg.Msg internalError(String msgId) {
        return error(msgId, UspMsg.Error.newBuilder().setErrCode(UspErrors.INTERNAL_ERROR)
                .setErrMsg(UspReasons.standard(UspErrors.INTERNAL_ERROR)).build());
    }

    private static UspMsg.Msg error(String msgId, UspMsg.Error error) {
        return message(msgId, MsgType.ERROR, UspMsg.Body.newBuilder().setError(error));
    }

    private static UspMsg.Msg message(String msgId, MsgType type, UspMsg.Body.Builder body) {
        return UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId(msgId).setMsgType(type))
                .setBody(body)
                .build();
    }
}
