package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.AccessRequest;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.usp.agent.model.DeviceTargets;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A core capability event (the door opened) reaches USP as {@code ProxiedDevice.{i}.X_CPEBRIDGE_CapabilityEvent!}; the
 * privacy policy must see it as ACTIVITY, so a policy that withholds the household's activity withholds the Event
 * Notify, and one that allows it lets it through.
 */
class CapabilityEventPrivacyTest {
    private static final String CONTROLLER = "proto::cpe-bridge-controller";
    // FakeAdapter registry order: SENSOR 1, DOOR 2, PLUG 3, LIGHT 4.
    private static final String DOOR = "Device.ProxiedDevice.2.";

    @TempDir
    Path dir;

    private TestFaceContext context;
    private AgentModel agent;
    private final List<UspMsg.Msg> notifications = new CopyOnWriteArrayList<>();
    private final List<AccessRequest> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        context.close();
    }

    private void start(AccessPolicy privacy) throws Exception {
        context = new TestFaceContext(dir, Map.of());
        context.adapter.registerDevices();
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run,
                (controller, msg) -> notifications.add(msg), request -> {
                    asked.add(request);
                    return privacy.rights(request);
                });
        context.events.subscribe("test-notifier", event -> agent.notifier().onEvent(event));
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Subscription.");
        Map.of("Enable", "true", "ID", "door", "NotifType", "Event",
                        "ReferenceList", "Device.ProxiedDevice.*.X_CPEBRIDGE_CapabilityEvent!")
                .forEach((k, v) -> create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(k)
                        .setValue(v).setRequired(true)));
        UspMsg.Msg reply = agent.handle(CONTROLLER, Msgs.request("add", UspMsg.Header.MsgType.ADD,
                UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()))
                .toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow();
        assertTrue(reply.getBody().getResponse().hasAddResp(), reply.toString());
    }

    private List<UspMsg.Notify> events() {
        return notifications.stream().map(m -> m.getBody().getRequest().getNotify()).filter(UspMsg.Notify::hasEvent)
                .toList();
    }

    @Test
    void theEventPathIsActivity() throws Exception {
        start(AccessPolicy.FULL_ACCESS);
        DeviceTargets targets = new DeviceTargets(context.registry, agent.numbers());
        assertEquals(PrivacyClass.ACTIVITY, targets.of(DOOR + "X_CPEBRIDGE_CapabilityEvent!").orElseThrow()
                .privacy());
        assertEquals(FakeAdapter.DOOR, targets.of(DOOR + "X_CPEBRIDGE_CapabilityEvent!").orElseThrow().device());
    }

    @Test
    void aPolicyWithoutActivityWithholdsTheEvent() throws Exception {
        start(request -> request.device().map(d -> d.privacy() == PrivacyClass.ACTIVITY).orElse(false)
                ? Rights.NONE : Rights.ALL);
        context.registry.fireEvent(FakeAdapter.DOOR, "contact", "opened", Map.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (asked.stream().noneMatch(r -> r.path().endsWith("X_CPEBRIDGE_CapabilityEvent!"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(asked.stream().anyMatch(r -> r.path().equals(DOOR + "X_CPEBRIDGE_CapabilityEvent!")
                && r.device().map(d -> d.privacy() == PrivacyClass.ACTIVITY).orElse(false)), asked.toString());
        Thread.sleep(200);
        assertEquals(List.of(), events(), "withheld");
    }

    @Test
    void aPolicyThatAllowsActivityLetsItThrough() throws Exception {
        start(AccessPolicy.FULL_ACCESS);
        context.registry.fireEvent(FakeAdapter.DOOR, "contact", "opened", Map.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, events().size(), notifications.toString());
        assertEquals(DOOR, events().get(0).getEvent().getObjPath());
    }
}
