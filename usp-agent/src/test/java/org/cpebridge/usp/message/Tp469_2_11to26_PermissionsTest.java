package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.agent.access.Permission;
import org.cpebridge.usp.agent.access.Role;
import org.cpebridge.usp.agent.access.RoleBasedAccessPolicy;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.junit.jupiter.api.Test;

/**
 * TP-469 2.9 and 2.11-2.26: ControllerTrust permissions as seen through the message handlers. Each test gives the
 * Controller full access plus one higher-Order permission, as the TP adds one Permission to the Controller's role.
 */
class Tp469_2_11to26_PermissionsTest {
    private final List<Permission> permissions = new ArrayList<>(
            List.of(Permission.of(1, "Device.", "rwxn", "rwxn", "rwxn", "rwxn")));
    private final TestAgent agent = new TestAgent(new RoleBasedAccessPolicy(
            controllerId -> List.of(new Role("Test", true, permissions))));

    private void restrict(String targets, String param, String obj, String instantiatedObj, String commandEvent) {
        permissions.add(Permission.of(10, targets, param, obj, instantiatedObj, commandEvent));
    }

    @Test
    void tp2_9_untrustedRoleSeesNothing() {
        TestAgent untrusted = new TestAgent(new RoleBasedAccessPolicy(c -> List.of(Role.untrusted())));
        assertEquals(7026, untrusted.get("Device.DeviceInfo.Manufacturer").getReqPathResults(0).getErrCode());
        assertEquals(List.of(), untrusted.get("Device.LocalAgent.Controller.*.").getReqPathResults(0)
                .getResolvedPathResultsList());
    }

    @Test
    void tp2_11_objectCreationAllowedAndTp2_12_notAllowed() {
        untouched();
        restrict("Device.LocalAgent.Controller.", "rwxn", "r---", "rwxn", "rwxn");
        UspMsg.Error error = agent.error(MsgType.ADD, TestAgent.add(false,
                TestAgent.create("Device.LocalAgent.Controller.")));
        assertEquals(7006, error.getErrCode());
    }

    private void untouched() {
        assertTrue(agent.response(MsgType.ADD, TestAgent.add(false, TestAgent.create(
                "Device.LocalAgent.Controller.1.MTP."))).getAddResp().getCreatedObjResults(0).getOperStatus()
                .hasOperSuccess(), "allowed before the restriction");
    }

    @Test
    void tp2_14_objectDeletionNotAllowed() {
        restrict("Device.LocalAgent.Controller.", "rwxn", "rwxn", "r---", "rwxn");
        assertEquals(7006, agent.error(MsgType.DELETE, TestAgent.delete(false, "Device.LocalAgent.Controller.2."))
                .getErrCode());
        assertEquals(2, agent.instances("Device.LocalAgent.Controller.").size());
    }

    @Test
    void tp2_15_updateAllowedAndTp2_16_notAllowed() {
        agent.response(MsgType.SET, TestAgent.set(false, TestAgent.update("Device.LocalAgent.Controller.2.",
                "Enable", "true", true)));
        restrict("Device.LocalAgent.Controller.*.Enable", "r---", "rwxn", "rwxn", "rwxn");
        UspMsg.Error error = agent.error(MsgType.SET, TestAgent.set(false, TestAgent.update(
                "Device.LocalAgent.Controller.2.", "Enable", "false", true)));
        assertEquals(7006, error.getErrCode());
        assertEquals("true", agent.value("Device.LocalAgent.Controller.2.", "Enable"));
    }

    @Test
    void tp2_17_operationAllowedAndTp2_18_notAllowed() {
        restrict("Device.Reboot()", "rwxn", "rwxn", "rwxn", "rw-n");
        UspMsg.OperateResp r = agent.response(MsgType.OPERATE, TestAgent.operate("Device.Reboot()", true, Map.of()))
                .getOperateResp();
        assertEquals(7006, r.getOperationResults(0).getCmdFailure().getErrCode(), "cmd_failure since USP 1.4");
        assertEquals(0, agent.t.reboots.get());
        assertTrue(agent.response(MsgType.OPERATE, TestAgent.operate("Device.SelfTestDiagnostics()", true, Map.of()))
                .getOperateResp().getOperationResults(0).hasReqObjPath(), "other commands still allowed");
    }

