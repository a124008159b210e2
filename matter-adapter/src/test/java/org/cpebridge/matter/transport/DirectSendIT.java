package org.cpebridge.matter.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A datagram sent from a thread other than the transport's event loop leaves at once, on the socket, without
 * waiting for the event loop: it arrives while the event loop is held busy.
 */
class DirectSendIT {

    @Test
    void aSendOffTheEventLoopDoesNotWaitForIt() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        InetAddress loopback = InetAddress.getByName("::1");
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(loopback, 0));
             UdpTransport transport = UdpTransport.bind(new UdpTransportConfig(List.of(loopback), 0, 1280,
                     Optional.of(group)), (sender, datagram) -> { })) {
            peer.setSoTimeout(5_000);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            group.next().execute(() -> {
                held.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(held.await(5, TimeUnit.SECONDS));
            byte[] sent = {1, 2, 3, 4};
            assertTrue(transport.send((InetSocketAddress) peer.getLocalSocketAddress(), sent).isDone(),
                    "done when send returns");
            DatagramPacket received = new DatagramPacket(new byte[16], 16);
            peer.receive(received);
            release.countDown();
            assertArrayEquals(sent, Arrays.copyOf(received.getData(), received.getLength()));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
