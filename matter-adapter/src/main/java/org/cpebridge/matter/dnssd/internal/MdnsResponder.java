package org.cpebridge.matter.dnssd.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.cpebridge.matter.dnssd.CommissionableService;
import org.cpebridge.matter.dnssd.DnsSdAdvertiser;
import org.cpebridge.matter.dnssd.DnsSdException;
import org.cpebridge.matter.dnssd.InterfaceAddresses;
import org.cpebridge.matter.dnssd.MatterServiceRecords;
import org.cpebridge.matter.dnssd.OperationalResolver;
import org.cpebridge.matter.dnssd.OperationalService;
import org.cpebridge.matter.dnssd.ServiceDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own Matter-sized mDNS responder (RFC 6762 / RFC 6763) on one netty datagram channel, restricted to one
 * interface: the socket is bound to {@code ff02::fb%<interface>} port 5353 (so the kernel ties it to that device and
 * it hears nothing from any other), joins the group there and sends its multicast there only.
 *
 * <p>What it does: probes the host name and the commissionable instance name three times 250 ms apart (after a
 * random 0-250 ms) before answering for them; announces twice, a second apart; answers queries at once (PTR answers
 * too, as matter.js does, without the 20-120 ms wait RFC 6762 suggests for shared records), over multicast, unicast
 * for QU questions, or as legacy unicast to a querier on another port; suppresses known answers; renames the host or the commissionable instance when another host on the
 * link claims the name; sends goodbyes (TTL 0) on withdrawal and close. Operational names ({@code <CFID>-<NodeId>})
 * are unique by construction (the fabric's administrator assigns the node id), so once the host name is ours they
 * are announced and answered the moment they are published, without probing, as matter.js does (at start they
 * come with the host name's probe round, all fabrics at once). Not done: the simultaneous-probe tie-break
 * of RFC 6762 section 8.2 (a second responder probing the same random 48- or 64-bit name at the same moment),
 * direct unicast queries to port 5353 (the socket is bound to the group address), name compression.
 *
 * <p>It also resolves other nodes' operational instances ({@link #resolveOperational}) through its socket, each
 * resolve an {@link OperationalQuery}. Its questions are QM, not QU: a unicast answer would go to port 5353 of our
 * address, which this socket, bound to the group address, never hears.
 *
 * <p>Why one class of about 590 lines: probing, announcing, answering and resolving name conflicts are one RFC 6762
 * state machine over one socket and one zone, and split they would share every field; the operational resolve,
 * which only borrows the socket, is its own class.
 *
 * <p>Threads: one netty event-loop thread owns the zone and every timer; the public methods hand their work to it
 * and return at once.
 */
public final class MdnsResponder implements DnsSdAdvertiser, OperationalResolver {

    private static final Logger LOG = LoggerFactory.getLogger(MdnsResponder.class);
    /** The mDNS port. */
    public static final int PORT = 5353;
    private static final byte[] GROUP = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xfb};
    /** RFC 6762 section 8.1: three probes, 250 ms apart, the first after a random delay of up to 250 ms. */
    static final int PROBES = 3;
    static final long PROBE_INTERVAL_MS = 250;
    /** RFC 6762 section 8.3: at least two announcements, one second apart. */
    static final long ANNOUNCE_INTERVAL_MS = 1_000;
    /** RFC 6762 section 6: a record is multicast at most once a second in answer to queries. */
    private static final long MULTICAST_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_MESSAGE_BYTES = 9_000;
    private static final long CLOSE_FLUSH_MS = 500;

    private final EventLoopGroup group;
    private final Channel channel;
    private final InetSocketAddress multicastTarget;
    private final InterfaceAddresses addresses;
    private final NetworkInterface networkInterface;
    private final RandomGenerator random;
    private final MdnsZone zone;
    private final Map<String, Long> lastMulticastNanos = new LinkedHashMap<>();
    private ScheduledFuture<?> probeTask;
    private int probesSent;
    private boolean hostInProbeRound;
    private List<ServiceDescription> probeRound = List.of();
    /** The commissionable instance as published (its name may differ from the caller's after a conflict). */
    private ServiceDescription commissionable;
    private String commissionableRequestedName;
    private volatile boolean closed;
    /** Operational resolves waiting for answers. */
    private final List<OperationalQuery> resolves = new ArrayList<>();
    /** What an operational query needs of this responder: its loop, its socket and its interface. */
    private final OperationalQuery.Host resolverHost = new OperationalQuery.Host() {
        @Override
        public EventLoopGroup loop() {
            return group;
        }

        @Override
        public void multicast(MdnsMessage message) {
            MdnsResponder.this.multicast(message);
        }

        @Override
        public InetAddress scoped(Inet6Address address) {
            return MdnsResponder.this.scoped(address);
        }

        @Override
        public void finished(OperationalQuery query) {
            resolves.remove(query);
        }
    };

    private MdnsResponder(EventLoopGroup group, Channel channel, InetSocketAddress multicastTarget,
                          InterfaceAddresses addresses, NetworkInterface networkInterface, String hostLabel,
                          RandomGenerator random) {
        this.group = group;
        this.channel = channel;
        this.multicastTarget = multicastTarget;
        this.addresses = addresses;
        this.networkInterface = networkInterface;
        this.random = random;
        this.zone = new MdnsZone(hostLabel, addresses.addresses());
    }

    /**
     * Starts mDNS on one interface. The host name is probed with the first service published (a host with no service
     * has nothing to say).
     *
     * @param interfaceName the interface ({@code matter.interface})
     * @param hostLabel     the host name label without {@code .local}; Matter uses 12 or 16 upper-case hex digits
     * @param random        for the delays RFC 6762 randomises and for new names after a conflict
     */
    public static MdnsResponder start(String interfaceName, String hostLabel, RandomGenerator random)
            throws DnsSdException {
        Objects.requireNonNull(random, "random");
        InterfaceAddresses addresses = InterfaceAddresses.of(interfaceName);
        NetworkInterface networkInterface;
        InetSocketAddress groupOnInterface;
        try {
            networkInterface = NetworkInterface.getByName(interfaceName);
            groupOnInterface = new InetSocketAddress(Inet6Address.getByAddress(null, GROUP, networkInterface), PORT);
        } catch (SocketException | UnknownHostException e) {
            throw new DnsSdException("cannot use interface " + interfaceName, e);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // Set once bound, read on the event loop.
        AtomicReference<MdnsResponder> self = new AtomicReference<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channelFactory(NioDatagramChannel::new)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.IP_MULTICAST_IF, networkInterface)
                // The JDK option itself: netty's IP_MULTICAST_LOOP_DISABLED passes its value to NIO's
                // IP_MULTICAST_LOOP unchanged, so "disabled = true" would switch loopback on.
                .option(NioChannelOption.of(StandardSocketOptions.IP_MULTICAST_LOOP), false)
                .option(ChannelOption.IP_MULTICAST_TTL, 255)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_MESSAGE_BYTES))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        MdnsResponder responder = self.get();
                        if (responder != null) {
                            // Packets that arrive before the responder exists are dropped: it owns nothing yet.
                            responder.receive(packet);
                        }
                    }
                });
        // Bound to the group address with the interface as scope: Linux then ties the socket to that device.
        ChannelFuture bound = bootstrap.bind(groupOnInterface).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
            throw new DnsSdException("cannot bind mDNS to " + groupOnInterface, bound.cause());
        }
        DatagramChannel channel = (DatagramChannel) bound.channel();
        ChannelFuture joined = channel.joinGroup(groupOnInterface, networkInterface).awaitUninterruptibly();
        if (!joined.isSuccess()) {
            channel.close().awaitUninterruptibly();
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
            throw new DnsSdException("cannot join ff02::fb on " + interfaceName, joined.cause());
        }
        MdnsResponder responder = new MdnsResponder(group, channel, groupOnInterface, addresses, networkInterface,
                hostLabel, random);
        self.set(responder);
        LOG.info("mDNS responder on {} as {} with addresses {}", interfaceName, responder.zone.hostName(),
                addresses.addresses());
        return responder;
    }

    /** The addresses published as AAAA records. */
    public InterfaceAddresses addresses() {
        return addresses;
    }

    @Override
    public void advertise(CommissionableService service) {
        ensureOpen();
        ServiceDescription requested = MatterServiceRecords.commissionable(service);
        execute(() -> {
            ServiceDescription wanted = requested;
            if (commissionable != null && requested.instanceName().equals(commissionableRequestedName)) {
                // Same caller's instance: keep the name we publish it under (renamed after a conflict, perhaps).
                wanted = renamed(requested, commissionable.instanceName());
            } else if (commissionable != null) {
                zone.remove(commissionable.qualifiedInstanceName()).ifPresent(this::multicast);
            }
            commissionableRequestedName = requested.instanceName();
            commissionable = wanted;
            publish(wanted, false);
        });
    }

    @Override
    public void withdrawCommissionable() {
        execute(() -> {
            if (commissionable != null) {
                zone.remove(commissionable.qualifiedInstanceName()).ifPresent(this::multicast);
                LOG.debug("withdrew {}", commissionable.qualifiedInstanceName());
                commissionable = null;
                commissionableRequestedName = null;
            }
        });
    }

    @Override
    public void advertise(OperationalService service) {
        ensureOpen();
        ServiceDescription description = MatterServiceRecords.operational(service);
        execute(() -> publish(description, true));
    }

    @Override
    public void withdrawOperational(long compressedFabricId, long nodeId) {
        String instance = String.format("%016X-%016X", compressedFabricId, nodeId) + "._matter._tcp.local.";
        execute(() -> zone.remove(instance).ifPresent(this::multicast));
    }

    @Override
    public CompletableFuture<List<InetSocketAddress>> resolveOperational(long compressedFabricId, long nodeId,
                                                                         Duration timeout) {
        String instance = OperationalResolver.qualifiedInstanceName(compressedFabricId, nodeId);
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        if (closed) {
            result.complete(List.of());
            return result;
        }
        try {
            group.execute(() -> {
                if (closed) {
                    result.complete(List.of());
                    return;
                }
                OperationalQuery resolve = new OperationalQuery(instance, resolverHost);
                resolve.result().whenComplete((found, error) -> result.complete(found == null ? List.of() : found));
                resolves.add(resolve);
                resolve.start(timeout);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.complete(List.of());
        }
        return result;
    }

    /**
     * Waits until the instance of that qualified name is answered (probed, with the host name, and announced). For
     * callers that must know, such as tests; the advertiser's own methods never wait.
     *
     * @return whether it is answered within the timeout
     */
    public boolean awaitAnswered(String qualifiedInstanceName, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            try {
                boolean answered = group.submit(() -> zone.service(qualifiedInstanceName)
                        .filter(current -> !zone.hostNeedsProbe() && !zone.probing().contains(current))
                        .isPresent()).get();
                if (answered) {
                    return true;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Says goodbye for everything announced (one message per service), then releases the socket and thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        try {
            group.execute(() -> {
                if (probeTask != null) {
                    probeTask.cancel(false);
                }
                for (OperationalQuery resolve : new ArrayList<>(resolves)) {
                    resolve.finish(List.of());
                }
                List<ChannelFuture> writes = new ArrayList<>();
                for (MdnsMessage goodbye : zone.goodbyeAll()) {
                    writes.add(send(goodbye, multicastTarget));
                }
                if (writes.isEmpty()) {
                    flushed.complete(null);
                } else {
                    writes.get(writes.size() - 1).addListener(f -> flushed.complete(null));
                }
            });
            flushed.get(CLOSE_FLUSH_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("mDNS goodbyes not confirmed sent: {}", e.toString());
        }
        channel.close().awaitUninterruptibly(CLOSE_FLUSH_MS);
        group.shutdownGracefully(0, CLOSE_FLUSH_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(2 * CLOSE_FLUSH_MS);
        LOG.info("mDNS stopped on {}", addresses.interfaceName());
    }

    // ---- event loop from here on ----

    private void publish(ServiceDescription description, boolean unique) {
        List<DnsRecord> goodbyes = zone.put(description, unique);
        if (!goodbyes.isEmpty()) {
            multicast(MdnsMessage.response(goodbyes, List.of()));
        }
        if (zone.probing().stream().anyMatch(d -> d.equals(description)) || zone.hostNeedsProbe()) {
            // A new name to probe, or an SRV naming a host not yet ours: the probe round announces it when it ends.
            probeAgain();
        } else {
            announce(description);
            LOG.debug("published {} subtypes {} TXT {}", description.qualifiedInstanceName(),
                    description.subtypes(), description.txt().keySet());
        }
    }

    /** Announces now and once more a second later (with whatever is published under that name by then). */
    private void announce(ServiceDescription description) {
        multicast(zone.announcement(description));
        group.schedule(() -> zone.service(description.qualifiedInstanceName())
                        .filter(current -> !zone.probing().contains(current) && !zone.hostNeedsProbe())
                        .ifPresent(current -> multicast(zone.announcement(current))),
                ANNOUNCE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Makes sure a probe round will cover what is now unprobed: a round whose first probe is still to go takes it as
     * it is; one under way starts over (RFC 6762 section 8.1 probes all the names of a round together).
     */
    private void probeAgain() {
        if (probeTask == null || probesSent > 0) {
            startProbing();
        }
    }

    /** (Re)starts a probe round for every name not yet known unique. */
    private void startProbing() {
        if (closed) {
            return;
        }
        if (probeTask != null) {
            probeTask.cancel(false);
        }
        probesSent = 0;
        probeTask = group.schedule(this::sendProbe, random.nextLong(PROBE_INTERVAL_MS + 1), TimeUnit.MILLISECONDS);
    }

    private void sendProbe() {
        if (probesSent == 0) {
            hostInProbeRound = zone.hostNeedsProbe();
            probeRound = zone.probing();
        }
        var probe = zone.probe();
        if (probe.isEmpty()) {
            probeTask = null;
            return;
        }
        multicast(probe.get());
        probesSent++;
        probeTask = group.schedule(probesSent < PROBES ? this::sendProbe : this::finishProbing, PROBE_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    private void finishProbing() {
        probeTask = null;
        List<ServiceDescription> unique = zone.markProbed(probeRound);
        if (hostInProbeRound) {
            zone.hostProbed();
            multicast(zone.hostAnnouncement());
            // Services announced before under an earlier host name point at the new one now.
            for (ServiceDescription description : zone.announced()) {
                if (!unique.contains(description)) {
                    announce(description);
                }
            }
        }
        for (ServiceDescription description : unique) {
            LOG.debug("probed and published {}", description.qualifiedInstanceName());
            announce(description);
        }
        if (!zone.probing().isEmpty() || zone.hostNeedsProbe()) {
            startProbing();
        }
    }

    private void receive(DatagramPacket packet) {
        InetSocketAddress sender = packet.sender();
        // Our own multicast never comes back (loopback is off on our socket); another process on this host, a
        // controller app say, may query from our addresses and is answered like anyone else.
        if (closed) {
            return;
        }
        MdnsMessage message;
        try {
            message = MdnsMessage.decode(packet.content());
        } catch (IllegalArgumentException e) {
            LOG.debug("ignoring a malformed mDNS packet from {}: {}", sender, e.getMessage());
            return;
        }
        if (message.isResponse()) {
            if (sender.getPort() == PORT) {
                resolveConflicts(message);
                for (OperationalQuery resolve : new ArrayList<>(resolves)) {
                    resolve.heard(message);
                }
            }
            return;
        }
        boolean legacyUnicast = sender.getPort() != PORT;
        if (LOG.isTraceEnabled()) {
            LOG.trace("query from {}: {} known answers {}", sender, message.questions().stream()
                    .map(q -> q.name() + " " + q.type().name() + ((q.dnsClass() & MdnsMessage.CLASS_TOP_BIT) != 0
                            ? " QU" : "")).toList(), message.answers().size());
        }
        zone.answer(message, legacyUnicast).ifPresent(answer -> {
            boolean unicast = legacyUnicast || (!message.questions().isEmpty() && message.questions().stream()
                    .allMatch(MdnsResponder::asksUnicast));
            // RFC 6762 section 6 would have shared answers (our PTRs) wait 20-120 ms in case other responders
            // answer too; like matter.js we answer at once: the controller's discovery is what the wait would slow.
            if (unicast) {
                send(answer.message(), sender);
            } else {
                multicastAnswer(answer.message());
            }
        });
    }

    private static boolean asksUnicast(DnsQuestion question) {
        return (question.dnsClass() & MdnsMessage.CLASS_TOP_BIT) != 0;
    }

    /** Multicasts an answer less the records multicast in the last second (a querier flooding us gets little). */
    private void multicastAnswer(MdnsMessage answer) {
        long now = System.nanoTime();
        List<DnsRecord> fresh = answer.answers().stream().filter(record -> {
            Long last = lastMulticastNanos.get(key(record));
            return last == null || now - last >= MULTICAST_SPACING_NANOS;
        }).toList();
        if (fresh.isEmpty()) {
            return;
        }
        if (lastMulticastNanos.size() > 256) {
            lastMulticastNanos.clear();
        }
        fresh.forEach(record -> lastMulticastNanos.put(key(record), now));
        multicast(MdnsMessage.response(fresh, answer.additionals()));
    }

    private static String key(DnsRecord record) {
        return MdnsRecords.canonical(record.name()) + "/" + record.type().intValue() + "/"
                + HexFormat.of().formatHex(MdnsRecords.rdata(record));
    }

    private void resolveConflicts(MdnsMessage response) {
        for (String name : zone.conflicts(response)) {
            if (MdnsRecords.sameName(name, zone.hostName())) {
                String label = HexFormat.of().withUpperCase().formatHex(randomBytes(6));
                LOG.warn("mDNS: another host on {} uses our host name {}; now {}.local", addresses.interfaceName(),
                        zone.hostName(), label);
                zone.rename(label);
                startProbing();
            } else if (commissionable != null && MdnsRecords.sameName(name,
                    commissionable.qualifiedInstanceName())) {
                ServiceDescription renamed = renamed(commissionable,
                        HexFormat.of().withUpperCase().formatHex(randomBytes(8)));
                LOG.warn("mDNS: another host on {} uses our commissionable name {}; now {}",
                        addresses.interfaceName(), commissionable.instanceName(), renamed.instanceName());
                zone.renameService(commissionable.qualifiedInstanceName(), renamed);
                commissionable = renamed;
                startProbing();
            } else {
                LOG.warn("mDNS: another host on {} answers for our operational name {}", addresses.interfaceName(),
                        name);
            }
        }
    }

    /** A link-local address is only usable with its interface; ours is the only one we listen on. */
    private InetAddress scoped(Inet6Address address) {
        if (!address.isLinkLocalAddress()) {
            return address;
        }
        try {
            return Inet6Address.getByAddress(null, address.getAddress(), networkInterface);
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static ServiceDescription renamed(ServiceDescription description, String instanceName) {
        return new ServiceDescription(description.serviceType(), instanceName, description.subtypes(),
                description.txt(), description.port());
    }

    private void multicast(MdnsMessage message) {
        send(message, multicastTarget);
    }

    private ChannelFuture send(MdnsMessage message, InetSocketAddress target) {
        byte[] bytes = message.encode();
        LOG.trace("sending {} bytes to {}: {} answers, {} additional", bytes.length, target,
                message.answers().size(), message.additionals().size());
        if (bytes.length > MAX_MESSAGE_BYTES) {
            LOG.warn("mDNS message of {} bytes exceeds {}; not sent", bytes.length, MAX_MESSAGE_BYTES);
            return channel.newSucceededFuture();
        }
        ChannelFuture sent = channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), target));
        sent.addListener(f -> {
            if (!f.isSuccess() && !closed) {
                LOG.debug("mDNS send to {} failed: {}", target, f.cause().toString());
            }
        });
        return sent;
    }

    private void execute(Runnable task) {
        if (closed) {
            return;
        }
        group.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("mDNS: {}", e.toString(), e);
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("advertiser is closed");
        }
    }
}
