package org.cpebridge.usp.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;

/** USP request builders and GetResp readers for the agent-level tests. */
public final class Msgs {
    private Msgs() {
    }

    public static UspMsg.Msg request(String msgId, MsgType type, UspMsg.Request request) {
        return UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId(msgId).setMsgType(type))
                .setBody(UspMsg.Body.newBuilder().setRequest(request)).build();
    }

    public static UspMsg.Msg get(String msgId, String... paths) {
        return request(msgId, MsgType.GET, UspMsg.Request.newBuilder()
                .setGet(UspMsg.Get.newBuilder().addAllParamPaths(List.of(paths))).build());
    }

    public static UspMsg.Msg set(String msgId, String objPath, String param, String value) {
        return request(msgId, MsgType.SET, UspMsg.Request.newBuilder().setSet(UspMsg.Set.newBuilder()
                .addUpdateObjs(UspMsg.Set.UpdateObject.newBuilder().setObjPath(objPath)
                        .addParamSettings(UspMsg.Set.UpdateParamSetting.newBuilder().setParam(param).setValue(value)
                                .setRequired(true)))).build());
    }

    public static UspMsg.Msg operate(String msgId, String command) {
        return request(msgId, MsgType.OPERATE, UspMsg.Request.newBuilder().setOperate(UspMsg.Operate.newBuilder()
                .setCommand(command).setCommandKey("test").setSendResp(true)).build());
    }

    /** An Add of an enabled {@code Device.LocalAgent.Controller.} with {@code endpointId} and {@code assignedRole}. */
    public static UspMsg.Msg addController(String msgId, String endpointId, String assignedRole) {
        UspMsg.Add.CreateObject.Builder controller = UspMsg.Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Controller.");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("EndpointID", endpointId);
        settings.put("Enable", "true");
        settings.put("AssignedRole", assignedRole);
        settings.forEach((name, value) -> controller.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder()
                .setParam(name).setValue(value).setRequired(true)));
        return request(msgId, MsgType.ADD, UspMsg.Request.newBuilder()
                .setAdd(UspMsg.Add.newBuilder().addCreateObjs(controller)).build());
    }

    /**
     * An Add of one object under {@code objPath} with required parameters given as name, value, name, value...
     */
    public static UspMsg.Msg add(String msgId, String objPath, String... paramsAndValues) {
        if (paramsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters and values come in pairs");
        }
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder().setObjPath(objPath);
        for (int i = 0; i < paramsAndValues.length; i += 2) {
            create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(paramsAndValues[i])
                    .setValue(paramsAndValues[i + 1]).setRequired(true));
        }
        return request(msgId, MsgType.ADD, UspMsg.Request.newBuilder()
                .setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build());
    }

    /** The instantiated path of the first object an AddResp created; fails the test when it was not created. */
    public static String created(UspMsg.Msg addResp) {
        UspMsg.AddResp.CreatedObjectResult.OperationStatus status = addResp.getBody().getResponse().getAddResp()
                .getCreatedObjResults(0).getOperStatus();
        org.junit.jupiter.api.Assertions.assertTrue(status.hasOperSuccess(), addResp.toString());
        return status.getOperSuccess().getInstantiatedPath();
    }

    /** Resolved path to its parameters, from the first requested path of a GetResp. */
    public static Map<String, Map<String, String>> resolved(UspMsg.Msg getResp) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (UspMsg.GetResp.RequestedPathResult r : getResp.getBody().getResponse().getGetResp()
                .getReqPathResultsList()) {
            for (UspMsg.GetResp.ResolvedPathResult p : r.getResolvedPathResultsList()) {
                result.computeIfAbsent(p.getResolvedPath(), k -> new LinkedHashMap<>()).putAll(p.getResultParamsMap());
            }
        }
        return result;
    }
}
