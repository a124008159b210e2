package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.junit.jupiter.api.Test;

/**
 * TP-469 1.96 (non-functional unique key immutability, R-KEY.1) and 1.104 (Set on a writeOnceReadOnly parameter):
 * MTP.{i}.Alias of the test model is writeOnceReadOnly.
 */
class Tp469_1_96_and_1_104_WriteOnceTest {
    private final TestAgent agent = new TestAgent();

    @Test
    void setOnAWriteOnceParameterFailsAndKeepsTheAddedValue() {
        String created = agent.response(MsgType.ADD, TestAgent.add(false, TestAgent.create(
                "Device.LocalAgent.Controller.1.MTP.", "Alias", "test-1-104", false))).getAddResp()
                .getCreatedObjResults(0).getOperStatus().getOperSuccess().getInstantiatedPath();
        UspMsg.Error error = agent.error(MsgType.SET, TestAgent.set(false, TestAgent.update(created, "Alias",
                "test-1-104-new-alias", true)));
        assertEquals(7013, error.getErrCode());
        assertEquals(created + "Alias", error.getParamErrs(0).getParamPath());
        assertEquals("test-1-104", agent.value(created, "Alias"));
    }

    @Test
    void reportedAsReadWriteToGetSupportedDm() {
        UspMsg.GetSupportedDMResp.SupportedParamResult alias = agent.response(MsgType.GET_SUPPORTED_DM,
                UspMsg.Request.newBuilder().setGetSupportedDm(UspMsg.GetSupportedDM.newBuilder()
                        .addObjPaths("Device.LocalAgent.Controller.{i}.MTP.{i}.Alias")).build())
                .getGetSupportedDmResp().getReqObjResults(0).getSupportedObjs(0).getSupportedParams(0);
        assertEquals(UspMsg.GetSupportedDMResp.ParamAccessType.PARAM_READ_WRITE, alias.getAccess());
    }
}
