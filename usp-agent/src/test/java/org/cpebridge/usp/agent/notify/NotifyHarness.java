package org.cpebridge.usp.agent.notify;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.cpebridge.core.event.DeviceEvent;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.privacy.policy.PrivacyRules;
import org.cpebridge.usp.agent.AgentModel;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;

/**
 * The agent model over a real core (file store, registry, fake adapter) with a {@link ManualClock} and
 * {@link ManualScheduler}: the agent's executor is the test thread, so timers run inside {@link #advance} and every
 * Notify the agent sends is in {@link #sent} when a call returns. No sleeps.
 */
final class NotifyHarness implements AutoCloseable {
    static final String CONTROLLER = "proto::cpe-bridge-controller";
    static final String AGENT = "os::000000-CPEB-TEST0001";

    final ManualClock clock;
    final ManualScheduler scheduler;
    final Path dir;
    private final PrivacyRules rules;
    TestFaceContext core;
    AgentModel agent;
    /** Every Notify the agent sent: (Controller Endpoint ID, message), retries included. */
    final List<Map.Entry<String, UspMsg.Msg>> sent = new ArrayList<>();
    /** When each of {@link #sent} was sent, by the manual clock. */
    final List<Instant> sentAt = new ArrayList<>();
    /** Core events, handed to the notifier on the test thread by {@link #pumpEventsUntil}. */
    final BlockingQueue<DeviceEvent> coreEvents = new LinkedBlockingQueue<>();

    NotifyHarness(Path dir, Instant start) {
        this(dir, start, null);
    }

    /** With the household's privacy policy over {@code rules} (null: the full-access default, not audited). */
    NotifyHarness(Path dir, Instant start, PrivacyRules rules) {
        this.rules = rules;
        this.dir = dir;
        this.clock = new ManualClock(start);
        this.scheduler = new ManualScheduler(clock);
        start();
    }

    /** Builds core and agent over the data directory (again, after {@link #restart}). */
    void start() {
        core = new TestFaceContext(dir, Map.of());
        core.events.subscribe("notify-test", coreEvents::add);
        if (core.registry.devices().isEmpty()) {
            core.adapter.registerDevices();
        }
        BiConsumer<String, UspMsg.Msg> sink = (controller, msg) -> {
            sent.add(Map.entry(controller, msg));
            sentAt.add(clock.instant());
        };
        FaceContext context = new ManualTimeContext(core, clock, scheduler);
        agent = rules == null ? AgentModel.build(context, AGENT, "usp/agent/t", Runnable::run, sink)
                : AgentModel.build(context, AGENT, "usp/agent/t", Runnable::run, sink, rules);
    }

    /** A new core and agent over the same data directory, as after a process restart. */
    void restart() {
        agent.close();
        core.close();
        start();
    }

