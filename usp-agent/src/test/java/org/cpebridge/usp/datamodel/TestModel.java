package org.cpebridge.usp.datamodel;

import static org.cpebridge.usp.datamodel.ParameterSchema.readOnly;
import static org.cpebridge.usp.datamodel.ParameterSchema.readWrite;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small TR-181-shaped model for tests: DeviceInfo, LocalAgent.Controller.{i}.MTP.{i}, ProxiedDevice.{i} with
 * IoTCapability.{i}.BinaryControl, a reference parameter, sync, async and argument-checking commands, and an event.
 * Names and shapes follow tr-181-2-19-0-iot.xml and tr-181-2-19-0-localagent.xml (BroadbandForum/usp-data-models).
 */
public final class TestModel {
    public final ObjectSchema root;
    public final InMemoryObjectProvider provider = new InMemoryObjectProvider();
    public final DataModel model;
    public final AtomicInteger reboots = new AtomicInteger();
    /** Completes the async SelfTestDiagnostics() command when the test says so. */
    public final CompletableFuture<Map<String, String>> selfTest = new CompletableFuture<>();
    /** The input arguments SelfTestDiagnostics() was last called with. */
    public final java.util.concurrent.atomic.AtomicReference<Map<String, String>> selfTestArgs =
            new java.util.concurrent.atomic.AtomicReference<>();

