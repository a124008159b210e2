package org.cpebridge.usp.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;

/**
 * A USP Controller over the JDK's own WebSocket client ({@code java.net.http.WebSocket}), an implementation
 * independent of the agent's netty server. Records are built and read with the generated protobuf classes. Binary
 * messages are joined from their frames; Pongs and the peer's Close are queued for the test to look at.
 */
public final class JdkWebSocketController implements AutoCloseable {
    /** The peer's Close frame. */
    public record Closed(int statusCode, String reason) {
    }

    private final String controllerId;
    private final String agentId;
    private final WebSocket socket;
    private final BlockingQueue<byte[]> messages;
    private final BlockingQueue<byte[]> pongs;
    private final BlockingQueue<byte[]> pings;
    private final CompletableFuture<Closed> closed;
    private final BlockingQueue<String> texts;

    private JdkWebSocketController(String controllerId, String agentId, Listener listener, WebSocket socket) {
        this.controllerId = controllerId;
        this.agentId = agentId;
        this.socket = socket;
        this.messages = listener.messages;
        this.pongs = listener.pongs;
        this.pings = listener.pings;
        this.closed = listener.closed;
        this.texts = listener.texts;
    }

    /**
     * Opens {@code uri}; {@code subprotocols} is what the handshake offers (none: no Sec-WebSocket-Protocol). Fails
     * with the handshake's exception (e.g. {@code java.net.http.WebSocketHandshakeException}) when refused.
     */
    public static JdkWebSocketController connect(URI uri, String controllerId, String agentId,
            String... subprotocols) throws Exception {
        return connect(HttpClient.newHttpClient(), Optional.empty(), uri, controllerId, agentId, subprotocols);
    }

    /** As {@link #connect(URI, String, String, String...)} with {@code Authorization: Bearer <secret>}. */
    public static JdkWebSocketController connectWithSecret(String secret, URI uri, String controllerId,
            String agentId, String... subprotocols) throws Exception {
        return connect(HttpClient.newHttpClient(), Optional.of(secret), uri, controllerId, agentId, subprotocols);
    }

    /** As {@link #connect(URI, String, String, String...)} over {@code wss} with this TLS context. */
    public static JdkWebSocketController connect(SSLContext tls, URI uri, String controllerId, String agentId,
            String... subprotocols) throws Exception {
        return connect(HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(20)).build(),
                Optional.empty(), uri, controllerId, agentId, subprotocols);
    }

    /** Over {@code wss} with this TLS context and {@code Authorization: Bearer <secret>}. */
    public static JdkWebSocketController connectWithSecret(SSLContext tls, String secret, URI uri,
            String controllerId, String agentId, String... subprotocols) throws Exception {
        return connect(HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(20)).build(),
                Optional.of(secret), uri, controllerId, agentId, subprotocols);
    }

    private static JdkWebSocketController connect(HttpClient client, Optional<String> secret, URI uri,
            String controllerId, String agentId, String... subprotocols) throws Exception {
        Listener listener = new Listener();
        WebSocket.Builder builder = client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(20));
        secret.ifPresent(s -> builder.header("Authorization", "Bearer " + s));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        WebSocket socket = builder.buildAsync(uri, listener).get(30, TimeUnit.SECONDS);
        return new JdkWebSocketController(controllerId, agentId, listener, socket);
    }

    /** The subprotocol the server chose ("" for none). */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** A No Session Context Record from this Controller to the agent carrying {@code msg}. */
    public byte[] record(UspMsg.Msg msg) {
        return UspRecord.Record.newBuilder().setVersion("1.4").setToId(agentId).setFromId(controllerId)
                .setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder()
                        .setPayload(ByteString.copyFrom(msg.toByteArray())))
                .build().toByteArray();
    }

    /** Sends {@code msg} in one Record, in one binary frame. */
    public void send(UspMsg.Msg msg) throws Exception {
        sendBinary(record(msg));
    }

    /** Sends raw bytes as one binary message in one frame. */
    public void sendBinary(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(30, TimeUnit.SECONDS);
    }

    /** Sends raw bytes as one binary message split into {@code fragments} frames (RFC 6455 5.4). */
    public void sendFragmented(byte[] data, int fragments) throws Exception {
        int size = (data.length + fragments - 1) / fragments;
        for (int start = 0; start < data.length; start += size) {
            int end = Math.min(data.length, start + size);
            socket.sendBinary(ByteBuffer.wrap(data, start, end - start), end == data.length).get(30,
                    TimeUnit.SECONDS);
        }
    }

    public void sendText(String text) throws Exception {
        socket.sendText(text, true).get(30, TimeUnit.SECONDS);
    }

    public void ping(byte[] data) throws Exception {
        socket.sendPing(ByteBuffer.wrap(data)).get(30, TimeUnit.SECONDS);
    }

    public void pong(byte[] data) throws Exception {
        socket.sendPong(ByteBuffer.wrap(data)).get(30, TimeUnit.SECONDS);
    }

    /** Sends a Close frame (the agent should answer with its own, RFC 6455 5.5.1). */
    public void sendClose(int statusCode, String reason) throws Exception {
        socket.sendClose(statusCode, reason).get(30, TimeUnit.SECONDS);
    }

    /** The next Record the agent sent, or null after {@code seconds}. */
    public UspRecord.Record nextRecord(int seconds) throws InterruptedException, InvalidProtocolBufferException {
        byte[] data = messages.poll(seconds, TimeUnit.SECONDS);
        return data == null ? null : UspRecord.Record.parseFrom(data);
    }

    /** The USP Message inside a No Session Context Record. */
    public static UspMsg.Msg message(UspRecord.Record record) throws InvalidProtocolBufferException {
        return UspMsg.Msg.parseFrom(record.getNoSessionContext().getPayload());
    }

    /** The next Record carrying a Message (Connect Records skipped), or null after {@code seconds}. */
    public UspMsg.Msg nextMessage(int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            byte[] data = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (data == null) {
                return null;
            }
            UspRecord.Record record = UspRecord.Record.parseFrom(data);
            if (record.hasNoSessionContext()) {
                return message(record);
            }
        }
    }

    /** The application data of the next Pong, or null after {@code seconds}. */
    public byte[] nextPong(int seconds) throws InterruptedException {
        return pongs.poll(seconds, TimeUnit.SECONDS);
    }

    /** The application data of the next Ping the agent sent, or null after {@code seconds}. */
    public byte[] nextPing(int seconds) throws InterruptedException {
        return pings.poll(seconds, TimeUnit.SECONDS);
    }

    /** The agent's Close frame, waiting at most {@code seconds}. */
    public Closed awaitClose(int seconds) throws Exception {
        return closed.get(seconds, TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Text messages received (the agent sends none). */
    public List<String> texts() {
        return List.copyOf(texts);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final StringBuilder partialText = new StringBuilder();
        // Owned here, not by the controller: the first callbacks may run before connect() has built it.
        private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
        private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        private final BlockingQueue<byte[]> pings = new LinkedBlockingQueue<>();
        private final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.write(chunk, 0, chunk.length);
            if (last) {
                messages.add(partial.toByteArray());
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partialText.append(data);
            if (last) {
                texts.add(partialText.toString());
                partialText.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            // The JDK answers with a Pong by itself.
            byte[] data = new byte[message.remaining()];
            message.get(data);
            pings.add(data);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            byte[] data = new byte[message.remaining()];
            message.get(data);
            pongs.add(data);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
