package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.Value;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.AccessRequest;
import org.cpebridge.privacy.policy.DeviceTarget;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.usp.agent.model.DeviceTargets;
import org.cpebridge.usp.agent.model.InstanceNumbers;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam between the agent and the privacy-policy module: a privacy policy that knows only core devices and
 * privacy classes decides together with the ControllerTrust roles (both must allow), for Get and for Notify.
 */
class PrivacyPolicySeamTest {
    private static final String CONTROLLER = "proto::cpe-bridge-controller";
    // FakeAdapter registry order: SENSOR 1, DOOR 2, PLUG 3, LIGHT 4.
    private static final String PLUG = "Device.ProxiedDevice.3.";
    private static final String PLUG_SWITCH = PLUG + "IoTCapability.1.BinaryControl.";

    @TempDir
    Path dir;

    private TestFaceContext context;
    private AgentModel agent;
    private final List<Map.Entry<String, UspMsg.Msg>> notifications = new CopyOnWriteArrayList<>();
    private final List<AccessRequest> asked = new CopyOnWriteArrayList<>();

    /** Denies STATE data to everyone, allows the rest; records what it was asked. */
    private final AccessPolicy noState = request -> {
        asked.add(request);
        return request.device().map(d -> d.privacy() == PrivacyClass.STATE).orElse(false) ? Rights.NONE
                : Rights.ALL;
    };

    @BeforeEach
    void setUp() {
        context = new TestFaceContext(dir, Map.of());
        context.adapter.registerDevices();
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run,
                (controller, msg) -> notifications.add(Map.entry(controller, msg)), noState);
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private Map<String, Map<String, String>> get(String controller, String... paths) throws Exception {
        return Msgs.resolved(agent.handle(controller, Msgs.get("g", paths)).toCompletableFuture()
                .get(20, TimeUnit.SECONDS).orElseThrow());
    }

