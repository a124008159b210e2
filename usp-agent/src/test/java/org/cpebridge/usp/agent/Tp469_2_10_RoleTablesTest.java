package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.usp.agent.model.ControllerTrustProvider;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Role and Permission tables beyond the TP steps (TP-469 2.10 "Adding a Role" and what follows from it): values
 * checked against tr-181-2-19-0-localagent.xml (Permission.Param etc. are 4-character rwxn strings, Targets a list of
 * paths), the built-in roles, roles assigned to Controllers, and storage across a restart.
 */
class Tp469_2_10_RoleTablesTest {
    private static final String CONTROLLER = "proto::cpe-bridge-controller";
    private static final String HOUSEHOLD = "proto::household";
    private static final String ROLES = "Device.LocalAgent.ControllerTrust.Role.";

    @TempDir
    Path dir;

    private TestFaceContext context;
    private AgentModel agent;
    private int nextId = 1;

    @BeforeEach
    void setUp() {
        context = new TestFaceContext(dir, Map.of());
        context.adapter.registerDevices();
        start();
    }

    private void start() {
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run, (c, m) -> { });
    }

    private void restart() {
        context.close();
        context = new TestFaceContext(dir, Map.of());
        start();
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private UspMsg.Msg send(String controller, UspMsg.Msg msg) throws Exception {
        return agent.handle(controller, msg).toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow();
    }

    private UspMsg.Msg add(String objPath, String... params) throws Exception {
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder().setObjPath(objPath);
        for (int i = 0; i < params.length; i += 2) {
            create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(params[i])
                    .setValue(params[i + 1]).setRequired(true));
        }
        return send(CONTROLLER, Msgs.request("a" + nextId++, MsgType.ADD, UspMsg.Request.newBuilder()
                .setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()));
    }

    private static String created(UspMsg.Msg reply) {
        assertTrue(reply.getBody().hasResponse(), reply.toString());
        return reply.getBody().getResponse().getAddResp().getCreatedObjResults(0).getOperStatus().getOperSuccess()
                .getInstantiatedPath();
    }

    private Map<String, Map<String, String>> get(String controller, String path) throws Exception {
        return Msgs.resolved(send(controller, Msgs.get("g" + nextId++, path)));
    }

    private UspMsg.Msg set(String objPath, String param, String value) throws Exception {
        return send(CONTROLLER, Msgs.set("s" + nextId++, objPath, param, value));
    }

    /** The code of the first param_err of an Error, or of the Error itself. */
    private static int paramErrorCode(UspMsg.Msg reply) {
        assertTrue(reply.getBody().hasError(), reply.toString());
        UspMsg.Error error = reply.getBody().getError();
        return error.getParamErrsCount() > 0 ? error.getParamErrs(0).getErrCode() : error.getErrCode();
    }

    /**
     * A role "Family" that may see the ProxiedDevice rows (Permission 1, Order 0) and read DeviceInfo and the
     * device names (Permission 2, Order 1), and a Controller holding it.
     */
    private String householdRole() throws Exception {
        String role = created(add(ROLES, "Enable", "true", "Name", "Family"));
        created(add(role + "Permission.", "Enable", "true", "Targets", "Device.ProxiedDevice.", "Param", "----",
                "Obj", "r---", "InstantiatedObj", "r---", "CommandEvent", "----"));
        created(add(role + "Permission.", "Enable", "true", "Targets", "Device.DeviceInfo.,Device.ProxiedDevice.*.Name",
                "Param", "r---", "Obj", "r---", "InstantiatedObj", "r---", "CommandEvent", "----"));
        created(add("Device.LocalAgent.Controller.", "EndpointID", HOUSEHOLD, "Enable", "true", "AssignedRole",
                role.substring(0, role.length() - 1)));
        return role;
    }

    /**
     * AssignedRole is a list of strong references to Role rows (tr-181-2-19-0-localagent.xml; TR-106 "strong
     * reference"): it may name only rows that exist, and a deleted row disappears from it, also after a restart.
     */
    @Test
    void assignedRoleIsAStrongReference() throws Exception {
        assertEquals(7012, paramErrorCode(set("Device.LocalAgent.Controller.1.", "AssignedRole",
                ROLES + "9.")), "no Role 9");
        assertEquals(7012, paramErrorCode(add("Device.LocalAgent.Controller.", "EndpointID", "proto::x",
                "AssignedRole", "Device.DeviceInfo.")), "not a Role row");

        String role = householdRole();
        String household = "Device.LocalAgent.Controller.2.";
        assertTrue(get(CONTROLLER, household + "AssignedRole").get(household).get("AssignedRole")
                .startsWith(role.substring(0, role.length() - 1)));
        UspMsg.Msg deleted = send(CONTROLLER, Msgs.request("d" + nextId++, MsgType.DELETE, UspMsg.Request.newBuilder()
                .setDelete(UspMsg.Delete.newBuilder().addObjPaths(role)).build()));
        assertTrue(deleted.getBody().getResponse().hasDeleteResp(), deleted.toString());
        assertEquals("", get(CONTROLLER, household + "AssignedRole").get(household).get("AssignedRole"));
        restart();
        assertEquals("", get(CONTROLLER, household + "AssignedRole").get(household).get("AssignedRole"));
        assertEquals(ControllerTrustProvider.FULL_ACCESS_ROLE, get(CONTROLLER,
                "Device.LocalAgent.Controller.1.AssignedRole").get("Device.LocalAgent.Controller.1.")
                .get("AssignedRole"), "other references stay");
    }

    @Test
    void builtInRolesAreServedFromTheirOwnProvider() throws Exception {
        Map<String, Map<String, String>> trust = get(CONTROLLER, "Device.LocalAgent.ControllerTrust.");
        assertEquals("Household", trust.get(ROLES + "1.").get("Name"));
        assertEquals("1", trust.get(ROLES + "1.").get("PermissionNumberOfEntries"));
        Map<String, String> full = trust.get(ROLES + "1.Permission.1.");
        // TR-369 "Role Definition": Order 1, Targets Device, rwxn in every column.
        assertEquals(Map.of("Alias", "cpe-1", "Enable", "true", "Order", "1", "Targets", "Device.", "Param", "rwxn",
                "Obj", "rwxn", "InstantiatedObj", "rwxn", "CommandEvent", "rwxn"), full);
        assertEquals("Untrusted", trust.get(ROLES + "2.").get("Name"));
        assertEquals("3", trust.get(ROLES + "2.").get("PermissionNumberOfEntries"));
        assertEquals("Device.LocalAgent.EndpointID,Device.LocalAgent.SupportedProtocols",
                trust.get(ROLES + "2.Permission.3.").get("Targets"));
        assertEquals("ISP-Operations", trust.get(ROLES + "3.").get("Name"));
        assertEquals("5", trust.get(ROLES + "3.").get("PermissionNumberOfEntries"));
        assertEquals(Map.of("Alias", "cpe-4", "Enable", "true", "Order", "4", "Targets",
                "Device.X_CPEBRIDGE_Privacy.", "Param", "----", "Obj", "----", "InstantiatedObj", "----",
                "CommandEvent", "----"), trust.get(ROLES + "3.Permission.4."));
    }

    @Test
    void builtInRowsCannotBeDeletedOrChanged() throws Exception {
        for (String row : List.of(ROLES + "1.", ROLES + "2.", ROLES + "3.", ROLES + "1.Permission.1.",
                ROLES + "2.Permission.3.", ROLES + "3.Permission.1.", ROLES + "3.Permission.4.")) {
            UspMsg.Msg reply = send(CONTROLLER, Msgs.request("d" + nextId++, MsgType.DELETE,
                    UspMsg.Request.newBuilder().setDelete(UspMsg.Delete.newBuilder().addObjPaths(row)).build()));
            assertEquals(7024, paramErrorCode(reply), row);
            assertEquals(7013, paramErrorCode(set(row, "Enable", "false")), row);
        }
        assertEquals("true", get(CONTROLLER, ROLES + "1.Enable").get(ROLES + "1.").get("Enable"));
        assertFalse(get(CONTROLLER, "Device.DeviceInfo.").isEmpty(), "full access is intact");
    }

    @Test
    void malformedPermissionStringsAreInvalidValues() throws Exception {
        String perms = ROLES + "2.Permission.";
        // TR-181 Permission.Param: "A string of 4 characters ... always in the same order (rwxn) ... '-'".
        for (String bad : List.of("rwx", "rwxn-", "nxwr", "RWXN", "r-x ", "")) {
            assertEquals(7012, paramErrorCode(add(perms, "Param", bad)), "'" + bad + "'");
        }
        assertEquals(7012, paramErrorCode(add(perms, "CommandEvent", "--x-n")));
        for (String bad : List.of("Device.[Name==\"x\"", "Other.Thing.", "Device..X", "Device.LocalAgent.Controller.1"
                + ".AssignedRole+.Name", "Device.ProxiedDevice.[Name==x].")) {
            assertEquals(7012, paramErrorCode(add(perms, "Targets", bad)), bad);
        }
        assertEquals(7011, paramErrorCode(add(perms, "Order", "-1")), "Order is an unsignedInt");
        assertEquals("3", get(CONTROLLER, ROLES + "2.PermissionNumberOfEntries").get(ROLES + "2.")
                .get("PermissionNumberOfEntries"), "nothing was created");

        String row = created(add(perms, "Targets", "Device.DeviceInfo.", "Param", "r---"));
        assertEquals(7012, paramErrorCode(set(row, "Obj", "rw")));
        assertEquals(7012, paramErrorCode(set(row, "Targets", "Device.DeviceInfo.,Device.[")));
        Map<String, String> kept = get(CONTROLLER, row).get(row);
        assertEquals("----", kept.get("Obj"));
        assertEquals("Device.DeviceInfo.", kept.get("Targets"));
        assertEquals(7025, paramErrorCode(add(perms, "Order", kept.get("Order"))), "Order is a unique key");
        assertEquals(7025, paramErrorCode(add(perms, "Order", "00" + kept.get("Order"))), "compared as numbers");
    }

    @Test
    void assignedRoleNamesAnyRoleRowAndChangesApplyAtOnce() throws Exception {
        String role = householdRole();
        assertEquals("Kettle plug", get(HOUSEHOLD, "Device.ProxiedDevice.3.Name").get("Device.ProxiedDevice.3.")
                .get("Name"));
        assertFalse(get(HOUSEHOLD, "Device.DeviceInfo.").get("Device.DeviceInfo.").isEmpty());
        assertNoValues(get(HOUSEHOLD, "Device.LocalAgent.Controller.*.EndpointID"));

        // The permission is narrowed; the next message sees it.
        assertTrue(set(role + "Permission.2.", "Targets", "Device.DeviceInfo.").getBody().getResponse()
                .hasSetResp());
        assertNoValues(get(HOUSEHOLD, "Device.ProxiedDevice.*.Name"));

        // Deleting the role leaves a dangling reference, which gives nothing.
        assertTrue(send(CONTROLLER, Msgs.request("d", MsgType.DELETE, UspMsg.Request.newBuilder().setDelete(
                UspMsg.Delete.newBuilder().addObjPaths(role)).build())).getBody().getResponse().hasDeleteResp());
        assertNoValues(get(HOUSEHOLD, "Device.DeviceInfo.Manufacturer"));
    }

    private static void assertNoValues(Map<String, Map<String, String>> resolved) {
        assertTrue(resolved.values().stream().allMatch(Map::isEmpty), resolved.toString());
    }

    @Test
    void rolesAndPermissionsSurviveARestart() throws Exception {
        String role = householdRole();
        restart();
        Map<String, String> stored = get(CONTROLLER, role).get(role);
        assertEquals("Family", stored.get("Name"));
        assertEquals("2", stored.get("PermissionNumberOfEntries"));
        assertEquals("Device.DeviceInfo.,Device.ProxiedDevice.*.Name", get(CONTROLLER, role + "Permission.2.Targets")
                .get(role + "Permission.2.").get("Targets"));
        assertEquals("Kettle plug", get(HOUSEHOLD, "Device.ProxiedDevice.3.Name").get("Device.ProxiedDevice.3.")
                .get("Name"), "and still apply");
        // Instance numbers are not reused after a restart, so an old AssignedRole cannot come back to life.
        send(CONTROLLER, Msgs.request("d", MsgType.DELETE, UspMsg.Request.newBuilder().setDelete(
                UspMsg.Delete.newBuilder().addObjPaths(role)).build()));
        restart();
        assertEquals(ROLES + "5.", created(add(ROLES, "Name", "Later")));
    }

    @Test
    void aCorruptOrNewerRecordStopsStartup() {
        context.store.write(ControllerTrustProvider.RECORD, 1, "{\"roles\":[{\"number\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertThrows(StoreException.class, this::start);
        context.store.write(ControllerTrustProvider.RECORD, 1, ("{\"nextRole\":4,\"roles\":[{\"number\":3,"
                + "\"values\":{\"Name\":\"x\"},\"nextPermission\":2,\"permissions\":[{\"number\":1,\"values\":"
                + "{\"Param\":\"bad\"}}]}]}").getBytes(StandardCharsets.UTF_8));
        assertThrows(StoreException.class, this::start, "stored values are checked like USP ones");
        context.store.write(ControllerTrustProvider.RECORD, 2, "{}".getBytes(StandardCharsets.UTF_8));
        assertThrows(StoreException.class, this::start);
    }

    @Test
    void aBannedRoleTakesEveryRightAwayAndSurvivesARestart() throws Exception {
        String role = householdRole();
        // The household Controller also gets full access: the banned role must win over it.
        String household = get(CONTROLLER, "Device.LocalAgent.Controller.2.").keySet().iterator().next();
        assertTrue(set(household, "AssignedRole", role + "," + ROLES + "1.").getBody().getResponse().hasSetResp());
        assertFalse(get(HOUSEHOLD, "Device.LocalAgent.").isEmpty());

        String trust = "Device.LocalAgent.ControllerTrust.";
        assertEquals(7012, paramErrorCode(set(trust, "BannedRole", ROLES + "9.")), "not a row");
        assertEquals(7012, paramErrorCode(set(trust, "BannedRole", "Device.DeviceInfo.")), "not a role");
        assertEquals(7012, paramErrorCode(set(trust, "BannedRole", ROLES + "1")), "would lock everyone out");
        assertTrue(set(trust, "BannedRole", role.substring(0, role.length() - 1)).getBody().getResponse()
                .hasSetResp());
        assertEquals(role, get(CONTROLLER, trust + "BannedRole").get(trust).get("BannedRole"));
        assertEquals(7026, send(HOUSEHOLD, Msgs.get("g", "Device.DeviceInfo.Manufacturer")).getBody().getResponse()
                .getGetResp().getReqPathResults(0).getErrCode(), "banned: nothing at all");

        restart();
        assertEquals(role, get(CONTROLLER, trust + "BannedRole").get(trust).get("BannedRole"));
        assertEquals(7026, send(HOUSEHOLD, Msgs.get("g", "Device.DeviceInfo.Manufacturer")).getBody().getResponse()
                .getGetResp().getReqPathResults(0).getErrCode());

        // A strong reference: deleting the role clears BannedRole, and the full-access role applies again.
        send(CONTROLLER, Msgs.request("d", MsgType.DELETE, UspMsg.Request.newBuilder().setDelete(
                UspMsg.Delete.newBuilder().addObjPaths(role)).build()));
        assertEquals("", get(CONTROLLER, trust + "BannedRole").get(trust).get("BannedRole"));
        assertFalse(get(HOUSEHOLD, "Device.DeviceInfo.").get("Device.DeviceInfo.").isEmpty());
    }
}