    public TestModel() {
        ObjectSchema.Builder deviceInfo = ObjectSchema.builder("DeviceInfo")
                .parameter(readOnly("Manufacturer", ParamType.STRING))
                .parameter(readOnly("SoftwareVersion", ParamType.STRING))
                .parameter(readWrite("ProvisioningCode", ParamType.STRING))
                .parameter(readOnly("UpTime", ParamType.UNSIGNED_INT));
        ObjectSchema.Builder mtp = ObjectSchema.builder("MTP").table(ObjectAccess.ADD_DELETE)
                .parameter(new ParameterSchema("Alias", ParamType.STRING, ParamAccess.WRITE_ONCE_READ_ONLY, false,
                        false, List.of(), "", true))
                .parameter(readWrite("Enable", ParamType.BOOLEAN))
                .parameter(readWrite("Protocol", ParamType.STRING).withEnumeration("MQTT", "WebSocket")
                        .withDefault("MQTT"))
                .uniqueKey("Alias");
        ObjectSchema.Builder controller = ObjectSchema.builder("Controller").table(ObjectAccess.ADD_DELETE)
                .parameter(readWrite("Alias", ParamType.STRING))
                .parameter(readWrite("EndpointID", ParamType.STRING))
                .parameter(readWrite("Enable", ParamType.BOOLEAN))
                .parameter(readWrite("PeriodicNotifInterval", ParamType.UNSIGNED_INT).withDefault("86400"))
                .parameter(readWrite("AssignedRole", ParamType.STRING).asReference(true))
                .parameter(readOnly("MTPNumberOfEntries", ParamType.UNSIGNED_INT))
                .uniqueKey("Alias").uniqueKey("EndpointID")
                .command(new CommandSchema("ScheduleTimer", List.of("DelaySeconds"), Set.of("DelaySeconds"),
                        List.of(), false))
                .child(mtp);
        ObjectSchema.Builder role = ObjectSchema.builder("Role").table(ObjectAccess.ADD_DELETE)
                .parameter(readWrite("Alias", ParamType.STRING))
                .parameter(readWrite("Name", ParamType.STRING))
                .uniqueKey("Alias");
        ObjectSchema.Builder localAgent = ObjectSchema.builder("LocalAgent")
                .parameter(readOnly("EndpointID", ParamType.STRING))
                .child(controller)
                .child(ObjectSchema.builder("ControllerTrust").child(role));
        ObjectSchema.Builder binaryControl = ObjectSchema.builder("BinaryControl")
                .parameter(readOnly("Type", ParamType.STRING))
                .parameter(readWrite("Value", ParamType.BOOLEAN))
                .command(CommandSchema.sync("Toggle"));
        ObjectSchema.Builder capability = ObjectSchema.builder("IoTCapability").table(ObjectAccess.READ_ONLY)
                .parameter(readWrite("Alias", ParamType.STRING))
                .parameter(readOnly("Name", ParamType.STRING))
                .parameter(readOnly("Class", ParamType.STRING))
                .uniqueKey("Alias").uniqueKey("Name")
                .child(binaryControl);
        ObjectSchema.Builder proxied = ObjectSchema.builder("ProxiedDevice").table(ObjectAccess.DELETE_ONLY)
                .parameter(readWrite("Alias", ParamType.STRING))
                .parameter(readWrite("Name", ParamType.STRING))
                .parameter(readOnly("Type", ParamType.STRING))
                .parameter(readOnly("Online", ParamType.BOOLEAN))
                .parameter(readOnly("ProxyProtocol", ParamType.STRING))
                .parameter(readOnly("Controller", ParamType.STRING).asReference(false))
                .uniqueKey("Alias")
                .child(capability);
        root = ObjectSchema.builder("Device")
                .parameter(readOnly("RootDataModelVersion", ParamType.STRING))
                .command(CommandSchema.sync("Reboot"))
                .command(new CommandSchema("SelfTestDiagnostics", List.of("Host", "NumberOfTries"), Set.of(),
                        Map.of("NumberOfTries", "3"), List.of("Results"), true))
                .event(new EventSchema("Boot", List.of("CommandKey", "Cause")))
                .child(deviceInfo)
                .child(localAgent)
                .child(proxied)
                .build();
        model = DataModel.builder(root, provider).build();

        provider.put("Device.", "RootDataModelVersion", "2.19")
                .put("Device.DeviceInfo.", "Manufacturer", "cpe-bridge")
                .put("Device.DeviceInfo.", "SoftwareVersion", "0.1.0")
                .put("Device.LocalAgent.", "EndpointID", "proto::agent")
                .putRow("Device.LocalAgent.Controller.", 1, Map.of("Alias", "isp", "EndpointID", "proto::isp",
                        "Enable", "true", "AssignedRole", "Device.LocalAgent.ControllerTrust.Role.1"))
                .putRow("Device.LocalAgent.Controller.", 2, Map.of("Alias", "home", "EndpointID", "proto::home",
                        "Enable", "false", "PeriodicNotifInterval", "60"))
                .putRow("Device.LocalAgent.Controller.1.MTP.", 1, Map.of("Alias", "mqtt", "Enable", "true"))
                .putRow("Device.LocalAgent.ControllerTrust.Role.", 1, Map.of("Alias", "r1", "Name", "FullAccess"))
                .putRow("Device.ProxiedDevice.", 1, Map.of("Alias", "plug", "Name", "Kitchen plug", "Type",
                        "PowerStrip", "Online", "true", "ProxyProtocol", "ZigBee",
                        "Controller", "Device.LocalAgent.Controller.[Alias==\"isp\"]"))
                .putRow("Device.ProxiedDevice.", 3, Map.of("Alias", "door", "Name", "Front door", "Type", "Sensor",
                        "Online", "false", "ProxyProtocol", "X_00D09E_DECT-ULE",
                        "Controller", "Device.LocalAgent.Controller.9"))
                .putRow("Device.ProxiedDevice.1.IoTCapability.", 1, Map.of("Alias", "relay", "Name", "Relay",
                        "Class", "BinaryControl"))
                .put("Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.", "Type", "Switch")
                .put("Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.", "Value", "false")
                .onCommand("Device.Reboot()", (object, args) -> {
                    reboots.incrementAndGet();
                    return CompletableFuture.completedFuture(Map.of());
                })
                .onCommand("Device.SelfTestDiagnostics()", (object, args) -> {
                    selfTestArgs.set(args);
                    return selfTest;
                })
                .onCommand("Device.LocalAgent.Controller.{i}.ScheduleTimer()",
                        (object, args) -> CompletableFuture.completedFuture(Map.of()))
                .onCommand("Device.ProxiedDevice.{i}.IoTCapability.{i}.BinaryControl.Toggle()", (object, args) -> {
                    String now = provider.values(object).get("Value");
                    provider.put(object.path(), "Value", "true".equals(now) ? "false" : "true");
                    return CompletableFuture.completedFuture(Map.of());
                });
    }
}
