package org.cpebridge.securetime.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.cpebridge.securetime.client.ServerSpec;
import org.cpebridge.securetime.server.DelegationSource;
import org.cpebridge.securetime.server.RateLimiter;
import org.cpebridge.securetime.server.Responder;
import org.cpebridge.securetime.server.RotatingDelegation;
import org.cpebridge.securetime.server.RoughtimeServer;
import org.cpebridge.securetime.server.ServerTime;
import org.cpebridge.bytes.Bytes;

/** Our Roughtime server on 127.0.0.1, as test peers, and a proxy that tampers with answers. */
public final class Loopback {

    public static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    private Loopback() {
    }

    /** The system clock shifted by {@code offsetSeconds}, vouched for with radius 1 s. */
    public static Supplier<Optional<ServerTime>> clockOffBy(long offsetSeconds) {
        Clock system = Clock.systemUTC();
        return () -> Optional.of(new ServerTime(system.instant().getEpochSecond() + offsetSeconds, 1));
    }

    public static RoughtimeServer server(KeyPair longTerm, Supplier<Optional<ServerTime>> time,
                                         DelegationSource delegation, int maxBatch) throws IOException {
        return RoughtimeServer.start(ANY_LOOPBACK_PORT, new Responder(TestKeys.raw(longTerm)), delegation, time,
                new RateLimiter(10_000, 5_000, 1024, System::nanoTime), maxBatch);
    }

    public static RoughtimeServer honestServer(KeyPair longTerm, long offsetSeconds) throws IOException {
        return server(longTerm, clockOffBy(offsetSeconds),
                new RotatingDelegation(longTerm.getPrivate(), Duration.ofHours(1), new SecureRandom()), 64);
    }

    public static ServerSpec spec(InetSocketAddress address, Bytes publicKey) {
        return new ServerSpec("127.0.0.1", address.getPort(), publicKey);
    }

    /**
     * A UDP relay on 127.0.0.1 that forwards each request to {@code target} and passes the answer through
     * {@code tamper} on its way back. One thread; one exchange at a time, which is all the client does.
     */
    public static final class TamperingProxy implements AutoCloseable {
        private final DatagramSocket front;
        private final DatagramSocket back;
        private final Thread thread;

        public TamperingProxy(InetSocketAddress target, UnaryOperator<ByteBuffer> tamper) throws SocketException {
            this(target, request -> request, tamper);
        }

        /** Also rewrites each request on its way to the server. */
        public TamperingProxy(InetSocketAddress target, UnaryOperator<ByteBuffer> rewriteRequest,
                              UnaryOperator<ByteBuffer> tamper) throws SocketException {
            front = new DatagramSocket(ANY_LOOPBACK_PORT);
            back = new DatagramSocket(ANY_LOOPBACK_PORT);
            back.connect(target);
            thread = new Thread(() -> relay(rewriteRequest, tamper), "tampering-proxy");
            thread.setDaemon(true);
            thread.start();
        }

        public InetSocketAddress address() {
            return (InetSocketAddress) front.getLocalSocketAddress();
        }

        private void relay(UnaryOperator<ByteBuffer> rewriteRequest, UnaryOperator<ByteBuffer> tamper) {
            byte[] buffer = new byte[70_000];
            try {
                while (true) {
                    DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                    front.receive(request);
                    SocketAddress client = request.getSocketAddress();
                    ByteBuffer forwarded = rewriteRequest.apply(ByteBuffer.wrap(request.getData(), 0,
                            request.getLength()));
                    byte[] sent = new byte[forwarded.remaining()];
                    forwarded.get(sent);
                    back.send(new DatagramPacket(sent, sent.length));
                    DatagramPacket answer = new DatagramPacket(new byte[70_000], 70_000);
                    back.receive(answer);
                    ByteBuffer changed = tamper.apply(ByteBuffer.wrap(answer.getData(), 0, answer.getLength()));
                    byte[] out = new byte[changed.remaining()];
                    changed.get(out);
                    front.send(new DatagramPacket(out, out.length, client));
                }
            } catch (IOException closed) {
                // close() ends the relay
            }
        }

        @Override
        public void close() {
            front.close();
            back.close();
        }
    }
}
