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
}
