package org.cpebridge.dect.sim.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.cpebridge.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each bound of {@link JsonHttpServer} against real sockets over loopback, with short limits: the request deadline
 * (a request trickled a byte at a time is cut off although bytes keep coming), the idle timeout, the body limit and the
 * connection limit; after each, a normal request is answered.
 */
class JsonHttpServerIT {
    private static final JsonHttpServer.Limits LIMITS = new JsonHttpServer.Limits(Duration.ofMillis(700),
            Duration.ofMillis(1500), 64, 4);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private JsonHttpServer server;
    private InetSocketAddress address;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start() throws IOException {
        server = new JsonHttpServer(new InetSocketAddress("127.0.0.1", 0), LIMITS,
                request -> CompletableFuture.completedFuture(new JsonHttpServer.Response(200,
                        Map.of("method", request.method(), "path", request.path(), "body", request.body()))),
                "test");
        address = server.start();
    }

    @Test
    void aRequestTrickledByteByByteIsCutOffAtTheDeadline() throws Exception {
        start();
        Socket socket = open();
        byte[] request = "GET /devices HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        boolean cutOff = false;
        try {
            // One byte every 100 ms: never idle, but the whole request would take over 7 s.
            for (byte b : request) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
                Thread.sleep(100);
            }
        } catch (SocketException e) {
            cutOff = true; // the server closed while we were still sending
        }
        if (!cutOff) {
            socket.setSoTimeout(5_000);
            assertEquals(-1, readAll(socket.getInputStream()), "no answer to a request that missed its deadline");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        // Sending it all would take over 7 s; the 700 ms deadline ends it long before.
        assertTrue(cutOff && millis < 3_000, "cut off " + cutOff + " after " + millis + " ms");
        assertEquals(200, get("/devices").statusCode());
    }

    @Test
    void halfSentRequestsAreClosedAtTheDeadlineAndNormalRequestsAnswerMeanwhile() throws Exception {
        start();
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < LIMITS.maxConnections() - 1; i++) {
            Socket socket = open();
            socket.getOutputStream().write("GET /dev".getBytes(StandardCharsets.US_ASCII));
            held.add(socket);
        }
        // One slot left: a normal request gets it and is answered at once.
        HttpResponse<String> answer = get("/devices?x=1");
        assertEquals(200, answer.statusCode());
        assertEquals(Map.of("method", "GET", "path", "/devices", "body", ""), Json.parseObject(answer.body()));
        long started = System.nanoTime();
        for (Socket socket : held) {
            socket.setSoTimeout(5_000);
            assertEquals(-1, socket.getInputStream().read());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(millis < 3_000, "held connections closed only after " + millis + " ms");
        waitForOpenConnectionsAtMost(1);
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        start();
        Socket socket = open();
        long started = System.nanoTime();
        socket.setSoTimeout(5_000);
        assertEquals(-1, socket.getInputStream().read());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(millis >= 1_000 && millis < 4_000, "idle connection closed after " + millis + " ms");
    }

    @Test
    void aFloodOfIdleConnectionsDoesNotLockOutANormalRequest() throws Exception {
        // An idle timeout far beyond the test: only making room, never the timeout, can let the request in.
        server = new JsonHttpServer(new InetSocketAddress("127.0.0.1", 0), new JsonHttpServer.Limits(
                LIMITS.requestDeadline(), Duration.ofMinutes(5), LIMITS.maxBodyBytes(), LIMITS.maxConnections()),
                request -> CompletableFuture.completedFuture(new JsonHttpServer.Response(200, Map.of())), "test");
        address = server.start();
        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            flood.add(open());
        }
        assertEquals(200, get("/devices").statusCode());
        assertTrue(server.openConnections() <= LIMITS.maxConnections() + 1, server.openConnections() + " open");
        // The first of the flood made room long ago: the server closed it.
        flood.get(0).setSoTimeout(500);
        assertEquals(-1, flood.get(0).getInputStream().read());
    }

    @Test
    void whenEveryConnectionWaitsForItsAnswerANewcomerIsClosed() throws Exception {
        CompletableFuture<JsonHttpServer.Response> never = new CompletableFuture<>();
        server = new JsonHttpServer(new InetSocketAddress("127.0.0.1", 0), LIMITS, request -> never, "test");
        address = server.start();
        for (int i = 0; i < LIMITS.maxConnections(); i++) {
            open().getOutputStream().write("GET /devices HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        }
        long admitted = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.openConnections() < LIMITS.maxConnections() && System.nanoTime() < admitted) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // their requests are read: all four are being answered
        Socket extra = open();
        extra.setSoTimeout(500); // well under the idle timeout: closed because of the limit
        assertEquals(-1, extra.getInputStream().read());
        waitForOpenConnectionsAtMost(0); // the waiting ones end at the idle timeout
    }

    @Test
    void aBodyOverTheLimitGets413AndABadRequestLine400() throws Exception {
        start();
        HttpResponse<String> large = http.send(HttpRequest.newBuilder(uri("/devices/x/set"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("x".repeat(65))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, large.statusCode());
        HttpResponse<String> fits = http.send(HttpRequest.newBuilder(uri("/devices/x/set"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("{\"on\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fits.statusCode());
        assertEquals("{\"on\":true}", Json.parseObject(fits.body()).get("body"));

        Socket socket = open();
        socket.getOutputStream().write(("GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout(5_000);
        String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(reply.startsWith("HTTP/1.1 400 "), reply);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        sockets.add(socket);
        return socket;
    }

    private static int readAll(InputStream in) throws IOException {
        int last;
        do {
            last = in.read();
        } while (last != -1);
        return last;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + address.getPort() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void waitForOpenConnectionsAtMost(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.openConnections() > count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(server.openConnections() + " connections open, expected at most " + count);
            }
            Thread.sleep(10);
        }
    }
}
