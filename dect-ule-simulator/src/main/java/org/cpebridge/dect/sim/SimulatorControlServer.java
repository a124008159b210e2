package org.cpebridge.dect.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.cpebridge.core.spi.FacePorts;
import org.cpebridge.core.json.Json;
import org.cpebridge.dect.sim.transport.JsonHttpServer;
import org.cpebridge.dect.sim.transport.JsonHttpServer.Request;
import org.cpebridge.dect.sim.transport.JsonHttpServer.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP control for the simulator, so tests and people can act at the devices:
 * {@code GET /devices}, {@code GET /devices/{id}}, {@code POST /devices/{id}/press}, {@code POST /devices/{id}/set}
 * (JSON object body, e.g. {@code {"temperature": 19.5}}), {@code POST /devices/{id}/unplug} and {@code .../replug};
 * {@code POST /devices/add} ({@code {"type": "plug"}}) makes a new device try to register with the base (409 while
 * its registration window is closed), {@code GET /registration} says whether the window is open.
 * Answers JSON; 404 for an unknown device or path, 400 for a bad body, 409 for what the base refuses now, 413 for a
 * body over 4 KiB.
 *
 * <p>It runs on {@link JsonHttpServer} (netty's HTTP codec with a per-request deadline, an idle timeout, a body limit
 * and a connection limit), because the JDK's HttpServer reads a request's headers on its handler thread: a few
 * clients that never finish their headers held that thread forever. Routing never blocks the event loop: each route
 * composes the simulator's stages and answers when they complete (500 after {@value #ANSWER_SECONDS} s without).
 * Threads: {@link #start} and {@link #close} on the owner's thread, routing on the server's event loop.
 */
public final class SimulatorControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorControlServer.class);
    private static final long ANSWER_SECONDS = 10;

    private final Simulator simulator;
    private final JsonHttpServer server;

    public SimulatorControlServer(Simulator simulator, InetSocketAddress address) {
        this(simulator, address, JsonHttpServer.Limits.defaults());
    }

    public SimulatorControlServer(Simulator simulator, InetSocketAddress address, JsonHttpServer.Limits limits) {
        this.simulator = simulator;
        this.server = new JsonHttpServer(address, limits, this::handle, "dect-sim");
    }

    /** Runs on the service's shared I/O loop when {@code ports} offers one (see JsonHttpServer); before start. */
    public void useSharedEventLoop(FacePorts ports) {
        server.useSharedEventLoop(ports);
    }

    public void start() throws IOException {
        InetSocketAddress bound = server.start();
        LOG.info("[dect-sim] control on http://{}:{}/devices", bound.getHostString(), bound.getPort());
        if (!bound.getAddress().isLoopbackAddress()) {
            LOG.warn("[dect-sim] the control asks nobody who they are and listens beyond loopback on {}", bound);
        }
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }

    private CompletionStage<Response> handle(Request request) {
        CompletableFuture<Object> routed;
        try {
            routed = route(request).toCompletableFuture();
        } catch (RuntimeException e) {
            routed = CompletableFuture.failedFuture(e);
        }
        return routed.orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS)
                .handle((body, failure) -> failure == null ? new Response(200, body) : error(failure));
    }

    private static Response error(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof NoSuchElementException) {
            return new Response(404, Map.of("error", String.valueOf(cause.getMessage())));
        }
        if (cause instanceof IllegalStateException) {
            return new Response(409, Map.of("error", String.valueOf(cause.getMessage())));
        }
        if (cause instanceof IllegalArgumentException) {
            return new Response(400, Map.of("error", String.valueOf(cause.getMessage())));
        }
        if (cause instanceof TimeoutException) {
            return new Response(500, Map.of("error", "simulator did not answer"));
        }
        LOG.warn("[dect-sim] control request failed", cause);
        return new Response(500, Map.of("error", cause.toString()));
    }

    private CompletionStage<Object> route(Request request) {
        // path parts: "", "devices", id?, action?
        String[] parts = request.path().split("/");
        String method = request.method();
        if (parts.length == 2 && parts[1].equals("devices") && method.equals("GET")) {
            return simulator.devices().<Object>thenApply(snapshots -> {
                List<Object> devices = new ArrayList<>();
                for (DeviceSnapshot snapshot : snapshots) {
                    devices.add(json(snapshot));
                }
                return devices;
            });
        }
        if (parts.length == 2 && parts[1].equals("registration") && method.equals("GET")) {
            return simulator.registrationOpen().thenApply(open -> Map.of("open", open));
        }
        if (parts.length == 3 && parts[1].equals("devices") && parts[2].equals("add") && method.equals("POST")) {
            if (!(Json.parseObject(request.body()).get("type") instanceof String type)) {
                throw new IllegalArgumentException("the body needs a device type, e.g. {\"type\": \"plug\"}");
            }
            return simulator.addDevice(type).thenApply(SimulatorControlServer::json);
        }
        if (parts.length == 3 && parts[1].equals("devices") && method.equals("GET")) {
            return simulator.device(parts[2]).thenApply(SimulatorControlServer::json);
        }
        if (parts.length == 4 && parts[1].equals("devices") && method.equals("POST")) {
            String id = parts[2];
            CompletionStage<DeviceSnapshot> snapshot = switch (parts[3]) {
                case "press" -> simulator.press(id);
                case "unplug" -> simulator.unplug(id);
                case "replug" -> simulator.replug(id);
                case "set" -> simulator.set(id, Json.parseObject(request.body()));
                default -> throw new NoSuchElementException("no action " + parts[3]);
            };
            return snapshot.thenApply(SimulatorControlServer::json);
        }
        throw new NoSuchElementException("unknown path");
    }

    private static Object json(DeviceSnapshot snapshot) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("id", snapshot.id());
        device.put("type", snapshot.type().configName());
        device.put("ipui", snapshot.ipui());
        device.put("coreId", "dect:" + snapshot.ipui());
        device.put("address", (long) snapshot.address());
        device.put("plugged", snapshot.plugged());
        Map<String, Object> state = new LinkedHashMap<>();
        snapshot.state().forEach((key, value) -> state.put(key, value instanceof Integer i ? Long.valueOf(i) : value));
        device.put("state", state);
        return device;
    }
}
