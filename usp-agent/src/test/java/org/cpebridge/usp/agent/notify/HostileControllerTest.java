package org.cpebridge.usp.agent.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.privacy.audit.AccessLog;
import org.cpebridge.privacy.audit.AccessLogEntry;
import org.cpebridge.privacy.audit.Decision;
import org.cpebridge.privacy.policy.PrivacyRules;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile Controller, in-process: the real agent model with the shipped privacy policy over a real core, an
 * {@code ISP-Operations} Controller that the household added over USP, trying every way to learn STATE, ACTIVITY,
 * ENERGY or IDENTITY or to CONTROL a device; the household's same requests succeed. Each attempt is in the access
 * log with its decision. Grants: scope, the named Controller only, expiry on the manual clock, revoke, restart.
 * {@code HostileControllerIT} repeats the core of it over a real broker.
 */
class HostileControllerTest {
    static final String HOUSEHOLD = NotifyHarness.CONTROLLER;
    static final String ISP = "proto::isp-operations";
    static final String OTHER_ISP = "proto::other-operator";
    static final String ROLES = "Device.LocalAgent.ControllerTrust.Role.";
    static final String PLUG = "Device.ProxiedDevice.3."; // numbers follow registry order: sensor, door, plug, lamp
    static final String LAMP = "Device.ProxiedDevice.4.";
    static final String PLUG_VALUE = PLUG + "IoTCapability.1.BinaryControl.Value";
    static final String POWER_VALUE = PLUG + "IoTCapability.2.LevelSensor.Value";

    @TempDir
    Path dir;
    NotifyHarness h;
    int ids;

    @BeforeEach
    void setUp() throws Exception {
        h = new NotifyHarness(dir, Instant.parse("2026-12-07T03:00:00Z"), PrivacyRules.SHIPPED);
        addIspController(ISP, "usp/isp");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    /** The household adds an ISP-Operations Controller with its MQTT topic, as TR-369 lets an Add do. */
    private void addIspController(String endpointId, String topic) throws Exception {
        String row = created(h.send(HOUSEHOLD, add("Device.LocalAgent.Controller.", "EndpointID", endpointId,
                "Enable", "true", "AssignedRole", ROLES + "3")));
        String mtp = created(h.send(HOUSEHOLD, add(row + "MTP.", "Protocol", "MQTT", "MQTT.Topic", topic)));
        assertEquals(topic, get(HOUSEHOLD, mtp + "MQTT.Topic").get(mtp + "MQTT.").get("Topic"));
    }

    private UspMsg.Msg add(String objPath, String... params) {
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder().setObjPath(objPath);
        for (int i = 0; i < params.length; i += 2) {
            create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(params[i])
                    .setValue(params[i + 1]).setRequired(true));
        }
        return Msgs.request("add-" + ids++, MsgType.ADD, UspMsg.Request.newBuilder()
                .setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build());
    }

    private static String created(UspMsg.Msg reply) {
        assertTrue(reply.getBody().hasResponse(), reply.toString());
        UspMsg.AddResp.CreatedObjectResult.OperationStatus status = reply.getBody().getResponse().getAddResp()
                .getCreatedObjResults(0).getOperStatus();
        assertTrue(status.hasOperSuccess(), reply.toString());
        return status.getOperSuccess().getInstantiatedPath();
    }

    private Map<String, Map<String, String>> get(String controller, String... paths) throws Exception {
        return Msgs.resolved(h.send(controller, Msgs.get("g", paths)));
    }

    /** The same request with the same msg_id from {@code controller}, for comparing answers byte for byte. */
    private UspMsg.Msg ask(String controller, UspMsg.Msg request) throws Exception {
        return h.send(controller, request);
    }

    private static UspMsg.Msg getMsg(String path) {
        return Msgs.get("same-id", path);
    }

    private UspMsg.Msg operate(String controller, String command, String... inputs) throws Exception {
        UspMsg.Operate.Builder operate = UspMsg.Operate.newBuilder().setCommand(command).setCommandKey("k")
                .setSendResp(true);
        for (int i = 0; i < inputs.length; i += 2) {
            operate.putInputArgs(inputs[i], inputs[i + 1]);
        }
        return h.send(controller, Msgs.request("op-" + ids++, MsgType.OPERATE,
                UspMsg.Request.newBuilder().setOperate(operate).build()));
    }

    private static Map<String, String> outputs(UspMsg.Msg reply) {
        UspMsg.OperateResp.OperationResult r = reply.getBody().getResponse().getOperateResp().getOperationResults(0);
        assertTrue(r.hasReqOutputArgs(), reply.toString());
        return r.getReqOutputArgs().getOutputArgsMap();
    }

