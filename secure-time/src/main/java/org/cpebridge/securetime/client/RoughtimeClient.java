package org.cpebridge.securetime.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpebridge.securetime.crypto.RoughtimeHash;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.Packet;
import org.cpebridge.securetime.wire.Request;
import org.cpebridge.securetime.wire.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks servers over UDP, one after the other, chaining the nonces so the order of their signatures is provable.
 * Blocking; used by one thread at a time (the secure-time client thread, or a test).
 */
public final class RoughtimeClient {

    private static final Logger LOG = LoggerFactory.getLogger(RoughtimeClient.class);

    private final Clock localClock;
    private final SecureRandom random;
    private final Duration timeout;
    private final int attempts;

    /**
     * @param localClock the unsecured local clock the answers are measured against
     * @param timeout    how long to wait for one answer
     * @param attempts   how many times a request is sent before the server counts as silent
     */
    public RoughtimeClient(Clock localClock, SecureRandom random, Duration timeout, int attempts) {
        this.localClock = localClock;
        this.random = random;
        this.timeout = timeout;
        this.attempts = attempts;
    }

    /** Asks every server in order, {@code rounds} times over, each nonce chained from the last verified answer. */
    public List<ChainLink> chain(List<ServerSpec> servers, int rounds) {
        List<ChainLink> links = new ArrayList<>();
        ChainLink previous = null;
        for (int round = 0; round < rounds; round++) {
            for (ServerSpec server : servers) {
                ChainLink link = query(server, Optional.ofNullable(previous));
                links.add(link);
                if (link.verified()) {
                    previous = link;
                }
            }
        }
        return links;
    }

    /** Asks one server; the nonce is chained from {@code previous}'s answer when there is one. */
    public ChainLink query(ServerSpec server, Optional<ChainLink> previous) {
        byte[] blindBytes = new byte[Request.NONCE_LENGTH];
        random.nextBytes(blindBytes);
        Bytes blind = Bytes.of(blindBytes);
        Bytes nonce = previous.map(p -> RoughtimeHash.chainedNonce(p.answer().orElseThrow().response().packet(),
                blind)).orElse(blind);
        Request request = Request.create(Versions.OFFERED, nonce, Optional.of(server.serverId()));
        long sentAt = localClock.millis();
        try (DatagramSocket socket = new DatagramSocket()) {
            InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
            if (address.isUnresolved()) {
                return failed(server, blind, request, sentAt, "cannot resolve " + server.host());
            }
            socket.connect(address);
            byte[] receiveBuffer = new byte[Packet.MAX_PACKET_LENGTH + 1];
            String lastProblem = "no answer";
            for (int attempt = 0; attempt < attempts; attempt++) {
                sentAt = localClock.millis();
                socket.send(new DatagramPacket(request.packet().toByteArray(), request.packet().length()));
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                    if (remainingMillis <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) Math.max(1, remainingMillis));
                    DatagramPacket datagram = new DatagramPacket(receiveBuffer, receiveBuffer.length);
                    try {
                        socket.receive(datagram);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    long receivedAt = localClock.millis();
                    try {
                        VerifiedAnswer answer = ResponseVerifier.verify(server.publicKey(), request,
                                ByteBuffer.wrap(datagram.getData(), 0, datagram.getLength()));
                        return new ChainLink(server, blind, request, Optional.of(answer), Optional.empty(), sentAt,
                                receivedAt);
                    } catch (VerificationException e) {
                        if (e.reason() == VerificationException.Reason.NONCE_MISMATCH) {
                            continue; // a late answer to an earlier request: keep waiting for ours
                        }
                        LOG.warn("[time {}] answer rejected: {}", server.name(), e.getMessage());
                        return failed(server, blind, request, sentAt, e.getMessage());
                    }
                }
                lastProblem = "no answer within " + timeout.toMillis() + " ms";
            }
            LOG.info("[time {}] {}", server.name(), lastProblem);
            return failed(server, blind, request, sentAt, lastProblem);
        } catch (IOException | RuntimeException e) {
            LOG.info("[time {}] cannot ask: {}", server.name(), e.toString());
            return failed(server, blind, request, sentAt, e.toString());
        }
    }

    private ChainLink failed(ServerSpec server, Bytes blind, Request request, long sentAt, String why) {
        return new ChainLink(server, blind, request, Optional.empty(), Optional.of(why), sentAt, localClock.millis());
    }
}
