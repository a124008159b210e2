package org.cpebridge.usp.agent.model;

import static org.cpebridge.usp.datamodel.ParameterSchema.readOnly;
import static org.cpebridge.usp.datamodel.ParameterSchema.readWrite;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.EventSchema;
import org.cpebridge.usp.datamodel.ObjectAccess;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.datamodel.ParamAccess;
import org.cpebridge.usp.datamodel.ParamType;
import org.cpebridge.usp.datamodel.ParameterSchema;

/**
 * The Supported Data Model this agent serves: the parts of TR-181 Device:2.19 it implements, with the names and
 * types of tr-181-2-19-0-{device,localagent,iot}.xml (BroadbandForum/usp-data-models; usp.md 3.2, 3.3). Objects
 * and parameters the agent cannot fill with real values are left out rather than served empty.
 */
public final class Tr181Schema {
    public static final String DEVICE_INFO = "Device.DeviceInfo.";
    /** TR-181 Time:1, with the secure-time vendor object {@code X_CPEBRIDGE_Roughtime.} under it. */
    public static final String TIME = "Device.Time.";
    public static final String LOCAL_AGENT = "Device.LocalAgent.";
    public static final String CONTROLLERS = "Device.LocalAgent.Controller.";
    public static final String CONTROLLER_TRUST = "Device.LocalAgent.ControllerTrust.";
    public static final String ROLES = "Device.LocalAgent.ControllerTrust.Role.";
    public static final String SUBSCRIPTIONS = "Device.LocalAgent.Subscription.";
    public static final String REQUESTS = "Device.LocalAgent.Request.";
    /** The vendor event a core capability event becomes (TR-106 vendor prefix {@code X_CPEBRIDGE_}). */
    public static final String CAPABILITY_EVENT = "X_CPEBRIDGE_CapabilityEvent";
    public static final String PROXIED_DEVICE = "Device.ProxiedDevice.{i}.";
    public static final String ZIGBEE = "Device.ZigBee.";
    public static final String MQTT = "Device.MQTT.";
    /** The one MQTT client: the USP MQTT MTP's (LocalAgent.MTP.1.MQTT.Reference). */
    public static final String MQTT_CLIENT = "Device.MQTT.Client.1.";
    public static final String ULE = "Device.X_CPEBRIDGE_ULE.";
    /** The household's grants and access log (vendor object; TR-181 has no privacy object). */
    public static final String PRIVACY = "Device.X_CPEBRIDGE_Privacy.";
    /** The health-only contact time of a ProxiedDevice row (the hour of its newest HEALTH-class update). */
    public static final String LAST_HEALTH_CONTACT = "X_CPEBRIDGE_LastHealthContact";
    /** The data model version TR-181 asks for in RootDataModelVersion. */
    public static final String ROOT_DATA_MODEL_VERSION = "2.19";

    private Tr181Schema() {
    }

