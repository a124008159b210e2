package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.matter.commissioning.OnboardingData;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.pase.PaseMessage;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node over IPv6 loopback against a commissioner written from the spec: PASE with the right and the wrong
 * passcode, secure messages on the new session, replays, garbage, and a closed window.
 */
class NodePaseIT {

    private static final long PASSCODE = 20202021L;

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<Message> imReceived = new CopyOnWriteArrayList<>();
    private MatterNode node;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        node = new MatterNode(new UdpTransportConfig(InetAddress.getByName("::1"), 0, 1280), Clock.systemUTC(),
                new ExecutorScheduler(timers), workers, CryptoRandom.secure());
        node.start();
        address = node.localAddress();
        OnboardingData onboarding = OnboardingData.create(PASSCODE, 3840, CryptoRandom.secure());
        node.openCommissioningWindow(new CommissioningWindow.Credentials(onboarding.verifier(), onboarding.pbkdf()),
                Duration.ofMinutes(15));
        // An IM stand-in that records what arrives and answers with an IM StatusResponse (opcode 0x01, SUCCESS).
        node.setInteractionModel((session, exchange, message, reply) -> {
            imReceived.add(message);
            reply.send(ProtocolId.INTERACTION_MODEL, 0x01, Bytes.fromHex("1524000018"), true);
            return true;
        });
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        timers.shutdownNow();
        workers.shutdownNow();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    private <T> T onNodeLoop(java.util.function.Supplier<T> read) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.execute(() -> result.complete(read.get()));
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void paseEstablishesASessionThatCarriesEncryptedMessagesBothWays() throws Exception {
        try (UdpCommissioner commissioner = new UdpCommissioner(address)) {
            StatusReport status = commissioner.pase(PASSCODE);
            assertEquals(0, status.generalCode().code(), status.toString());
            assertEquals(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code(), status.protocolCode());
            assertTrue(commissioner.hasSecureSession());
            assertEquals(1, onNodeLoop(node::secureSessionCount));

            // IM ReadRequest opcode with an arbitrary body: the node decrypts it and hands it to the IM handler.
            commissioner.sendSecure(ProtocolId.INTERACTION_MODEL, 0x02, new byte[] {0x15, 0x18});
            Message reply = commissioner.receiveSecure();
            assertEquals(ProtocolId.INTERACTION_MODEL, reply.protocolHeader().protocolId());
            assertEquals(0x01, reply.protocolHeader().opcode());
            assertArrayEquals(Bytes.fromHex("1524000018").toByteArray(), reply.payload().toByteArray());
            assertEquals(1, imReceived.size());
            assertArrayEquals(new byte[] {0x15, 0x18}, imReceived.get(0).payload().toByteArray());
        }
    }

    @Test
    void aWrongPasscodeFailsAndTheRightOneStillWorks() throws Exception {
        try (UdpCommissioner wrong = new UdpCommissioner(address)) {
            StatusReport status = wrong.pase(PASSCODE + 1);
            assertEquals(1, status.generalCode().code(), "FAILURE: " + status);
            assertEquals(SecureChannelStatus.INVALID_PARAMETER.code(), status.protocolCode());
            assertFalse(wrong.hasSecureSession());
        }
        assertEquals(0, onNodeLoop(node::secureSessionCount));
        assertEquals(1, onNodeLoop(() -> node.window().failedAttempts()));
        try (UdpCommissioner right = new UdpCommissioner(address)) {
            assertEquals(0, right.pase(PASSCODE).generalCode().code());
        }
    }

    @Test
    void aReplayedSecureMessageIsNotDeliveredTwice() throws Exception {
        try (UdpCommissioner commissioner = new UdpCommissioner(address)) {
            commissioner.pase(PASSCODE);
            byte[] sent = commissioner.sendSecure(ProtocolId.INTERACTION_MODEL, 0x02, new byte[] {0x15, 0x18});
            commissioner.receiveSecure();
            commissioner.sendRaw(sent);
            commissioner.sendRaw(sent);
            // The node re-acknowledges a duplicate but never hands it to the IM again.
            Thread.sleep(500);
            assertEquals(1, imReceived.size());
        }
    }

    @Test
    void garbageAndForgeriesAreDroppedWithoutHarm() throws Exception {
        try (UdpCommissioner commissioner = new UdpCommissioner(address)) {
            commissioner.sendRaw(new byte[] {0x00});
            commissioner.sendRaw(new byte[] {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09});
            commissioner.pase(PASSCODE);
            byte[] sent = commissioner.sendSecure(ProtocolId.INTERACTION_MODEL, 0x02, new byte[] {0x15, 0x18});
            commissioner.receiveSecure();
            byte[] forged = sent.clone();
            forged[forged.length - 1] ^= 0x01;
            forged[4] ^= 0x55;
            commissioner.sendRaw(forged);
            byte[] truncated = java.util.Arrays.copyOf(sent, sent.length - 5);
            commissioner.sendRaw(truncated);
            assertNull(commissioner.poll(500), "nothing answers a forged or truncated message");
            assertEquals(1, imReceived.size());
            // The session still works.
            commissioner.sendSecure(ProtocolId.INTERACTION_MODEL, 0x02, new byte[] {0x15, 0x18});
            commissioner.receiveSecure();
            assertEquals(2, imReceived.size());
        }
    }

