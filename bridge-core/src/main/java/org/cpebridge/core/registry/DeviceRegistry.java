package org.cpebridge.core.registry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.AttributeSpec;
import org.cpebridge.core.model.AttributeState;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.EventSpec;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's device registry and state store: which devices exist, their last attribute values with timestamps,
 * and the household's names and rooms for them, and which of them it left out of Matter.
 *
 * <p>Adapters register devices and report state; faces read and rename. Every change is published on the
 * {@link EventBus} while the registry's lock is held, so the events of one device reach each subscriber in the order
 * the changes were applied. Publishing only queues, so an adapter's thread is never held by a slow face.
 *
 * <p>Devices, names and rooms are persisted (record {@value #RECORD}); attribute values are not, since adapters
 * re-read them after a restart. Until its adapter registers it again, a device loaded from the store is
 * unreachable. Thread-safe.
 *
 * <p>Writes are coalesced to spare a router's flash (docs/store.md): what an adapter reports ({@link #register},
 * {@link #remove}) marks the list dirty and one write follows {@code flushDelay} later on the writer executor, however
 * many devices changed in between (a Zigbee2MQTT device list of 5,000 devices is one or a few writes, not 5,000);
 * the adapter reports it again after a restart if a kill lands inside that window. What a person asked for through
 * a face ({@link #rename}, {@link #setRoom}, {@link #setExcludedFromMatter}) is written before the call returns, so a face acknowledges only what is
 * on disk. {@link #flush} writes at once (the service calls it on stop). With the three-argument constructor every
 * change is written through.
 */
public final class DeviceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    /** Store record holding the device list. */
    public static final String RECORD = "core/devices";
    private static final String NOT_SEEN_REASON = "not seen since the bridge started";

    private final EventBus events;
    private final Clock clock;
    private final DurableStore store;
    private final Object persistLock = new Object();
    private final Scheduler scheduler;
    private final Executor writer;
    private final Duration flushDelay;
    // Guarded by flushLock: changes not yet written, and whether a delayed flush is already on its way.
    private final Object flushLock = new Object();
    private boolean dirty;
    private boolean flushScheduled;
    private volatile boolean failureLogged;

    // Guarded by `this`.
    private final Map<DeviceId, Device> devices = new LinkedHashMap<>();
    private final Map<DeviceId, Map<String, AttributeState>> states = new HashMap<>();
    // Not persisted: adapters report their network again when they reconnect.
    private final Map<String, RadioNetwork> networks = new ConcurrentHashMap<>();
    // The networks by technology in adapter id order, made on first ask after a report (a face asks for every device
    // of a Get); a report drops it. Made and dropped under networksLock, so a snapshot made from the map before a
    // report can never be kept after it.
    private final Object networksLock = new Object();
    private volatile Map<String, List<RadioNetwork>> networksByTechnology;

    /** A registry that writes every change through (tests, tools). */
    public DeviceRegistry(EventBus events, Clock clock, DurableStore store) {
        this(events, clock, store, null, null, Duration.ZERO);
    }

    /**
     * A registry that coalesces adapter-side changes into one write {@code flushDelay} after the first of them, run
     * on {@code writer}; a zero delay writes every change through.
     */
    public DeviceRegistry(EventBus events, Clock clock, DurableStore store, Scheduler scheduler, Executor writer,
            Duration flushDelay) {
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.flushDelay = Objects.requireNonNull(flushDelay, "flushDelay");
        boolean coalesce = !flushDelay.isZero() && !flushDelay.isNegative();
        this.scheduler = coalesce ? Objects.requireNonNull(scheduler, "scheduler") : null;
        this.writer = coalesce ? Objects.requireNonNull(writer, "writer") : null;
        store.read(RECORD).ifPresent(record -> {
            for (Device device : DeviceCodec.decode(record.textOfFormat(DeviceCodec.FORMAT_VERSION))) {
                devices.put(device.id(), device.withReachability(false, NOT_SEEN_REASON));
            }
        });
        LOG.debug("[registry] loaded {} devices", devices.size());
    }

    // ---- adapter side ----

    /**
     * Adds a device or updates what its adapter knows of it. The household's name and room, once set, are kept; the
     * adapter's name is used only for a device that has none yet. A registered device is reachable unless the
     * adapter says otherwise.
     *
     * @return the device as the registry now holds it
     */
    public Device register(Device reported) {
        Device result;
        boolean changed;
        synchronized (this) {
            Device known = devices.get(reported.id());
            if (known == null) {
                result = reported;
                devices.put(result.id(), result);
                states.put(result.id(), new HashMap<>());
                events.publish(new DeviceEvent.DeviceAdded(result));
                LOG.debug("[registry] {} added", result.id());
                changed = true;
            } else {
                result = reported.toBuilder()
                        .name(known.name().isEmpty() ? reported.name() : known.name())
                        .room(known.room().isEmpty() ? reported.room() : known.room())
                        .excludedFromMatter(known.excludedFromMatter())
                        .build();
                changed = !result.equals(known);
                if (changed) {
                    devices.put(result.id(), result);
                    dropStatesOfRemovedAttributes(result);
                    if (known.reachable() != result.reachable()) {
                        events.publish(new DeviceEvent.ReachabilityChanged(result.id(), result.reachable(),
                                result.statusReason(), clock.instant()));
                    }
                    if (!result.withReachability(known.reachable(), known.statusReason()).equals(known)) {
                        events.publish(new DeviceEvent.DeviceChanged(known, result));
                    }
                }
            }
        }
        if (changed) {
            persistLater();
        }
        return result;
    }

    /** Removes a device (it left its network). Does nothing for an unknown id. */
    public void remove(DeviceId id) {
        synchronized (this) {
            Device removed = devices.remove(id);
            if (removed == null) {
                return;
            }
            states.remove(id);
            events.publish(new DeviceEvent.DeviceRemoved(removed));
            LOG.debug("[registry] {} removed", id);
        }
        persistLater();
    }

    /**
     * Records an attribute value the device reported. The value is checked against the capability's spec; an
     * adapter that reports nonsense gets an exception, since that is a bug in the adapter, not a device fault.
     * Publishes {@link DeviceEvent.StateChanged} only when the value differs from the last one.
     *
     * @throws DeviceException NOT_FOUND for an unknown device, capability or attribute; INVALID_VALUE for a value
     *                         outside the spec
     */
    public void updateState(DeviceId id, String capabilityKey, String attribute, Value value) {
        synchronized (this) {
            Device device = requireDevice(id);
            AttributeSpec spec = requireAttribute(device, capabilityKey, attribute);
            Value canonical = spec.spec().check(id + "/" + capabilityKey + "." + attribute, value);
            Instant now = clock.instant();
            Map<String, AttributeState> deviceStates = states.computeIfAbsent(id, k -> new HashMap<>());
            String stateKey = capabilityKey + "." + attribute;
            AttributeState previous = deviceStates.put(stateKey, new AttributeState(canonical, now));
            if (previous == null || !previous.value().equals(canonical)) {
                events.publish(new DeviceEvent.StateChanged(new AttributeRef(id, capabilityKey, attribute),
                        previous == null ? null : previous.value(), canonical, spec.privacy(), now));
            }
        }
    }

    /** Marks a device reachable or not, with a reason for people ("no keep-alive for 3 periods"). */
    public void setReachable(DeviceId id, boolean reachable, String reason) {
        boolean changed = false;
        synchronized (this) {
            Device device = requireDevice(id);
            if (device.reachable() != reachable) {
                Device updated = device.withReachability(reachable, reason);
                devices.put(id, updated);
                events.publish(new DeviceEvent.ReachabilityChanged(id, reachable, updated.statusReason(),
                        clock.instant()));
                changed = true;
            }
        }
        if (changed) {
            LOG.debug("[registry] {} reachable={} {}", id, reachable, reason);
        }
    }

    /**
     * Publishes something that happened at the device (a button press).
     *
     * @throws DeviceException NOT_FOUND / INVALID_VALUE as for {@link #updateState}
     */
    public void fireEvent(DeviceId id, String capabilityKey, String event, Map<String, Value> fields) {
        synchronized (this) {
            Device device = requireDevice(id);
            Capability capability = device.capability(capabilityKey).orElseThrow(() ->
                    new DeviceException(ErrorKind.NOT_FOUND, id + " has no capability " + capabilityKey));
            EventSpec spec = capability.event(event).orElseThrow(() ->
                    new DeviceException(ErrorKind.NOT_FOUND, id + "/" + capabilityKey + " has no event " + event));
            Map<String, Value> checked = spec.checkFields(fields);
            events.publish(new DeviceEvent.CapabilityEvent(id, capabilityKey, event, checked, spec.privacy(),
                    clock.instant()));
        }
    }

    /** Replaces what an adapter knows of its radio network (see {@link RadioNetwork}). */
    public void reportNetwork(RadioNetwork network) {
        synchronized (networksLock) {
            networks.put(network.adapterId(), network);
            networksByTechnology = null;
        }
    }

    // ---- face side ----

    /** The radio networks adapters have reported, by adapter id. */
    public Map<String, RadioNetwork> networks() {
        return Map.copyOf(networks);
    }

    /** The reported networks of one technology ({@link RadioNetwork#ZIGBEE}, ...), in adapter id order. */
    public List<RadioNetwork> networksOf(String technology) {
        Map<String, List<RadioNetwork>> byTechnology = networksByTechnology;
        if (byTechnology == null) {
            synchronized (networksLock) {
                byTechnology = networksByTechnology;
                if (byTechnology == null) {
                    Map<String, List<RadioNetwork>> made = new HashMap<>();
                    networks.values().stream().sorted(Comparator.comparing(RadioNetwork::adapterId))
                            .forEach(n -> made.computeIfAbsent(n.technology(), t -> new ArrayList<>()).add(n));
                    made.replaceAll((key, list) -> List.copyOf(list));
                    byTechnology = Map.copyOf(made);
                    networksByTechnology = byTechnology;
                }
            }
        }
        return byTechnology.getOrDefault(technology, List.of());
    }

    /** All devices, in id order. */
    public synchronized List<Device> devices() {
        List<Device> all = new ArrayList<>(devices.values());
        all.sort(Comparator.comparing(Device::id));
        return all;
    }

    public synchronized Optional<Device> device(DeviceId id) {
        return Optional.ofNullable(devices.get(id));
    }

    public synchronized Optional<AttributeState> state(AttributeRef attribute) {
        Map<String, AttributeState> deviceStates = states.get(attribute.device());
        return deviceStates == null ? Optional.empty()
                : Optional.ofNullable(deviceStates.get(attribute.capability() + "." + attribute.attribute()));
    }

    /** Every known value of a device, keyed by attribute. */
    public synchronized Map<AttributeRef, AttributeState> states(DeviceId id) {
        Map<String, AttributeState> deviceStates = states.getOrDefault(id, Map.of());
        Map<AttributeRef, AttributeState> result = new LinkedHashMap<>();
        deviceStates.forEach((key, state) -> {
            int dot = key.lastIndexOf('.');
            result.put(new AttributeRef(id, key.substring(0, dot), key.substring(dot + 1)), state);
        });
        return result;
    }

    /**
     * When the device last reported anything, and when it last reported an attribute of {@code privacy}'s class:
     * what a face shows as contact times, found without copying the device's states ({@link #states} copies every
     * one, with a new {@link AttributeRef} each; a USP Get of 200 devices asked that of every device, issue 20).
     * An attribute's class is the one its spec has in the first capability with its key, as
     * {@link Device#capability} finds it.
     */
    public synchronized LastUpdates lastUpdates(DeviceId id, PrivacyClass privacy) {
        Map<String, AttributeState> deviceStates = states.get(id);
        Device device = devices.get(id);
        if (deviceStates == null || device == null) {
            return LastUpdates.NONE;
        }
        Instant newest = null;
        Instant newestOfClass = null;
        for (Map.Entry<String, AttributeState> e : deviceStates.entrySet()) {
            Instant at = e.getValue().updatedAt();
            if (newest == null || at.isAfter(newest)) {
                newest = at;
            }
            if ((newestOfClass == null || at.isAfter(newestOfClass)) && privacyOf(device, e.getKey()) == privacy) {
                newestOfClass = at;
            }
        }
        return new LastUpdates(Optional.ofNullable(newest), Optional.ofNullable(newestOfClass));
    }

    /** {@link #lastUpdates}' answer: empty where the device has no such update. */
    public record LastUpdates(Optional<Instant> any, Optional<Instant> ofClass) {
        static final LastUpdates NONE = new LastUpdates(Optional.empty(), Optional.empty());

        public LastUpdates {
            Objects.requireNonNull(any, "any");
            Objects.requireNonNull(ofClass, "ofClass");
        }
    }

    /**
     * The privacy class of the attribute a state key ({@code capability.attribute}, split at its last dot) names in
     * the device's capabilities, or null when it has none there; compared in place, without cutting the key.
     */
    private static PrivacyClass privacyOf(Device device, String stateKey) {
        int dot = stateKey.lastIndexOf('.');
        for (Capability c : device.capabilities()) {
            if (c.key().length() == dot && stateKey.startsWith(c.key())) {
                int nameLength = stateKey.length() - dot - 1;
                for (AttributeSpec a : c.attributes()) {
                    if (a.name().length() == nameLength && stateKey.startsWith(a.name(), dot + 1)) {
                        return a.privacy();
                    }
                }
                return null; // the first capability with the key decides, as Device.capability does
            }
        }
        return null;
    }

    /** Sets the household's name for a device, durably. */
    public Device rename(DeviceId id, String name) {
        return updateLabel(id, checkLabel("name", name), null);
    }

    /** Sets the household's room for a device, durably. */
    public Device setRoom(DeviceId id, String room) {
        return updateLabel(id, null, checkLabel("room", room));
    }

    /**
     * Leaves a device out of Matter, or brings it back, durably: the household's choice, kept when the adapter
     * reports the device again. The Matter face follows the {@link DeviceEvent.DeviceChanged} this publishes.
     */
    public Device setExcludedFromMatter(DeviceId id, boolean excluded) {
        return updateHousehold(id, device -> device.withExcludedFromMatter(excluded));
    }

    private Device updateLabel(DeviceId id, String name, String room) {
        return updateHousehold(id, device -> name != null ? device.withName(name) : device.withRoom(room));
    }

    /** A change the household asked for through a face: published, and on disk before this returns. */
    private Device updateHousehold(DeviceId id, java.util.function.UnaryOperator<Device> change) {
        Device updated;
        synchronized (this) {
            Device device = requireDevice(id);
            updated = change.apply(device);
            if (updated.equals(device)) {
                return device;
            }
            devices.put(id, updated);
            events.publish(new DeviceEvent.DeviceChanged(device, updated));
        }
        persistNow();
        return updated;
    }

    private static String checkLabel(String what, String label) {
        if (label == null || label.length() > 64 || label.chars().anyMatch(Character::isISOControl)) {
            throw new DeviceException(ErrorKind.INVALID_VALUE,
                    what + " must be at most 64 characters without control characters");
        }
        return label.strip();
    }

    private Device requireDevice(DeviceId id) {
        Device device = devices.get(id);
        if (device == null) {
            throw new DeviceException(ErrorKind.NOT_FOUND, "no device " + id);
        }
        return device;
    }

    private static AttributeSpec requireAttribute(Device device, String capabilityKey, String attribute) {
        Capability capability = device.capability(capabilityKey).orElseThrow(() ->
                new DeviceException(ErrorKind.NOT_FOUND, device.id() + " has no capability " + capabilityKey));
        return capability.attribute(attribute).orElseThrow(() -> new DeviceException(ErrorKind.NOT_FOUND,
                device.id() + "/" + capabilityKey + " has no attribute " + attribute));
    }

    private void dropStatesOfRemovedAttributes(Device device) {
        Map<String, AttributeState> deviceStates = states.get(device.id());
        if (deviceStates == null) {
            return;
        }
        deviceStates.keySet().removeIf(key -> {
            int dot = key.lastIndexOf('.');
            return device.capability(key.substring(0, dot))
                    .flatMap(c -> c.attribute(key.substring(dot + 1))).isEmpty();
        });
    }

    /** Writes any change not yet on disk, now, on the caller's thread. */
    public void flush() {
        synchronized (persistLock) {
            synchronized (flushLock) {
                if (!dirty) {
                    return;
                }
            }
            write();
        }
    }

    /** An adapter-side change: written within {@code flushDelay} (at once without a scheduler). */
    private void persistLater() {
        if (scheduler == null) {
            persistNow();
            return;
        }
        synchronized (flushLock) {
            dirty = true;
            if (flushScheduled) {
                return;
            }
            flushScheduled = true;
        }
        scheduler.schedule(flushDelay, () -> writer.execute(this::delayedFlush));
    }

    /** A change someone is waiting for: on disk when this returns, with every pending change. */
    private void persistNow() {
        synchronized (persistLock) {
            write();
        }
    }

    private void delayedFlush() {
        synchronized (flushLock) {
            flushScheduled = false;
        }
        try {
            flush();
            failureLogged = false;
        } catch (RuntimeException e) {
            // Still dirty: the next change, or the flush at stop, tries again. One warning per episode.
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("[registry] cannot write the device list yet: {}", e.getMessage());
            }
        }
    }

    // Caller holds persistLock. The flag is cleared before the snapshot is taken, so a change racing with this
    // write either is in the snapshot or marks the list dirty again for the next write; snapshots are taken in
    // persistLock order, so the last write holds the latest list.
    private void write() {
        synchronized (flushLock) {
            dirty = false;
        }
        List<Device> snapshot = devices();
        try {
            store.write(RECORD, DeviceCodec.FORMAT_VERSION,
                    DeviceCodec.encode(snapshot).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            synchronized (flushLock) {
                dirty = true;
            }
            throw e;
        }
    }
}
