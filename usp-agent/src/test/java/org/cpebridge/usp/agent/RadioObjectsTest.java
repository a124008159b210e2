package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Device.ZigBee.} from the radio network a Zigbee adapter reports to the core (TR-181 2.19 ZigBee.Interface
 * and AssociatedDevice names; IEEE_EUI64 and ZigBeeNetworkAddress formats of TR-106), the vendor
 * {@code Device.X_CPEBRIDGE_ULE.} from the DECT adapter's, and {@code ProxiedDevice.{i}.InterfaceReference} pointing at
 * the device's row there.
 */
class RadioObjectsTest {
    private static final String CONTROLLER = "proto::cpe-bridge-controller";
    // Registry order numbers the devices: dect SENSOR 1, dect DOOR 2, zigbee PLUG 3, zigbee LIGHT 4.
    private static final String PLUG = "Device.ProxiedDevice.3.";
    private static final String SENSOR = "Device.ProxiedDevice.1.";

    @TempDir
    Path dir;

    private TestFaceContext context;
    private AgentModel agent;

    @BeforeEach
    void setUp() {
        context = new TestFaceContext(dir, Map.of());
        context.adapter.registerDevices();
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run,
                (controller, msg) -> { });
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private Map<String, Map<String, String>> get(String... paths) throws Exception {
        UspMsg.Msg reply = agent.handle(CONTROLLER, Msgs.get("g", paths)).toCompletableFuture()
                .get(20, TimeUnit.SECONDS).orElseThrow();
        return Msgs.resolved(reply);
    }

    private static RadioNetwork network(boolean up, boolean plugActive) {
        return new RadioNetwork("zigbee", RadioNetwork.ZIGBEE, up, "0x00124b0018e1f2a3",
                Map.of(RadioNetwork.CHANNEL, "15", RadioNetwork.PAN_ID, "1a62",
                        RadioNetwork.EXTENDED_PAN_ID, "dddddddddddddddd", RadioNetwork.SOFTWARE_VERSION, "2.1.3",
                        RadioNetwork.COORDINATOR_TYPE, "zStack3x0"),
                List.of(new RadioNetwork.Node(Optional.of(FakeAdapter.PLUG), FakeAdapter.PLUG.nativeId(), "7b39",
                                "Router", plugActive),
                        new RadioNetwork.Node(Optional.empty(), "0x00158d0001000001", "", "EndDevice", false)));
    }

    @Test
    void noNetworkReportedMeansNoInterface() throws Exception {
        assertEquals("0", get("Device.ZigBee.").get("Device.ZigBee.").get("InterfaceNumberOfEntries"));
        assertEquals("", get(PLUG + "InterfaceReference").get(PLUG).get("InterfaceReference"));
    }

    @Test
    void theReportedNetworkIsTheZigBeeInterface() throws Exception {
        context.registry.reportNetwork(network(true, true));
        Map<String, Map<String, String>> zigbee = get("Device.ZigBee.");
        assertEquals("1", zigbee.get("Device.ZigBee.").get("InterfaceNumberOfEntries"));
        Map<String, String> iface = zigbee.get("Device.ZigBee.Interface.1.");
        assertEquals("Up", iface.get("Status"));
        assertEquals("true", iface.get("Enable"));
        assertEquals("zigbee", iface.get("Name"));
        assertEquals("00:12:4B:00:18:E1:F2:A3", iface.get("IEEEAddress"));
        assertEquals("0000", iface.get("NetworkAddress"));
        assertEquals("2", iface.get("AssociatedDeviceNumberOfEntries"));
        assertEquals("15", iface.get("X_CPEBRIDGE_Channel"));
        assertEquals("1a62", iface.get("X_CPEBRIDGE_PANID"));
        assertEquals("dddddddddddddddd", iface.get("X_CPEBRIDGE_ExtendedPANID"));
        assertEquals("2.1.3", iface.get("X_CPEBRIDGE_SoftwareVersion"));
        Map<String, String> plug = zigbee.get("Device.ZigBee.Interface.1.AssociatedDevice.1.");
        assertEquals("00:12:4B:00:01:A2:B3:C4", plug.get("IEEEAddress"));
        assertEquals("7B39", plug.get("NetworkAddress"));
        assertEquals("true", plug.get("Active"));
        assertEquals("Router", plug.get("X_CPEBRIDGE_Role"));
        Map<String, String> router = zigbee.get("Device.ZigBee.Interface.1.AssociatedDevice.2.");
        assertEquals("", router.get("NetworkAddress"));
        assertEquals("false", router.get("Active"));

        assertEquals("Device.ZigBee.Interface.1.AssociatedDevice.1.",
                get(PLUG + "InterfaceReference").get(PLUG).get("InterfaceReference"));
        assertEquals("", get(SENSOR + "InterfaceReference").get(SENSOR).get("InterfaceReference"));
        // Reference following from the device to its radio row.
        Map<String, Map<String, String>> followed = get(PLUG + "InterfaceReference+.IEEEAddress");
        assertTrue(followed.values().stream().anyMatch(v -> "00:12:4B:00:01:A2:B3:C4".equals(v.get("IEEEAddress"))),
                followed.toString());
    }

    @Test
    void aDownNetworkAndAnInactiveNodeShowAsSuch() throws Exception {
        context.registry.reportNetwork(network(true, true));
        get("Device.ZigBee.");
        context.registry.reportNetwork(network(false, false));
        Map<String, Map<String, String>> zigbee = get("Device.ZigBee.Interface.1.");
        assertEquals("Down", zigbee.get("Device.ZigBee.Interface.1.").get("Status"));
        assertEquals("false", zigbee.get("Device.ZigBee.Interface.1.AssociatedDevice.1.").get("Active"));
        // The numbers stay with the nodes while the agent runs.
        assertEquals("00:12:4B:00:01:A2:B3:C4",
                zigbee.get("Device.ZigBee.Interface.1.AssociatedDevice.1.").get("IEEEAddress"));
    }

    @Test
    void searchExpressionsWorkOnAssociatedDevices() throws Exception {
        context.registry.reportNetwork(network(true, true));
        Map<String, Map<String, String>> active = get("Device.ZigBee.Interface.1.AssociatedDevice.[Active==true].");
        assertEquals(1, active.size(), active.toString());
    }

    @Test
    void theUleNetworkIsTheVendorObject() throws Exception {
        assertEquals("NotPresent", get("Device.X_CPEBRIDGE_ULE.Status").get("Device.X_CPEBRIDGE_ULE.").get("Status"));
        context.registry.reportNetwork(new RadioNetwork("dect", RadioNetwork.DECT_ULE, true, "", Map.of(), List.of(
                new RadioNetwork.Node(Optional.of(FakeAdapter.SENSOR), FakeAdapter.SENSOR.nativeId(), "0001",
                        "Sleepy", true))));
        Map<String, Map<String, String>> ule = get("Device.X_CPEBRIDGE_ULE.");
        assertEquals("Up", ule.get("Device.X_CPEBRIDGE_ULE.").get("Status"));
        assertEquals("1", ule.get("Device.X_CPEBRIDGE_ULE.").get("NodeNumberOfEntries"));
        assertEquals(Map.of("UID", "ipui-0123456789", "Address", "0001", "Sleepy", "true", "Active", "true"),
                ule.get("Device.X_CPEBRIDGE_ULE.Node.1."));
        assertEquals("Device.X_CPEBRIDGE_ULE.Node.1.",
                get(SENSOR + "InterfaceReference").get(SENSOR).get("InterfaceReference"));
    }
}
