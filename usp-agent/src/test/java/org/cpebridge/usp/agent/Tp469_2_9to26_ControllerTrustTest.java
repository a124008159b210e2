package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.Value;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TP-469 1.4.0 section 2 (BroadbandForum/usp-test {@code 02-authentication-and-access-control.md}) against the real
 * agent model with writable ControllerTrust: each case adds its Permission over USP to the Controller's own role
 * (Role 1, full access, as the TP's "assigned Role that is writable"), then checks the effect. The TP's
 * BootParameter and PeriodicNotifInterval targets, which this agent does not serve, are replaced by
 * Controller MTP rows and IoT values. Search-expression targets (2.22-2.24 here) use the live ProxiedDevice table.
 */
class Tp469_2_9to26_ControllerTrustTest {
    private static final String CONTROLLER = "proto::cpe-bridge-controller";
    private static final String ROLE_1_PERMISSIONS = "Device.LocalAgent.ControllerTrust.Role.1.Permission.";
    // FakeAdapter registry order: SENSOR 1, DOOR 2, PLUG 3 (PowerStrip), LIGHT 4 (Light).
    private static final String PLUG = "Device.ProxiedDevice.3.";
    private static final String LIGHT = "Device.ProxiedDevice.4.";

    @TempDir
    Path dir;

    private TestFaceContext context;
    private AgentModel agent;
    private final List<Map.Entry<String, UspMsg.Msg>> notifications = new CopyOnWriteArrayList<>();
    private int nextId = 1;

    @BeforeEach
    void setUp() {
        context = new TestFaceContext(dir, Map.of());
        context.adapter.registerDevices();
        start();
    }

    private void start() {
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run,
                (controller, msg) -> notifications.add(Map.entry(controller, msg)));
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    // ------------------------------------------------------------------ helpers

    private UspMsg.Msg send(String controller, MsgType type, UspMsg.Request request) throws Exception {
        UspMsg.Msg msg = Msgs.request("m" + nextId++, type, request);
        return agent.handle(controller, msg).toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow();
    }

    /** An Add of one object; {@code params} are name, value pairs, all required. */
    private UspMsg.Msg add(String controller, String objPath, boolean allowPartial, String... params)
            throws Exception {
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder().setObjPath(objPath);
        for (int i = 0; i < params.length; i += 2) {
            create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(params[i])
                    .setValue(params[i + 1]).setRequired(true));
        }
        return send(controller, MsgType.ADD, UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder()
                .setAllowPartial(allowPartial).addCreateObjs(create)).build());
    }

    /** The instantiated path of a successful single-object Add. */
    private static String created(UspMsg.Msg reply) {
        assertTrue(reply.getBody().hasResponse(), reply.toString());
        UspMsg.AddResp.CreatedObjectResult.OperationStatus status = reply.getBody().getResponse().getAddResp()
                .getCreatedObjResults(0).getOperStatus();
        assertTrue(status.hasOperSuccess(), reply.toString());
        return status.getOperSuccess().getInstantiatedPath();
    }

    /** Adds an enabled permission to Role 1, as each TP step 1 does; {@code order} null leaves Order out. */
    private String permit(String targets, String param, String obj, String instantiatedObj, String commandEvent,
            String order) throws Exception {
        List<String> params = new ArrayList<>(List.of("Enable", "true", "Targets", targets, "Param", param, "Obj", obj,
                "InstantiatedObj", instantiatedObj, "CommandEvent", commandEvent));
        if (order != null) {
            params.addAll(List.of("Order", order));
        }
        return created(add(CONTROLLER, ROLE_1_PERMISSIONS, false, params.toArray(String[]::new)));
    }

    private Map<String, Map<String, String>> get(String controller, String... paths) throws Exception {
        UspMsg.Msg reply = send(controller, MsgType.GET, UspMsg.Request.newBuilder().setGet(UspMsg.Get.newBuilder()
                .addAllParamPaths(List.of(paths))).build());
        return Msgs.resolved(reply);
    }

    private UspMsg.Msg set(String objPath, String param, String value) throws Exception {
        return agent.handle(CONTROLLER, Msgs.set("s" + nextId++, objPath, param, value)).toCompletableFuture()
                .get(20, TimeUnit.SECONDS).orElseThrow();
    }

    private static int errorCode(UspMsg.Msg reply) {
        assertTrue(reply.getBody().hasError(), reply.toString());
        return reply.getBody().getError().getErrCode();
    }

    private String subscription(String notifType, String references) throws Exception {
        return created(add(CONTROLLER, "Device.LocalAgent.Subscription.", false, "Enable", "true", "ID",
                "sub-" + nextId, "NotifType", notifType, "ReferenceList", references));
    }

    private UspMsg.Notify awaitNotify(java.util.function.Predicate<UspMsg.Notify> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (Map.Entry<String, UspMsg.Msg> n : notifications) {
                UspMsg.Notify notify = n.getValue().getBody().getRequest().getNotify();
                if (wanted.test(notify)) {
                    return notify;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such notification in " + notifications);
    }

    // ------------------------------------------------------------------ 2.9, 2.10

    @Test
    void tp2_9_unknownControllerGetsTheUntrustedRole() throws Exception {
        Map<String, String> trust = get(CONTROLLER, "Device.LocalAgent.ControllerTrust.")
                .get("Device.LocalAgent.ControllerTrust.");
        assertEquals("Device.LocalAgent.ControllerTrust.Role.2.", trust.get("UntrustedRole"));
        assertEquals("3", trust.get("RoleNumberOfEntries"), "Household, Untrusted, ISP-Operations");
        assertEquals(Map.of(), get("proto::stranger", "Device.LocalAgent.Controller.*.EndpointID"));
        assertEquals(7026, send("proto::stranger", MsgType.GET, UspMsg.Request.newBuilder().setGet(
                UspMsg.Get.newBuilder().addParamPaths("Device.DeviceInfo.Manufacturer")).build()).getBody()
                .getResponse().getGetResp().getReqPathResults(0).getErrCode());
    }

    @Test
    void tp2_10_addingARole() throws Exception {
        UspMsg.Msg reply = add(CONTROLLER, "Device.LocalAgent.ControllerTrust.Role.", false, "Enable", "true",
                "Name", "Trusted");
        assertEquals("Device.LocalAgent.ControllerTrust.Role.4.", created(reply));
        assertEquals(Map.of("Alias", "cpe-4", "Name", "Trusted"), reply.getBody().getResponse().getAddResp()
                .getCreatedObjResults(0).getOperStatus().getOperSuccess().getUniqueKeysMap());
        Map<String, String> role = get(CONTROLLER, "Device.LocalAgent.ControllerTrust.Role.4.")
                .get("Device.LocalAgent.ControllerTrust.Role.4.");
        assertEquals("true", role.get("Enable"));
        assertEquals("0", role.get("PermissionNumberOfEntries"));
        assertEquals(7025, add(CONTROLLER, "Device.LocalAgent.ControllerTrust.Role.", false, "Name", "Trusted")
                .getBody().getError().getErrCode(), "Name is a functional unique key");
    }

    // ------------------------------------------------------------------ 2.11-2.18

    @Test
    void tp2_11_objectCreationAllowedAndTp2_12_notAllowed() throws Exception {
        assertEquals(ROLE_1_PERMISSIONS + "2.", permit("Device.LocalAgent.Subscription.", "rwxn", "rw--", "rwxn",
                "rwxn", null));
        subscription("ValueChange", "Device.LocalAgent.SoftwareVersion");
        permit("Device.LocalAgent.Subscription.", "rwxn", "r---", "rwxn", "rwxn", null);
        assertEquals(7006, errorCode(add(CONTROLLER, "Device.LocalAgent.Subscription.", false)));
        Map<String, String> orders = new LinkedHashMap<>();
        get(CONTROLLER, ROLE_1_PERMISSIONS + "*.Order").forEach((p, v) -> orders.put(p, v.get("Order")));
        assertEquals(Map.of(ROLE_1_PERMISSIONS + "1.", "1", ROLE_1_PERMISSIONS + "2.", "2",
                ROLE_1_PERMISSIONS + "3.", "3"), orders, "an Add without Order lands above the role's others");
    }

    @Test
    void tp2_13_objectDeletionAllowedAndTp2_14_notAllowed() throws Exception {
        String first = subscription("ValueChange", "Device.LocalAgent.SoftwareVersion");
        String second = subscription("ValueChange", "Device.LocalAgent.EndpointID");
        permit("Device.LocalAgent.Subscription.", "rwxn", "rwxn", "rw--", "rwxn", null);
        assertTrue(send(CONTROLLER, MsgType.DELETE, delete(first)).getBody().getResponse().hasDeleteResp());
        permit("Device.LocalAgent.Subscription.", "rwxn", "rwxn", "r---", "rwxn", null);
        assertEquals(7006, errorCode(send(CONTROLLER, MsgType.DELETE, delete(second))));
        assertEquals(List.of(second), new ArrayList<>(get(CONTROLLER, "Device.LocalAgent.Subscription.*.ID")
                .keySet()));
    }

    private static UspMsg.Request delete(String path) {
        return UspMsg.Request.newBuilder().setDelete(UspMsg.Delete.newBuilder().setAllowPartial(false)
                .addObjPaths(path)).build();
    }

    @Test
    void tp2_15_updateAllowedAndTp2_16_notAllowed() throws Exception {
        String row = subscription("ValueChange", "Device.LocalAgent.SoftwareVersion");
        permit(row, "rw--", "rwxn", "rwxn", "rwxn", null);
        assertTrue(set(row, "Enable", "false").getBody().getResponse().hasSetResp());
        permit(row, "r---", "rwxn", "rwxn", "rwxn", null);
        assertEquals(7006, errorCode(set(row, "Enable", "true")));
        assertEquals("false", get(CONTROLLER, row + "Enable").get(row).get("Enable"));
    }

    @Test
    void tp2_17_operationAllowedAndTp2_18_notAllowed() throws Exception {
        permit("Device.Reboot()", "rwxn", "rwxn", "rwxn", "r-x-", null);
        assertTrue(agent.handle(CONTROLLER, Msgs.operate("o1", "Device.Reboot()")).toCompletableFuture()
                .get(20, TimeUnit.SECONDS).orElseThrow().getBody().getResponse().getOperateResp()
                .getOperationResults(0).hasReqOutputArgs());
        assertEquals(1, context.restarts.size());
        permit("Device.Reboot()", "rwxn", "rwxn", "rwxn", "r---", null);
        UspMsg.OperateResp refused = agent.handle(CONTROLLER, Msgs.operate("o2", "Device.Reboot()"))
                .toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow().getBody().getResponse()
                .getOperateResp();
        assertEquals(7006, refused.getOperationResults(0).getCmdFailure().getErrCode(), "cmd_failure since USP 1.4");
        assertEquals(1, context.restarts.size());
    }

    // ------------------------------------------------------------------ 2.19, 2.20

    @Test
    void tp2_19_valueChangePermittedAndTp2_20_notPermitted() throws Exception {
        context.events.subscribe("test-notifier", event -> agent.notifier().onEvent(event));
        String value = PLUG + "IoTCapability.1.BinaryControl.Value";
        permit(value, "rw-n", "rwxn", "rwxn", "rwxn", null);
        subscription("ValueChange", value);
        subscription("ValueChange", PLUG + "Name");
        context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(true));
        assertEquals("true", awaitNotify(n -> n.getValueChange().getParamPath().equals(value)).getValueChange()
                .getParamValue());

        permit(value, "rw--", "rwxn", "rwxn", "rwxn", null);
        context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(false));
        // The rename comes after the switch on the same event stream: once it is notified, the switch would have been.
        context.registry.rename(FakeAdapter.PLUG, "Kettle");
        awaitNotify(n -> n.getValueChange().getParamPath().equals(PLUG + "Name"));
        assertEquals(1, notifications.stream().filter(n -> n.getValue().getBody().getRequest().getNotify()
                .getValueChange().getParamPath().equals(value)).count(), "no ValueChange without n");
    }

    // ------------------------------------------------------------------ 2.21, 2.22

    @Test
    void tp2_21_overlappingPermissionsHigherOrderWins() throws Exception {
        String mtp = "Device.LocalAgent.Controller.1.MTP.1.";
        UspMsg.Msg both = send(CONTROLLER, MsgType.ADD, UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder()
                .setAllowPartial(false)
                .addCreateObjs(permission(mtp, "----", "10"))
                .addCreateObjs(permission(mtp, "rw--", "20"))).build());
        assertEquals(2, both.getBody().getResponse().getAddResp().getCreatedObjResultsCount());
        assertEquals("MQTT", get(CONTROLLER, mtp).get(mtp).get("Protocol"), "Order 20 (rw--) beats Order 10");
        send(CONTROLLER, MsgType.ADD, UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder()
                .setAllowPartial(false).addCreateObjs(permission(mtp, "----", "30"))).build());
        assertEquals(Map.of(), get(CONTROLLER, mtp).getOrDefault(mtp, Map.of()), "Order 30 (----) hides them");
    }

    private static UspMsg.Add.CreateObject permission(String targets, String param, String order) {
        UspMsg.Add.CreateObject.Builder b = UspMsg.Add.CreateObject.newBuilder().setObjPath(ROLE_1_PERMISSIONS);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Enable", "true");
        values.put("Targets", targets);
        values.put("Param", param);
        values.put("Obj", "rwxn");
        values.put("InstantiatedObj", "rwxn");
        values.put("CommandEvent", "rwxn");
        values.put("Order", order);
        values.forEach((k, v) -> b.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(k)
                .setValue(v).setRequired(true)));
        return b.build();
    }

    @Test
    void tp2_22_getWithoutReadOnSomeParameters() throws Exception {
        String mtp = "Device.LocalAgent.Controller.1.MTP.1.";
        permit(mtp, "rw--", "rwxn", "rwxn", "rwxn", null);
        permit(mtp + "Protocol", "----", "rwxn", "rwxn", "rwxn", null);
        Map<String, String> params = get(CONTROLLER, mtp).get(mtp);
        assertFalse(params.containsKey("Protocol"), "R-GET.4");
        assertEquals("true", params.get("Enable"));
    }

    @Test
    void tp2_22_searchExpressionTargetHidesOnlyTheMatchingRows() throws Exception {
        permit("Device.ProxiedDevice.[Type==\"Light\"].", "----", "rwxn", "rwxn", "rwxn", null);
        Map<String, Map<String, String>> names = get(CONTROLLER, "Device.ProxiedDevice.*.Name");
        assertEquals("Kettle plug", names.get(PLUG).get("Name"));
        assertEquals(Map.of(), names.getOrDefault(LIGHT, Map.of()), "the light's parameters are unreadable");
        assertEquals(Map.of(), get(CONTROLLER, LIGHT + "IoTCapability.*.").values().stream()
                .reduce(new LinkedHashMap<>(), (a, b) -> {
                    a.putAll(b);
                    return a;
                }), "and so is everything below it");
    }

    @Test
    void searchTargetsFollowTheLiveModel() throws Exception {
        permit("Device.ProxiedDevice.[Name==\"Kettle plug\"].Name", "----", "rwxn", "rwxn", "rwxn", null);
        assertEquals(Map.of(), get(CONTROLLER, PLUG + "Name").getOrDefault(PLUG, Map.of()));
        context.registry.rename(FakeAdapter.PLUG, "Kettle");
        assertEquals("Kettle", get(CONTROLLER, PLUG + "Name").get(PLUG).get("Name"),
                "the next message evaluates the search again");
    }

    // ------------------------------------------------------------------ 2.23, 2.24

    private String secondController() throws Exception {
        return created(add(CONTROLLER, "Device.LocalAgent.Controller.", false, "EndpointID", "proto::second",
                "Enable", "true"));
    }

    @Test
    void tp2_23_addWithSearchPathAllowPartialTrue() throws Exception {
        secondController();
        permit("Device.LocalAgent.Controller.[EndpointID==\"proto::second\"].MTP.", "r---", "r---", "rwxn", "rwxn",
                null);
        UspMsg.AddResp r = add(CONTROLLER, "Device.LocalAgent.Controller.*.MTP.", true, "Enable", "false")
                .getBody().getResponse().getAddResp();
        assertEquals(2, r.getCreatedObjResultsCount(), r.toString());
        assertEquals("Device.LocalAgent.Controller.1.MTP.2.", r.getCreatedObjResults(0).getOperStatus()
                .getOperSuccess().getInstantiatedPath());
        assertEquals(7006, r.getCreatedObjResults(1).getOperStatus().getOperFailure().getErrCode());
    }

    @Test
    void tp2_24_addWithSearchPathAllowPartialFalse() throws Exception {
        String second = secondController();
        permit("Device.LocalAgent.Controller.[EndpointID==\"proto::second\"].MTP.", "r---", "r---", "rwxn", "rwxn",
                null);
        UspMsg.Error error = add(CONTROLLER, "Device.LocalAgent.Controller.*.MTP.", false, "Enable", "false")
                .getBody().getError();
        assertEquals(7006, error.getErrCode());
        assertEquals(1, error.getParamErrsCount(), error.toString());
        assertEquals(7006, error.getParamErrs(0).getErrCode());
        assertEquals(List.of("Device.LocalAgent.Controller.1.MTP.1."), new ArrayList<>(get(CONTROLLER,
                "Device.LocalAgent.Controller.1.MTP.*.Enable").keySet()), "nothing was created");
        assertEquals(Map.of(), get(CONTROLLER, second + "MTP.*.Enable"));
    }

    // ------------------------------------------------------------------ 2.25, 2.26

    @Test
    void tp2_25_unwritableParameterOmittedOnAdd() throws Exception {
        permit("Device.LocalAgent.Subscription.*.Enable", "r---", "rwxn", "rwxn", "rwxn", "100");
        String row = created(add(CONTROLLER, "Device.LocalAgent.Subscription.", false, "ID", "add1", "NotifType",
                "ValueChange", "ReferenceList", "Device.LocalAgent.SoftwareVersion"));
        assertEquals("false", get(CONTROLLER, row + "Enable").get(row).get("Enable"));
    }

    @Test
    void tp2_26_unwritableParameterIncludedOnAdd() throws Exception {
        permit("Device.LocalAgent.Subscription.*.Enable", "r---", "rwxn", "rwxn", "rwxn", "100");
        UspMsg.AddResp r = add(CONTROLLER, "Device.LocalAgent.Subscription.", true, "ID", "add26", "NotifType",
                "ValueChange", "ReferenceList", "Device.LocalAgent.SoftwareVersion", "Enable", "true").getBody()
                .getResponse().getAddResp();
        assertEquals(7006, r.getCreatedObjResults(0).getOperStatus().getOperFailure().getErrCode());
        assertEquals(Map.of(), get(CONTROLLER, "Device.LocalAgent.Subscription.*.ID"));
    }
}
