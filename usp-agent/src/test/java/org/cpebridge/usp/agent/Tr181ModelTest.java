package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.core.time.TimeServerStatus;
import org.cpebridge.core.time.TimeSource;
import org.cpebridge.usp.agent.model.DeviceErrors;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TR-181 model the agent serves over a real core registry and the fake adapter, driven through the message
 * dispatcher (no MTP): DeviceInfo, LocalAgent, ProxiedDevice with IoTCapability rows, Set/Operate through the
 * CommandRouter, the ErrorKind table, and instance numbers that survive a restart.
 */
class Tr181ModelTest {
    private static final String CONTROLLER = "proto::cpe-bridge-controller";
    // Registry order numbers the devices: dect SENSOR 1, dect DOOR 2, zigbee PLUG 3, zigbee LIGHT 4.
    private static final String SENSOR = "Device.ProxiedDevice.1.";
    private static final String PLUG = "Device.ProxiedDevice.3.";
    private static final String LIGHT = "Device.ProxiedDevice.4.";

    @TempDir
    Path dir;

    private TestFaceContext context;
    private AgentModel agent;
    /** Notify messages the agent sent: (Controller Endpoint ID, message). */
    private final List<Map.Entry<String, UspMsg.Msg>> notifications = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        context = new TestFaceContext(dir, Map.of());
        context.adapter.registerDevices();
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run,
                (controller, msg) -> notifications.add(Map.entry(controller, msg)));
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private UspMsg.Msg send(String controller, UspMsg.Msg request) throws Exception {
        return agent.handle(controller, request).toCompletableFuture().get(20, TimeUnit.SECONDS)
                .orElseThrow();
    }

    private Map<String, Map<String, String>> get(String... paths) throws Exception {
        return Msgs.resolved(send(CONTROLLER, Msgs.get("g", paths)));
    }

    @Test
    void deviceInfoComesFromTheBridge() throws Exception {
        Map<String, String> info = get("Device.DeviceInfo.").get("Device.DeviceInfo.");
        assertEquals("cpe-bridge project", info.get("Manufacturer"));
        assertEquals("cpe-bridge test", info.get("ModelName"));
        assertEquals("CPEB-TEST0001", info.get("SerialNumber"));
        assertEquals("0.1.0-test", info.get("SoftwareVersion"));
        assertTrue(Long.parseLong(info.get("UpTime")) >= 0);
        assertEquals("000000", info.get("ManufacturerOUI"));
    }

    @Test
    void timeWithTheSecureTimeClientOffIsTheUnverifiedSystemClock() throws Exception {
        Map<String, Map<String, String>> time = get("Device.Time.");
        assertEquals("false", time.get("Device.Time.").get("Enable"));
        assertEquals("Disabled", time.get("Device.Time.").get("Status"));
        java.time.Instant shown = java.time.Instant.parse(time.get("Device.Time.").get("CurrentLocalTime"));
        assertTrue(Math.abs(java.time.Duration.between(shown, java.time.Instant.now()).toSeconds()) <= 2, shown::toString);
        assertEquals("Unverified", time.get("Device.Time.X_CPEBRIDGE_Roughtime.").get("Trust"));
        assertEquals("0", time.get("Device.Time.X_CPEBRIDGE_Roughtime.").get("ServerNumberOfEntries"));
    }

    @Test
    void timeShowsTheSecuredReadingAndEachRoughtimeServersLastResult() throws Exception {
        java.time.Instant checked = java.time.Instant.parse("2026-12-07T06:00:00Z");
        List<TimeServerStatus> servers = List.of(
                new TimeServerStatus("time.example.net:2002", "AAAA", TimeServerStatus.Result.AGREED,
                        java.util.Optional.of(checked), ""),
                new TimeServerStatus("[2001:db8::1]:2002", "BBBB", TimeServerStatus.Result.FAILED,
                        java.util.Optional.of(checked), "no answer within 2000 ms"));
        TimeReading secured = new TimeReading(java.time.Instant.parse("2026-12-07T06:30:15.750Z"),
                TimeReading.Trust.SECURED, java.time.Duration.ofMillis(1500));
        context.timeSource.set(timeSource(secured, servers));
        Map<String, Map<String, String>> time = get("Device.Time.");
        assertEquals("true", time.get("Device.Time.").get("Enable"));
        assertEquals("Synchronized", time.get("Device.Time.").get("Status"));
        assertEquals("2026-12-07T06:30:15Z", time.get("Device.Time.").get("CurrentLocalTime"));
        assertEquals(Map.of("Trust", "Secured", "Uncertainty", "1500", "ServerNumberOfEntries", "2"),
                time.get("Device.Time.X_CPEBRIDGE_Roughtime."));
        assertEquals(Map.of("Address", "time.example.net:2002", "PublicKey", "AAAA", "LastResult", "Agreed",
                "LastCheck", "2026-12-07T06:00:00Z", "Detail", ""),
                time.get("Device.Time.X_CPEBRIDGE_Roughtime.Server.1."));
        assertEquals("Failed", time.get("Device.Time.X_CPEBRIDGE_Roughtime.Server.2.").get("LastResult"));
        assertEquals("no answer within 2000 ms", time.get("Device.Time.X_CPEBRIDGE_Roughtime.Server.2.").get("Detail"));

        // not secured: before the first synchronisation ends, then after one that failed
        TimeReading lastKnownGood = new TimeReading(secured.utc(), TimeReading.Trust.LAST_KNOWN_GOOD,
                java.time.Duration.ZERO);
        context.timeSource.set(timeSource(lastKnownGood, servers.stream().map(s -> new TimeServerStatus(s.address(),
                s.publicKey(), TimeServerStatus.Result.NOT_ASKED, java.util.Optional.empty(), "")).toList()));
        assertEquals("Unsynchronized", get("Device.Time.Status").get("Device.Time.").get("Status"));
        assertEquals("0001-01-01T00:00:00Z", get("Device.Time.X_CPEBRIDGE_Roughtime.Server.1.LastCheck")
                .get("Device.Time.X_CPEBRIDGE_Roughtime.Server.1.").get("LastCheck"));
        context.timeSource.set(timeSource(lastKnownGood, servers));
        assertEquals("Error_FailedToSynchronize", get("Device.Time.Status").get("Device.Time.").get("Status"));
        assertEquals("LastKnownGood", get("Device.Time.X_CPEBRIDGE_Roughtime.Trust")
                .get("Device.Time.X_CPEBRIDGE_Roughtime.").get("Trust"));
    }

    private static TimeSource timeSource(TimeReading reading, List<TimeServerStatus> servers) {
        return new TimeSource() {
            @Override
            public TimeReading read() {
                return reading;
            }

            @Override
            public List<TimeServerStatus> servers() {
                return servers;
            }
        };
    }

    @Test
    void localAgentHasTheControllerFromTheConfigurationAndTheRoles() throws Exception {
        Map<String, Map<String, String>> la = get("Device.LocalAgent.");
        assertEquals("os::000000-CPEB-TEST0001", la.get("Device.LocalAgent.").get("EndpointID"));
        assertEquals("MQTT", la.get("Device.LocalAgent.").get("SupportedProtocols"));
        assertEquals("usp/agent/t", la.get("Device.LocalAgent.MTP.1.MQTT.").get("ResponseTopicConfigured"));
        assertEquals(CONTROLLER, la.get("Device.LocalAgent.Controller.1.").get("EndpointID"));
        assertEquals("Device.LocalAgent.ControllerTrust.Role.1.",
                la.get("Device.LocalAgent.Controller.1.").get("AssignedRole"));
        assertEquals("usp/controller", la.get("Device.LocalAgent.Controller.1.MTP.1.MQTT.").get("Topic"));
        Map<String, String> permission = la.get("Device.LocalAgent.ControllerTrust.Role.1.Permission.1.");
        assertEquals("Device.", permission.get("Targets"));
        assertEquals("rwxn", permission.get("Param"));
        assertEquals("Untrusted", la.get("Device.LocalAgent.ControllerTrust.Role.2.").get("Name"));
    }

    @Test
    void unknownControllersGetTheUntrustedRoleAndSeeNothing() throws Exception {
        UspMsg.Msg reply = send("proto::stranger", Msgs.get("g", "Device.DeviceInfo.Manufacturer"));
        boolean refused = reply.getBody().hasError()
                || Msgs.resolved(reply).values().stream().allMatch(Map::isEmpty);
        assertTrue(refused, reply.toString());
    }

    @Test
    void proxiedDevicesMirrorTheRegistry() throws Exception {
        Map<String, Map<String, String>> all = get("Device.ProxiedDevice.");
        Map<String, String> plug = all.get(PLUG);
        assertEquals("Kettle plug", plug.get("Name"));
        assertEquals("PowerStrip", plug.get("Type"));
        assertEquals("ZigBee", plug.get("ProxyProtocol"));
        assertEquals("Acme Plug Z1", plug.get("Description"));
        assertEquals("true", plug.get("Online"));
        assertEquals("2", plug.get("IoTCapabilityNumberOfEntries"));
        assertFalse(plug.get("LastTimeContacted").startsWith("0001"), plug.get("LastTimeContacted"));
        assertEquals("X_CPEBRIDGE_DECT-ULE", all.get(SENSOR).get("ProxyProtocol"));
        assertEquals("Sensor", all.get(SENSOR).get("Type"));
        assertEquals("Light", all.get(LIGHT).get("Type"));

        assertEquals(Map.of("Alias", "cpe-1", "Name", "onOff.on", "Class", "BinaryControl"),
                all.get(PLUG + "IoTCapability.1."));
        assertEquals("false", all.get(PLUG + "IoTCapability.1.BinaryControl.").get("Value"));
        assertEquals("Switch", all.get(PLUG + "IoTCapability.1.BinaryControl.").get("Type"));
        // Only the object the Class names exists in a row.
        assertNull(all.get(PLUG + "IoTCapability.1.LevelSensor."));
        assertNull(all.get(PLUG + "IoTCapability.2.BinaryControl."));
        Map<String, String> power = all.get(PLUG + "IoTCapability.2.LevelSensor.");
        assertEquals("Power", power.get("Type"));
        assertEquals("W", power.get("Unit"));
        assertEquals("0", power.get("Value"));
        Map<String, String> level = all.get(LIGHT + "IoTCapability.2.LevelControl.");
        assertEquals("40", level.get("Value"));
        assertEquals("Brightness", level.get("Type"));
        assertEquals("0", level.get("MinValue"));
        assertEquals("100", level.get("MaxValue"));
        assertEquals("21.5", all.get(SENSOR + "IoTCapability.1.LevelSensor.").get("Value"));
        assertEquals("degC", all.get(SENSOR + "IoTCapability.1.LevelSensor.").get("Unit"));
        assertEquals("false", all.get("Device.ProxiedDevice.2.IoTCapability.1.BinarySensor.").get("Value"));
        assertEquals("4", get("Device.ProxiedDeviceNumberOfEntries").get("Device.").get(
                "ProxiedDeviceNumberOfEntries"));
    }

    @Test
    void wildcardOverAbsentClassObjectsSkipsThem() throws Exception {
        Map<String, Map<String, String>> values = get("Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Value");
        assertEquals(List.of(PLUG + "IoTCapability.1.BinaryControl.", LIGHT + "IoTCapability.1.BinaryControl."),
                List.copyOf(values.keySet()));
    }

    @Test
    void setNameRenamesTheCoreDevice() throws Exception {
        UspMsg.Msg reply = send(CONTROLLER, Msgs.set("s", PLUG, "Name", "Tea kettle"));
        assertTrue(reply.getBody().getResponse().hasSetResp(), reply.toString());
        assertEquals("Tea kettle", context.registry.device(FakeAdapter.PLUG).orElseThrow().name());
        assertEquals("Tea kettle", get(PLUG + "Name").get(PLUG).get("Name"));
    }

    @Test
    void setControlValueWritesThroughTheCommandRouter() throws Exception {
        UspMsg.Msg reply = send(CONTROLLER, Msgs.set("s", PLUG + "IoTCapability.1.BinaryControl.", "Value", "true"));
        assertTrue(reply.getBody().getResponse().hasSetResp(), reply.toString());
        assertEquals(new DeviceCommand.WriteAttribute(new AttributeRef(FakeAdapter.PLUG, "onOff", "on"),
                Value.of(true)), context.adapter.received.get(0));
        assertEquals(Value.of(true), context.registry.state(new AttributeRef(FakeAdapter.PLUG, "onOff", "on"))
                .orElseThrow().value());
    }

    @Test
    void setOutOfRangeIsInvalidValue7012() throws Exception {
        UspMsg.Msg reply = send(CONTROLLER, Msgs.set("s", LIGHT + "IoTCapability.2.LevelControl.", "Value", "150"));
        assertEquals(7012, firstParamErrorCode(reply), reply.toString());
    }

    @Test
    void setOnAnUnreachableDeviceIs7003() throws Exception {
        context.registry.setReachable(FakeAdapter.PLUG, false, "asleep");
        UspMsg.Msg reply = send(CONTROLLER, Msgs.set("s", PLUG + "IoTCapability.1.BinaryControl.", "Value", "true"));
        assertEquals(7003, firstParamErrorCode(reply), reply.toString());
    }

    @Test
    void operateToggleRunsTheCoreCommand() throws Exception {
        UspMsg.Msg reply = send(CONTROLLER, Msgs.operate("o", PLUG + "IoTCapability.1.BinaryControl.Toggle()"));
        UspMsg.OperateResp.OperationResult result = reply.getBody().getResponse().getOperateResp()
                .getOperationResults(0);
        assertTrue(result.hasReqOutputArgs(), reply.toString());
        assertEquals(new DeviceCommand.Invoke(FakeAdapter.PLUG, "onOff", "toggle", Map.of()),
                context.adapter.received.get(0));
        assertEquals("true", get(PLUG + "IoTCapability.1.BinaryControl.Value")
                .get(PLUG + "IoTCapability.1.BinaryControl.").get("Value"));
    }

    @Test
    void operateStepUpOnLevelControl() throws Exception {
        send(CONTROLLER, Msgs.operate("o", LIGHT + "IoTCapability.2.LevelControl.StepUp()"));
        assertEquals(Value.of(50), context.registry.state(new AttributeRef(FakeAdapter.LIGHT, "level", "level"))
                .orElseThrow().value());
    }

    @Test
    void operateOnAnUnreachableDeviceIsCommandFailure7022() throws Exception {
        context.registry.setReachable(FakeAdapter.PLUG, false, "asleep");
        UspMsg.Msg reply = send(CONTROLLER, Msgs.operate("o", PLUG + "IoTCapability.1.BinaryControl.Toggle()"));
        UspMsg.OperateResp.OperationResult result = reply.getBody().getResponse().getOperateResp()
                .getOperationResults(0);
        assertEquals(7022, result.getCmdFailure().getErrCode(), reply.toString());
    }

    @Test
    void rebootAndFactoryResetAskTheService() throws Exception {
        send(CONTROLLER, Msgs.operate("r", "Device.Reboot()"));
        send(CONTROLLER, Msgs.operate("f", "Device.FactoryReset()"));
        assertEquals(List.of("restart: USP Device.Reboot()", "factory reset: USP Device.FactoryReset()"),
                context.restarts);
    }

    @Test
    void errorKindTable() {
        // STYLE.md section 9.
        assertEquals(7016, DeviceErrors.code(ErrorKind.NOT_FOUND, DeviceErrors.Context.READ_WRITE));
        assertEquals(7010, DeviceErrors.code(ErrorKind.UNSUPPORTED, DeviceErrors.Context.READ_WRITE));
        assertEquals(7012, DeviceErrors.code(ErrorKind.INVALID_VALUE, DeviceErrors.Context.READ_WRITE));
        assertEquals(7006, DeviceErrors.code(ErrorKind.DENIED, DeviceErrors.Context.READ_WRITE));
        for (ErrorKind passing : List.of(ErrorKind.BUSY, ErrorKind.TIMEOUT, ErrorKind.UNREACHABLE)) {
            assertEquals(7003, DeviceErrors.code(passing, DeviceErrors.Context.READ_WRITE));
            assertEquals(7022, DeviceErrors.code(passing, DeviceErrors.Context.OPERATE));
        }
    }

    @Test
    void instanceNumbersSurviveARestartAndAreNeverReused() throws Exception {
        context.registry.remove(FakeAdapter.SENSOR);
        DeviceId newcomer = DeviceId.of("zigbee", "0x00124b0001a2b3ff");
        context.registry.register(Device.builder(newcomer).name("Hall switch")
                .capabilities(Capability.of(CapabilityType.ON_OFF)).build());
        assertEquals(5, agent.numbers().numberOf(newcomer));
        context.close();

        // A new core and agent over the same data directory: the registry reloads, the numbers stay.
        context = new TestFaceContext(dir, Map.of());
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run,
                (controller, msg) -> notifications.add(Map.entry(controller, msg)));
        Map<String, Map<String, String>> names = get("Device.ProxiedDevice.*.Name");
        assertEquals("Kettle plug", names.get(PLUG).get("Name"));
        assertEquals("Desk lamp", names.get(LIGHT).get("Name"));
        assertEquals("Hall switch", names.get("Device.ProxiedDevice.5.").get("Name"));
        assertNull(names.get(SENSOR));
    }

    @Test
    void controllersAddedOverUspAreStored() throws Exception {
        UspMsg.Msg add = Msgs.request("a", UspMsg.Header.MsgType.ADD, UspMsg.Request.newBuilder().setAdd(
                UspMsg.Add.newBuilder().addCreateObjs(UspMsg.Add.CreateObject.newBuilder()
                        .setObjPath("Device.LocalAgent.Controller.")
                        .addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam("EndpointID")
                                .setValue("proto::household").setRequired(true)))).build());
        UspMsg.Msg reply = send(CONTROLLER, add);
        assertTrue(reply.getBody().getResponse().hasAddResp(), reply.toString());
        context.close();
        context = new TestFaceContext(dir, Map.of());
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run,
                (controller, msg) -> notifications.add(Map.entry(controller, msg)));
        assertEquals("proto::household", get("Device.LocalAgent.Controller.2.EndpointID")
                .get("Device.LocalAgent.Controller.2.").get("EndpointID"));
    }

    private UspMsg.Msg subscribe(String controller, String id, String notifType, String references, boolean persistent)
            throws Exception {
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Subscription.");
        Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("Enable", "true");
        params.put("ID", id);
        params.put("NotifType", notifType);
        params.put("ReferenceList", references);
        params.put("Persistent", Boolean.toString(persistent));
        params.put("NotifRetry", "true");
        params.forEach((k, v) -> create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(k)
                .setValue(v).setRequired(true)));
        return send(controller, Msgs.request("add-" + id, UspMsg.Header.MsgType.ADD,
                UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()));
    }

    private UspMsg.Notify awaitNotify(java.util.function.Predicate<UspMsg.Notify> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (Map.Entry<String, UspMsg.Msg> n : notifications) {
                UspMsg.Notify notify = n.getValue().getBody().getRequest().getNotify();
                if (wanted.test(notify)) {
                    assertEquals(CONTROLLER, n.getKey());
                    assertEquals(UspMsg.Header.MsgType.NOTIFY, n.getValue().getHeader().getMsgType());
                    return notify;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such notification in " + notifications);
    }

    private void forwardCoreEvents() {
        context.events.subscribe("test-notifier", event -> agent.notifier().onEvent(event));
    }

    @Test
    void valueChangeFollowsTheDeviceWhenItChangesOnItsOwn() throws Exception {
        forwardCoreEvents();
        UspMsg.Msg added = subscribe(CONTROLLER, "NOTIFY@vc", "ValueChange",
                PLUG + "IoTCapability.1.BinaryControl.Value", false);
        assertTrue(added.getBody().getResponse().hasAddResp(), added.toString());
        Map<String, String> row = get("Device.LocalAgent.Subscription.1.").get("Device.LocalAgent.Subscription.1.");
        assertEquals("Device.LocalAgent.Controller.1.", row.get("Recipient"));
        assertFalse(row.get("CreationDate").isEmpty());

        // The plug is switched at the wall: the adapter reports, the core emits StateChanged, no polling.
        context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(true));
        UspMsg.Notify notify = awaitNotify(n -> n.hasValueChange());
        assertEquals("NOTIFY@vc", notify.getSubscriptionId());
        assertTrue(notify.getSendResp(), "NotifRetry=true asks for a NotifyResp");
        assertEquals(PLUG + "IoTCapability.1.BinaryControl.Value", notify.getValueChange().getParamPath());
        assertEquals("true", notify.getValueChange().getParamValue());
        // Another device's change is not covered by this reference.
        context.registry.updateState(FakeAdapter.LIGHT, "onOff", "on", Value.of(false));
        Thread.sleep(200);
        assertEquals(1, notifications.size(), notifications.toString());
    }

    @Test
    void wildcardSubscriptionCoversEveryDevice() throws Exception {
        forwardCoreEvents();
        subscribe(CONTROLLER, "all-switches", "ValueChange",
                "Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Value", false);
        context.registry.updateState(FakeAdapter.LIGHT, "onOff", "on", Value.of(false));
        UspMsg.Notify notify = awaitNotify(n -> n.getValueChange().getParamPath().startsWith(LIGHT));
        assertEquals("false", notify.getValueChange().getParamValue());
    }

    /**
     * TP-469 1.84 (Notification - Subscription using search paths): the test plan's ReferenceList is a wildcard path
     * (BootParameter.*.Enable, not served here; ProxiedDevice.*.Name plays its part), and search expressions are
     * evaluated against the live model when the event comes, so only the light's switch notifies.
     */
    @Test
    void tp1_84_subscriptionsUsingSearchPaths() throws Exception {
        forwardCoreEvents();
        UspMsg.Msg added = subscribe(CONTROLLER, "notify84", "ValueChange", "Device.ProxiedDevice.*.Name", false);
        assertTrue(added.getBody().getResponse().hasAddResp(), added.toString());
        assertTrue(send(CONTROLLER, Msgs.set("s84", PLUG, "Name", "Kettle")).getBody().getResponse().hasSetResp());
        UspMsg.Notify renamed = awaitNotify(n -> n.getSubscriptionId().equals("notify84"));
        assertEquals(PLUG + "Name", renamed.getValueChange().getParamPath());
        assertEquals("Kettle", renamed.getValueChange().getParamValue());

        subscribe(CONTROLLER, "lights", "ValueChange",
                "Device.ProxiedDevice.[Type==\"Light\"].IoTCapability.*.BinaryControl.Value", false);
        context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(true));
        context.registry.updateState(FakeAdapter.LIGHT, "onOff", "on", Value.of(false));
        UspMsg.Notify light = awaitNotify(n -> n.getSubscriptionId().equals("lights"));
        assertEquals(LIGHT + "IoTCapability.1.BinaryControl.Value", light.getValueChange().getParamPath());
        Thread.sleep(200);
        assertEquals(1, notifications.stream().filter(n -> n.getValue().getBody().getRequest().getNotify()
                .getSubscriptionId().equals("lights")).count(), "the plug is not a Light: " + notifications);
    }

    @Test
    void renameAndNewDevicesAreNotified() throws Exception {
        forwardCoreEvents();
        subscribe(CONTROLLER, "names", "ValueChange", "Device.ProxiedDevice.*.Name", false);
        subscribe(CONTROLLER, "created", "ObjectCreation", "Device.ProxiedDevice.", false);
        subscribe(CONTROLLER, "deleted", "ObjectDeletion", "Device.ProxiedDevice.", false);
        context.registry.rename(FakeAdapter.DOOR, "Back door");
        assertEquals("Back door", awaitNotify(n -> n.getSubscriptionId().equals("names")).getValueChange()
                .getParamValue());
        DeviceId newcomer = DeviceId.of("zigbee", "0x00124b0001a2b3ff");
        context.registry.register(Device.builder(newcomer).name("Hall switch")
                .capabilities(Capability.of(CapabilityType.ON_OFF)).build());
        UspMsg.Notify created = awaitNotify(n -> n.hasObjCreation());
        assertEquals("Device.ProxiedDevice.5.", created.getObjCreation().getObjPath());
        assertEquals(Map.of("Alias", "cpe-5"), created.getObjCreation().getUniqueKeysMap());
        context.registry.remove(newcomer);
        assertEquals("Device.ProxiedDevice.5.", awaitNotify(n -> n.hasObjDeletion()).getObjDeletion().getObjPath());
    }

    @Test
    void persistentSubscriptionsSurviveARestartAndOthersDoNot() throws Exception {
        subscribe(CONTROLLER, "kept", "ValueChange", PLUG + "IoTCapability.1.BinaryControl.Value", true);
        subscribe(CONTROLLER, "dropped", "ValueChange", PLUG + "IoTCapability.1.BinaryControl.Value", false);
        context.close();
        context = new TestFaceContext(dir, Map.of());
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run,
                (controller, msg) -> notifications.add(Map.entry(controller, msg)));
        forwardCoreEvents();
        Map<String, Map<String, String>> rows = get("Device.LocalAgent.Subscription.");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("kept", rows.get("Device.LocalAgent.Subscription.1.").get("ID"));
        context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(true));
        assertEquals("kept", awaitNotify(n -> n.hasValueChange()).getSubscriptionId());
    }

    @Test
    void bootEventGoesToEventSubscriptions() throws Exception {
        subscribe(CONTROLLER, "boot", "Event", "Device.Boot!", true);
        subscribe(CONTROLLER, "values", "ValueChange", "Device.", false);
        agent.notifier().boot("LocalReboot");
        UspMsg.Notify boot = awaitNotify(UspMsg.Notify::hasEvent);
        assertEquals("boot", boot.getSubscriptionId());
        assertEquals("Device.", boot.getEvent().getObjPath());
        assertEquals("Boot!", boot.getEvent().getEventName());
        assertEquals("LocalReboot", boot.getEvent().getParamsMap().get("Cause"));
        assertEquals(1, notifications.size(), notifications.toString());
    }

    @Test
    void unknownControllersCannotSubscribe() throws Exception {
        UspMsg.Msg reply = subscribe("proto::stranger", "x", "ValueChange", "Device.", false);
        assertTrue(reply.getBody().hasError() || reply.getBody().getResponse().getAddResp().getCreatedObjResults(0)
                .getOperStatus().hasOperFailure(), reply.toString());
        assertTrue(get("Device.LocalAgent.Subscription.").isEmpty());
    }

    private static int firstParamErrorCode(UspMsg.Msg reply) {
        if (reply.getBody().hasError()) {
            UspMsg.Error error = reply.getBody().getError();
            return error.getParamErrsCount() > 0 ? error.getParamErrs(0).getErrCode() : error.getErrCode();
        }
        UspMsg.SetResp.UpdatedObjectResult.OperationStatus status = reply.getBody().getResponse().getSetResp()
                .getUpdatedObjResults(0).getOperStatus();
        UspMsg.SetResp.UpdatedObjectResult.OperationStatus.OperationFailure failure = status.getOperFailure();
        if (failure.getUpdatedInstFailuresCount() > 0
                && failure.getUpdatedInstFailures(0).getParamErrsCount() > 0) {
            return failure.getUpdatedInstFailures(0).getParamErrs(0).getErrCode();
        }
        return failure.getErrCode();
    }
}
