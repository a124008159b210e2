package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.GetSupportedDMResp;
import org.cpebridge.usp.proto.UspMsg.GetSupportedDMResp.SupportedObjectResult;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.junit.jupiter.api.Test;

/** TP-469 1.72-1.77, 1.97-1.99, 1.105-1.107 and 1.80 (GetSupportedProtocol). */
class Tp469_1_72to77_GetSupportedDmMessageTest {
    private final TestAgent agent = new TestAgent();

    private GetSupportedDMResp.RequestedObjectResult gsdm(String path, boolean firstLevelOnly, boolean all) {
        return agent.response(MsgType.GET_SUPPORTED_DM, UspMsg.Request.newBuilder().setGetSupportedDm(
                UspMsg.GetSupportedDM.newBuilder().addObjPaths(path).setFirstLevelOnly(firstLevelOnly)
                        .setReturnCommands(all).setReturnEvents(all).setReturnParams(all)
                        .setReturnUniqueKeySets(all)).build()).getGetSupportedDmResp().getReqObjResults(0);
    }

    private static List<String> objects(GetSupportedDMResp.RequestedObjectResult r) {
        return r.getSupportedObjsList().stream().map(SupportedObjectResult::getSupportedObjPath).toList();
    }

    @Test
    void tp1_72_singleObjectAllLevelsAllOptions() {
        GetSupportedDMResp.RequestedObjectResult r = gsdm("Device.LocalAgent.", false, true);
        assertEquals(0, r.getErrCode());
        assertEquals(MessageDispatcher.DATA_MODEL_URI, r.getDataModelInstUri());
        assertEquals(List.of("Device.LocalAgent.", "Device.LocalAgent.Controller.{i}.",
                "Device.LocalAgent.Controller.{i}.MTP.{i}.", "Device.LocalAgent.ControllerTrust.",
                "Device.LocalAgent.ControllerTrust.Role.{i}."), objects(r));
        SupportedObjectResult controller = r.getSupportedObjs(1);
        assertTrue(controller.getIsMultiInstance());
        assertEquals(GetSupportedDMResp.ObjAccessType.OBJ_ADD_DELETE, controller.getAccess());
        GetSupportedDMResp.SupportedParamResult interval = controller.getSupportedParamsList().stream()
                .filter(p -> p.getParamName().equals("PeriodicNotifInterval")).findFirst().orElseThrow();
        assertEquals(GetSupportedDMResp.ParamValueType.PARAM_UNSIGNED_INT, interval.getValueType());
        assertEquals(GetSupportedDMResp.ParamAccessType.PARAM_READ_WRITE, interval.getAccess());
        assertEquals("ScheduleTimer()", controller.getSupportedCommands(0).getCommandName());
        assertEquals(List.of("DelaySeconds"), controller.getSupportedCommands(0).getInputArgNamesList());
    }

    @Test
    void tp1_73_firstLevelOnlyAllOptions() {
        GetSupportedDMResp.RequestedObjectResult r = gsdm("Device.LocalAgent.", true, true);
        assertEquals(List.of("Device.LocalAgent.", "Device.LocalAgent.Controller.{i}.",
                "Device.LocalAgent.ControllerTrust."), objects(r));
        assertEquals(1, r.getSupportedObjs(0).getSupportedParamsCount());
        assertEquals(0, r.getSupportedObjs(1).getSupportedParamsCount(), "children are listed without details");
    }

    @Test
    void tp1_74_firstLevelOnlyNoOptions() {
        GetSupportedDMResp.RequestedObjectResult r = gsdm("Device.LocalAgent.", true, false);
        assertEquals(0, r.getSupportedObjs(0).getSupportedParamsCount());
    }

    @Test
    void tp1_75_multipleObjectsFirstLevelOnly() {
        List<GetSupportedDMResp.RequestedObjectResult> results = agent.response(MsgType.GET_SUPPORTED_DM,
                UspMsg.Request.newBuilder().setGetSupportedDm(UspMsg.GetSupportedDM.newBuilder()
                        .addObjPaths("Device.DeviceInfo.").addObjPaths("Device.ProxiedDevice.{i}.")
                        .setFirstLevelOnly(true).setReturnParams(true)).build())
                .getGetSupportedDmResp().getReqObjResultsList();
        assertEquals(2, results.size());
        assertEquals(List.of("Device.DeviceInfo."), objects(results.get(0)));
        assertEquals(List.of("Device.ProxiedDevice.{i}.", "Device.ProxiedDevice.{i}.IoTCapability.{i}."),
                objects(results.get(1)));
    }

