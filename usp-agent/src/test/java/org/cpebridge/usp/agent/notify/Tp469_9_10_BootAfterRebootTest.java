package org.cpebridge.usp.agent.notify;

import static org.cpebridge.usp.agent.notify.NotifyHarness.notifyOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TP-469 1.4.0 section 9.10 (Boot! after Device.Reboot()) without BootParameters: the Boot! Event after a restart
 * carries Cause {@code RemoteReboot} and the Reboot's command_key (TR-181 Device:2.19 Boot!, Reboot() Cause input),
 * the next plain restart {@code LocalReboot}. The pending cause is in the durable store, so it survives the kill.
 */
class Tp469_9_10_BootAfterRebootTest {
    @TempDir
    Path dir;
    private NotifyHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new NotifyHarness(dir, Instant.parse("2026-11-24T10:00:00Z"));
        h.subscribe("boot", "Event", "Device.Boot!", "Persistent", "true");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private final java.util.List<String> bootMsgIds = new java.util.ArrayList<>();

    private Map<String, String> bootParamsAfterRestart() {
        h.advance(java.time.Duration.ofSeconds(3)); // the restart takes a moment
        h.restart();
        h.sent.clear();
        h.agent.announceBoot();
        assertEquals(1, h.sent.size(), h.sent.toString());
        UspMsg.Notify n = notifyOf(h.sent.get(0).getValue());
        String msgId = h.sent.get(0).getValue().getHeader().getMsgId();
        assertTrue(!bootMsgIds.contains(msgId), "each run's Boot! has a new msg_id: " + bootMsgIds + " " + msgId);
        bootMsgIds.add(msgId);
        assertEquals("boot", n.getSubscriptionId());
        assertEquals("Device.", n.getEvent().getObjPath());
        assertEquals("Boot!", n.getEvent().getEventName());
        return n.getEvent().getParamsMap();
    }

    @Test
    void tp9_10_bootAfterRebootIsRemoteRebootWithTheCommandKey() throws Exception {
        UspMsg.Msg reply = h.operate("Device.Reboot()", true, "reboot-9.10").orElseThrow();
        assertTrue(reply.getBody().getResponse().getOperateResp().getOperationResults(0).hasReqOutputArgs(),
                "Reboot() is synchronous in TR-181 Device:2.19: " + reply);
        assertEquals(List.of("restart: USP Device.Reboot()"), h.core.restarts);

        Map<String, String> params = bootParamsAfterRestart();
        assertEquals("RemoteReboot", params.get("Cause"));
        assertEquals("reboot-9.10", params.get("CommandKey"));
        assertEquals("Unknown", params.get("Reason"));
        assertEquals("false", params.get("FirmwareUpdated"));
        assertEquals("{}", params.get("ParameterMap"), "BootParameter is not served");

        Map<String, String> again = bootParamsAfterRestart();
        assertEquals("LocalReboot", again.get("Cause"), "the stored cause is used once");
        assertEquals("", again.get("CommandKey"));
    }

    @Test
    void rebootCauseAndReasonInputsReachBoot() throws Exception {
        h.operate("Device.Reboot()", false, "k", "Cause", "LocalReboot", "Reason", "web user interface");
        Map<String, String> params = bootParamsAfterRestart();
        assertEquals("LocalReboot", params.get("Cause"));
        assertEquals("web user interface", params.get("Reason"));
        assertEquals("k", params.get("CommandKey"));
    }

    @Test
    void factoryResetIsRemoteFactoryReset() throws Exception {
        h.operate("Device.FactoryReset()", false, "reset-1");
        assertEquals(List.of("factory reset: USP Device.FactoryReset()"), h.core.restarts);
        // The test service keeps the data directory; the real one erases it (and the subscription with it).
        Map<String, String> params = bootParamsAfterRestart();
        assertEquals("RemoteFactoryReset", params.get("Cause"));
        assertEquals("reset-1", params.get("CommandKey"));
    }
}