    @Test
    void tp2_21_overlappingPermissionsHigherOrderWins() {
        restrict("Device.LocalAgent.Controller.", "----", "----", "----", "----");
        permissions.add(Permission.of(20, "Device.LocalAgent.Controller.*.Alias", "r---", "----", "----", "----"));
        assertEquals(7026, agent.get("Device.LocalAgent.Controller.1.Alias").getReqPathResults(0).getErrCode(),
                "Obj read is gone, so the object is absent");
        permissions.add(Permission.of(20, "Device.LocalAgent.Controller.1.", "----", "r---", "----", "----"));
        permissions.add(Permission.of(30, "Device.LocalAgent.Controller.1.Alias", "r---", "r---", "----", "----"));
        assertEquals(Map.of("Alias", "isp"), agent.getOk("Device.LocalAgent.Controller.1.")
                .getResolvedPathResults(0).getResultParamsMap());
    }

    @Test
    void tp2_22_getWithoutReadOnSomeParameters() {
        restrict("Device.LocalAgent.Controller.*.EndpointID", "----", "rwxn", "rwxn", "rwxn");
        Map<String, String> params = agent.getOk("Device.LocalAgent.Controller.1.").getResolvedPathResults(0)
                .getResultParamsMap();
        assertFalse(params.containsKey("EndpointID"), "R-GET.4");
        assertTrue(params.containsKey("Alias"));
        assertEquals(List.of(), agent.getOk("Device.LocalAgent.Controller.[EndpointID==\"proto::isp\"&&Enable==true].")
                .getResolvedPathResultsList(), "unreadable search parameters match nothing (R-GIN.0 logic)");
        assertEquals(7026, agent.get("Device.LocalAgent.Controller.[EndpointID==\"proto::isp\"].")
                .getReqPathResults(0).getErrCode(), "an address through an unreadable key finds nothing");
    }

    @Test
    void tp2_25_unwritableParameterOmittedOnAdd() {
        restrict("Device.LocalAgent.Controller.*.Enable", "r---", "rwxn", "rwxn", "rwxn");
        UspMsg.AddResp r = agent.response(MsgType.ADD, TestAgent.add(true, TestAgent.create(
                "Device.LocalAgent.Controller.", "EndpointID", "proto::x", true))).getAddResp();
        assertTrue(r.getCreatedObjResults(0).getOperStatus().hasOperSuccess());
        assertEquals("false", agent.value("Device.LocalAgent.Controller.3.", "Enable"), "default value");
    }

    @Test
    void tp2_26_unwritableParameterIncludedOnAdd() {
        restrict("Device.LocalAgent.Controller.*.Enable", "r---", "rwxn", "rwxn", "rwxn");
        UspMsg.AddResp r = agent.response(MsgType.ADD, TestAgent.add(true, TestAgent.create(
                "Device.LocalAgent.Controller.", "EndpointID", "proto::x", false, "Enable", "true", true)))
                .getAddResp();
        assertEquals(7006, r.getCreatedObjResults(0).getOperStatus().getOperFailure().getErrCode());
        assertEquals(2, agent.instances("Device.LocalAgent.Controller.").size());
    }

    @Test
    void hiddenSubtreeLooksAbsentToGet() {
        restrict("Device.ProxiedDevice.", "----", "----", "----", "----");
        assertEquals(7026, agent.get("Device.ProxiedDevice.").getReqPathResults(0).getErrCode(), "R-GET.1");
        assertEquals(7026, agent.get("Device.ProxiedDevice.1.Name").getReqPathResults(0).getErrCode());
        assertEquals(List.of(), agent.getOk("Device.ProxiedDevice.*.Name").getResolvedPathResultsList());
        assertFalse(TestAgent.byPath(agent.getOk("Device.")).keySet().stream()
                .anyMatch(p -> p.startsWith("Device.ProxiedDevice.")), "nothing of it in a Get of Device.");
    }

    @Test
    void getInstancesNeedsInstantiatedObjRead() {
        restrict("Device.LocalAgent.Controller.2.", "rwxn", "rwxn", "----", "rwxn");
        assertEquals(List.of("Device.LocalAgent.Controller.1."), agent.instances("Device.LocalAgent.Controller."));
    }

    @Test
    void supportedDmHidesWhatCannotBeRead() {
        restrict("Device.LocalAgent.Controller.{i}.", "----", "----", "----", "----");
        UspMsg.GetSupportedDMResp.RequestedObjectResult r = agent.response(MsgType.GET_SUPPORTED_DM,
                UspMsg.Request.newBuilder().setGetSupportedDm(UspMsg.GetSupportedDM.newBuilder()
                        .addObjPaths("Device.LocalAgent.")).build()).getGetSupportedDmResp().getReqObjResults(0);
        assertEquals(List.of("Device.LocalAgent.", "Device.LocalAgent.ControllerTrust.",
                "Device.LocalAgent.ControllerTrust.Role.{i}."), r.getSupportedObjsList().stream()
                .map(UspMsg.GetSupportedDMResp.SupportedObjectResult::getSupportedObjPath).toList());
    }
}