    @Test
    void tp1_76_rootObjectAndTp1_97_commandsAndTp1_98_events() {
        GetSupportedDMResp.RequestedObjectResult r = gsdm("Device.", false, true);
        assertEquals(10, r.getSupportedObjsCount(), "every object of the supported model");
        SupportedObjectResult root = r.getSupportedObjs(0);
        assertEquals(List.of("Reboot()", "SelfTestDiagnostics()"), root.getSupportedCommandsList().stream()
                .map(GetSupportedDMResp.SupportedCommandResult::getCommandName).toList());
        assertEquals(GetSupportedDMResp.CmdType.CMD_ASYNC, root.getSupportedCommands(1).getCommandType());
        assertEquals("Boot!", root.getSupportedEvents(0).getEventName());
        assertEquals(List.of("CommandKey", "Cause"), root.getSupportedEvents(0).getArgNamesList());
    }

    @Test
    void tp1_77_unsupportedObjectIs7026() {
        assertEquals(7026, gsdm("Device.NoSuchObject.", false, true).getErrCode());
    }

    @Test
    void tp1_99_uniqueKeySets() {
        SupportedObjectResult controller = gsdm("Device.LocalAgent.Controller.{i}.", true, true).getSupportedObjs(0);
        assertEquals(List.of(List.of("Alias"), List.of("EndpointID")), controller.getUniqueKeySetsList().stream()
                .map(GetSupportedDMResp.SupportedUniqueKeySet::getKeyNamesList).toList());
    }

    @Test
    void pathNotationsAreEquivalent() {
        assertEquals(objects(gsdm("Device.LocalAgent.Controller.{i}.", false, false)),
                objects(gsdm("Device.LocalAgent.Controller.", false, false)), "final {i}. may be omitted");
        assertEquals(objects(gsdm("Device.LocalAgent.Controller.{i}.", false, false)),
                objects(gsdm("Device.LocalAgent.Controller.1.", false, false)), "an existing instance");
        assertEquals(7016, gsdm("Device.LocalAgent.Controller.9.", false, false).getErrCode());
    }

    @Test
    void tp1_105_onACommand() {
        GetSupportedDMResp.RequestedObjectResult r = gsdm("Device.ProxiedDevice.{i}.IoTCapability.{i}."
                + "BinaryControl.Toggle()", false, false);
        assertEquals(1, r.getSupportedObjsCount());
        assertEquals("Toggle()", r.getSupportedObjs(0).getSupportedCommands(0).getCommandName());
        assertEquals(0, r.getSupportedObjs(0).getSupportedParamsCount());
    }

    @Test
    void tp1_106_onAnEvent() {
        assertEquals("Boot!", gsdm("Device.Boot!", false, false).getSupportedObjs(0).getSupportedEvents(0)
                .getEventName());
    }

    @Test
    void tp1_107_onAParameter() {
        GetSupportedDMResp.SupportedParamResult p = gsdm("Device.ProxiedDevice.{i}.Online", false, false)
                .getSupportedObjs(0).getSupportedParams(0);
        assertEquals("Online", p.getParamName());
        assertEquals(GetSupportedDMResp.ParamValueType.PARAM_BOOLEAN, p.getValueType());
        assertEquals(GetSupportedDMResp.ParamAccessType.PARAM_READ_ONLY, p.getAccess());
    }

    @Test
    void tp1_80_getSupportedProtocol() {
        UspMsg.GetSupportedProtocolResp r = agent.response(MsgType.GET_SUPPORTED_PROTO, UspMsg.Request.newBuilder()
                .setGetSupportedProtocol(UspMsg.GetSupportedProtocol.newBuilder()
                        .setControllerSupportedProtocolVersions("1.3,1.4")).build()).getGetSupportedProtocolResp();
        assertEquals("1.0,1.1,1.2,1.3,1.4", r.getAgentSupportedProtocolVersions());
    }
}
