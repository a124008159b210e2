package org.cpebridge.dect.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.cpebridge.core.time.Scheduler;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.Uid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual DECT-ULE base module with virtual HAN-FUN devices behind an {@link InProcessBaseLink}. The bridge's
 * adapter sits on the link's base side and sees exactly the bytes real devices would send.
 *
 * <p>The virtual base keeps a registration window, as a DECT base does: the host opens it for some seconds with a
 * REGISTRATION frame ({@link InProcessBaseLink#requestRegistrationWindow}), the base confirms, and closes it on its
 * own when the time is up (on the injected scheduler) and says so. The configured devices were registered before;
 * a device {@linkplain #addDevice added} later registers only while the window is open.
 *
 * <p>All device state is owned by {@code executor}, which must be the same serial executor the link delivers on;
 * the public methods hop onto it and complete their future there.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    /** Devices the simulated base holds at most (configured and added). */
    public static final int MAX_DEVICES = 256;

    private final InProcessBaseLink link;
    private final Executor executor;
    private final Map<String, VirtualDevice> devices = new LinkedHashMap<>();
    private final SimulatorSettings settings;
    private final Scheduler scheduler;
    private final Clock clock;
    /** When the registration window closes; null while it is closed. */
    private Instant registrationOpenUntil;
    private Scheduler.Cancellable registrationTimer;
    private boolean closed;

    public Simulator(SimulatorConfig config, SimulatorSettings settings, InProcessBaseLink link, Executor executor,
            Scheduler scheduler, Clock clock) {
        this.link = link;
        this.executor = executor;
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
        link.onRegistrationRequest(this::registrationRequest);
        config.counts().forEach((type, count) -> {
            for (int n = 1; n <= count; n++) {
                String id = type.configName() + "-" + n;
                devices.put(id, new VirtualDevice(id, type, ipui(type, n), settings, link, executor, scheduler,
                        clock));
            }
        });
    }

    /**
     * The IPUI of the {@code n}-th device of {@code type}: 5 bytes, stable across runs, so the bridge keeps its
     * device ids: {@code 0x0F | type | 0x5E | n (u16)}.
     */
    public static Uid.Dect ipui(DeviceType type, int n) {
        return new Uid.Dect(Bytes.of((byte) 0x0F, (byte) (type.ordinal() + 1), (byte) 0x5E, (byte) (n >> 8),
                (byte) n));
    }

    /** Attaches every device; each registers as soon as the base is up. */
    public void start() {
        executor.execute(() -> {
            devices.values().forEach(VirtualDevice::attach);
            LOG.info("[dect-sim] {} virtual device(s) attached", devices.size());
        });
    }

    /** Simulator ids in creation order ({@code plug-1}, ...). */
    public List<String> deviceIds() {
        return List.copyOf(devices.keySet());
    }

    public CompletionStage<List<DeviceSnapshot>> devices() {
        return onExecutor(() -> {
            List<DeviceSnapshot> snapshots = new ArrayList<>();
            devices.values().forEach(device -> snapshots.add(device.snapshot()));
            return snapshots;
        });
    }

    public CompletionStage<DeviceSnapshot> device(String id) {
        return withDevice(id, VirtualDevice::snapshot);
    }

    /** Presses the device's button (toggle a plug or light, open/close a contact, trigger motion or smoke, ...). */
    public CompletionStage<DeviceSnapshot> press(String id) {
        return withDevice(id, device -> {
            device.press();
            return device.snapshot();
        });
    }

    /** Sets sensor values and the like; fails with {@link IllegalArgumentException} on an unknown key or value. */
    public CompletionStage<DeviceSnapshot> set(String id, Map<String, Object> values) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        return withDevice(id, device -> {
            device.set(copy);
            return device.snapshot();
        });
    }

    public CompletionStage<DeviceSnapshot> unplug(String id) {
        return withDevice(id, device -> {
            device.unplug();
            return device.snapshot();
        });
    }

    public CompletionStage<DeviceSnapshot> replug(String id) {
        return withDevice(id, device -> {
            device.replug();
            return device.snapshot();
        });
    }

    /** True while the base's registration window is open. */
    public CompletionStage<Boolean> registrationOpen() {
        return onExecutor(() -> registrationOpenUntil != null);
    }

    /**
     * A new device of {@code type} tries to register with the base, as a person pressing its pairing button does. It
     * is accepted only while the registration window is open ({@link IllegalStateException} otherwise); the new
     * device gets the next simulator id of its type ({@code plug-2}) and its own IPUI, attaches and registers. It
     * lives until the simulator stops (the configured devices are the ones that come back after a restart).
     */
    public CompletionStage<DeviceSnapshot> addDevice(String type) {
        return onExecutor(() -> {
            DeviceType deviceType = DeviceType.fromConfigName(type).orElseThrow(() -> new IllegalArgumentException(
                    "unknown device type '" + type + "'"));
            if (registrationOpenUntil == null) {
                throw new IllegalStateException("the DECT base is not in registration mode:"
                        + " open DECT registration on the bridge first");
            }
            if (devices.size() >= MAX_DEVICES) {
                throw new IllegalStateException("the simulated base holds " + MAX_DEVICES + " devices at most");
            }
            int n = 1;
            while (devices.containsKey(deviceType.configName() + "-" + n)) {
                n++;
            }
            String id = deviceType.configName() + "-" + n;
            VirtualDevice device = new VirtualDevice(id, deviceType, ipui(deviceType, n), settings, link, executor,
                    scheduler, clock);
            devices.put(id, device);
            device.attach();
            LOG.info("[dect-sim] {} registered while the registration window is open", id);
            return device.snapshot();
        });
    }

    /** On the executor: the host's REGISTRATION request; the base confirms with its new state. */
    private void registrationRequest(int seconds) {
        if (registrationTimer != null) {
            registrationTimer.cancel();
            registrationTimer = null;
        }
        if (seconds == 0 || closed) {
            registrationOpenUntil = null;
            LOG.info("[dect-sim] registration window closed by the host");
            link.reportRegistrationWindow(0);
            return;
        }
        registrationOpenUntil = clock.instant().plusSeconds(seconds);
        Scheduler.Cancellable[] timer = new Scheduler.Cancellable[1];
        timer[0] = scheduler.schedule(Duration.ofSeconds(seconds), () -> executor.execute(() -> {
            if (registrationTimer != timer[0]) {
                return; // replaced by a later request
            }
            registrationTimer = null;
            registrationOpenUntil = null;
            LOG.info("[dect-sim] registration window closed: time is up");
            link.reportRegistrationWindow(0);
        }));
        registrationTimer = timer[0];
        LOG.info("[dect-sim] registration window open for {} s", seconds);
        link.reportRegistrationWindow(seconds);
    }

    /** Resets the virtual base module: the link drops and comes back, every device attaches and registers again. */
    public void resetBase() {
        link.reset();
        executor.execute(() -> devices.values().forEach(VirtualDevice::reattachIfDetached));
    }

    @Override
    public void close() {
        executor.execute(() -> {
            closed = true;
            if (registrationTimer != null) {
                registrationTimer.cancel();
                registrationTimer = null;
            }
            registrationOpenUntil = null;
            devices.values().forEach(VirtualDevice::stop);
        });
    }

    /**
     * Acts on a device named by its simulator id ({@code plug-1}) or by the core's device id ({@code dect:<IPUI hex>},
     * what a bridged Matter endpoint's UniqueID or a USP row carries), so a test that knows only the bridge's view
     * can act as a person at the device.
     */
    private <T> CompletionStage<T> withDevice(String id, Function<VirtualDevice, T> action) {
        return onExecutor(() -> {
            VirtualDevice device = devices.get(id);
            if (device == null && id.startsWith(CORE_ID_PREFIX)) {
                String ipui = id.substring(CORE_ID_PREFIX.length());
                device = devices.values().stream().filter(d -> d.ipui().hex().equalsIgnoreCase(ipui)).findFirst()
                        .orElse(null);
            }
            if (device == null) {
                throw new NoSuchElementException("no simulated device '" + id + "'");
            }
            return action.apply(device);
        });
    }

    /** The core's device ids of DECT devices: the adapter name, a colon, the IPUI in hex. */
    private static final String CORE_ID_PREFIX = "dect:";

    private <T> CompletionStage<T> onExecutor(java.util.function.Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