    private void subscribe(String id, String references) throws Exception {
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Subscription.");
        Map.of("Enable", "true", "ID", id, "NotifType", "ValueChange", "ReferenceList", references)
                .forEach((k, v) -> create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(k)
                        .setValue(v).setRequired(true)));
        UspMsg.Msg reply = agent.handle(CONTROLLER, Msgs.request("add-" + id, UspMsg.Header.MsgType.ADD,
                UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()))
                .toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow();
        assertTrue(reply.getBody().getResponse().hasAddResp(), reply.toString());
    }

    @Test
    void aPolicyDenyingStateHidesValueButNotName() throws Exception {
        Map<String, String> control = get(CONTROLLER, PLUG_SWITCH).get(PLUG_SWITCH);
        assertEquals("Switch", control.get("Type"), "INVENTORY stays visible");
        assertFalse(control.containsKey("Value"), "STATE is hidden from Get (R-GET.4)");
        assertEquals("Kettle plug", get(CONTROLLER, PLUG + "Name").get(PLUG).get("Name"), "IDENTITY stays visible");
        assertTrue(get(CONTROLLER, PLUG_SWITCH + "Value").values().stream().allMatch(Map::isEmpty));
    }

    @Test
    void aPolicyDenyingStateWithholdsValueChangeButNotTheRename() throws Exception {
        context.events.subscribe("test-notifier", event -> agent.notifier().onEvent(event));
        subscribe("value", PLUG_SWITCH + "Value");
        subscribe("name", PLUG + "Name");
        context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(true));
        context.registry.rename(FakeAdapter.PLUG, "Kettle");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (notifications.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // Events reach the notifier in order: once the rename is notified, the switch has been decided.
        assertEquals(1, notifications.size(), notifications.toString());
        UspMsg.Notify notify = notifications.get(0).getValue().getBody().getRequest().getNotify();
        assertEquals("name", notify.getSubscriptionId());
        assertEquals("Kettle", notify.getValueChange().getParamValue());
        assertTrue(asked.stream().anyMatch(r -> r.path().equals(PLUG_SWITCH + "Value") && r.device().isPresent()
                && r.device().get().privacy() == PrivacyClass.STATE), "the policy saw the withheld change");
    }

    @Test
    void thePrivacyPolicyIsNotAskedWhenTheRolesAlreadyDeny() throws Exception {
        get("proto::stranger", PLUG_SWITCH + "Value");
        assertEquals(List.of(), asked.stream().filter(r -> r.controllerId().equals("proto::stranger")).toList());
    }

    @Test
    void devicePathsMapToCoreDataAndPrivacyClasses() {
        DeviceTargets targets = new DeviceTargets(context.registry, new InstanceNumbers(context.store));
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.PLUG, "onOff", "on", PrivacyClass.STATE)),
                targets.of(PLUG_SWITCH + "Value"));
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.PLUG, "onOff", "toggle", PrivacyClass.CONTROL)),
                targets.of(PLUG_SWITCH + "Toggle()"));
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.PLUG, "onOff", "", PrivacyClass.INVENTORY)),
                targets.of(PLUG_SWITCH + "Type"));
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.PLUG, "electricalPower", "power", PrivacyClass.ENERGY)),
                targets.of(PLUG + "IoTCapability.2.LevelSensor.Value"));
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.PLUG, "", "name", PrivacyClass.IDENTITY)),
                targets.of(PLUG + "Name"));
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.PLUG, "", "reachable", PrivacyClass.HEALTH)),
                targets.of(PLUG + "Online"));
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.PLUG, "", "", PrivacyClass.INVENTORY)),
                targets.of(PLUG));
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.DOOR, "contact", "open", PrivacyClass.STATE)),
                targets.of("Device.ProxiedDevice.2.IoTCapability.1.BinarySensor.LastChange"),
                "when a value changed tells as much as the value");
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.PLUG, "", "lasttimecontacted", PrivacyClass.ACTIVITY)),
                targets.of(PLUG + "LastTimeContacted"), "it moves whenever someone switches the device");
        assertEquals(Optional.of(new DeviceTarget(FakeAdapter.PLUG, "", "reachable", PrivacyClass.HEALTH)),
                targets.of(PLUG + "X_CPEBRIDGE_LastHealthContact"));
        // Supported Data Model paths (GetSupportedDM): the member's usual class, the more private where rows differ.
        assertEquals(Optional.of(new DeviceTarget(DeviceTargets.ANY_DEVICE, "", "Value", PrivacyClass.STATE)),
                targets.of("Device.ProxiedDevice.{i}.IoTCapability.{i}.LevelSensor.Value"));
        assertEquals(PrivacyClass.IDENTITY, targets.of("Device.ProxiedDevice.{i}.Name").orElseThrow().privacy());
        assertEquals(PrivacyClass.INVENTORY, targets.of("Device.ProxiedDevice.{i}.").orElseThrow().privacy());
        for (String none : List.of("Device.DeviceInfo.SerialNumber", "Device.ProxiedDevice.99.Name",
                "Device.ProxiedDevice.*.Name", "Device.ProxiedDevice.")) {
            assertEquals(Optional.empty(), targets.of(none), none);
        }
    }

    @Test
    void perRequestOneObjectsItemsShareALookupAndTheNextObjectOrRequestLooksAgain() {
        java.util.concurrent.atomic.AtomicLong request = new java.util.concurrent.atomic.AtomicLong();
        DeviceTargets targets = DeviceTargets.perRequest(context.registry, new InstanceNumbers(context.store),
                request::get);
        assertEquals(PrivacyClass.STATE, targets.of(PLUG_SWITCH + "Value").orElseThrow().privacy());
        context.registry.remove(FakeAdapter.PLUG);
        assertEquals(PrivacyClass.STATE, targets.of(PLUG_SWITCH + "LastChange").orElseThrow().privacy(),
                "the same object in the same request: the device looked up for its Value");
        assertEquals(Optional.empty(), targets.of(PLUG + "IoTCapability.2.LevelSensor.Value"), "another object");
        assertEquals(Optional.empty(), targets.of(PLUG_SWITCH + "Value"), "and back: looked up again");
        request.incrementAndGet();
        assertEquals(Optional.empty(), targets.of(PLUG_SWITCH + "LastChange"), "the next request looks again");
        // Without a request number (the notifier's): every question asks the registry.
        DeviceTargets each = new DeviceTargets(context.registry, new InstanceNumbers(context.store));
        assertEquals(Optional.empty(), each.of(PLUG_SWITCH + "Value"));
    }

    /**
     * The access policy skips the device lookup where the path alone tells the class (and the Controller's roles
     * reach it): for every path, real ones from a Get and odd ones, that class must be the one the lookup gives.
     */
    @Test
    void theClassAPathAloneTellsIsTheOneTheDeviceLookupGives() throws Exception {
        DeviceTargets targets = new DeviceTargets(context.registry, new InstanceNumbers(context.store));
        java.util.Set<String> paths = new java.util.TreeSet<>();
        for (Map.Entry<String, Map<String, String>> object : get(CONTROLLER, "Device.ProxiedDevice.").entrySet()) {
            paths.add(object.getKey());
            object.getValue().keySet().forEach(name -> paths.add(object.getKey() + name));
            for (String member : List.of("Value", "LastChange", "LastContactTime", "Toggle()", "StepUp()",
                    "X_CPEBRIDGE_CapabilityEvent!")) {
                paths.add(object.getKey() + member);
            }
        }
        assertTrue(paths.size() > 50, paths.toString());
        List<String> rows = List.of("", "Name", "Description", "Online", "X_CPEBRIDGE_LastHealthContact",
                "LastTimeContacted", "Alias", "Type", "X_CPEBRIDGE_CapabilityEvent!", "IoTCapability",
                "IoTCapability.", "Other.Name", "{i}");
        List<String> members = List.of("", "Alias", "Name", "BinaryControl", "BinaryControl.",
                "BinaryControl.Type", "BinaryControl.Value", "BinaryControl.LastChange",
                "BinaryControl.LastContactTime", "BinaryControl.Toggle()", "BinaryControl.()", "LevelSensor.Value",
                "LevelSensor.Unit", "X.Value.Y", "X.Name", "Value", "Value.Value");
        for (String device : List.of("1", "2", "3", "4", "99", "03", "0", "*", "{i}", "x", "")) {
            String row = "Device.ProxiedDevice." + device;
            paths.add(row);
            rows.forEach(r -> paths.add(row + "." + r));
            for (String k : List.of("1", "2", "3", "9", "0", "*", "{i}", "x", "")) {
                members.forEach(m -> paths.add(row + ".IoTCapability." + k + "." + m));
            }
        }
        paths.add("Device.DeviceInfo.SerialNumber");
        paths.add("Device.ProxiedDeviceNumberOfEntries");
        int told = 0;
        for (String path : paths) {
            PrivacyClass byPath = DeviceTargets.classOfPath(path);
            Optional<DeviceTarget> looked = targets.of(path);
            if (byPath != null) {
                told++;
                assertTrue(looked.isEmpty() || looked.get().privacy() == byPath,
                        path + ": the path tells " + byPath + ", the device " + looked);
            }
        }
        assertTrue(told > paths.size() / 3, told + " of " + paths.size());
        assertEquals(PrivacyClass.IDENTITY, DeviceTargets.classOfPath(PLUG + "Name"));
        assertEquals(PrivacyClass.HEALTH, DeviceTargets.classOfPath(PLUG + "Online"));
        assertEquals(PrivacyClass.ACTIVITY, DeviceTargets.classOfPath(PLUG + "LastTimeContacted"));
        assertEquals(PrivacyClass.INVENTORY, DeviceTargets.classOfPath(PLUG_SWITCH + "Type"));
        assertEquals(PrivacyClass.INVENTORY, DeviceTargets.classOfPath(PLUG_SWITCH));
        // The value, its times and the commands are the core attribute's or command's class: the device decides.
        for (String member : List.of("Value", "LastChange", "LastContactTime", "Toggle()")) {
            assertEquals(null, DeviceTargets.classOfPath(PLUG_SWITCH + member), member);
        }
        assertEquals(null, DeviceTargets.classOfPath("Device.ProxiedDevice.{i}.Name"), "Supported Data Model path");
        assertEquals(null, DeviceTargets.classOfPath("Device.DeviceInfo.SerialNumber"));
    }
}
