package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.Value;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.usp.agent.access.LayeredAccessPolicy;
import org.cpebridge.usp.agent.access.Permission;
import org.cpebridge.usp.agent.access.Role;
import org.cpebridge.usp.agent.access.RoleBasedAccessPolicy;
import org.cpebridge.usp.agent.access.SearchTargets;
import org.cpebridge.usp.agent.model.DeviceTargets;
import org.cpebridge.usp.message.AsyncRequests;
import org.cpebridge.usp.message.MessageDispatcher;
import org.cpebridge.usp.message.OperationCompleteListener;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What permission checks cost in-process: Get {@code Device.ProxiedDevice.} over 200 devices (about 2,000 checks)
 * with full access, with the agent's shipped policy as a Household and as an ISP-Operations Controller (privacy
 * classes and the access log's durable write, through its journal or by rewriting its segment), alternately, with a
 * search-expression target cached per message
 * (what the agent does), with the cache off, and with a privacy policy that needs the device lookup. Logs medians;
 * asserts only that every answer is complete.
 * A benchmark, not part of the test run (the name matches neither *Test nor *IT): {@code bench/usp-access-cost.sh}.
 */
class AccessCostBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(AccessCostBenchmark.class);
    private static final int DEVICES = 200;
    private static final int WARM_UP = 20;
    private static final int MEASURED = 40;
    private static final String HOUSEHOLD = "proto::cpe-bridge-controller";
    private static final String ISP = "proto::isp-operations";

    @TempDir
    Path dir;

    @Test
    void getOf200DevicesUnderEachPolicy() throws Exception {
        try (TestFaceContext context = new TestFaceContext(dir, Map.of())) {
            for (int i = 0; i < DEVICES; i++) {
                DeviceId id = DeviceId.of("zigbee", String.format(Locale.ROOT, "0x00124b00%08x", i));
                context.registry.register(Device.builder(id).vendor("Acme").model("Plug Z1").name("Plug " + i)
                        .capabilities(Capability.of(CapabilityType.ON_OFF), Capability.of(
                                CapabilityType.ELECTRICAL_POWER).withAttributes("power")).build());
                context.registry.updateState(id, "onOff", "on", Value.of(i % 2 == 0));
            }
            AgentModel agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/b", Runnable::run,
                    (c, m) -> { });
            DeviceTargets devices = new DeviceTargets(context.registry, agent.numbers());
            AtomicLong perMessage = new AtomicLong();
            AtomicLong everyCall = new AtomicLong();
            List<Permission> withSearch = List.of(Permission.of(1, "Device.", "rwxn", "rwxn", "rwxn", "rwxn"),
                    Permission.of(2, "Device.ProxiedDevice.[Name==\"Plug 7\"].", "----", "r---", "r---", "----"));
            // One list each, handed out on every call: the policy compiles a Controller's roles once per list.
            List<Role> searchRoles = List.of(new Role("S", true, withSearch));
            List<Role> fullAccessRoles = List.of(Role.fullAccess());
            AccessPolicy noEnergy = r -> r.device().map(d -> d.privacy() == PrivacyClass.ENERGY).orElse(false)
                    ? Rights.NONE : Rights.ALL;

            measure("full access (the agent's default)", agent.dispatcher(), WARM_UP, MEASURED, () -> { });
            // The agent's own policy as the service runs it: a Household Controller, and an ISP-Operations one that
            // the household added (privacy classes, the access log's durable write before each answer).
            AgentModel shipped = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/b",
                    Runnable::run, (c, m) -> { });
            UspMsg.Msg addIsp = Msgs.addController("add-isp", ISP, "Device.LocalAgent.ControllerTrust.Role.3");
            shipped.handle(HOUSEHOLD, addIsp).toCompletableFuture().get(60, TimeUnit.SECONDS);
            // The same, with the access log's entries made durable by the segment's atomic rewrite instead of the
            // journal's append (usp.privacy.accessLogJournal=false): what the journal saves.
            try (TestFaceContext storeLog = new TestFaceContext(dir.resolve("store-log"),
                    Map.of("usp.privacy.accessLogJournal", "false"))) {
                for (int i = 0; i < DEVICES; i++) {
                    DeviceId id = DeviceId.of("zigbee", String.format(Locale.ROOT, "0x00124b00%08x", i));
                    storeLog.registry.register(Device.builder(id).vendor("Acme").model("Plug Z1").name("Plug " + i)
                            .capabilities(Capability.of(CapabilityType.ON_OFF), Capability.of(
                                    CapabilityType.ELECTRICAL_POWER).withAttributes("power")).build());
                    storeLog.registry.updateState(id, "onOff", "on", Value.of(i % 2 == 0));
                }
                AgentModel rewriting = AgentModel.build(storeLog, "os::000000-CPEB-TEST0001", "usp/agent/b",
                        Runnable::run, (c, m) -> { });
                rewriting.handle(HOUSEHOLD, addIsp).toCompletableFuture().get(60, TimeUnit.SECONDS);
                for (int round = 1; round <= 3; round++) {
                    measureAs("household, the agent's policy, round " + round, shipped, HOUSEHOLD);
                    measureAs("ISP-Operations, the agent's policy and journaled log, round " + round, shipped, ISP);
                    measureAs("ISP-Operations, the agent's policy and log rewriting its segment, round " + round,
                            rewriting, ISP);
                }
                rewriting.close();
            }
            shipped.close();
            measure("search target, expansion cached per message", dispatcher(agent, new LayeredAccessPolicy(
                    new RoleBasedAccessPolicy(c -> searchRoles,
                            new SearchTargets(agent::model, perMessage::get)), AccessPolicy.FULL_ACCESS, devices::of)),
                    WARM_UP, MEASURED, perMessage::incrementAndGet);
            // Over a second per Get on a busy machine: a few rounds show it.
            measure("search target, no cache", dispatcher(agent, new LayeredAccessPolicy(
                    new RoleBasedAccessPolicy(c -> searchRoles,
                            new SearchTargets(agent::model, everyCall::incrementAndGet)), AccessPolicy.FULL_ACCESS,
                    devices::of)), 1, 3, () -> { });
            measure("privacy policy denying ENERGY (device lookup per item)", dispatcher(agent,
                    new LayeredAccessPolicy(new RoleBasedAccessPolicy(c -> fullAccessRoles), noEnergy,
                            devices::of)), WARM_UP, MEASURED, () -> { });
        }
    }

    private static MessageDispatcher dispatcher(AgentModel agent, AccessPolicy policy) {
        return new MessageDispatcher(agent.model(), policy, new AsyncRequests("Device.LocalAgent.Request."),
                OperationCompleteListener.NONE);
    }

    /** Times Gets through {@link AgentModel#handle} as {@code controller}; checks every device is in each answer. */
    private static void measureAs(String label, AgentModel agent, String controller) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long start = System.nanoTime();
            UspMsg.Msg reply = agent.handle(controller, Msgs.get("a" + i, "Device.ProxiedDevice."))
                    .toCompletableFuture().get(60, TimeUnit.SECONDS).orElseThrow();
            long took = System.nanoTime() - start;
            assertEquals(DEVICES, Msgs.resolved(reply).keySet().stream().filter(p -> p.matches(
                    "Device\\.ProxiedDevice\\.\\d+\\.")).count(), label);
            if (i >= WARM_UP) {
                nanos.add(took);
            }
        }
        Collections.sort(nanos);
        LOG.info("Get Device.ProxiedDevice. ({} devices), {}: median {} ms, max {} ms (n={})", DEVICES, label,
                String.format(Locale.ROOT, "%.2f", nanos.get(nanos.size() / 2) / 1e6),
                String.format(Locale.ROOT, "%.2f", nanos.get(nanos.size() - 1) / 1e6), MEASURED);
    }

    /** Times Gets and checks each answer has all 5 objects of every device (row, 2 capabilities, 2 classes). */
    private static void measure(String label, MessageDispatcher dispatcher, int warmUp, int measured,
            Runnable beforeEach) throws Exception {
        measure(label, dispatcher, HOUSEHOLD, warmUp, measured, beforeEach);
    }

    private static void measure(String label, MessageDispatcher dispatcher, String controller, int warmUp,
            int measured, Runnable beforeEach) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < warmUp + measured; i++) {
            beforeEach.run();
            long start = System.nanoTime();
            UspMsg.Msg reply = dispatcher.handle(controller, Msgs.get("b" + i,
                    "Device.ProxiedDevice.")).toCompletableFuture().get(60, TimeUnit.SECONDS).orElseThrow();
            long took = System.nanoTime() - start;
            assertEquals(controller.equals(HOUSEHOLD) ? 5 * DEVICES : DEVICES, Msgs.resolved(reply).keySet().stream()
                    .filter(p -> controller.equals(HOUSEHOLD) || p.matches("Device\\.ProxiedDevice\\.\\d+\\."))
                    .count(), label);
            if (i >= warmUp) {
                nanos.add(took);
            }
        }
        Collections.sort(nanos);
        LOG.info("Get Device.ProxiedDevice. ({} devices), {}: median {} ms, max {} ms (n={})", DEVICES, label,
                String.format(Locale.ROOT, "%.2f", nanos.get(nanos.size() / 2) / 1e6),
                String.format(Locale.ROOT, "%.2f", nanos.get(nanos.size() - 1) / 1e6), measured);
    }
}
