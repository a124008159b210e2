package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import org.cpebridge.usp.agent.model.Tr181Schema;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which requests the agent's TR-181 schema lets the I/O loop answer: small by the schema alone, or not at all. */
class QuickRequestsTest {
    private final QuickRequests quick = new QuickRequests(Tr181Schema.build());

    @ParameterizedTest
    @ValueSource(strings = {"Device.LocalAgent.EndpointID", "Device.DeviceInfo.", "Device.DeviceInfo.SerialNumber",
            "Device.DeviceInfo.UpTime"})
    void aGetOfAParameterOrATableFreeObjectOutsideEveryTableIsQuick(String path) {
        assertTrue(quick.isQuick(Msgs.get("m", path)), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Device.", "Device.ProxiedDevice.", "Device.ProxiedDevice.1.", "Device.ProxiedDevice.1.Name",
            "Device.ProxiedDevice.*.Name", "Device.LocalAgent.", "Device.LocalAgent.Controller.",
            "Device.LocalAgent.Controller.1.EndpointID", "Device.LocalAgent.Controller.[Alias==\"a\"].EndpointID",
            "Device.LocalAgent.NoSuchParameter", "Device.LocalAgent.Controller", "Device.LocalAgent.*",
            "Device.DeviceInfo.*.", "Device.Reboot()", "Device.LocalAgent.Controller.1.EndpointID#.Name", "",
            "DeviceInfo.", "Device.DeviceInfo..", "Device"})
    void aGetOfATableOrOfAnythingElseIsNot(String path) {
        assertFalse(quick.isQuick(Msgs.get("m", path)), path);
    }

    @Test
    void oneSlowPathMakesTheWholeGetSlow() {
        assertFalse(quick.isQuick(Msgs.get("m", "Device.DeviceInfo.", "Device.ProxiedDevice.")));
        assertTrue(quick.isQuick(Msgs.get("m", "Device.DeviceInfo.", "Device.LocalAgent.EndpointID")));
    }

    @Test
    void aGetOfMoreThanSixteenPathsOrOfNoneIsNot() {
        String[] sixteen = Collections.nCopies(QuickRequests.MAX_PATHS, "Device.DeviceInfo.").toArray(String[]::new);
        String[] seventeen = Collections.nCopies(QuickRequests.MAX_PATHS + 1, "Device.DeviceInfo.UpTime")
                .toArray(String[]::new);
        assertTrue(quick.isQuick(Msgs.get("m", sixteen)));
        assertFalse(quick.isQuick(Msgs.get("m", seventeen)));
        assertFalse(quick.isQuick(Msgs.get("m")));
    }

    @Test
    void onlyGetAndGetSupportedProtocolRequestsAreQuick() {
        assertTrue(quick.isQuick(Msgs.request("p", UspMsg.Header.MsgType.GET_SUPPORTED_PROTO, UspMsg.Request
                .newBuilder().setGetSupportedProtocol(UspMsg.GetSupportedProtocol.newBuilder()
                        .setControllerSupportedProtocolVersions("1.3")).build())));
        assertFalse(quick.isQuick(Msgs.set("s", "Device.LocalAgent.", "EndpointID", "x")));
        assertFalse(quick.isQuick(Msgs.operate("o", "Device.Reboot()")));
        assertFalse(quick.isQuick(Msgs.request("i", UspMsg.Header.MsgType.GET_INSTANCES, UspMsg.Request.newBuilder()
                .setGetInstances(UspMsg.GetInstances.newBuilder().addObjPaths("Device.DeviceInfo.")).build())));
        assertFalse(quick.isQuick(Msgs.request("d", UspMsg.Header.MsgType.GET_SUPPORTED_DM, UspMsg.Request
                .newBuilder().setGetSupportedDm(UspMsg.GetSupportedDM.newBuilder().addObjPaths("Device.DeviceInfo."))
                .build())));
        UspMsg.Msg response = UspMsg.Msg.newBuilder().setHeader(UspMsg.Header.newBuilder().setMsgId("r")
                .setMsgType(UspMsg.Header.MsgType.NOTIFY_RESP)).setBody(UspMsg.Body.newBuilder().setResponse(
                        UspMsg.Response.newBuilder().setNotifyResp(UspMsg.NotifyResp.newBuilder()))).build();
        assertFalse(quick.isQuick(response));
    }
}
