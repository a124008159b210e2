package org.cpebridge.matter.node.resume;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.dnssd.MrpParameters;
import org.cpebridge.matter.dnssd.OperationalService;
import org.cpebridge.matter.dnssd.internal.MdnsResponder;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.node.MatterNode;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.bytes.Bytes;

/**
 * Child-JVM main for {@link MovedSubscriberIT}, run inside a test network namespace in one of two roles, both on
 * one fabric made from the same seeded test CA:
 * <ul>
 * <li>{@code subscriber <interface> <address> <dataDir>}: the controller at its new address, a Matter node
 *   (CASE responder) on {@code address}, port chosen by the kernel, that advertises its operational instance with
 *   our mDNS responder. Prints {@code READY <port>} once the instance is answered; runs until stdin closes.</li>
 * <li>{@code bridge <interface> <address> <dataDir> <stale address> <stale port>}: the bridge after a restart, a
 *   Matter node whose subscription store holds a subscription of that controller at the stale address, and a
 *   {@link SubscriptionResumer} that resolves through our mDNS responder. Prints
 *   {@code RESUMED <address> <port>} with where CASE was established, then {@code KEPT <address> <port>} with the
 *   address the store holds afterwards (read back from disk), or {@code GAVE_UP}.</li>
 * </ul>
 */
public final class MovedSubscriberProcess {

    static final long FABRIC_ID = 0x2906C908D115D362L;
    static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    static final long CONTROLLER_NODE = 0x0000000000000101L;
    static final long SUBSCRIPTION_ID = 0x5EED;
    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");

    private MovedSubscriberProcess() {
    }

    public static void main(String[] args) throws Exception {
        String role = args[0];
        String interfaceName = args[1];
        InetAddress bindTo = InetAddress.getByName(args[2]);
        Path dataDir = Files.createDirectories(Path.of(args[3]));
        // Both processes derive the same CA and both nodes' credentials from one seed, in the same order.
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, TestCredentials.seeded(16));
        TestCredentials.Issued bridgeCredentials = ca.issue(BRIDGE_NODE, List.of());
        TestCredentials.Issued controllerCredentials = ca.issue(CONTROLLER_NODE, List.of(0xFFFF0001L));
        TestCredentials.Issued own = role.equals("bridge") ? bridgeCredentials : controllerCredentials;

        ExecutorService workers = Executors.newFixedThreadPool(2);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        FileDurableStore store = new FileDurableStore(dataDir);
        FabricTable fabrics = FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY);
        Fabric fabric = fabrics.add(own.rcac(), own.icac(), own.noc(), own.nodeKey(), EPOCH_KEY, 0xFFF1);
        long compressedFabricId = java.nio.ByteBuffer.wrap(fabric.compressedFabricId().toByteArray()).getLong();
        MatterNode node = new MatterNode(new UdpTransportConfig(bindTo, 0, 1280), Clock.systemUTC(),
                new ExecutorScheduler(timers), workers, CryptoRandom.secure());
        node.start();
        node.enableCase(fabrics, ResumptionStore.inMemory(4));
        try (MdnsResponder mdns = MdnsResponder.start(interfaceName, role.equals("bridge") ? "B00000000001"
                : "C00000000001", new SplittableRandom(7))) {
            if (role.equals("subscriber")) {
                node.setInteractionModel((session, exchange, message, reply) -> {
                    reply.send(ProtocolId.INTERACTION_MODEL, 0x01, Bytes.fromHex("1524000018"), true);
                    reply.close();
                    return true;
                });
                int port = node.localAddress().getPort();
                mdns.advertise(new OperationalService(compressedFabricId, CONTROLLER_NODE, port,
                        MrpParameters.DEFAULTS));
                String instance = org.cpebridge.matter.dnssd.OperationalResolver.qualifiedInstanceName(
                        compressedFabricId, CONTROLLER_NODE);
                if (!mdns.awaitAnswered(instance, Duration.ofSeconds(20))) {
                    throw new IllegalStateException(instance + " not answered");
                }
                System.out.println("READY " + port);
                while (System.in.read() >= 0) {
                    // Runs until the test closes stdin.
                }
            } else {
                InetSocketAddress stale = new InetSocketAddress(InetAddress.getByName(args[4]),
                        Integer.parseInt(args[5]));
                SubscriptionStore.load(new DurableRecordStore(store), 3).put(new StoredSubscription(
                        TestSubscriptions.wildcard(SUBSCRIPTION_ID, fabric.fabricIndex(), CONTROLLER_NODE, 60, false),
                        stale));
                // The restart: what the bridge finds on disk.
                SubscriptionStore stored = SubscriptionStore.load(new DurableRecordStore(store), 3);
                CountDownLatch over = new CountDownLatch(1);
                SubscriptionResumer[] resumer = new SubscriptionResumer[1];
                resumer[0] = new SubscriptionResumer(stored, node::openCase,
                        (fabricIndex, peer, done) -> mdns.resolveOperational(compressedFabricId, peer,
                                Duration.ofSeconds(3)).whenComplete((found, error) ->
                                node.execute(() -> done.accept(found))),
                        (fabricIndex, peer) -> Optional.empty(),
                        subscription -> node.execute(() -> {
                            InetSocketAddress at = node.peerAddress(fabric.fabricIndex(), CONTROLLER_NODE)
                                    .orElseThrow();
                            System.out.println("RESUMED " + at.getAddress().getHostAddress() + " " + at.getPort());
                            over.countDown();
                        }),
                        new ExecutorScheduler(timers), Clock.systemUTC(), node::execute);
                node.execute(resumer[0]::start);
                if (!over.await(60, TimeUnit.SECONDS)) {
                    System.out.println("GAVE_UP");
                } else {
                    InetSocketAddress kept = SubscriptionStore.load(new DurableRecordStore(store), 3).all().get(0)
                            .lastAddress();
                    System.out.println("KEPT " + kept.getAddress().getHostAddress() + " " + kept.getPort());
                }
            }
        } finally {
            node.close();
            timers.shutdownNow();
            workers.shutdownNow();
        }
    }
}
