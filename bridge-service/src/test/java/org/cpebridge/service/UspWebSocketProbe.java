package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cpebridge.core.json.Json;
import org.cpebridge.usp.agent.WebSocketSecrets;

/**
 * A USP Controller on the service's WebSocket MTP for the service's ITs (the JDK's WebSocket client): it reads its
 * secret from the data directory as an operator would, and queues every Record the agent sends. Test thread only.
 */
final class UspWebSocketProbe implements AutoCloseable {
    private final BlockingQueue<byte[]> records = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private UspWebSocketProbe(URI uri, String secret) throws Exception {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("v1.usp").header("Authorization", "Bearer " + secret)
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        byte[] chunk = new byte[data.remaining()];
                        data.get(chunk);
                        message.writeBytes(chunk);
                        if (last) {
                            records.add(message.toByteArray());
                            message.reset();
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
    }

    /** Connects to {@code uri} (with its {@code eid=}) presenting {@code secret}. */
    static UspWebSocketProbe connect(URI uri, String secret) throws Exception {
        return new UspWebSocketProbe(uri, secret);
    }

    /**
     * The Controller's secret from the store file (a header, a blank line, then the JSON document), waiting up to
     * 10 s for the agent to write it just after start.
     */
    static String secret(Path dataDir, String controller) throws Exception {
        Path secretsFile = dataDir.resolve(WebSocketSecrets.RECORD + ".rec");
        for (int waited = 0; !Files.exists(secretsFile) && waited < 100; waited++) {
            Thread.sleep(100);
        }
        String file = Files.readString(secretsFile);
        return (String) Json.requireObject(Json.parseObject(file.substring(file.indexOf("\n\n") + 2))
                .get("controllers"), "controllers").get(controller);
    }

    /** The next Record the agent sent, waiting up to 30 s. */
    byte[] nextRecord() throws InterruptedException {
        byte[] record = records.poll(30, TimeUnit.SECONDS);
        assertTrue(record != null, "a USP Record within 30 s");
        return record;
    }

    void send(byte[] record) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(record), true).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