    /** Feeds core events to the notifier (as UspFace does on the agent's executor) until one matches. */
    DeviceEvent pumpEventsUntil(Predicate<DeviceEvent> wanted) throws InterruptedException {
        while (true) {
            DeviceEvent event = coreEvents.poll(20, TimeUnit.SECONDS);
            assertNotNull(event, "no such core event");
            agent.notifier().onEvent(event);
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    void advance(java.time.Duration duration) {
        scheduler.advance(duration);
    }

    UspMsg.Msg send(String controller, UspMsg.Msg request) throws Exception {
        return agent.handle(controller, request).toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow();
    }

    Optional<UspMsg.Msg> trySend(String controller, UspMsg.Msg request) throws Exception {
        return agent.handle(controller, request).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    Map<String, Map<String, String>> get(String... paths) throws Exception {
        return Msgs.resolved(send(CONTROLLER, Msgs.get("g", paths)));
    }

    /** Adds a subscription for the default Controller; returns its row path. */
    String subscribe(String id, String notifType, String references, String... more) throws Exception {
        return subscribeAs(CONTROLLER, id, notifType, references, more);
    }

    String subscribeAs(String controller, String id, String notifType, String references, String... more)
            throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Enable", "true");
        params.put("ID", id);
        params.put("NotifType", notifType);
        params.put("ReferenceList", references);
        for (int i = 0; i < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Subscription.");
        params.forEach((k, v) -> create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(k)
                .setValue(v).setRequired(true)));
        UspMsg.Msg reply = send(controller, Msgs.request("add-" + id, MsgType.ADD,
                UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()));
        assertTrue(reply.getBody().getResponse().getAddResp().getCreatedObjResults(0).getOperStatus()
                .hasOperSuccess(), reply.toString());
        return reply.getBody().getResponse().getAddResp().getCreatedObjResults(0).getOperStatus().getOperSuccess()
                .getInstantiatedPath();
    }

    UspMsg.Msg set(String objPath, String... paramValues) throws Exception {
        UspMsg.Set.UpdateObject.Builder update = UspMsg.Set.UpdateObject.newBuilder().setObjPath(objPath);
        for (int i = 0; i < paramValues.length; i += 2) {
            update.addParamSettings(UspMsg.Set.UpdateParamSetting.newBuilder().setParam(paramValues[i])
                    .setValue(paramValues[i + 1]).setRequired(true));
        }
        return send(CONTROLLER, Msgs.request("set", MsgType.SET, UspMsg.Request.newBuilder()
                .setSet(UspMsg.Set.newBuilder().addUpdateObjs(update)).build()));
    }

    /** Operate with the given send_resp and command_key. */
    Optional<UspMsg.Msg> operate(String command, boolean sendResp, String commandKey, String... inputs)
            throws Exception {
        UspMsg.Operate.Builder operate = UspMsg.Operate.newBuilder().setCommand(command).setCommandKey(commandKey)
                .setSendResp(sendResp);
        for (int i = 0; i < inputs.length; i += 2) {
            operate.putInputArgs(inputs[i], inputs[i + 1]);
        }
        return trySend(CONTROLLER, Msgs.request("op-" + commandKey, MsgType.OPERATE,
                UspMsg.Request.newBuilder().setOperate(operate).build()));
    }

    /** The Controller's NotifyResp to a Notify (TR-369 "Notify Response Fields"). */
    void answer(UspMsg.Msg notify) throws Exception {
        UspMsg.Msg resp = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId(notify.getHeader().getMsgId())
                        .setMsgType(MsgType.NOTIFY_RESP))
                .setBody(UspMsg.Body.newBuilder().setResponse(UspMsg.Response.newBuilder().setNotifyResp(
                        UspMsg.NotifyResp.newBuilder().setSubscriptionId(notify.getBody().getRequest().getNotify()
                                .getSubscriptionId())))).build();
        assertTrue(trySend(CONTROLLER, resp).isEmpty(), "a NotifyResp is not answered");
    }

    /** The Notify messages sent so far, without the Endpoint IDs. */
    List<UspMsg.Msg> messages() {
        return sent.stream().map(Map.Entry::getValue).toList();
    }

    static UspMsg.Notify notifyOf(UspMsg.Msg msg) {
        return msg.getBody().getRequest().getNotify();
    }

    @Override
    public void close() {
        agent.close();
        core.close();
    }

    /** The core's context with the manual clock and scheduler. */
    private static final class ManualTimeContext implements FaceContext {
        private final TestFaceContext core;
        private final Clock clock;
        private final Scheduler scheduler;

        ManualTimeContext(TestFaceContext core, Clock clock, Scheduler scheduler) {
            this.core = core;
            this.clock = clock;
            this.scheduler = scheduler;
        }

        @Override
        public DeviceRegistry registry() {
            return core.registry();
        }

        @Override
        public EventBus events() {
            return core.events();
        }

        @Override
        public CommandRouter commands() {
            return core.commands();
        }

        @Override
        public DurableStore store() {
            return core.store();
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public Scheduler scheduler() {
            return scheduler;
        }

        @Override
        public Executor executor() {
            return core.executor();
        }

        @Override
        public Config config() {
            return core.config();
        }

        @Override
        public ServiceControl serviceControl() {
            return core.serviceControl();
        }

        @Override
        public void showToUser(String text) {
            core.showToUser(text);
        }
    }
}