    public static ObjectSchema build() {
        ObjectSchema.Builder deviceInfo = ObjectSchema.builder("DeviceInfo")
                .parameter(readOnly("Manufacturer", ParamType.STRING))
                .parameter(readOnly("ManufacturerOUI", ParamType.STRING))
                .parameter(readOnly("ModelName", ParamType.STRING))
                .parameter(readOnly("ProductClass", ParamType.STRING))
                .parameter(readOnly("SerialNumber", ParamType.STRING))
                .parameter(readOnly("SoftwareVersion", ParamType.STRING))
                .parameter(readOnly("UpTime", ParamType.UNSIGNED_INT));

        // Time:1 without the NTP parameters (the bridge's time comes from Roughtime, configured by time.client.*);
        // Enable is read-only for the same reason MQTT.Client is (no reconfiguration on a Set).
        ObjectSchema.Builder roughtimeServer = ObjectSchema.builder("Server").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Address", ParamType.STRING))
                .parameter(readOnly("PublicKey", ParamType.STRING))
                .parameter(readOnly("LastResult", ParamType.STRING)
                        .withEnumeration("NotAsked", "Agreed", "Outvoted", "Failed"))
                .parameter(readOnly("LastCheck", ParamType.DATE_TIME))
                .parameter(readOnly("Detail", ParamType.STRING))
                .uniqueKey("Address");
        ObjectSchema.Builder time = ObjectSchema.builder("Time")
                .parameter(readOnly("Enable", ParamType.BOOLEAN))
                .parameter(readOnly("Status", ParamType.STRING).withEnumeration("Disabled", "Unsynchronized",
                        "Synchronized", "Error_FailedToSynchronize", "Error"))
                .parameter(readOnly("CurrentLocalTime", ParamType.DATE_TIME))
                .child(ObjectSchema.builder("X_CPEBRIDGE_Roughtime")
                        .parameter(readOnly("Trust", ParamType.STRING)
                                .withEnumeration("Secured", "LastKnownGood", "Unverified"))
                        .parameter(readOnly("Uncertainty", ParamType.UNSIGNED_INT))
                        .parameter(readOnly("ServerNumberOfEntries", ParamType.UNSIGNED_INT))
                        .child(roughtimeServer));

        ObjectSchema.Builder agentMtp = ObjectSchema.builder("MTP").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Alias", ParamType.STRING))
                .parameter(readOnly("Enable", ParamType.BOOLEAN))
                .parameter(readOnly("Status", ParamType.STRING).withEnumeration("Up", "Error", "Down"))
                .parameter(readOnly("Protocol", ParamType.STRING))
                .uniqueKey("Alias")
                .child(ObjectSchema.builder("MQTT")
                        .parameter(readOnly("Reference", ParamType.STRING).asReference(false))
                        .parameter(readOnly("ResponseTopicConfigured", ParamType.STRING))
                        .parameter(readOnly("ResponseTopicDiscovered", ParamType.STRING))
                        .parameter(readOnly("PublishQoS", ParamType.UNSIGNED_INT)))
                .child(ObjectSchema.builder("WebSocket")
                        .parameter(readOnly("Interfaces", ParamType.STRING).asReference(true))
                        .parameter(readOnly("Port", ParamType.UNSIGNED_INT))
                        .parameter(readOnly("Path", ParamType.STRING))
                        .parameter(readOnly("EnableEncryption", ParamType.BOOLEAN))
                        .parameter(readOnly("KeepAliveInterval", ParamType.UNSIGNED_INT)));

        ObjectSchema.Builder controllerMtp = ObjectSchema.builder("MTP").table(ObjectAccess.ADD_DELETE)
                .parameter(readWrite("Alias", ParamType.STRING))
                .parameter(readWrite("Enable", ParamType.BOOLEAN).withDefault("true"))
                .parameter(readWrite("Protocol", ParamType.STRING).withEnumeration("MQTT", "WebSocket")
                        .withDefault("MQTT"))
                .uniqueKey("Alias")
                .child(ObjectSchema.builder("MQTT")
                        .parameter(readWrite("Topic", ParamType.STRING)));
        ObjectSchema.Builder controller = ObjectSchema.builder("Controller").table(ObjectAccess.ADD_DELETE)
                .parameter(readWrite("Alias", ParamType.STRING))
                .parameter(readWrite("EndpointID", ParamType.STRING))
                .parameter(readWrite("Enable", ParamType.BOOLEAN).withDefault("true"))
                .parameter(readWrite("AssignedRole", ParamType.STRING).asReference(true))
                .parameter(readWrite("ProvisioningCode", ParamType.STRING))
                // Notifications (TR-181 Controller.{i}.; R-NOT.1 defaults; TR-106 Unknown Time).
                .parameter(readWrite("PeriodicNotifInterval", ParamType.UNSIGNED_INT).withDefault("86400"))
                .parameter(readWrite("PeriodicNotifTime", ParamType.DATE_TIME).withDefault("0001-01-01T00:00:00Z"))
                .parameter(readWrite("USPNotifRetryMinimumWaitInterval", ParamType.UNSIGNED_INT).withDefault("5"))
                .parameter(readWrite("USPNotifRetryIntervalMultiplier", ParamType.UNSIGNED_INT).withDefault("2000"))
                .parameter(readWrite("OnBoardingComplete", ParamType.BOOLEAN).withDefault("false"))
                .parameter(readWrite("OnBoardingRestartTime", ParamType.UNSIGNED_INT).withDefault("0"))
                .command(CommandSchema.sync("SendOnBoardRequest"))
                .uniqueKey("Alias").uniqueKey("EndpointID")
                .child(controllerMtp);

        // Writable ControllerTrust (TP-469 feature 13): Role.{i} and Permission.{i} take Add/Set/Delete; Name and
        // Order are the functional unique keys of tr-181-2-19-0-localagent.xml. ControllerTrustProvider validates.
        ObjectSchema.Builder permission = ObjectSchema.builder("Permission").table(ObjectAccess.ADD_DELETE)
                .parameter(readWrite("Alias", ParamType.STRING))
                .parameter(readWrite("Enable", ParamType.BOOLEAN).withDefault("false"))
                .parameter(readWrite("Order", ParamType.UNSIGNED_INT).withDefault("0"))
                .parameter(new ParameterSchema("Targets", ParamType.STRING, ParamAccess.READ_WRITE, false, true,
                        List.of(), "", true))
                .parameter(readWrite("Param", ParamType.STRING).withDefault("----"))
                .parameter(readWrite("Obj", ParamType.STRING).withDefault("----"))
                .parameter(readWrite("InstantiatedObj", ParamType.STRING).withDefault("----"))
                .parameter(readWrite("CommandEvent", ParamType.STRING).withDefault("----"))
                .uniqueKey("Alias").uniqueKey("Order");
        ObjectSchema.Builder role = ObjectSchema.builder("Role").table(ObjectAccess.ADD_DELETE)
                .parameter(readWrite("Alias", ParamType.STRING))
                .parameter(readWrite("Enable", ParamType.BOOLEAN).withDefault("false"))
                .parameter(readWrite("Name", ParamType.STRING))
                .parameter(readOnly("PermissionNumberOfEntries", ParamType.UNSIGNED_INT))
                .uniqueKey("Alias").uniqueKey("Name")
                .child(permission);
        ObjectSchema.Builder controllerTrust = ObjectSchema.builder("ControllerTrust")
                .parameter(readOnly("UntrustedRole", ParamType.STRING).asReference(false))
                .parameter(readWrite("BannedRole", ParamType.STRING).asReference(false))
                .parameter(readOnly("RoleNumberOfEntries", ParamType.UNSIGNED_INT))
                .child(role);

        ObjectSchema.Builder subscription = ObjectSchema.builder("Subscription").table(ObjectAccess.ADD_DELETE)
                .parameter(readWrite("Alias", ParamType.STRING))
                .parameter(readWrite("Enable", ParamType.BOOLEAN).withDefault("false"))
                .parameter(readOnly("Recipient", ParamType.STRING).asReference(false))
                .parameter(readWrite("ID", ParamType.STRING))
                .parameter(readOnly("CreationDate", ParamType.DATE_TIME))
                .parameter(readWrite("NotifType", ParamType.STRING).withEnumeration("ValueChange",
                        "ObjectCreation", "ObjectDeletion", "OperationComplete", "Event").withDefault("ValueChange"))
                .parameter(readWrite("ReferenceList", ParamType.STRING))
                .parameter(readWrite("Persistent", ParamType.BOOLEAN).withDefault("false"))
                .parameter(readWrite("TimeToLive", ParamType.UNSIGNED_INT).withDefault("0"))
                .parameter(readWrite("NotifRetry", ParamType.BOOLEAN).withDefault("false"))
                .parameter(readWrite("NotifExpiration", ParamType.UNSIGNED_INT).withDefault("0"))
                .uniqueKey("Alias").uniqueKey("Recipient", "ID");

        ObjectSchema.Builder request = ObjectSchema.builder("Request").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Alias", ParamType.STRING))
                .parameter(readOnly("Originator", ParamType.STRING))
                .parameter(readOnly("Command", ParamType.STRING))
                .parameter(readOnly("CommandKey", ParamType.STRING))
                .parameter(readOnly("Status", ParamType.STRING).withEnumeration("Requested", "Active", "Canceling",
                        "Canceled", "Success", "Error"))
                .command(CommandSchema.sync("Cancel"))
                .uniqueKey("Alias").uniqueKey("Originator", "Command", "CommandKey");

        ObjectSchema.Builder localAgent = ObjectSchema.builder("LocalAgent")
                .parameter(readOnly("EndpointID", ParamType.STRING))
                .parameter(readOnly("SoftwareVersion", ParamType.STRING))
                .parameter(readOnly("SupportedProtocols", ParamType.STRING))
                .child(agentMtp)
                .child(controller)
                .event(new EventSchema("Periodic", List.of()))
                .child(controllerTrust)
                .child(subscription)
                .child(request);

        ObjectSchema.Builder binaryControl = ObjectSchema.builder("BinaryControl")
                .parameter(readOnly("Type", ParamType.STRING))
                .parameter(readOnly("Description", ParamType.STRING))
                .parameter(readWrite("Value", ParamType.BOOLEAN))
                .command(CommandSchema.sync("Toggle"));
        ObjectSchema.Builder levelControl = ObjectSchema.builder("LevelControl")
                .parameter(readOnly("Type", ParamType.STRING))
                .parameter(readOnly("Description", ParamType.STRING))
                .parameter(readWrite("Value", ParamType.DECIMAL))
                .parameter(readOnly("Unit", ParamType.STRING))
                .parameter(readOnly("MinValue", ParamType.DECIMAL))
                .parameter(readOnly("MaxValue", ParamType.DECIMAL))
                .parameter(readOnly("StepValue", ParamType.DECIMAL))
                .command(CommandSchema.sync("StepUp"))
                .command(CommandSchema.sync("StepDown"));
        ObjectSchema.Builder enumControl = ObjectSchema.builder("EnumControl")
                .parameter(readOnly("Type", ParamType.STRING))
                .parameter(readOnly("Description", ParamType.STRING))
                .parameter(readWrite("Value", ParamType.STRING))
                .parameter(readOnly("ValidValues", ParamType.STRING))
                .command(CommandSchema.sync("StepUp"))
                .command(CommandSchema.sync("StepDown"));
        ObjectSchema.Builder binarySensor = ObjectSchema.builder("BinarySensor")
                .parameter(readOnly("Type", ParamType.STRING))
                .parameter(readOnly("Description", ParamType.STRING))
                .parameter(readOnly("Value", ParamType.BOOLEAN))
                .parameter(readOnly("LastChange", ParamType.DATE_TIME))
                .parameter(readOnly("LastContactTime", ParamType.DATE_TIME));
        ObjectSchema.Builder levelSensor = ObjectSchema.builder("LevelSensor")
                .parameter(readOnly("Type", ParamType.STRING))
                .parameter(readOnly("Description", ParamType.STRING))
                .parameter(readOnly("Value", ParamType.DECIMAL))
                .parameter(readOnly("LastChange", ParamType.DATE_TIME))
                .parameter(readOnly("LastContactTime", ParamType.DATE_TIME))
                .parameter(readOnly("Unit", ParamType.STRING));
        ObjectSchema.Builder capability = ObjectSchema.builder("IoTCapability").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Alias", ParamType.STRING))
                .parameter(readOnly("Name", ParamType.STRING))
                .parameter(readOnly("Class", ParamType.STRING))
                .uniqueKey("Alias").uniqueKey("Name")
                .child(binaryControl).child(levelControl).child(enumControl).child(binarySensor).child(levelSensor);
        ObjectSchema.Builder proxied = ObjectSchema.builder("ProxiedDevice").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Alias", ParamType.STRING))
                .parameter(readOnly("Type", ParamType.STRING))
                .parameter(readOnly("Description", ParamType.STRING))
                .parameter(readWrite("Name", ParamType.STRING))
                .parameter(readOnly("Online", ParamType.BOOLEAN))
                .parameter(readOnly("LastTimeContacted", ParamType.DATE_TIME))
                .parameter(readOnly(LAST_HEALTH_CONTACT, ParamType.DATE_TIME))
                .parameter(readOnly("InterfaceReference", ParamType.STRING).asReference(false))
                .parameter(readOnly("ProxyProtocol", ParamType.STRING))
                .parameter(readOnly("IoTCapabilityNumberOfEntries", ParamType.UNSIGNED_INT))
                // A core capability event (button press, alarm): capability key, event name, fields as a JSON object.
                .event(new EventSchema(CAPABILITY_EVENT, List.of("Capability", "Event", "Fields")))
                .uniqueKey("Alias")
                .child(capability);

        ObjectSchema.Builder associatedDevice = ObjectSchema.builder("AssociatedDevice")
                .table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("IEEEAddress", ParamType.STRING))
                .parameter(readOnly("NetworkAddress", ParamType.STRING))
                .parameter(readOnly("Active", ParamType.BOOLEAN))
                .parameter(readOnly("X_CPEBRIDGE_Role", ParamType.STRING)
                        .withEnumeration("Router", "EndDevice", "GreenPower", "Unknown"))
                .uniqueKey("IEEEAddress");
        // Enable is read-only here: Zigbee2MQTT owns the radio, the bridge only shows it.
        ObjectSchema.Builder zigbeeInterface = ObjectSchema.builder("Interface").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Enable", ParamType.BOOLEAN))
                .parameter(readOnly("Status", ParamType.STRING).withEnumeration("Up", "Down", "Unknown", "Dormant",
                        "NotPresent", "LowerLayerDown", "Error"))
                .parameter(readOnly("Alias", ParamType.STRING))
                .parameter(readOnly("Name", ParamType.STRING))
                .parameter(readOnly("IEEEAddress", ParamType.STRING))
                .parameter(readOnly("NetworkAddress", ParamType.STRING))
                .parameter(readOnly("AssociatedDeviceNumberOfEntries", ParamType.UNSIGNED_INT))
                .parameter(readOnly("X_CPEBRIDGE_Channel", ParamType.UNSIGNED_INT))
                .parameter(readOnly("X_CPEBRIDGE_PANID", ParamType.STRING))
                .parameter(readOnly("X_CPEBRIDGE_ExtendedPANID", ParamType.STRING))
                .parameter(readOnly("X_CPEBRIDGE_CoordinatorType", ParamType.STRING))
                .parameter(readOnly("X_CPEBRIDGE_SoftwareVersion", ParamType.STRING))
                .uniqueKey("Alias").uniqueKey("Name")
                .child(associatedDevice);
        ObjectSchema.Builder zigbee = ObjectSchema.builder("ZigBee")
                .parameter(readOnly("InterfaceNumberOfEntries", ParamType.UNSIGNED_INT))
                .child(zigbeeInterface);