    /** Switches the plug as a person at home would (the device reports it), and lets the agent see the event. */
    private void switchPlug(boolean on) throws Exception {
        h.core.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(on));
        h.pumpEventsUntil(e -> e instanceof DeviceEvent.StateChanged s && s.attribute().device()
                .equals(FakeAdapter.PLUG) && s.attribute().capability().equals("onOff"));
    }

    private String grant(String controller, String target, String classes, long seconds) throws Exception {
        return outputs(operate(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.Grant()", "Controller", controller, "Target",
                target, "Classes", classes, "Duration", Long.toString(seconds), "Reason", "test")).get("Grant");
    }

    private List<AccessLogEntry> logOf(String controller) {
        return h.agent.accessLog().entries().stream().filter(e -> e.controller().equals(controller)).toList();
    }

    /** Supported object path to its parameter, command and event names, from a GetSupportedDMResp. */
    private static Map<String, Set<String>> supported(UspMsg.Msg reply) {
        Map<String, Set<String>> result = new java.util.TreeMap<>();
        for (UspMsg.GetSupportedDMResp.RequestedObjectResult r : reply.getBody().getResponse()
                .getGetSupportedDmResp().getReqObjResultsList()) {
            for (UspMsg.GetSupportedDMResp.SupportedObjectResult o : r.getSupportedObjsList()) {
                Set<String> names = new java.util.TreeSet<>();
                o.getSupportedParamsList().forEach(p -> names.add(p.getParamName()));
                o.getSupportedCommandsList().forEach(c -> names.add(c.getCommandName()));
                o.getSupportedEventsList().forEach(e -> names.add(e.getEventName()));
                result.put(o.getSupportedObjPath(), names);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ roles

    @Test
    void theIspCannotRaiseItsOwnRights() throws Exception {
        String isp = "Device.LocalAgent.Controller.2.";
        assertEquals(ROLES + "3", get(ISP, isp + "AssignedRole").get(isp).get("AssignedRole"));
        for (UspMsg.Msg attempt : List.of(
                Msgs.set("s1", isp, "AssignedRole", ROLES + "1"),
                Msgs.set("s2", ROLES + "3.Permission.1.", "Param", "rwxn"),
                Msgs.set("s3", ROLES + "3.", "Name", "Household2"),
                add(ROLES + "3.Permission.", "Targets", "Device.", "Param", "rwxn", "Order", "99"),
                add(ROLES, "Name", "Mine"),
                add("Device.LocalAgent.Controller.", "EndpointID", "proto::isp-friend", "AssignedRole",
                        ROLES + "1"))) {
            UspMsg.Msg reply = h.send(ISP, attempt);
            assertTrue(reply.getBody().hasError(), reply.toString());
            assertEquals(7006, reply.getBody().getError().getErrCode() == 7006 ? 7006
                    : reply.getBody().getError().getParamErrs(0).getErrCode(), reply.toString());
        }
        // Nor can the household change the shipped role rows.
        assertEquals(7013, h.send(HOUSEHOLD, Msgs.set("s4", ROLES + "3.Permission.4.", "Obj", "r---")).getBody()
                .getError().getParamErrs(0).getErrCode());
        assertEquals(ROLES + "3", get(ISP, isp + "AssignedRole").get(isp).get("AssignedRole"));
    }

    @Test
    void untrustedControllersSeeOnlyWhoTheAgentIs() throws Exception {
        Map<String, Map<String, String>> seen = get("proto::stranger", "Device.LocalAgent.");
        assertEquals(Map.of("Device.LocalAgent.", Map.of("EndpointID", NotifyHarness.AGENT, "SupportedProtocols",
                "MQTT")), seen);
    }

    // ------------------------------------------------------------------ reads

    @Test
    void directGetsAndWildcardsShowInventoryAndHealthOnly() throws Exception {
        Map<String, Map<String, String>> isp = get(ISP, "Device.ProxiedDevice.");
        Map<String, Map<String, String>> home = get(HOUSEHOLD, "Device.ProxiedDevice.");
        assertEquals(home.keySet(), isp.keySet(), "the same rows and objects (INVENTORY)");
        Set<String> hidden = Set.of("Value", "LastChange", "LastContactTime", "Name", "Description",
                "LastTimeContacted");
        isp.forEach((object, params) -> {
            for (String name : hidden) {
                // IoTCapability rows and class objects have a Name and a Description of their own (INVENTORY).
                boolean ownInventory = object.contains("IoTCapability") && !name.startsWith("Last")
                        && !name.equals("Value");
                assertTrue(ownInventory || !params.containsKey(name), name + " in " + object);
            }
        });
        assertEquals("true", isp.get(PLUG).get("Online"));
        assertTrue(isp.get(PLUG).containsKey("X_CPEBRIDGE_LastHealthContact"));
        assertEquals("Switch", isp.get(PLUG + "IoTCapability.1.BinaryControl.").get("Type"));
        assertEquals("false", home.get(PLUG + "IoTCapability.1.BinaryControl.").get("Value"));
        assertEquals("Kettle plug", home.get(PLUG).get("Name"));

        for (String path : List.of(PLUG_VALUE, POWER_VALUE, PLUG + "Name", PLUG + "LastTimeContacted",
                "Device.ProxiedDevice.2.IoTCapability.1.BinarySensor.LastChange", "Device.ProxiedDevice.*.IoTCapability.*."
                        + "BinaryControl.Value")) {
            UspMsg.GetResp.RequestedPathResult r = h.send(ISP, Msgs.get("g", path)).getBody().getResponse()
                    .getGetResp().getReqPathResults(0);
            assertTrue(r.getResolvedPathResultsList().stream().allMatch(p -> p.getResultParamsCount() == 0),
                    path + " -> " + r);
            assertFalse(get(HOUSEHOLD, path).values().stream().allMatch(Map::isEmpty), path);
        }
        assertTrue(get(ISP, "Device.X_CPEBRIDGE_Privacy.").isEmpty(), "the household's grants and log");
    }

    @Test
    void searchesOnHiddenValuesAnswerAlikeWhateverTheValue() throws Exception {
        List<String> searches = List.of(
                "Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==true].",
                "Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==false].",
                "Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value!=true].Alias",
                "Device.ProxiedDevice.[Name==\"Kettle plug\"].",
                "Device.ProxiedDevice.*.IoTCapability.[LevelSensor.Value>20].",
                "Device.ProxiedDevice.*.IoTCapability.[LevelSensor.Value<=20].",
                "Device.ProxiedDevice.[LastTimeContacted>\"2000-01-01T00:00:00Z\"].");
        List<UspMsg.Msg> before = new ArrayList<>();
        for (String s : searches) {
            before.add(ask(ISP, getMsg(s)));
        }
        for (int i = 1; i < searches.size(); i++) {
            assertEquals(before.get(0).getBody().getResponse().getGetResp().getReqPathResults(0)
                    .getResolvedPathResultsCount(), before.get(i).getBody().getResponse().getGetResp()
                    .getReqPathResults(0).getResolvedPathResultsCount(), searches.get(i));
        }
        switchPlug(true);
        for (int i = 0; i < searches.size(); i++) {
            assertEquals(before.get(i), ask(ISP, getMsg(searches.get(i))), "after switching: " + searches.get(i));
        }
        // The household's answers do depend on the value.
        assertNotEquals(ask(HOUSEHOLD, getMsg(searches.get(0))).getBody().getResponse().getGetResp()
                        .getReqPathResults(0).getResolvedPathResultsCount(),
                ask(HOUSEHOLD, getMsg(searches.get(1))).getBody().getResponse().getGetResp().getReqPathResults(0)
                        .getResolvedPathResultsCount());
    }

    @Test
    void getInstancesAndSupportedDmAreConsistentWithGet() throws Exception {
        UspMsg.Msg instances = Msgs.request("gi", MsgType.GET_INSTANCES, UspMsg.Request.newBuilder()
                .setGetInstances(UspMsg.GetInstances.newBuilder().addObjPaths("Device.ProxiedDevice.")
                        .setFirstLevelOnly(false)).build());
        UspMsg.Msg search = Msgs.request("gi", MsgType.GET_INSTANCES, UspMsg.Request.newBuilder()
                .setGetInstances(UspMsg.GetInstances.newBuilder()
                        .addObjPaths("Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==true].")).build());
        UspMsg.Msg before = ask(ISP, instances);
        UspMsg.Msg searchBefore = ask(ISP, search);
        switchPlug(true);
        assertEquals(before, ask(ISP, instances));
        assertEquals(searchBefore, ask(ISP, search));
        assertEquals(0, searchBefore.getBody().getResponse().getGetInstancesResp().getReqPathResults(0)
                .getCurrInstsCount());

        UspMsg.Msg gsdm = Msgs.request("dm", MsgType.GET_SUPPORTED_DM, UspMsg.Request.newBuilder()
                .setGetSupportedDm(UspMsg.GetSupportedDM.newBuilder().addObjPaths("Device.ProxiedDevice.{i}.")
                        .setReturnCommands(true).setReturnEvents(true).setReturnParams(true)).build());
        Map<String, Set<String>> ispDm = supported(ask(ISP, gsdm));
        Map<String, Set<String>> homeDm = supported(ask(HOUSEHOLD, gsdm));
        String row = "Device.ProxiedDevice.{i}.";
        String control = row + "IoTCapability.{i}.BinaryControl.";
        for (String[] hidden : new String[][] {{row, "Name"}, {row, "Description"}, {row, "LastTimeContacted"},
            {row, "X_CPEBRIDGE_CapabilityEvent!"}, {control, "Value"}, {control, "Toggle()"},
            {row + "IoTCapability.{i}.BinarySensor.", "LastChange"}}) {
            assertFalse(ispDm.get(hidden[0]).contains(hidden[1]), hidden[1]);
            assertTrue(homeDm.get(hidden[0]).contains(hidden[1]), hidden[1]);
        }
        String ispDmText = ispDm.toString();
        assertTrue(ispDm.get(row).containsAll(Set.of("Online", "Type", "X_CPEBRIDGE_LastHealthContact")), ispDmText);
        assertTrue(ispDm.get(control).containsAll(Set.of("Type")), ispDmText);
    }

    @Test
    void timesThatWouldTellWhenSomeoneIsHomeDoNotMove() throws Exception {
        UspMsg.Msg whole = getMsg(PLUG);
        UspMsg.Msg before = ask(ISP, whole);
        String homeBefore = get(HOUSEHOLD, PLUG + "LastTimeContacted").get(PLUG).get("LastTimeContacted");
        Thread.sleep(5); // the registry stamps state updates with the system clock
        switchPlug(true);
        switchPlug(false);
        assertEquals(before, ask(ISP, whole), "the ISP's view of the plug did not change");
        assertNotEquals(homeBefore, get(HOUSEHOLD, PLUG + "LastTimeContacted").get(PLUG).get("LastTimeContacted"));
    }

    // ------------------------------------------------------------------ control

    @Test
    void controlIsRefusedAndErrorsEchoNoValue() throws Exception {
        UspMsg.Msg toggle = operate(ISP, PLUG + "IoTCapability.1.BinaryControl.Toggle()");
        assertFalse(toggle.toString().contains("req_output_args"), toggle.toString());
        UspMsg.Msg set = h.send(ISP, Msgs.set("s", PLUG + "IoTCapability.1.BinaryControl.", "Value", "true"));
        assertTrue(set.getBody().hasError(), set.toString());
        UspMsg.Msg factoryReset = operate(ISP, "Device.FactoryReset()");
        assertFalse(factoryReset.toString().contains("req_output_args"), factoryReset.toString());
        assertTrue(h.core.adapter.received.isEmpty(), "no command reached a device");
        assertTrue(h.core.restarts.isEmpty());
        assertEquals("false", get(HOUSEHOLD, PLUG_VALUE).get(PLUG + "IoTCapability.1.BinaryControl.").get("Value"));
        // Errors and the hidden-value searches above carry no value of the device.
        assertFalse(set.toString().contains("false"), set.toString());
        // The household's same requests go through.
        assertTrue(operate(HOUSEHOLD, PLUG + "IoTCapability.1.BinaryControl.Toggle()").toString()
                .contains("req_output_args"));
        assertEquals(1, h.core.adapter.received.size());
    }

    // ------------------------------------------------------------------ notifications

    @Test
    void subscriptionsOnHiddenThingsNeverNotify() throws Exception {
        h.subscribeAs(ISP, "v", "ValueChange", PLUG_VALUE);
        h.subscribeAs(ISP, "above", "ValueChange", "Device.ProxiedDevice.");
        h.subscribeAs(ISP, "mixed", "ValueChange", PLUG + "Online," + PLUG_VALUE + "," + PLUG + "Name");
        h.subscribeAs(ISP, "events", "Event", "Device.ProxiedDevice.");
        h.subscribeAs(HOUSEHOLD, "home", "ValueChange", PLUG_VALUE);
        h.sent.clear();
        switchPlug(true);
        assertEquals(List.of(HOUSEHOLD), h.sent.stream().map(Map.Entry::getKey).toList());
        h.core.registry.updateState(FakeAdapter.DOOR, "contact", "open", Value.of(true));
        h.pumpEventsUntil(e -> e instanceof DeviceEvent.StateChanged s && s.attribute().device()
                .equals(FakeAdapter.DOOR));
        assertTrue(h.sent.stream().noneMatch(e -> e.getKey().equals(ISP)), h.sent.toString());

        // Health is the ISP's: the plug going offline reaches it, once per subscription that covers Online.
        h.core.registry.setReachable(FakeAdapter.PLUG, false, "gone");
        h.pumpEventsUntil(e -> e instanceof DeviceEvent.ReachabilityChanged);
        List<String> toIsp = h.sent.stream().filter(e -> e.getKey().equals(ISP))
                .map(e -> NotifyHarness.notifyOf(e.getValue()).getValueChange().getParamPath()).toList();
        assertEquals(List.of(PLUG + "Online", PLUG + "Online"), toIsp);

        List<AccessLogEntry> notifies = logOf(ISP).stream().filter(e -> e.operation().equals("Notify")).toList();
        assertTrue(notifies.stream().anyMatch(e -> e.paths().equals(PLUG_VALUE) && e.decision() == Decision.DENIED),
                notifies.toString());
        assertTrue(notifies.stream().anyMatch(e -> e.paths().equals(PLUG + "Online")
                && e.decision() == Decision.ALLOWED), notifies.toString());
        AccessLogEntry mixedAdd = logOf(ISP).stream().filter(e -> e.operation().equals("Add")
                && e.paths().contains(PLUG + "Name")).findFirst().orElseThrow();
        assertEquals(Decision.FILTERED, mixedAdd.decision());
    }

    @Test
    void theIspReachesOnlyItsOwnSubscriptions() throws Exception {
        String home = h.subscribeAs(HOUSEHOLD, "home", "ValueChange", PLUG_VALUE);
        String own = h.subscribeAs(ISP, "isp", "ValueChange", PLUG + "Online");
        // Get, GetInstances and a search on the table show the ISP its own row only.
        assertEquals(Set.of(own), get(ISP, "Device.LocalAgent.Subscription.").keySet());
        assertEquals(Set.of(own, home), get(HOUSEHOLD, "Device.LocalAgent.Subscription.").keySet());
        UspMsg.Msg instances = ask(ISP, Msgs.request("gi", MsgType.GET_INSTANCES, UspMsg.Request.newBuilder()
                .setGetInstances(UspMsg.GetInstances.newBuilder().addObjPaths("Device.LocalAgent.Subscription.")
                        .setFirstLevelOnly(true)).build()));
        assertEquals(List.of(own), instances.getBody().getResponse().getGetInstancesResp().getReqPathResults(0)
                .getCurrInstsList().stream().map(UspMsg.GetInstancesResp.CurrInstance::getInstantiatedObjPath)
                .toList());
        assertTrue(get(ISP, "Device.LocalAgent.Subscription.[ID==\"home\"].").isEmpty());
        // Addressed directly, the household's row answers as if it were not there to be read.
        UspMsg.Msg direct = ask(ISP, getMsg(home + "ReferenceList"));
        assertFalse(direct.toString().contains(PLUG_VALUE), direct.toString());
        // Neither Set nor Delete reaches it, and both answer exactly as for a row that does not exist; the ISP's
        // own row it may change and delete.
        String missing = "Device.LocalAgent.Subscription.99.";
        UspMsg.Msg set = h.send(ISP, Msgs.set("s", home, "Enable", "false"));
        assertEquals(7016, set.getBody().getError().getErrCode(), set.toString());
        assertEquals(fields(h.send(ISP, Msgs.set("s", missing, "Enable", "false"))).replace(missing, home),
                fields(set));
        UspMsg.Msg delete = h.send(ISP, delete("d", home));
        assertEquals(0, delete.getBody().getResponse().getDeleteResp().getDeletedObjResults(0).getOperStatus()
                .getOperSuccess().getAffectedPathsCount(), delete.toString());
        assertEquals(fields(h.send(ISP, delete("d", missing))).replace(missing, home), fields(delete));
        assertEquals("true", get(HOUSEHOLD, home + "Enable").get(home).get("Enable"));
        h.sent.clear();
        switchPlug(true);
        assertEquals(List.of(HOUSEHOLD), h.sent.stream().map(Map.Entry::getKey).toList(),
                "the household's subscription still notifies");
        assertTrue(h.send(ISP, delete("d2", own)).getBody().getResponse().getDeleteResp().getDeletedObjResults(0)
                .getOperStatus().hasOperSuccess());
        assertEquals(Set.of(home), get(HOUSEHOLD, "Device.LocalAgent.Subscription.").keySet());
        List<String> denied = logOf(ISP).stream().filter(e -> e.operation().equals("Delete")
                || e.operation().equals("Set")).map(e -> e.operation() + " " + e.decision().word()).toList();
        // The household's log tells the attempts on its row (Denied) from those on a row that does not exist.
        assertEquals(List.of("Set Denied", "Set Allowed", "Delete Denied", "Delete Allowed", "Delete Allowed"),
                denied);
    }

    private static UspMsg.Msg delete(String msgId, String row) {
        return Msgs.request(msgId, MsgType.DELETE, UspMsg.Request.newBuilder().setDelete(UspMsg.Delete
                .newBuilder().addObjPaths(row).setAllowPartial(true)).build());
    }

    private List<UspMsg.Notify> toIsp() {
        return h.sent.stream().filter(e -> e.getKey().equals(ISP)).map(e -> NotifyHarness.notifyOf(e.getValue()))
                .toList();
    }

    @Test
    void objectCreationOfHiddenRowsNeverReachesTheIsp() throws Exception {
        h.subscribeAs(ISP, "isp-everything", "ObjectCreation", "Device.");
        h.subscribeAs(ISP, "isp-subscriptions", "ObjectCreation", "Device.LocalAgent.Subscription.");
        h.subscribeAs(ISP, "isp-privacy", "ObjectCreation", "Device.X_CPEBRIDGE_Privacy.");
        h.subscribeAs(ISP, "isp-deletions", "ObjectDeletion", "Device.");
        h.subscribeAs(HOUSEHOLD, "home-subscriptions", "ObjectCreation", "Device.LocalAgent.Subscription.");
        h.sent.clear();
        // The household subscribes to the plug's value, grants support a look, and drops its subscription again:
        // rows the ISP may not see come and go.
        String home = h.subscribeAs(HOUSEHOLD, "home", "ValueChange", PLUG_VALUE);
        String grantRow = grant(ISP, PLUG, "STATE", 3600);
        h.send(HOUSEHOLD, delete("d", home));
        assertEquals(List.of(), toIsp(), "no ObjectCreation or ObjectDeletion of hidden rows");
        // The household's own ObjectCreation subscription saw its row: the notification was due, and withheld.
        assertTrue(h.sent.stream().anyMatch(e -> e.getKey().equals(HOUSEHOLD) && NotifyHarness.notifyOf(
                e.getValue()).getObjCreation().getObjPath().equals(home)), h.sent.toString());
        assertTrue(logOf(ISP).stream().anyMatch(e -> e.operation().equals("Notify") && e.paths().equals(home)
                && e.decision() == Decision.DENIED), logOf(ISP).toString());
        assertTrue(logOf(ISP).stream().noneMatch(e -> e.paths().contains(grantRow)), logOf(ISP).toString());
        // The ISP's subscriptions do work: a row of its own is announced to both that cover it.
        String later = h.subscribeAs(ISP, "isp-later", "ValueChange", PLUG + "Online");
        assertEquals(List.of("isp-everything " + later, "isp-subscriptions " + later), toIsp().stream()
                .map(n -> n.getSubscriptionId() + " " + n.getObjCreation().getObjPath()).toList());
    }

    @Test
    void aDeviceThatGoesIsAnnouncedOnlyToWhoMaySeeItsInventory() throws Exception {
        // The event carries the removed device: the privacy policy decides on it, though the registry no longer
        // holds it and its path could not be resolved back to it.
        h.close();
        h = new NotifyHarness(dir.resolve("health-only"), Instant.parse("2026-12-07T03:00:00Z"), PrivacyRules.parse(
                "test", "format 1\nrole Household all\nrole ISP-Operations HEALTH\n"));
        addIspController(ISP, "usp/isp");
        h.subscribeAs(ISP, "isp-deletions", "ObjectDeletion", "Device.ProxiedDevice.");
        h.subscribeAs(HOUSEHOLD, "home-deletions", "ObjectDeletion", "Device.ProxiedDevice.");
        h.sent.clear();
        h.core.registry.remove(FakeAdapter.PLUG);
        h.pumpEventsUntil(e -> e instanceof DeviceEvent.DeviceRemoved);
        assertEquals(List.of(), toIsp());
        assertTrue(h.sent.stream().anyMatch(e -> e.getKey().equals(HOUSEHOLD) && NotifyHarness.notifyOf(
                e.getValue()).getObjDeletion().getObjPath().equals(PLUG)), h.sent.toString());
    }

    @Test
    void periodicCarriesNothingHiddenWhateverTheHouseholdDoes() throws Exception {
        String ispRow = h.agent.localAgent().controllerPath(ISP).orElseThrow();
        UspMsg.Msg interval = h.send(HOUSEHOLD, Msgs.set("p", ispRow, "PeriodicNotifInterval", "60"));
        assertTrue(interval.getBody().getResponse().getSetResp().getUpdatedObjResults(0).getOperStatus()
                .hasOperSuccess(), interval.toString());
        h.subscribeAs(ISP, "periodic", "Event", "Device.LocalAgent.Periodic!");
        h.sent.clear();
        h.advance(Duration.ofSeconds(60));
        List<UspMsg.Notify> quiet = toIsp();
        assertEquals(1, quiet.size(), h.sent.toString());
        assertEquals("Periodic!", quiet.get(0).getEvent().getEventName());
        assertTrue(quiet.get(0).getEvent().getParamsMap().isEmpty(), quiet.toString());
        // Someone comes home: the plug goes on, the door opens. The next Periodic! is the same message.
        switchPlug(true);
        h.core.registry.updateState(FakeAdapter.DOOR, "contact", "open", Value.of(true));
        h.pumpEventsUntil(e -> e instanceof DeviceEvent.StateChanged s && s.attribute().device()
                .equals(FakeAdapter.DOOR));
        h.sent.clear();
        h.advance(Duration.ofSeconds(60));
        assertEquals(quiet, toIsp());
    }

    // ------------------------------------------------------------------ the log

    @Test
    void everyAttemptIsLoggedWithItsDecisionAndTheHouseholdIsNot() throws Exception {
        int before = h.agent.accessLog().entries().size();
        get(ISP, "Device.DeviceInfo.");
        get(ISP, PLUG_VALUE);
        get(ISP, "Device.ProxiedDevice.");
        operate(ISP, PLUG + "IoTCapability.1.BinaryControl.Toggle()");
        h.send(ISP, Msgs.set("s", PLUG + "IoTCapability.1.BinaryControl.", "Value", "true"));
        get(HOUSEHOLD, "Device.ProxiedDevice.");
        List<AccessLogEntry> added = h.agent.accessLog().entries().subList(before, h.agent.accessLog().entries()
                .size());
        assertEquals(List.of("Get Device.DeviceInfo. Allowed", "Get " + PLUG_VALUE + " Denied",
                "Get Device.ProxiedDevice. Filtered", "Operate " + PLUG + "IoTCapability.1.BinaryControl.Toggle() "
                        + "Denied", "Set " + PLUG_VALUE + " Denied"),
                added.stream().map(e -> e.operation() + " " + e.paths() + " " + e.decision().word()).toList());
        assertTrue(added.stream().allMatch(e -> e.controller().equals(ISP)));
    }

    @Test
    void theHouseholdReadsVerifiesAndExportsTheLogAndSeesTampering() throws Exception {
        get(ISP, PLUG_VALUE);
        get(ISP, "Device.DeviceInfo.");
        Map<String, Map<String, String>> rows = get(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.AccessLog.");
        Map<String, String> first = rows.get("Device.X_CPEBRIDGE_Privacy.AccessLog.1.");
        assertEquals(ISP, first.get("Controller"));
        assertEquals("Get", first.get("Operation"));
        assertEquals(PLUG_VALUE, first.get("Path"));
        assertEquals("Denied", first.get("Decision"));
        assertEquals(h.clock.instant().toString(), first.get("Time"));
        assertEquals("intact", outputs(operate(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.VerifyAccessLog()"))
                .get("Result"));
        assertTrue(outputs(operate(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.ExportAccessLog()")).get("Log")
                .contains("\"paths\":\"" + PLUG_VALUE + "\""));

        // While the agent is stopped (its close wrote the journaled entries into the log's segments), someone with
        // the data directory rewrites entry 1 to say the ISP was allowed.
        h.agent.close();
        h.core.close();
        FileDurableStore store = new FileDurableStore(dir);
        String name = store.list(AccessLog.PREFIX).get(0);
        String text = store.read(name).orElseThrow().textOfFormat(1);
        store.write(name, 1, text.replaceFirst("Denied", "Allowed").getBytes(StandardCharsets.UTF_8));
        h.start();
        assertEquals("broken at entry 1: its hash does not match its contents",
                outputs(operate(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.VerifyAccessLog()")).get("Result"));
    }

    // ------------------------------------------------------------------ grants

    @Test
    void aGrantOpensExactlyItsScopeToItsControllerUntilItExpires() throws Exception {
        addIspController(OTHER_ISP, "usp/other");
        String row = grant(ISP, PLUG, "STATE", 2 * 3600);
        assertEquals("Device.X_CPEBRIDGE_Privacy.Grant.1.", row);
        Map<String, String> values = get(HOUSEHOLD, row).get(row);
        assertEquals(Map.of("Alias", "cpe-1", "Controller", ISP, "Target", PLUG, "Classes", "STATE", "Expires",
                "2026-12-07T05:00:00Z", "Reason", "test"), values);

        assertEquals("false", get(ISP, PLUG_VALUE).get(PLUG + "IoTCapability.1.BinaryControl.").get("Value"));
        assertTrue(get(ISP, LAMP + "IoTCapability.1.BinaryControl.Value").values().stream()
                .allMatch(Map::isEmpty), "another device");
        assertTrue(get(ISP, POWER_VALUE).values().stream().allMatch(Map::isEmpty), "another class (ENERGY)");
        assertTrue(get(ISP, PLUG + "Name").values().stream().allMatch(Map::isEmpty), "another class (IDENTITY)");
        assertTrue(get(OTHER_ISP, PLUG_VALUE).values().stream().allMatch(Map::isEmpty), "another Controller");
        operate(ISP, PLUG + "IoTCapability.1.BinaryControl.Toggle()");
        assertTrue(h.core.adapter.received.isEmpty(), "STATE is not CONTROL");

        h.clock.advance(Duration.ofHours(2).minusSeconds(1));
        assertFalse(get(ISP, PLUG_VALUE).values().stream().allMatch(Map::isEmpty));
        h.clock.advance(Duration.ofSeconds(1));
        assertTrue(get(ISP, PLUG_VALUE).values().stream().allMatch(Map::isEmpty), "expired");
        assertNull(get(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.").get(row), "the row is gone");
    }

    @Test
    void aGrantFromTheWebConsolesPortIsTheGrantUspAnswersWithAndItsRevokeEndsIt() throws Exception {
        org.cpebridge.privacy.HouseholdPrivacy console = h.agent.householdPrivacy(Runnable::run);
        assertTrue(get(ISP, PLUG_VALUE).values().stream().allMatch(Map::isEmpty), "STATE hidden before the grant");
        assertTrue(console.logEntries().stream().anyMatch(e -> e.controller().equals(ISP)
                && e.decision() == org.cpebridge.privacy.audit.Decision.DENIED), "the console sees the denial");
        org.cpebridge.privacy.grant.Grant made = console.grant(ISP, PLUG, "STATE", 3600, "from the console");
        String row = "Device.X_CPEBRIDGE_Privacy.Grant." + made.number() + ".";
        assertEquals("from the console", get(HOUSEHOLD, row).get(row).get("Reason"), "USP shows the grant");
        assertEquals("false", get(ISP, PLUG_VALUE).get(PLUG + "IoTCapability.1.BinaryControl.").get("Value"));
        assertEquals(List.of(made), console.grants());

        assertTrue(console.revoke(made.number()));
        assertNull(get(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.").get(row), "the row is gone from USP");
        assertTrue(get(ISP, PLUG_VALUE).values().stream().allMatch(Map::isEmpty), "hidden again");
        assertEquals("intact", console.verifyLog().describe());
        org.cpebridge.privacy.HouseholdPrivacy.Controller isp = console.controllers().stream()
                .filter(c -> c.endpointId().equals(ISP)).findFirst().orElseThrow();
        assertEquals(List.of("ISP-Operations"), isp.roles());
        assertEquals(java.util.Set.of(org.cpebridge.core.model.PrivacyClass.INVENTORY,
                org.cpebridge.core.model.PrivacyClass.HEALTH), isp.reach());
        assertFalse(isp.household());
        assertTrue(console.controllers().stream().anyMatch(c -> c.endpointId().equals(HOUSEHOLD) && c.household()));
        assertTrue(console.exportLogJson().contains(ISP));
    }

    @Test
    void aSearchTargetGrantFollowsTheDeviceItNames() throws Exception {
        grant(ISP, "Device.ProxiedDevice.[Name==\"Kettle plug\"].", "STATE", 30L * 24 * 3600);
        assertEquals("false", get(ISP, PLUG_VALUE).get(PLUG + "IoTCapability.1.BinaryControl.").get("Value"));
        assertTrue(get(ISP, LAMP + "IoTCapability.1.BinaryControl.Value").values().stream()
                .allMatch(Map::isEmpty));
    }

    @Test
    void revokeStopsNotificationsAtOnceAndGrantsSurviveARestart() throws Exception {
        String row = grant(ISP, PLUG, "STATE", 3600);
        String kept = grant(ISP, LAMP, "STATE", 3600);
        h.subscribeAs(ISP, "v", "ValueChange", PLUG_VALUE, "Persistent", "true");
        h.sent.clear();
        switchPlug(true);
        assertEquals(List.of(ISP), h.sent.stream().map(Map.Entry::getKey).toList(), "granted: notified");

        UspMsg.Msg byIsp = operate(ISP, row + "Revoke()");
        assertFalse(byIsp.toString().contains("req_output_args"), "only the household revokes");
        assertTrue(operate(HOUSEHOLD, row + "Revoke()").toString().contains("req_output_args"));
        h.sent.clear();
        switchPlug(false);
        assertEquals(List.of(), h.sent, "revoked: not notified");

        h.restart();
        assertEquals(Set.of("Device.X_CPEBRIDGE_Privacy.Grant.2."), get(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.Grant.")
                .keySet());
        assertEquals(kept, "Device.X_CPEBRIDGE_Privacy.Grant.2.");
        assertTrue(get(ISP, PLUG_VALUE).values().stream().allMatch(Map::isEmpty));
        assertFalse(get(ISP, LAMP + "IoTCapability.1.BinaryControl.Value").values().stream()
                .allMatch(Map::isEmpty));
    }

    @Test
    void onlyTheHouseholdGrantsAndBadGrantsAreRefused() throws Exception {
        UspMsg.Msg byIsp = operate(ISP, "Device.X_CPEBRIDGE_Privacy.Grant()", "Controller", ISP, "Target", PLUG,
                "Classes", "STATE", "Duration", "60");
        assertFalse(byIsp.toString().contains("req_output_args"), byIsp.toString());
        for (String[] bad : new String[][] {
            {"Controller", "proto::nobody", "Target", PLUG, "Classes", "STATE", "Duration", "60"},
            {"Controller", ISP, "Target", "Device.LocalAgent.", "Classes", "STATE", "Duration", "60"},
            {"Controller", ISP, "Target", PLUG, "Classes", "MOOD", "Duration", "60"},
            {"Controller", ISP, "Target", PLUG, "Classes", "STATE", "Duration", "soon"},
        }) {
            UspMsg.OperateResp.OperationResult r = operate(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.Grant()", bad)
                    .getBody().getResponse().getOperateResp().getOperationResults(0);
            assertEquals(7027, r.getCmdFailure().getErrCode(), r.toString());
        }
        assertEquals("0", get(HOUSEHOLD, "Device.X_CPEBRIDGE_Privacy.GrantNumberOfEntries")
                .get("Device.X_CPEBRIDGE_Privacy.").get("GrantNumberOfEntries"));
    }

    // ------------------------------------------------------------------ energy without surveillance

    @Test
    void withTheHouseholdsOptInTheIspGetsWholeHomeDailyEnergyAndNothingFiner() throws Exception {
        assertTrue(get(ISP, "Device.X_CPEBRIDGE_Privacy.DailyEnergy.").isEmpty(), "no opt-in: nothing");
        h.close();
        h = new NotifyHarness(dir.resolve("opt-in"), Instant.parse("2026-12-06T08:00:00Z"), PrivacyRules.parse(
                "test", "format 1\nrole Household all\nrole ISP-Operations INVENTORY,HEALTH\n"
                        + "energy-daily-totals on\n"));
        addIspController(ISP, "usp/isp");
        org.cpebridge.core.model.DeviceId meter = org.cpebridge.core.model.DeviceId.of("zigbee", "0x00124b00000e0001");
        h.core.registry.register(org.cpebridge.core.model.Device.builder(meter).vendor("Acme").model("Meter M")
                .name("Home meter").capabilities(org.cpebridge.core.model.Capability.of(
                        org.cpebridge.core.model.CapabilityType.ENERGY_METER)).build());
        for (double kWh : new double[] {120.0, 123.4}) {
            h.core.registry.updateState(meter, "energy", "energy", Value.of(kWh));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (!h.core.store().read("privacy/daily-energy").map(r -> r.textOfFormat(1)).orElse("")
                    .contains(Double.toString(kWh))) {
                assertTrue(System.nanoTime() < deadline, "the reading was not counted");
                Thread.sleep(10);
            }
        }
        assertTrue(get(ISP, "Device.X_CPEBRIDGE_Privacy.DailyEnergy.").isEmpty(), "the running day is not shown");
        h.clock.advance(Duration.ofDays(1));
        long day = java.time.LocalDate.parse("2026-12-06").toEpochDay();
        assertEquals(Map.of("Device.X_CPEBRIDGE_Privacy.DailyEnergy." + day + ".", Map.of("Date", "2026-12-06",
                "Energy", "3.4")), get(ISP, "Device.X_CPEBRIDGE_Privacy.DailyEnergy."));
        String meterRow = "Device.ProxiedDevice.5.";
        assertTrue(get(ISP, meterRow + "IoTCapability.1.LevelSensor.Value").values().stream().allMatch(Map::isEmpty),
                "never the meter's own readings");
        assertEquals("123.4", get(HOUSEHOLD, meterRow + "IoTCapability.1.LevelSensor.Value")
                .get(meterRow + "IoTCapability.1.LevelSensor.").get("Value"));
        assertTrue(get(ISP, "Device.X_CPEBRIDGE_Privacy.Grant.").isEmpty(), "and still not the grants");
    }

    /** The message's fields as text: a lite message's toString() starts with a line naming the object's identity. */
    private static String fields(UspMsg.Msg msg) {
        return msg.toString().replaceFirst("^# [^\n]*\n", "");
    }
}
