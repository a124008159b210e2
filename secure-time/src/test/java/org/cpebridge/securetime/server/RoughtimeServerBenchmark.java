package org.cpebridge.securetime.server;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpebridge.securetime.crypto.RoughtimeHash;
import org.cpebridge.securetime.testing.Loopback;
import org.cpebridge.securetime.testing.TestKeys;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.Request;
import org.cpebridge.securetime.wire.Versions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests and signatures per second of our server over 127.0.0.1, run by {@code bench/roughtime-server.sh} (not
 * part of {@code mvn verify}: the name matches neither *Test nor *IT). A closed-loop load generator keeps a window
 * of requests in flight for {@code bench.seconds} (default 10) per batch size; results are logged, not asserted.
 */
class RoughtimeServerBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(RoughtimeServerBenchmark.class);

    @Test
    void requestsAndSignaturesPerSecond() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int window = Integer.getInteger("bench.window", 512);
        signOnly(seconds);
        for (int maxBatch : new int[] {1, 16, 256}) {
            run(maxBatch, window, seconds);
        }
    }

    private static void signOnly(int seconds) {
        KeyPair key = TestKeys.longTerm();
        OnlineKey online = new RotatingDelegation(key.getPrivate(), Duration.ofHours(1), new SecureRandom())
                .current(1_796_000_000L);
        Responder responder = new Responder(TestKeys.raw(key));
        Request request = Request.create(Versions.OFFERED, Bytes.of(new byte[32]), Optional.empty());
        long end = System.nanoTime() + Duration.ofSeconds(seconds / 2 + 1).toNanos();
        long count = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            responder.answer(List.of(request), new ServerTime(1_796_000_000L, 1), online);
            count++;
        }
        double rate = count / ((System.nanoTime() - start) / 1e9);
        LOG.info("in-process, one request per signature: {} signatures/s", Math.round(rate));
    }

    private static void run(int maxBatch, int window, int seconds) throws Exception {
        KeyPair key = TestKeys.longTerm();
        SecureRandom random = new SecureRandom();
        try (RoughtimeServer server = RoughtimeServer.start(Loopback.ANY_LOOPBACK_PORT,
                new Responder(TestKeys.raw(key)), new RotatingDelegation(key.getPrivate(), Duration.ofHours(1),
                        random), Loopback.clockOffBy(0), new RateLimiter(1e9, 1_000_000, 16, System::nanoTime),
                maxBatch);
             DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            List<ByteBuffer> requests = new ArrayList<>();
            for (int i = 0; i < 4096; i++) {
                byte[] nonce = new byte[32];
                random.nextBytes(nonce);
                requests.add(Request.create(Versions.OFFERED, Bytes.of(nonce),
                        Optional.of(RoughtimeHash.serverId(TestKeys.raw(key)))).packet().asByteBuffer());
            }
            InetSocketAddress target = server.localAddress();
            ByteBuffer in = ByteBuffer.allocate(4096);
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            long lastAnswer = start;
            long answered = 0;
            int outstanding = 0;
            int next = 0;
            while (System.nanoTime() < end) {
                while (outstanding < window) {
                    ByteBuffer request = requests.get(next++ % requests.size()).duplicate();
                    if (channel.send(request, target) == 0) {
                        break;
                    }
                    outstanding++;
                }
                in.clear();
                if (channel.receive(in) != null) {
                    answered++;
                    outstanding--;
                    lastAnswer = System.nanoTime();
                } else if (System.nanoTime() - lastAnswer > 200_000_000L) {
                    outstanding = 0; // lost in a full socket buffer: send more
                    lastAnswer = System.nanoTime();
                } else {
                    Thread.onSpinWait();
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            RoughtimeServer.Stats stats = server.stats();
            LOG.info("udp loopback, maxBatch {}: {} requests/s answered, {} signatures/s, {} answers per signature "
                            + "({} answered in {} s)", maxBatch, Math.round(answered / elapsed),
                    Math.round(stats.signatures() / elapsed),
                    stats.signatures() == 0 ? 0 : Math.round(10.0 * stats.answered() / stats.signatures()) / 10.0,
                    answered, Math.round(elapsed));
        }
    }
}
