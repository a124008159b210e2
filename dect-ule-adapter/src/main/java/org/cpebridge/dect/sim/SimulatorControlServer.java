package org.cpebridge.dect.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.cpebridge.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP control for the simulator, so tests and people can act at the devices:
 * {@code GET /devices}, {@code GET /devices/{id}}, {@code POST /devices/{id}/press}, {@code POST /devices/{id}/set}
 * (JSON object body, e.g. {@code {"temperature": 19.5}}), {@code POST /devices/{id}/unplug} and {@code .../replug}.
 * Answers JSON; 404 for an unknown device or path, 400 for a bad body. One handler thread.
 */
public final class SimulatorControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorControlServer.class);
    private static final int MAX_BODY = 4096;

    private final Simulator simulator;
    private final InetSocketAddress requested;
    private HttpServer server;
    private ExecutorService handler;

    public SimulatorControlServer(Simulator simulator, InetSocketAddress address) {
        this.simulator = simulator;
        this.requested = address;
    }

    public void start() throws IOException {
        server = HttpServer.create(requested, 16);
        handler = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dect-sim-control");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handler);
        server.createContext("/devices", this::handle);
        server.start();
        LOG.info("[dect-sim] control on http://{}:{}/devices", address().getHostString(), address().getPort());
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            handler.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            Object body;
            try {
                body = route(exchange);
            } catch (NoSuchElementException e) {
                status = 404;
                body = Map.of("error", String.valueOf(e.getMessage()));
            } catch (IllegalArgumentException e) {
                status = 400;
                body = Map.of("error", String.valueOf(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("[dect-sim] control request failed", e);
                status = 500;
                body = Map.of("error", e.toString());
            }
            reply(exchange, status, body);
        }
    }

    private Object route(HttpExchange exchange) throws IOException {
        // path parts: "", "devices", id?, action?
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String method = exchange.getRequestMethod();
        if (parts.length == 2 && method.equals("GET")) {
            List<Object> devices = new ArrayList<>();
            for (DeviceSnapshot snapshot : await(simulator.devices())) {
                devices.add(json(snapshot));
            }
            return devices;
        }
        if (parts.length == 3 && method.equals("GET")) {
            return json(await(simulator.device(parts[2])));
        }
        if (parts.length == 4 && method.equals("POST")) {
            String id = parts[2];
            DeviceSnapshot snapshot = switch (parts[3]) {
                case "press" -> await(simulator.press(id));
                case "unplug" -> await(simulator.unplug(id));
                case "replug" -> await(simulator.replug(id));
                case "set" -> await(simulator.set(id, Json.parseObject(body(exchange))));
                default -> throw new NoSuchElementException("no action " + parts[3]);
            };
            return json(snapshot);
        }
        throw new NoSuchElementException("unknown path");
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (TimeoutException e) {
            throw new IllegalStateException("simulator did not answer");
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IllegalArgumentException("body too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Object> json(DeviceSnapshot snapshot) {
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

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
