package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.privacy.policy.PrivacyRules;
import org.cpebridge.usp.message.Answer;
import org.cpebridge.usp.message.ResponseBudget;
import org.cpebridge.usp.record.Payload;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;

/**
 * A whole agent over a registry of many proxied devices of every kind the IoTCapability mapping knows (a DECT plug
 * with power and energy metering, lights, thermostats, sensors, blinds, alarms, multi-part switches), with device
 * states whose times come from a clock the fixture sets, so the same fixture gives the same answers, byte for byte,
 * run after run. The agent runs the household's privacy policy as UspFace does: the household's Controller has full
 * access; an ISP-Operations Controller (role 3) is added, with two grants unless asked not to (STATE of one device,
 * and STATE of the lights, by a search target). The devices are nodes of a Zigbee and a DECT-ULE network. For the
 * Get golden test and the in-process Get cost benchmark. Owning thread: the test's (the agent runs on
 * {@code Runnable::run}).
 */
final class ProxiedDevicesFixture implements AutoCloseable {
    static final String HOUSEHOLD = "proto::cpe-bridge-controller";
    static final String ISP = "proto::isp-operations";
    static final String GRANTED_DEVICE = "Device.ProxiedDevice.7.";
    static final String GRANTED_SEARCH = "Device.ProxiedDevice.[Type==\"Light\"].";

    final TestFaceContext context;
    final AgentModel agent;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T08:00:00Z"));
    private int requests;

    ProxiedDevicesFixture(Path dir, int devices) throws Exception {
        this(dir, devices, false, true);
    }

