package org.cpebridge.securetime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.securetime.client.ResponseVerifier;
import org.cpebridge.securetime.client.VerifiedAnswer;
import org.cpebridge.securetime.crypto.RoughtimeHash;
import org.cpebridge.securetime.testing.Loopback;
import org.cpebridge.securetime.testing.TestKeys;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.MalformedMessageException;
import org.cpebridge.securetime.wire.Packet;
import org.cpebridge.securetime.wire.Request;
import org.cpebridge.securetime.wire.Response;
import org.cpebridge.securetime.wire.RtMessage;
import org.cpebridge.securetime.wire.Tag;
import org.cpebridge.securetime.wire.Versions;
import org.junit.jupiter.api.Test;

/** Our server over 127.0.0.1, driven by raw datagrams and checked with the client's verifier. */
class RoughtimeServerIT {

    private final KeyPair key = TestKeys.longTerm();
    private final SecureRandom random = new SecureRandom();

    private RoughtimeServer server(RateLimiter limiter, java.util.function.Supplier<Optional<ServerTime>> time)
            throws IOException {
        return RoughtimeServer.start(Loopback.ANY_LOOPBACK_PORT, new Responder(TestKeys.raw(key)),
                new RotatingDelegation(key.getPrivate(), Duration.ofHours(1), random), time, limiter, 256);
    }

    private static RateLimiter generous() {
        return new RateLimiter(100_000, 10_000, 1024, System::nanoTime);
    }

    private Request request() {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        return Request.create(Versions.OFFERED, Bytes.of(nonce), Optional.of(RoughtimeHash.serverId(TestKeys.raw(key))));
    }

