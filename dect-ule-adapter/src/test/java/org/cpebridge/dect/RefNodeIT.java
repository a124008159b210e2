package org.cpebridge.dect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.dect.hanfun.HanfunMessage.OnOffAction;
import org.cpebridge.dect.hanfun.Profile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter in TCP mode ({@code dect.mode=tcp}, loopback) against {@link RefNode}, a peer that behaves like the
 * hanfun reference node: one frame per socket read, no Keep Alive, address lost on restart (issue 19). Time that
 * matters to the adapter (keep-alive window, timeouts) is the injected manual clock; the socket I/O is real.
 */
class RefNodeIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RefNodeIT.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<RefNode> nodes = new ArrayList<>();
    private TestContext.MemoryStore store = new TestContext.MemoryStore();
    private TestContext context;
    private DectAdapter adapter;

    @AfterEach
    void stop() throws Exception {
        for (RefNode node : nodes) {
            node.close();
        }
        if (adapter != null) {
            adapter.close();
        }
        pool.shutdownNow();
    }

    private int startBridge() throws InterruptedException {
        if (adapter != null) {
            adapter.close();
        }
        context = new TestContext(pool, store, "dect.mode=tcp", "dect.link.listen=127.0.0.1:0");
        adapter = new DectAdapter(context);
        adapter.start();
        waitFor(() -> adapter.tcpAddress().isPresent());
        return adapter.tcpAddress().orElseThrow().getPort();
    }

    private RefNode node(int number, Profile profile) {
        RefNode node = new RefNode(number, profile);
        nodes.add(node);
        return node;
    }

    private Device device(RefNode node) {
        return context.registry.device(DeviceId.of("dect", node.coreId())).orElseThrow();
    }

    private boolean reachable(RefNode node) {
        return context.registry.device(DeviceId.of("dect", node.coreId())).map(Device::reachable).orElse(false);
    }

    private Value state(RefNode node, String capability, String attribute) {
        return context.registry.state(new AttributeRef(DeviceId.of("dect", node.coreId()), capability, attribute))
                .map(s -> s.value()).orElse(null);
    }

    /** A Simple Light node that registered and was interviewed (report rule in place, state read). */
    private RefNode registeredLight(int port) throws Exception {
        RefNode light = node(1, Profile.SIMPLE_LIGHT);
        light.connect(port);
        light.register();
        interviewed(light);
        return light;
    }

    /** Sends a command and waits for it on the wall clock only: the manual clock does not move, so no timeout fires. */
    private void invoke(RefNode node, String command) throws Exception {
        adapter.execute(new DeviceCommand.Invoke(DeviceId.of("dect", node.coreId()), "onOff", command, Map.of()))
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void interviewCompletesOnAOneFramePerReadNodeInEveryOneOfAHundredRegistrations() throws Exception {
        int port = startBridge();
        int complete = 0;
        int dropped = 0;
        int advances = 0;
        for (int i = 1; i <= 100; i++) {
            try (RefNode node = new RefNode(i, Profile.SIMPLE_LIGHT)) {
                node.connect(port);
                node.register();
                advances += interviewed(node);
                dropped += node.framesDropped();
                complete++;
            }
        }
        LOG.info("100 registrations: {} frame(s) dropped by the one-frame-per-read peer, {} clock advance(s) for a"
                + " timeout to resend", dropped, advances);
        assertEquals(100, complete);
    }

    /**
     * Waits until the node was interviewed (report rule in place, state read). Frame spacing keeps the peer from
     * merging frames, but a busy machine can still hold its reader back past the gap; a dropped request is then
     * resent when its timeout fires, so when nothing moves for 2 s the injected clock jumps by the command timeout.
     *
     * @return how many times the clock had to jump
     */
    private int interviewed(RefNode node) throws Exception {
        return settled(node, () -> node.hasEventReporting() && state(node, "onOff", "on") != null);
    }

    /**
     * Waits until {@code done} holds and the bridge has no request to any node outstanding, nudging the injected clock
     * as {@link #interviewed} does. Before the clock jumps far, the links must be quiet: a jump fires the timeout of
     * any request whose answer is still on its way, and of its resends, within one call.
     */
    private int settled(RefNode node, BooleanSupplier done) throws Exception {
        int advances = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long stalledSince = System.nanoTime();
        while (!(done.getAsBoolean() && adapter.requestsOutstanding().get(WAIT.toSeconds(), TimeUnit.SECONDS) == 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not settled within 60 s: " + node.describe());
            }
            if (System.nanoTime() - stalledSince > Duration.ofSeconds(2).toNanos()) {
                context.scheduler.advance(Duration.ofSeconds(5));
                advances++;
                stalledSince = System.nanoTime();
            }
            Thread.sleep(5);
        }
        return advances;
    }

    @Test
    void referenceLikeLightThroughItsLife() throws Exception {
        int port = startBridge();
        RefNode light = registeredLight(port);

        // registration and interview: type from the profile, the profile named, report rule in place
        assertEquals(1, light.address());
        Device registered = device(light);
        assertEquals("DECT light", registered.name());
        assertEquals("Simple Light (0x0108)", registered.model());
        assertEquals(List.of(CapabilityType.ON_OFF), registered.capabilities().stream().map(c -> c.type()).toList());
        assertEquals(DeviceKind.LIGHT, registered.kind(), "On/Off only, yet a light: the faces show it as one");
        assertEquals(Value.of(false), state(light, "onOff", "on"));

        // a command from the bridge, and a change made at the device reported back
        invoke(light, "on");
        assertTrue(light.isOn());
        light.toggleLocally();
        waitFor(() -> Value.of(false).equals(state(light, "onOff", "on")));

        // idle five minutes (the keep-alive window is 90 s): mains, link up, no Keep Alive declared -> reachable
        settled(light, () -> true);
        context.scheduler.advance(Duration.ofMinutes(5));
        assertTrue(reachable(light), "a mains node with a live link stays reachable");
        invoke(light, "toggle"); // answered at once: the wall-clock wait is the only one
        assertTrue(light.isOn());

        // node restart: it forgets its address; the bridge shows it unreachable, gives the address back by its UID
        long unreachableEvents = reachabilityEvents(light, false);
        light.restart(port);
        waitFor(() -> reachabilityEvents(light, false) > unreachableEvents);
        waitFor(() -> light.address() == 1 && reachable(light));
        waitFor(light::hasEventReporting); // interviewed again: its rules went with the restart
        invoke(light, "off");
        assertFalse(light.isOn());
        light.toggleLocally();
        waitFor(() -> Value.of(true).equals(state(light, "onOff", "on")));

        // bridge restart: the node keeps its address and reconnects with HELLO only
        port = startBridge();
        light.reconnect(port);
        waitFor(() -> reachable(light));
        invoke(light, "off");
        assertFalse(light.isOn());
        assertEquals(1, light.address());
        assertEquals(0, light.framesDropped());
    }

    @Test
    void restartedNodeThatDoesNotTakeItsAddressBackStaysUnreachableUntilItRegisters() throws Exception {
        int port = startBridge();
        RefNode light = registeredLight(port);
        light.ignoreRebind();
        light.restart(port);
        waitFor(() -> !reachable(light));
        // its answer is FAIL_UNKNOWN to the check and to the re-bind's second check
        Thread.sleep(500);
        assertFalse(reachable(light));
        assertTrue(device(light).statusReason().contains("register again"), device(light).statusReason());
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> invoke(light, "on"));
        assertEquals(ErrorKind.UNREACHABLE, DeviceException.from(refused.getCause()).kind());
        light.register();
        waitFor(() -> reachable(light) && light.hasEventReporting());
        invoke(light, "on");
        assertTrue(light.isOn());
    }

    @Test
    void switchPressesArriveAsButtonEvents() throws Exception {
        int port = startBridge();
        RefNode wallSwitch = node(7, Profile.SIMPLE_ONOFF_SWITCH);
        wallSwitch.connect(port);
        wallSwitch.register();
        // the person presses once the node shows its address (hf_node prints "Device Address : 1")
        waitFor(() -> context.registry.device(DeviceId.of("dect", wallSwitch.coreId())).isPresent()
                && wallSwitch.address() == 1);
        Device registered = device(wallSwitch);
        assertEquals(List.of(CapabilityType.BUTTON), registered.capabilities().stream().map(c -> c.type()).toList());
        assertEquals("DECT on-off switch", registered.name());
        assertEquals(DeviceKind.SWITCH, registered.kind());

        wallSwitch.press(OnOffAction.ON);
        wallSwitch.press(OnOffAction.TOGGLE);
        waitFor(() -> presses(wallSwitch).size() == 2);
        List<DeviceEvent.CapabilityEvent> presses = presses(wallSwitch);
        assertEquals(List.of(Value.of("on"), Value.of("toggle")),
                presses.stream().map(e -> e.fields().get("action")).toList());
        assertTrue(presses.stream().allMatch(e -> e.privacy() == PrivacyClass.ACTIVITY
                && e.capability().equals("button") && e.event().equals("pressed")));

        // idle: a switch with no Keep Alive is not timed out either (once its interview, a Device Information read, is
        // over: the jump would otherwise time out a read the node's one-frame-per-read socket dropped, and its resends)
        settled(wallSwitch, () -> wallSwitch.identityReads() > 0);
        context.scheduler.advance(Duration.ofMinutes(5));
        assertTrue(reachable(wallSwitch), device(wallSwitch).statusReason());

        // restarted, it presses from the unregistered address: still a press, and it gets its address back
        wallSwitch.restart(port);
        waitFor(() -> wallSwitch.address() == 1 && reachable(wallSwitch));
        wallSwitch.press(OnOffAction.OFF);
        waitFor(() -> presses(wallSwitch).size() == 3);
        assertEquals(Value.of("off"), presses(wallSwitch).get(2).fields().get("action"));

        // it loses its address with the link up and presses from 0x7FFF: the press counts, and that request from the
        // unregistered address makes the bridge check it and give the address back
        long unreachable = reachabilityEvents(wallSwitch, false);
        wallSwitch.forgetAddress();
        wallSwitch.press(OnOffAction.TOGGLE);
        waitFor(() -> presses(wallSwitch).size() == 4);
        waitFor(() -> reachabilityEvents(wallSwitch, false) > unreachable);
        waitFor(() -> wallSwitch.address() == 1 && reachable(wallSwitch));
    }

    private List<DeviceEvent.CapabilityEvent> presses(RefNode node) {
        DeviceId id = DeviceId.of("dect", node.coreId());
        return context.eventsSnapshot().stream().filter(e -> e instanceof DeviceEvent.CapabilityEvent c
                && c.device().equals(id)).map(e -> (DeviceEvent.CapabilityEvent) e).toList();
    }

    private long reachabilityEvents(RefNode node, boolean reachable) {
        DeviceId id = DeviceId.of("dect", node.coreId());
        return context.eventsSnapshot().stream().filter(e -> e instanceof DeviceEvent.ReachabilityChanged r
                && r.device().equals(id) && r.reachable() == reachable).count();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        waitFor(condition, () -> "");
    }

    private static void waitFor(BooleanSupplier condition, java.util.function.Supplier<String> detail)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT.toSeconds() + " s " + detail.get());
            }
            Thread.sleep(5);
        }
    }
}
