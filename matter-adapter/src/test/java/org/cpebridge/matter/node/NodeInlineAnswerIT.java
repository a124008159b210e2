package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which thread answers: a message the IM handler calls quick is answered on the transport's I/O thread that
 * received it when the node loop is idle; anything else, and anything that arrives while the node loop is busy,
 * on the worker pool, one at a time and in order as before.
 */
class NodeInlineAnswerIT {

    private static final long PASSCODE = 20202021L;
    private static final int READ_REQUEST = 0x02;
    private static final int INVOKE_REQUEST = 0x08;

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    /** The opcode and the handling thread's name of each IM message, in the order handled. */
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private MatterNode node;

    @BeforeEach
    void start() throws Exception {
        node = new MatterNode(new UdpTransportConfig(InetAddress.getByName("::1"), 0, 1280), Clock.systemUTC(),
                new ExecutorScheduler(timers), workers, CryptoRandom.secure());
        node.start();
        OnboardingData onboarding = OnboardingData.create(PASSCODE, 3840, CryptoRandom.secure());
        node.openCommissioningWindow(new CommissioningWindow.Credentials(onboarding.verifier(), onboarding.pbkdf()),
                Duration.ofMinutes(15));
        node.setInteractionModel(new MatterNode.SecureMessageHandler() {
            @Override
            public boolean onMessage(MatterNode.SessionInfo session, Object exchange, Message message,
                                     MatterNode.Reply reply) {
                handled.add(message.protocolHeader().opcode() + " on " + Thread.currentThread().getName());
                reply.send(ProtocolId.INTERACTION_MODEL, 0x01, Bytes.fromHex("1524000018"), true);
                return true;
            }

            @Override
            public boolean answersQuickly(Message message) {
                return message.protocolHeader().opcode() == READ_REQUEST;
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        timers.shutdownNow();
        workers.shutdownNow();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void quickAnswersLeaveFromTheIoThreadAndTheRestFromThePool() throws Exception {
        try (UdpCommissioner commissioner = new UdpCommissioner(node.localAddress())) {
            assertEquals(0, commissioner.pase(PASSCODE).generalCode().code());

            commissioner.sendSecure(ProtocolId.INTERACTION_MODEL, READ_REQUEST, new byte[] {0x15, 0x18});
            assertEquals(0x01, commissioner.receiveSecure().protocolHeader().opcode());
            commissioner.sendSecure(ProtocolId.INTERACTION_MODEL, INVOKE_REQUEST, new byte[] {0x15, 0x18});
            assertEquals(0x01, commissioner.receiveSecure().protocolHeader().opcode());

            // The node loop busy on the pool: a quick message waits for it there rather than run beside it.
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            node.execute(() -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                handled.add("busy task done");
            });
            assertTrue(busy.await(10, TimeUnit.SECONDS));
            commissioner.sendSecure(ProtocolId.INTERACTION_MODEL, READ_REQUEST, new byte[] {0x15, 0x18});
            Thread.sleep(200);
            release.countDown();
            assertEquals(0x01, commissioner.receiveSecure().protocolHeader().opcode());
        }
        assertEquals(4, handled.size(), handled.toString());
        assertTrue(handled.get(0).startsWith(READ_REQUEST + " on matter-udp"), handled.toString());
        assertTrue(handled.get(1).startsWith(INVOKE_REQUEST + " on pool-"), handled.toString());
        assertEquals("busy task done", handled.get(2), handled.toString());
        assertTrue(handled.get(3).startsWith(READ_REQUEST + " on pool-"), handled.toString());
    }
}