    /**
     * @param plugsOnly every device a DECT plug (the shape of the footprint benchmark's 200 simulated plugs)
     * @param grants    whether the ISP Controller gets the two grants
     */
    ProxiedDevicesFixture(Path dir, int devices, boolean plugsOnly, boolean grants) throws Exception {
        context = new TestFaceContext(dir, Map.of(), clock);
        List<RadioNetwork.Node> zigbeeNodes = new ArrayList<>();
        List<RadioNetwork.Node> uleNodes = new ArrayList<>();
        zigbeeNodes.add(new RadioNetwork.Node(Optional.empty(), "00124b00ffff0001", "1a01", "Router", true));
        for (int i = 0; i < devices; i++) {
            DeviceId id = register(i, plugsOnly ? 0 : i % 8);
            RadioNetwork.Node node = new RadioNetwork.Node(Optional.of(id), id.toString(),
                    String.format(Locale.ROOT, "%04x", i), i % 3 == 0 ? "Router" : "EndDevice", i % 13 != 0);
            // The DECT base lists its nodes newest first: node numbers follow the order they are first asked about.
            if (id.adapter().equals("dect")) {
                uleNodes.add(0, node);
            } else {
                zigbeeNodes.add(node);
            }
        }
        // The radio networks behind the devices, as the adapters report them (ProxiedDevice.{i}.InterfaceReference).
        context.registry.reportNetwork(new RadioNetwork("zigbee", RadioNetwork.ZIGBEE, true, "00124b0000000001",
                Map.of(RadioNetwork.CHANNEL, "15", RadioNetwork.PAN_ID, "1a2b"), zigbeeNodes));
        context.registry.reportNetwork(new RadioNetwork("dect", RadioNetwork.DECT_ULE, true, "base-0001", Map.of(),
                uleNodes));
        // The policy UspFace runs: the household's privacy policy (shipped rules), grants and the access log.
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/b", Runnable::run, (c, m) -> { },
                PrivacyRules.SHIPPED);
        UspMsg.Msg addIsp = Msgs.addController("add-isp", ISP, "Device.LocalAgent.ControllerTrust.Role.3");
        agent.handle(HOUSEHOLD, addIsp).toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (grants) {
            org.cpebridge.privacy.HouseholdPrivacy console = agent.householdPrivacy(Runnable::run);
            console.grant(ISP, GRANTED_DEVICE, "STATE", 30L * 24 * 3600, "fixture");
            console.grant(ISP, GRANTED_SEARCH, "STATE", 30L * 24 * 3600, "fixture");
        }
    }

    /** Device {@code i} of the given shape (0-7); some have no state yet, some are offline. */
    private DeviceId register(int i, int shape) {
        String adapter = i % 2 == 0 ? "dect" : "zigbee";
        DeviceId id = DeviceId.of(adapter, String.format(Locale.ROOT, "%s%08x",
                adapter.equals("dect") ? "ipui-" : "0x00124b00", i));
        Device.Builder b = Device.builder(id).vendor(i % 5 == 0 ? "" : "Acme").model("Model " + (i % 8))
                .name(i % 11 == 0 ? "" : "Device " + i);
        List<Capability> caps;
        DeviceKind kind;
        switch (shape) {
            case 0 -> {
                kind = DeviceKind.PLUG;
                caps = List.of(Capability.of(CapabilityType.ON_OFF),
                        Capability.of(CapabilityType.ELECTRICAL_POWER).withAttributes("power", "voltage"),
                        Capability.of(CapabilityType.ENERGY_METER));
            }
            case 1 -> {
                kind = i % 16 == 1 ? DeviceKind.LIGHT : DeviceKind.UNSPECIFIED;
                caps = List.of(Capability.of(CapabilityType.ON_OFF), Capability.of(CapabilityType.LEVEL),
                        Capability.of(CapabilityType.COLOR_TEMPERATURE));
            }
            case 2 -> {
                kind = DeviceKind.THERMOSTAT;
                caps = List.of(Capability.of(CapabilityType.THERMOSTAT), Capability.of(CapabilityType.TEMPERATURE),
                        Capability.of(CapabilityType.BATTERY), Capability.of(CapabilityType.LINK_QUALITY));
            }
            case 3 -> {
                kind = DeviceKind.SENSOR;
                caps = List.of(Capability.of(CapabilityType.CONTACT), Capability.of(CapabilityType.BATTERY));
            }
            case 4 -> {
                kind = DeviceKind.UNSPECIFIED;
                caps = List.of(Capability.of(CapabilityType.TEMPERATURE), Capability.of(CapabilityType.HUMIDITY),
                        Capability.of(CapabilityType.PRESSURE), Capability.of(CapabilityType.ILLUMINANCE));
            }
            case 5 -> {
                kind = i % 16 == 5 ? DeviceKind.WINDOW_COVERING : DeviceKind.UNSPECIFIED;
                caps = List.of(Capability.of(CapabilityType.WINDOW_COVERING).withRange("position", 0, 90));
            }
            case 6 -> {
                kind = i % 16 == 6 ? DeviceKind.ALARM : DeviceKind.UNSPECIFIED;
                caps = List.of(Capability.of(CapabilityType.SMOKE_ALARM), Capability.of(CapabilityType.OCCUPANCY),
                        Capability.of(CapabilityType.WATER_LEAK), Capability.of(CapabilityType.BATTERY));
            }
            default -> {
                kind = i % 16 == 7 ? DeviceKind.SWITCH : DeviceKind.METER;
                caps = List.of(Capability.of(CapabilityType.BUTTON), Capability.of(CapabilityType.ON_OFF).onPart("l1"),
                        Capability.of(CapabilityType.ON_OFF).onPart("l2"),
                        Capability.of(CapabilityType.ELECTRICAL_POWER));
            }
        }
        context.registry.register(b.kind(kind).capabilities(caps).build());
        int a = 0;
        for (Capability c : caps) {
            for (var attribute : c.attributes()) {
                a++;
                if ((i + a) % 7 == 0) {
                    continue; // never reported yet
                }
                clock.set(Instant.parse("2026-11-30T08:00:00Z").plusSeconds(i * 611L + a * 37L));
                context.registry.updateState(id, c.key(), attribute.name(), valueFor(attribute.spec(), i + a));
            }
        }
        if (i % 13 == 0) {
            context.registry.setReachable(id, false, "no keep-alive");
        }
        return id;
    }

    private static Value valueFor(org.cpebridge.core.model.ValueSpec spec, int n) {
        return switch (spec.type()) {
            case BOOLEAN -> Value.of(n % 2 == 0);
            case INTEGER -> {
                long min = spec.min() == null ? 0 : (long) Math.ceil(spec.min());
                long max = spec.max() == null ? min + 1000 : (long) Math.floor(spec.max());
                yield Value.of(min + n % (max - min + 1));
            }
            case DECIMAL -> {
                double min = spec.min() == null ? 0 : Math.max(spec.min(), -40);
                double max = spec.max() == null ? min + 5000 : Math.min(spec.max(), min + 5000);
                yield Value.of(min + (n * 0.37) % (max - min));
            }
            case ENUM -> Value.of(spec.choices().get(n % spec.choices().size()));
            case TEXT -> Value.of("t" + n);
        };
    }

    /**
     * Get of {@code paths} as {@code controller} with {@code maxDepth}, through the agent as the face runs it, parsed
     * from the bytes the agent sends. Those bytes are checked to be protobuf's own encoding of what they hold (the same
     * bytes again when the parsed message is encoded), so that a golden hash of the parsed message's bytes is one of
     * the sent bytes.
     */
    UspMsg.Msg get(String controller, int maxDepth, ResponseBudget budget, String... paths) throws Exception {
        Answer answer = answer(controller, maxDepth, budget, paths);
        Payload payload = answer.payload();
        byte[] sent = new byte[payload.size()];
        payload.writeTo(sent, 0);
        UspMsg.Msg message = answer.message();
        assertArrayEquals(message.toByteArray(), sent, "the agent's bytes are protobuf's encoding of the answer");
        return message;
    }

    /** Get of {@code paths} as {@code controller} with {@code maxDepth}: the answer as the MTP side takes it. */
    Answer answer(String controller, int maxDepth, ResponseBudget budget, String... paths) throws Exception {
        UspMsg.Msg request = Msgs.request("get-" + requests++, UspMsg.Header.MsgType.GET, UspMsg.Request.newBuilder()
                .setGet(UspMsg.Get.newBuilder().addAllParamPaths(List.of(paths)).setMaxDepth(maxDepth)).build());
        agent.handling(controller);
        return agent.dispatcher().answer(controller, request, budget).toCompletableFuture().get(60, TimeUnit.SECONDS)
                .orElseThrow();
    }

    @Override
    public void close() {
        agent.close();
        context.close();
    }
}