    @Test
    void aSecondCommissionerIsToldBusyAndAClosedWindowRefusesPase() throws Exception {
        try (UdpCommissioner first = new UdpCommissioner(address);
             UdpCommissioner second = new UdpCommissioner(address)) {
            first.pase(PASSCODE);
            StatusReport busy = second.pase(PASSCODE);
            assertEquals(SecureChannelStatus.BUSY.code(), busy.protocolCode(), busy.toString());
        }
        node.execute(() -> node.window().close("test"));
        try (UdpCommissioner late = new UdpCommissioner(address)) {
            StatusReport refused = late.pase(PASSCODE);
            assertEquals(1, refused.generalCode().code(), refused.toString());
        }
    }

    @Test
    void twentyFailedAttemptsCloseTheWindow() throws Exception {
        for (int attempt = 0; attempt < CommissioningWindow.MAX_FAILED_ATTEMPTS; attempt++) {
            try (UdpCommissioner wrong = new UdpCommissioner(address)) {
                assertEquals(1, wrong.pase(PASSCODE + 1).generalCode().code());
            }
        }
        assertFalse(onNodeLoop(() -> node.window().isOpen()));
        try (UdpCommissioner right = new UdpCommissioner(address)) {
            StatusReport status = right.pase(PASSCODE);
            assertEquals(1, status.generalCode().code(), "even the right passcode is refused now: " + status);
        }
    }

    @Test
    void twentyGarbageAttemptsLeaveTheWindowOpen() throws Exception {
        try (UdpCommissioner garbage = new UdpCommissioner(address)) {
            for (int attempt = 0; attempt < CommissioningWindow.MAX_FAILED_ATTEMPTS + 2; attempt++) {
                garbage.newExchange();
                garbage.sendUnsecured(SecureChannelOpcode.PBKDF_PARAM_REQUEST.code(),
                        new PaseMessage.PbkdfParamRequest(Bytes.of(new byte[32]), 0x2222, 0, false,
                                Optional.empty()).encode());
                Message response = garbage.receiveUnsecured();
                assertEquals(SecureChannelOpcode.PBKDF_PARAM_RESPONSE.code(), response.protocolHeader().opcode());
                garbage.sendUnsecured(SecureChannelOpcode.PASE_PAKE1.code(), new byte[] {0x15, 0x18});
                Message status = garbage.receiveUnsecured();
                garbage.acknowledge(status);
                assertEquals(1, StatusReport.decode(status.payload().toByteArray()).generalCode().code());
            }
        }
        assertTrue(onNodeLoop(() -> node.window().isOpen()), "garbage closed the window");
        assertEquals(0, onNodeLoop(() -> node.window().failedAttempts()));
        try (UdpCommissioner right = new UdpCommissioner(address)) {
            assertEquals(0, right.pase(PASSCODE).generalCode().code());
        }
    }

    @Test
    void aPbkdfParamRequestFloodIsNotAmplifiedAndLogsAFixedNumberOfLines() throws Exception {
        int requests = 2_000;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        // slf4j-simple writes each line to whatever System.err is at that moment.
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        long sentBytes = 0;
        long repliedBytes = 0;
        int replies = 0;
        try (UdpCommissioner flood = new UdpCommissioner(address)) {
            for (int i = 0; i < requests; i++) {
                sentBytes += flood.sendPbkdfParamRequestOnly();
            }
            // Everything the node sends back, retransmissions included, until it has been quiet for 3 s.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            byte[] reply;
            while (System.nanoTime() < deadline && (reply = flood.poll(3_000)) != null) {
                repliedBytes += reply.length;
                replies++;
            }
        } finally {
            System.setErr(originalErr);
        }
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        System.err.println(String.join("\n", lines));
        System.err.printf("flood: %d requests, %d bytes sent; %d replies, %d bytes received; %d log lines%n",
                requests, sentBytes, replies, repliedBytes, lines.size());
        assertTrue(repliedBytes <= sentBytes, repliedBytes + " bytes answered to " + sentBytes + " bytes");
        assertTrue(replies <= HandshakeAdmission.PER_SOURCE_BURST + 10, replies + " replies");
        assertTrue(lines.size() <= HandshakeAdmission.PER_SOURCE_BURST + 10, lines.size() + " log lines: " + lines);
        assertEquals(1, lines.stream().filter(line -> line.contains("PASE rate limit")).count(), lines.toString());
        assertTrue(onNodeLoop(() -> node.window().isOpen()), "the flood closed the window");
    }
}