    private static DatagramChannel client(String address) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        channel.bind(new InetSocketAddress(address, 0));
        channel.configureBlocking(false);
        return channel;
    }

    /** Waits up to {@code millis} for one datagram; null if none came. */
    private static ByteBuffer receive(DatagramChannel channel, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        ByteBuffer buffer = ByteBuffer.allocate(70_000);
        while (System.nanoTime() < deadline) {
            if (channel.receive(buffer) != null) {
                return buffer.flip();
            }
            Thread.sleep(1);
        }
        return null;
    }

    @Test
    void thousandConcurrentRequestsShareFewSignaturesAndEachVerifies() throws Exception {
        try (RoughtimeServer server = server(generous(), Loopback.clockOffBy(0));
             DatagramChannel channel = client("127.0.0.1")) {
            long startSeconds = System.currentTimeMillis() / 1000;
            Map<Bytes, Request> pending = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                Request request = request();
                pending.put(request.nonce(), request);
            }
            int verified = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                // Send every request still unanswered (all of them, at once, the first time), then collect.
                for (Request request : pending.values()) {
                    channel.send(request.packet().asByteBuffer(), server.localAddress());
                }
                ByteBuffer answer;
                while ((answer = receive(channel, 500)) != null) {
                    Response response = Response.parse(answer.duplicate());
                    Request request = pending.remove(response.nonce());
                    if (request == null) {
                        continue; // the answer to a retransmission already answered
                    }
                    assertTrue(answer.remaining() <= request.packet().length(), "answer larger than its request");
                    VerifiedAnswer checked = ResponseVerifier.verify(TestKeys.raw(key), request, answer);
                    // Signed between the start of the test and now (verifying 1,000 answers takes a while).
                    assertTrue(checked.midpointSeconds() >= startSeconds - 1
                            && checked.midpointSeconds() <= System.currentTimeMillis() / 1000 + 1);
                    verified++;
                }
            }
            assertEquals(1000, verified);
            RoughtimeServer.Stats stats = server.stats();
            assertTrue(stats.signatures() <= 100, "1,000 answers under " + stats.signatures() + " signatures");
            assertEquals(stats.batches(), stats.signatures(), "one version per batch here, so one signature each");
            org.slf4j.LoggerFactory.getLogger(RoughtimeServerIT.class).info("1,000 requests: {}", stats);
        }
    }

    @Test
    void answerIsNeverLargerThanTheRequestEvenInTheDeepestBatch() throws Exception {
        Responder responder = new Responder(TestKeys.raw(key));
        OnlineKey online = new RotatingDelegation(key.getPrivate(), Duration.ofHours(1), random).current(1_796_000_000L);
        List<Request> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 256; i++) {
            batch.add(request());
        }
        for (Responder.Answered answered : responder.answer(batch, new ServerTime(1_796_000_000L, 1), online)
                .answers()) {
            assertEquals(8, answered.response().path().size());
            assertTrue(answered.response().packet().length() <= 1024, "answer " + answered.response().packet().length());
        }
    }

    @Test
    void malformedShortAndOversizedDatagramsAreDroppedAndServingGoesOn() throws Exception {
        try (RoughtimeServer server = server(generous(), Loopback.clockOffBy(0));
             DatagramChannel channel = client("127.0.0.1")) {
            byte[] garbage = new byte[1024];
            random.nextBytes(garbage);
            Request good = request();
            byte[] truncated = java.util.Arrays.copyOf(good.packet().toByteArray(), 1020); // declared length lies
            byte[] tooShort = Packet.frame(RtMessage.builder().putU32List(Tag.VER, Versions.OFFERED)
                    .put(Tag.NONC, good.nonce()).putU32(Tag.TYPE, 0).build()); // unpadded: would amplify
            byte[] huge = new byte[65_507];
            System.arraycopy(good.packet().toByteArray(), 0, huge, 0, 1024);
            for (byte[] bad : List.of(garbage, truncated, tooShort, huge)) {
                channel.send(ByteBuffer.wrap(bad), server.localAddress());
            }
            assertNull(receive(channel, 500), "no answer to malformed input");
            assertEquals(4, server.stats().droppedMalformed());

            channel.send(good.packet().asByteBuffer(), server.localAddress());
            ByteBuffer answer = receive(channel, 2000);
            ResponseVerifier.verify(TestKeys.raw(key), good, answer);
        }
    }

    @Test
    void largerRequestsGetAnswersNoLargerThanThemAndSmallerOnesNone() throws Exception {
        try (RoughtimeServer server = server(generous(), Loopback.clockOffBy(0));
             DatagramChannel channel = client("127.0.0.1")) {
            Request padded = request();
            byte[] bigger = Packet.frame(RtMessage.builder().putU32List(Tag.VER, Versions.OFFERED)
                    .put(Tag.NONC, padded.nonce()).putU32(Tag.TYPE, 0).put(Tag.ZZZZ, new byte[1400]).build());
            channel.send(ByteBuffer.wrap(bigger), server.localAddress());
            ByteBuffer answer = receive(channel, 2000);
            assertTrue(answer.remaining() <= bigger.length);
            ResponseVerifier.verify(TestKeys.raw(key), Request.parse(ByteBuffer.wrap(bigger)), answer);
        }
    }

    @Test
    void serverWhoseClockIsNotSecuredStaysSilent() throws Exception {
        try (RoughtimeServer server = server(generous(), Optional::empty);
             DatagramChannel channel = client("127.0.0.1")) {
            channel.send(request().packet().asByteBuffer(), server.localAddress());
            assertNull(receive(channel, 500));
            assertEquals(1, server.stats().droppedUnsecured());
        }
    }

    @Test
    void rateLimitIsPerSourceAddress() throws Exception {
        try (RoughtimeServer server = server(new RateLimiter(0.001, 5, 1024, System::nanoTime),
                Loopback.clockOffBy(0));
             DatagramChannel greedy = client("127.0.0.2");
             DatagramChannel polite = client("127.0.0.3")) {
            for (int i = 0; i < 20; i++) {
                greedy.send(request().packet().asByteBuffer(), server.localAddress());
            }
            int answered = 0;
            while (receive(greedy, 500) != null) {
                answered++;
            }
            assertEquals(5, answered, "the burst, then nothing");
            assertEquals(15, server.stats().droppedRateLimited());
            Request mine = request();
            polite.send(mine.packet().asByteBuffer(), server.localAddress());
            ResponseVerifier.verify(TestKeys.raw(key), mine, receive(polite, 2000));
        }
    }

    @Test
    void wildcardAddressIsRefused() {
        for (String wildcard : List.of("0.0.0.0", "::")) {
            assertTrue(assertThrows(IOException.class, () -> RoughtimeServer.start(new InetSocketAddress(wildcard, 0),
                    new Responder(TestKeys.raw(key)), seconds -> null, Optional::empty, generous(), 8))
                    .getMessage().contains("refusing"));
        }
    }

    static Response parse(ByteBuffer packet) throws MalformedMessageException {
        return Response.parse(packet);
    }
}
