package org.cpebridge.zigbee.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigException;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.json.JsonException;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.mqtt.link.MqttLink;
import org.cpebridge.mqtt.link.MqttLinkException;
import org.cpebridge.mqtt.link.MqttLinkSettings;
import org.cpebridge.mqtt.IoPorts;
import org.cpebridge.mqtt.link.MqttLinks;
import org.cpebridge.mqtt.link.MqttProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for Zigbee2MQTT 2.x on an MQTT broker, for demos and tests without a Zigbee radio. It publishes what
 * Zigbee2MQTT publishes (retained {@code bridge/state} with the same will, {@code bridge/info},
 * {@code bridge/devices}, per-device availability, and the cached state of each device at start, as Zigbee2MQTT's
 * default {@code cache_state_send_on_startup} does), answers {@code /set}, {@code /get} and
 * {@code bridge/request/permit_join} the way it does, and can be told to change a device as if a person used it.
 * Payloads are written with sorted keys, like Zigbee2MQTT's stringify.
 *
 * <p>Thread-safe: MQTT callbacks and control calls synchronise on the simulator.
 *
 * <p>Why one class of about 620 lines: it stands in for one external program's whole MQTT API, topic by topic; it is a
 * test and demo tool, not a router path.
 */
public final class Z2mSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Z2mSimulator.class);
    private static final String COORDINATOR_IEEE = "0x00124b0018e1f2a3";
    /**
     * Zigbee2MQTT publishes bridge/info and bridge/devices retained at QoS 0. Moquette 0.17 does not keep QoS 0
     * retained messages (MQTT 3.1.1 lets a broker discard them), so the simulator uses QoS 1 for them.
     */
    private static final int RETAINED_QOS = 1;

    /** The simulator's key: which devices the default run simulates ({@code SimModels.KEYS} with counts). */
    public static final ConfigKey<List<String>> DEVICES = ConfigKey.list("zigbee.simulator.devices",
            List.of(), "start the built-in Zigbee2MQTT simulator with these devices, as model:count "
                    + "(hue-color, ikea-plug, aqara-contact, aqara-climate, sonoff-button, trv); empty: no simulator");

    /**
     * The broker the Zigbee side uses, as the Zigbee adapter's settings give it: the simulator stands in for
     * Zigbee2MQTT and logs in with that side's account (on the embedded broker it is limited to the base topic).
     */
    public record Broker(String serverUri, String baseTopic, MqttProtocol protocol, String username, String password,
                         int keepAliveSeconds) {
    }

    /**
     * The simulator {@link #DEVICES} asks for, on {@code broker}, not yet started; empty when the key lists no device.
     *
     * @throws ConfigException naming the key when it lists an unknown model or a bad count
     */
    public static Optional<Z2mSimulator> fromConfig(Config config, Broker broker, Scheduler scheduler) {
        return fromConfig(config, broker, scheduler, IoPorts.NONE);
    }

    /**
     * The same, its MQTT client on the shared I/O loop {@code io} offers (the core's {@code FacePorts::find}).
     *
     * @throws ConfigException naming the key when it lists an unknown model or a bad count
     */
    public static Optional<Z2mSimulator> fromConfig(Config config, Broker broker, Scheduler scheduler, IoPorts io) {
        List<String> wanted = config.get(DEVICES);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> counts;
        try {
            counts = SimModels.parseCounts(wanted);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(DEVICES.name() + ": " + e.getMessage());
        }
        return Optional.of(new Z2mSimulator(broker.serverUri(), broker.baseTopic(), counts, scheduler,
                (link, timers, listener) -> MqttLinks.create(broker.protocol(),
                        link.withCredentials(broker.username(), broker.password()),
                        (delay, task) -> timers.schedule(delay, task)::cancel, listener, io),
                broker.keepAliveSeconds()));
    }

    /** Makes the simulator's MQTT link. */
    @FunctionalInterface
    public interface LinkFactory {
        MqttLink create(MqttLinkSettings settings, Scheduler scheduler, MqttLink.Listener listener);
    }

    private final String base;
    private final MqttLink link;
    private final Map<String, SimDevice> devices = new LinkedHashMap<>();
    private boolean online = true;
    private boolean permitJoin;
    private long setCount;

    /**
     * @param devices model keys and counts, e.g. {@code {"hue-color": 1, "trv": 2}}
     */
    public Z2mSimulator(String serverUri, String baseTopic, Map<String, Integer> devices, Scheduler scheduler,
                        LinkFactory linkFactory) {
        this(serverUri, baseTopic, devices, scheduler, linkFactory, 30);
    }

    /** @param keepAliveSeconds the MQTT keep-alive, which bounds how late a vanished broker is noticed */
    public Z2mSimulator(String serverUri, String baseTopic, Map<String, Integer> devices, Scheduler scheduler,
                        LinkFactory linkFactory, int keepAliveSeconds) {
        this.base = Objects.requireNonNull(baseTopic, "baseTopic");
        for (Map.Entry<String, Integer> entry : devices.entrySet()) {
            for (int n = 0; n < entry.getValue(); n++) {
                addDevice(entry.getKey(), n);
            }
        }
        byte[] will = "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8);
        MqttLinkSettings settings = new MqttLinkSettings(serverUri, "z2m-simulator-" + Long.toHexString(
                System.nanoTime() & 0xffffff), "", "", List.of(base + "/bridge/request/#", base + "/+/set",
                base + "/+/get", base + "/+/set/+"), base + "/bridge/state", will, true,
                java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(2), keepAliveSeconds);
        this.link = linkFactory.create(settings, scheduler, new MqttLink.Listener() {
            @Override
            public void connected() {
                publishAll();
            }

            @Override
            public void disconnected(String reason) {
                LOG.debug("[z2m-sim] {}", reason);
            }

            @Override
            public void message(String topic, byte[] payload, boolean retained) {
                onMessage(topic, new String(payload, StandardCharsets.UTF_8));
            }
        });
    }

    private SimDevice addDevice(String key, int index) {
        Map<String, Object> element = Json.parseObject(SimModels.element(key));
        String ieee = (String) element.get("ieee_address");
        if (index > 0) {
            // Bytes 5-6 carry the index, so a few thousand copies of one model stay distinct; the loop only steps
            // past the fixture's own address (or another model's), which a copy could otherwise hit.
            String candidate;
            int salt = index;
            do {
                candidate = ieee.substring(0, 12) + String.format("%04x", salt & 0xffff) + ieee.substring(16);
                salt += 0x1000;
            } while (devices.containsKey(candidate));
            ieee = candidate;
            // A copy has its own short address too (the fixture's, offset by the index).
            if (element.get("network_address") instanceof Number address) {
                element.put("network_address", (address.intValue() + index * 131) & 0xfff7);
            }
        }
        element.put("ieee_address", ieee);
        element.put("friendly_name", ieee);
        SimDevice device = new SimDevice(key, element, sorted(Json.parseObject(SimModels.initialState(key))));
        devices.put(ieee, device);
        return device;
    }

    public void start() {
        link.start();
    }

    // ---- what Zigbee2MQTT publishes ----

    private synchronized void publishAll() {
        publish("bridge/state", Json.write(Map.of("state", online ? "online" : "offline")), true, 1);
        if (!online) {
            return;
        }
        publishInfo();
        publishDevices();
        for (SimDevice device : devices.values()) {
            publish(device.name() + "/availability", Json.write(Map.of("state", device.available ? "online"
                    : "offline")), true, 1);
        }
        for (SimDevice device : devices.values()) {
            publishState(device, null);
        }
    }

    private void publishInfo() {
        Map<String, Object> info = new TreeMap<>();
        info.put("commit", "simulator");
        info.put("coordinator", sorted(Map.of("ieee_address", COORDINATOR_IEEE, "meta", Map.of(), "type",
                "zStack3x0")));
        info.put("log_level", "info");
        info.put("network", sorted(Map.of("channel", 11, "extended_pan_id", "0xdddddddddddddddd", "pan_id",
                6754)));
        info.put("permit_join", permitJoin);
        info.put("restart_required", false);
        info.put("version", "2.14.1");
        publish("bridge/info", Json.write(info), true, RETAINED_QOS);
    }

    private void publishDevices() {
        List<Object> list = new ArrayList<>();
        Map<String, Object> coordinator = new TreeMap<>();
        coordinator.put("disabled", false);
        coordinator.put("endpoints", Map.of());
        coordinator.put("friendly_name", "Coordinator");
        coordinator.put("ieee_address", COORDINATOR_IEEE);
        coordinator.put("interview_completed", true);
        coordinator.put("interview_state", "SUCCESSFUL");
        coordinator.put("interviewing", false);
        coordinator.put("network_address", 0);
        coordinator.put("supported", true);
        coordinator.put("type", "Coordinator");
        list.add(coordinator);
        for (SimDevice device : devices.values()) {
            list.add(device.element);
        }
        publish("bridge/devices", Json.write(list), true, RETAINED_QOS);
    }

    private void publishState(SimDevice device, String action) {
        Map<String, Object> state = new TreeMap<>(device.state);
        if (action != null) {
            state.put("action", action);
        }
        publish(device.name(), Json.write(state), false, 0);
    }

    private void publish(String subTopic, String payload, boolean retained, int qos) {
        try {
            link.publish(base + "/" + subTopic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
        } catch (MqttLinkException e) {
            LOG.debug("[z2m-sim] {}", e.getMessage());
        }
    }

    // ---- what Zigbee2MQTT answers ----

    private synchronized void onMessage(String topic, String payload) {
        if (!online || !topic.startsWith(base + "/")) {
            return;
        }
        String rest = topic.substring(base.length() + 1);
        if (rest.startsWith("bridge/request/")) {
            onRequest(rest.substring("bridge/request/".length()), payload);
            return;
        }
        int slash = rest.lastIndexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String verb = slash < 0 ? "" : rest.substring(slash + 1);
        String property = null;
        if (!verb.equals("set") && !verb.equals("get")) {
            int verbSlash = name.lastIndexOf('/');
            if (verbSlash < 0 || !name.substring(verbSlash + 1).equals("set")) {
                return;
            }
            property = verb;
            verb = "set";
            name = name.substring(0, verbSlash);
        }
        Optional<SimDevice> device = byName(name);
        if (device.isEmpty() || !device.get().available || device.get().muted) {
            return;
        }
        Map<String, Object> request;
        try {
            if (property != null) {
                request = Map.of(property, Json.parse(payload));
            } else {
                request = Json.parseObject(payload);
            }
        } catch (JsonException e) {
            if (property == null) {
                LOG.debug("[z2m-sim] invalid JSON on {}", topic);
                return;
            }
            request = Map.of(property, payload);
        }
        if (verb.equals("get")) {
            publishState(device.get(), null);
        } else {
            setCount++;
            if (device.get().apply(request)) {
                publishState(device.get(), null);
            }
        }
    }

    private void onRequest(String request, String payload) {
        Object parsed;
        try {
            parsed = Json.parse(payload);
        } catch (JsonException e) {
            parsed = payload;
        }
        Object transaction = parsed instanceof Map<?, ?> map ? map.get("transaction") : null;
        Map<String, Object> response = new TreeMap<>();
        if (request.equals("permit_join")) {
            Object time = parsed instanceof Map<?, ?> map ? map.get("time") : parsed;
            Long seconds = time instanceof Number n ? Long.valueOf(n.longValue())
                    : time instanceof String s && s.matches("\\d+") ? Long.valueOf(s) : null;
            if (seconds == null) {
                response.put("data", Map.of());
                response.put("status", "error");
                response.put("error", "Invalid payload");
            } else {
                permitJoin = seconds > 0;
                response.put("data", Map.of("time", seconds));
                response.put("status", "ok");
                publishInfo();
            }
        } else {
            response.put("data", Map.of());
            response.put("status", "error");
            response.put("error", "Request '" + request + "' is not supported by the simulator");
        }
        if (transaction != null) {
            response.put("transaction", transaction);
        }
        publish("bridge/response/" + request, Json.write(response), false, 0);
    }

    private Optional<SimDevice> byName(String nameOrIeee) {
        return devices.values().stream()
                .filter(d -> d.name().equals(nameOrIeee) || d.ieee().equals(nameOrIeee)).findFirst();
    }

    private SimDevice require(String nameOrIeee) {
        return byName(nameOrIeee).orElseThrow(() -> new IllegalArgumentException("no device " + nameOrIeee));
    }

    // ---- control: what a person or the network does ----

    /** The IEEE addresses of the devices, in start order. */
    public synchronized List<String> ieeeAddresses() {
        return List.copyOf(devices.keySet());
    }

    /** The IEEE address of the n-th device of a model (0-based). */
    public synchronized String ieeeOf(String modelKey, int index) {
        return devices.values().stream().filter(d -> d.key.equals(modelKey)).skip(index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + modelKey + " #" + index)).ieee();
    }

    /** The device's current state, as Zigbee2MQTT would publish it. */
    public synchronized Map<String, Object> state(String nameOrIeee) {
        return new TreeMap<>(require(nameOrIeee).state);
    }

    /** How many /set requests the simulator has handled. */
    public synchronized long setRequests() {
        return setCount;
    }

    /** A person changed the device (flipped a switch, opened a door): merge and publish the state. */
    public synchronized void userChange(String nameOrIeee, Map<String, Object> changes) {
        SimDevice device = require(nameOrIeee);
        device.state.putAll(sorted(changes));
        publishState(device, null);
    }

    /** A person pressed a button: the state message carries the action once. */
    public synchronized void press(String nameOrIeee, String action) {
        publishState(require(nameOrIeee), action);
    }

    /** Zigbee2MQTT's availability check found the device online or offline. */
    public synchronized void setAvailable(String nameOrIeee, boolean available) {
        SimDevice device = require(nameOrIeee);
        device.available = available;
        publish(device.name() + "/availability", Json.write(Map.of("state", available ? "online" : "offline")),
                true, 1);
    }

    /** A muted device takes no requests and sends no answer (a sleeping end device), so commands time out. */
    public synchronized void setMuted(String nameOrIeee, boolean muted) {
        require(nameOrIeee).muted = muted;
    }

    /** The device left the network: bridge/devices without it, then the device_leave event. */
    public synchronized void leave(String nameOrIeee) {
        SimDevice device = require(nameOrIeee);
        devices.remove(device.ieee());
        publish(device.name() + "/availability", "", true, 1);
        publishDevices();
        Map<String, Object> event = new TreeMap<>();
        event.put("data", sorted(Map.of("friendly_name", device.name(), "ieee_address", device.ieee())));
        event.put("type", "device_leave");
        publish("bridge/event", Json.write(event), false, 0);
    }

    /** A new device of a model joins: events and bridge/devices in Zigbee2MQTT's order. */
    public synchronized String join(String modelKey) {
        int index = (int) devices.values().stream().filter(d -> d.key.equals(modelKey)).count();
        SimDevice device = addDevice(modelKey, index + 16);
        Map<String, Object> ids = sorted(Map.of("friendly_name", device.name(), "ieee_address", device.ieee()));
        publishDevices();
        publish("bridge/event", Json.write(sorted(Map.of("data", ids, "type", "device_joined"))), false, 0);
        Map<String, Object> started = new TreeMap<>(ids);
        started.put("status", "started");
        publish("bridge/event", Json.write(sorted(Map.of("data", started, "type", "device_interview"))), false, 0);
        publishDevices();
        Map<String, Object> done = new TreeMap<>(ids);
        done.put("status", "successful");
        done.put("supported", true);
        done.put("definition", device.element.get("definition"));
        publish("bridge/event", Json.write(sorted(Map.of("data", done, "type", "device_interview"))), false, 0);
        publish(device.name() + "/availability", Json.write(Map.of("state", "online")), true, 1);
        publishState(device, null);
        return device.ieee();
    }

    /** Renames a device as {@code bridge/request/device/rename} would. */
    public synchronized void rename(String nameOrIeee, String newName) {
        SimDevice device = require(nameOrIeee);
        String old = device.name();
        device.element.put("friendly_name", newName);
        publish(old + "/availability", "", true, 1);
        publishDevices();
        publish(newName + "/availability", Json.write(Map.of("state", device.available ? "online" : "offline")),
                true, 1);
    }

    /** Zigbee2MQTT stops cleanly: retained bridge/state offline; it answers nothing until {@link #goOnline}. */
    public synchronized void goOffline() {
        online = false;
        publish("bridge/state", Json.write(Map.of("state", "offline")), true, 1);
    }

    /** Zigbee2MQTT starts again and republishes everything. */
    public void goOnline() {
        synchronized (this) {
            online = true;
        }
        publishAll();
    }

    /** Publishes arbitrary bytes under the base topic, for malformed-input tests. */
    public synchronized void publishRaw(String subTopic, String payload) {
        publish(subTopic, payload, false, 0);
    }

    /** Zigbee2MQTT crashes: the connection drops and the broker publishes the will. */
    public void kill() {
        link.kill();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (online) {
                publish("bridge/state", Json.write(Map.of("state", "offline")), true, 1);
            }
        }
        link.close();
    }

    private static Map<String, Object> sorted(Map<String, ?> map) {
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            Object value = entry.getValue();
            sorted.put(entry.getKey(), Json.asObject(value).<Object>map(Z2mSimulator::sorted).orElse(value));
        }
        return sorted;
    }

    /** One simulated device: its bridge/devices element and cached state. */
    private static final class SimDevice {
        final String key;
        final Map<String, Object> element;
        final Map<String, Object> state;
        boolean available = true;
        boolean muted;

        SimDevice(String key, Map<String, Object> element, Map<String, Object> state) {
            this.key = key;
            this.element = element;
            this.state = state;
        }

        String ieee() {
            return (String) element.get("ieee_address");
        }

        String name() {
            return (String) element.get("friendly_name");
        }

        /** Applies a /set request like the device's converters would; returns whether anything applied. */
        boolean apply(Map<String, Object> request) {
            boolean applied = false;
            for (Map.Entry<String, Object> entry : request.entrySet()) {
                String property = entry.getKey();
                Object value = entry.getValue();
                switch (property) {
                    case "transition" -> {
                    }
                    case "brightness_step" -> {
                        if (value instanceof Number step && state.get("brightness") instanceof Number now) {
                            long next = Math.max(0, Math.min(254, now.longValue() + step.longValue()));
                            state.put("brightness", next);
                            state.put("state", next > 0 ? "ON" : "OFF");
                            applied = true;
                        }
                    }
                    case "brightness" -> {
                        if (value instanceof Number n && settable("brightness")) {
                            long b = Math.max(0, Math.min(254, n.longValue()));
                            state.put("brightness", b);
                            state.put("state", b > 0 ? "ON" : "OFF");
                            applied = true;
                        }
                    }
                    case "color_temp" -> {
                        if (value instanceof Number n && settable("color_temp")) {
                            state.put("color_temp", Math.max(153, Math.min(500, n.longValue())));
                            state.put("color_mode", "color_temp");
                            applied = true;
                        }
                    }
                    case "color" -> {
                        Optional<Map<String, Object>> color = Json.asObject(value);
                        Optional<Map<String, Object>> current = Json.asObject(state.get("color"));
                        if (color.isPresent() && current.isPresent()) {
                            Map<String, Object> merged = new TreeMap<>(current.get());
                            merged.putAll(color.get());
                            state.put("color", merged);
                            state.put("color_mode", color.get().containsKey("x") ? "xy" : "hs");
                            applied = true;
                        }
                    }
                    default -> applied |= applyGeneric(property, value);
                }
            }
            return applied;
        }

        private boolean applyGeneric(String property, Object value) {
            Map<String, Object> expose = findExpose(property);
            if (expose == null || !(expose.get("access") instanceof Number access)
                    || (access.intValue() & 2) == 0) {
                return false;
            }
            Object type = expose.get("type");
            if ("binary".equals(type)) {
                Object on = expose.get("value_on");
                Object off = expose.get("value_off");
                Object current = state.get(property);
                if (value.equals(expose.get("value_toggle")) || "TOGGLE".equals(value)) {
                    state.put(property, on.equals(current) ? off : on);
                    return true;
                }
                if (value.equals(on) || value.equals(off)) {
                    state.put(property, value);
                    return true;
                }
                return false;
            }
            if ("numeric".equals(type) && value instanceof Number n) {
                double v = n.doubleValue();
                if (expose.get("value_min") instanceof Number min) {
                    v = Math.max(min.doubleValue(), v);
                }
                if (expose.get("value_max") instanceof Number max) {
                    v = Math.min(max.doubleValue(), v);
                }
                state.put(property, v == Math.rint(v) ? (Object) (long) v : (Object) v);
                return true;
            }
            if ("enum".equals(type) && expose.get("values") instanceof List<?> values && values.contains(value)) {
                if (property.equals("state") && state.containsKey("position")) {
                    // A cover: OPEN/CLOSE move it all the way, STOP leaves it where it is.
                    if ("OPEN".equals(value)) {
                        state.put("position", 100L);
                    } else if ("CLOSE".equals(value)) {
                        state.put("position", 0L);
                    }
                    return true;
                }
                state.put(property, value);
                return true;
            }
            return false;
        }

        private boolean settable(String property) {
            Map<String, Object> expose = findExpose(property);
            return expose != null && expose.get("access") instanceof Number a && (a.intValue() & 2) != 0;
        }

        private Map<String, Object> findExpose(String property) {
            return Json.asObject(element.get("definition")).flatMap(definition -> Json.asArray(
                    definition.get("exposes"))).map(exposes -> find(exposes, property)).orElse(null);
        }

        private static Map<String, Object> find(List<Object> exposes, String property) {
            for (Object item : exposes) {
                Map<String, Object> expose = Json.asObject(item).orElse(Map.of());
                if (property.equals(expose.get("property")) && !expose.containsKey("features")) {
                    return expose;
                }
                Optional<Map<String, Object>> found = Json.asArray(expose.get("features"))
                        .map(features -> find(features, property));
                if (found.isPresent()) {
                    return found.get();
                }
            }
            return null;
        }
    }
}
