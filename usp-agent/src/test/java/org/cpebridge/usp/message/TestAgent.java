package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.usp.datamodel.TestModel;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;

/** The message layer over {@link TestModel}, with helpers to build requests and read answers. */
final class TestAgent {
    static final String CONTROLLER = "proto::controller";

    final TestModel t = new TestModel();
    final AsyncRequests requests = new AsyncRequests("Device.LocalAgent.Request.");
    final List<UspMsg.Notify.OperationComplete> completed = new ArrayList<>();
    final List<String> completedRequests = new ArrayList<>();
    private final MessageDispatcher dispatcher;
    private int nextId = 1;

    TestAgent() {
        this(AccessPolicy.FULL_ACCESS);
    }

    TestAgent(AccessPolicy policy) {
        dispatcher = new MessageDispatcher(t.model, policy, requests, (controllerId, requestPath, result) -> {
            assertEquals(CONTROLLER, controllerId);
            synchronized (completed) {
                completed.add(result);
                completedRequests.add(requestPath);
            }
        });
    }

    /** Sends the request and returns the answer, if any. */
    Optional<UspMsg.Msg> trySend(MsgType type, UspMsg.Request request) {
        String id = "m" + nextId++;
        UspMsg.Msg msg = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId(id).setMsgType(type))
                .setBody(UspMsg.Body.newBuilder().setRequest(request))
                .build();
        Optional<UspMsg.Msg> reply;
        try {
            reply = dispatcher.handle(CONTROLLER, msg).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        reply.ifPresent(r -> assertEquals(id, r.getHeader().getMsgId(), "responses carry the request's msg_id"));
        return reply;
    }

    UspMsg.Msg send(MsgType type, UspMsg.Request request) {
        return trySend(type, request).orElseThrow(() -> new AssertionError("no answer"));
    }

    UspMsg.Error error(MsgType type, UspMsg.Request request) {
        UspMsg.Msg reply = send(type, request);
        assertEquals(MsgType.ERROR, reply.getHeader().getMsgType(), reply.toString());
        return reply.getBody().getError();
    }

    UspMsg.Response response(MsgType type, UspMsg.Request request) {
        UspMsg.Msg reply = send(type, request);
        assertTrue(reply.getBody().hasResponse(), reply.toString());
        return reply.getBody().getResponse();
    }

    // ------------------------------------------------------------------ Get

    UspMsg.GetResp get(int maxDepth, String... paths) {
        UspMsg.Msg reply = send(MsgType.GET, UspMsg.Request.newBuilder().setGet(
                UspMsg.Get.newBuilder().addAllParamPaths(List.of(paths)).setMaxDepth(maxDepth)).build());
        assertEquals(MsgType.GET_RESP, reply.getHeader().getMsgType());
        return reply.getBody().getResponse().getGetResp();
    }

    UspMsg.GetResp get(String... paths) {
        return get(0, paths);
    }

    /** The one requested path result of a single-path Get, checked to be error-free. */
    UspMsg.GetResp.RequestedPathResult getOk(String path) {
        UspMsg.GetResp.RequestedPathResult result = get(path).getReqPathResults(0);
        assertEquals(0, result.getErrCode(), result.getErrMsg());
        assertEquals(path, result.getRequestedPath());
        return result;
    }

    /** Current value of one parameter, read through the provider. */
    String value(String objectPath, String parameter) {
        UspMsg.GetResp.RequestedPathResult r = getOk(objectPath + parameter);
        return r.getResolvedPathResults(0).getResultParamsMap().get(parameter);
    }

    /** resolved_path -> result_params of a Get result. */
    static Map<String, Map<String, String>> byPath(UspMsg.GetResp.RequestedPathResult result) {
        Map<String, Map<String, String>> map = new java.util.LinkedHashMap<>();
        result.getResolvedPathResultsList().forEach(r -> map.put(r.getResolvedPath(), r.getResultParamsMap()));
        return map;
    }

    // ------------------------------------------------------------------ Set / Add / Delete

    static UspMsg.Set.UpdateObject update(String objPath, Object... paramValueRequired) {
        UspMsg.Set.UpdateObject.Builder b = UspMsg.Set.UpdateObject.newBuilder().setObjPath(objPath);
        for (int i = 0; i < paramValueRequired.length; i += 3) {
            b.addParamSettings(UspMsg.Set.UpdateParamSetting.newBuilder().setParam((String) paramValueRequired[i])
                    .setValue((String) paramValueRequired[i + 1]).setRequired((Boolean) paramValueRequired[i + 2]));
        }
        return b.build();
    }

    static UspMsg.Request set(boolean allowPartial, UspMsg.Set.UpdateObject... updates) {
        return UspMsg.Request.newBuilder().setSet(UspMsg.Set.newBuilder().setAllowPartial(allowPartial)
                .addAllUpdateObjs(List.of(updates))).build();
    }

    static UspMsg.Add.CreateObject create(String objPath, Object... paramValueRequired) {
        UspMsg.Add.CreateObject.Builder b = UspMsg.Add.CreateObject.newBuilder().setObjPath(objPath);
        for (int i = 0; i < paramValueRequired.length; i += 3) {
            b.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam((String) paramValueRequired[i])
                    .setValue((String) paramValueRequired[i + 1]).setRequired((Boolean) paramValueRequired[i + 2]));
        }
        return b.build();
    }

    static UspMsg.Request add(boolean allowPartial, UspMsg.Add.CreateObject... creates) {
        return UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder().setAllowPartial(allowPartial)
                .addAllCreateObjs(List.of(creates))).build();
    }

    static UspMsg.Request delete(boolean allowPartial, String... paths) {
        return UspMsg.Request.newBuilder().setDelete(UspMsg.Delete.newBuilder().setAllowPartial(allowPartial)
                .addAllObjPaths(List.of(paths))).build();
    }

    static UspMsg.Request operate(String command, boolean sendResp, Map<String, String> inputs) {
        return UspMsg.Request.newBuilder().setOperate(UspMsg.Operate.newBuilder().setCommand(command)
                .setCommandKey("key-1").setSendResp(sendResp).putAllInputArgs(inputs)).build();
    }

    /** Instance paths of a table, through GetInstances. */
    List<String> instances(String tablePath) {
        UspMsg.GetInstancesResp r = response(MsgType.GET_INSTANCES, UspMsg.Request.newBuilder().setGetInstances(
                UspMsg.GetInstances.newBuilder().addObjPaths(tablePath).setFirstLevelOnly(true)).build())
                .getGetInstancesResp();
        return r.getReqPathResults(0).getCurrInstsList().stream()
                .map(UspMsg.GetInstancesResp.CurrInstance::getInstantiatedObjPath).toList();
    }
}