        ObjectSchema.Builder uleNode = ObjectSchema.builder("Node").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("UID", ParamType.STRING))
                .parameter(readOnly("Address", ParamType.STRING))
                .parameter(readOnly("Sleepy", ParamType.BOOLEAN))
                .parameter(readOnly("Active", ParamType.BOOLEAN))
                .uniqueKey("UID");
        ObjectSchema.Builder ule = ObjectSchema.builder("X_CPEBRIDGE_ULE")
                .parameter(readOnly("Status", ParamType.STRING).withEnumeration("Up", "Down", "NotPresent"))
                .parameter(readOnly("NodeNumberOfEntries", ParamType.UNSIGNED_INT))
                .child(uleNode);

        // Read-only: the client is configured by the usp.mqtt.* keys; TR-181 lets a Controller rewrite it, which would
        // need the MTP to reconnect on a Set (not built).
        ObjectSchema.Builder mqttSubscription = ObjectSchema.builder("Subscription").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Alias", ParamType.STRING))
                .parameter(readOnly("Enable", ParamType.BOOLEAN))
                .parameter(readOnly("Status", ParamType.STRING).withEnumeration("Unsubscribed", "Subscribed",
                        "Subscribing", "Unsubscribing", "Error"))
                .parameter(readOnly("Topic", ParamType.STRING))
                .parameter(readOnly("QoS", ParamType.UNSIGNED_INT))
                .uniqueKey("Alias").uniqueKey("Topic");
        ObjectSchema.Builder mqttStats = ObjectSchema.builder("Stats")
                .parameter(readOnly("BrokerConnectionEstablished", ParamType.DATE_TIME))
                .parameter(readOnly("PublishSent", ParamType.UNSIGNED_LONG))
                .parameter(readOnly("PublishReceived", ParamType.UNSIGNED_LONG))
                .parameter(readOnly("ConnectionErrors", ParamType.UNSIGNED_INT));
        ObjectSchema.Builder mqttClient = ObjectSchema.builder("Client").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Alias", ParamType.STRING))
                .parameter(readOnly("Name", ParamType.STRING))
                .parameter(readOnly("Enable", ParamType.BOOLEAN))
                .parameter(readOnly("Status", ParamType.STRING).withEnumeration("Disabled", "Connecting", "Connected",
                        "Error_Misconfigured", "Error_BrokerUnreachable", "Error"))
                .parameter(readOnly("ProtocolVersion", ParamType.STRING).withEnumeration("3.1", "3.1.1", "5.0"))
                .parameter(readOnly("EnableEncryption", ParamType.BOOLEAN))
                .parameter(readOnly("BrokerAddress", ParamType.STRING))
                .parameter(readOnly("BrokerPort", ParamType.UNSIGNED_INT))
                .parameter(readOnly("TransportProtocol", ParamType.STRING).withEnumeration("TCP/IP", "TLS",
                        "WebSocket", "WebSocketTLS"))
                .parameter(readOnly("CleanSession", ParamType.BOOLEAN))
                .parameter(readOnly("CleanStart", ParamType.BOOLEAN))
                .parameter(readOnly("KeepAliveTime", ParamType.UNSIGNED_INT))
                .parameter(readOnly("ClientID", ParamType.STRING))
                .parameter(readOnly("Username", ParamType.STRING))
                .parameter(readOnly("ConnectRetryTime", ParamType.UNSIGNED_INT))
                .parameter(readOnly("ConnectRetryIntervalMultiplier", ParamType.UNSIGNED_INT))
                .parameter(readOnly("ConnectRetryMaxInterval", ParamType.UNSIGNED_INT))
                .parameter(readOnly("SubscriptionNumberOfEntries", ParamType.UNSIGNED_INT))
                .uniqueKey("Alias")
                .child(mqttSubscription)
                .child(mqttStats);
        ObjectSchema.Builder mqtt = ObjectSchema.builder("MQTT")
                .parameter(readOnly("ClientNumberOfEntries", ParamType.UNSIGNED_INT))
                .child(ObjectSchema.builder("Capabilities")
                        .parameter(readOnly("ProtocolVersionsSupported", ParamType.STRING))
                        .parameter(readOnly("TransportProtocolSupported", ParamType.STRING)))
                .child(mqttClient);

        ObjectSchema.Builder grant = ObjectSchema.builder("Grant").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Alias", ParamType.STRING))
                .parameter(readOnly("Controller", ParamType.STRING))
                .parameter(readOnly("Target", ParamType.STRING))
                .parameter(readOnly("Classes", ParamType.STRING))
                .parameter(readOnly("Expires", ParamType.DATE_TIME))
                .parameter(readOnly("Reason", ParamType.STRING))
                .command(CommandSchema.sync("Revoke"))
                .uniqueKey("Alias");
        ObjectSchema.Builder accessLog = ObjectSchema.builder("AccessLog").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Time", ParamType.DATE_TIME))
                .parameter(readOnly("Controller", ParamType.STRING))
                .parameter(readOnly("Operation", ParamType.STRING))
                .parameter(readOnly("Path", ParamType.STRING))
                .parameter(readOnly("Decision", ParamType.STRING).withEnumeration("Allowed", "Filtered", "Denied"))
                .parameter(readOnly("PreviousHash", ParamType.STRING))
                .parameter(readOnly("Hash", ParamType.STRING));
        // Whole-home energy per finished day (household opt-in): the ISP's energy view, never per device.
        ObjectSchema.Builder dailyEnergy = ObjectSchema.builder("DailyEnergy").table(ObjectAccess.READ_ONLY)
                .parameter(readOnly("Date", ParamType.STRING))
                .parameter(readOnly("Energy", ParamType.DECIMAL))
                .uniqueKey("Date");
        ObjectSchema.Builder privacy = ObjectSchema.builder("X_CPEBRIDGE_Privacy")
                .parameter(readOnly("GrantNumberOfEntries", ParamType.UNSIGNED_INT))
                .parameter(readOnly("AccessLogNumberOfEntries", ParamType.UNSIGNED_INT))
                .command(new CommandSchema("Grant", List.of("Controller", "Target", "Classes", "Duration", "Reason"),
                        Set.of("Controller", "Target", "Classes", "Duration"), Map.of("Reason", ""), List.of("Grant"),
                        false))
                .command(new CommandSchema("VerifyAccessLog", List.of(), Set.of(), Map.of(), List.of("Result"),
                        false))
                .command(new CommandSchema("ExportAccessLog", List.of(), Set.of(), Map.of(), List.of("Log"), false))
                .child(grant)
                .child(accessLog)
                .child(dailyEnergy);

        return ObjectSchema.builder("Device")
                .parameter(readOnly("RootDataModelVersion", ParamType.STRING))
                .parameter(readOnly("ProxiedDeviceNumberOfEntries", ParamType.UNSIGNED_INT))
                // Synchronous in TR-181 Device:2.19 (async="false"), with the 2.18 Cause and Reason inputs.
                .command(new CommandSchema("Reboot", List.of("Cause", "Reason"), Set.of(),
                        Map.of("Cause", "RemoteReboot", "Reason", "Unknown"), List.of(), false))
                .command(new CommandSchema("FactoryReset", List.of("Cause", "Reason"), Set.of(),
                        Map.of("Cause", "RemoteFactoryReset", "Reason", "Unknown"), List.of(), false))
                // TR-181 Device:2.19: asynchronous, vendor-specific Results.
                .command(new CommandSchema("SelfTestDiagnostics", List.of(), Set.of(), List.of("Results"), true))
                .event(new EventSchema("Boot", List.of("CommandKey", "Cause", "Reason", "FirmwareUpdated",
                        "ParameterMap")))
                .child(deviceInfo)
                .child(time)
                .child(localAgent)
                .child(proxied)
                .child(mqtt)
                .child(zigbee)
                .child(ule)
                .child(privacy)
                .build();
    }
}
