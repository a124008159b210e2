package org.cpebridge.matter.dnssd.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resolve of another node's operational instance under way, asked through the {@link MdnsResponder}'s socket: a
 * multicast (QM) question for the instance's SRV record, asked again after 1 s, 2 s, 4 s ... until the timeout, and
 * one for the AAAA records of the SRV's host if the answers did not carry them. Routable addresses come first in the
 * answer; a link-local one is scoped to the responder's interface.
 *
 * <p>Owned by the responder's event loop: every method runs there.
 */
final class OperationalQuery {

    /** What a query needs of the responder that asks it. */
    interface Host {
        EventLoopGroup loop();

        void multicast(MdnsMessage message);

        InetAddress scoped(Inet6Address address);

        /** The query has its answer (or none) and wants no more responses. */
        void finished(OperationalQuery query);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OperationalQuery.class);

    private final String instance;
    private final Host host;
    private final CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
    /** AAAA records heard while resolving, by canonical host name: they may come before the SRV. */
    private final Map<String, List<Inet6Address>> heardAddresses = new LinkedHashMap<>();
    private String target;
    private int port;
    private long nextQueryMs = MdnsResponder.ANNOUNCE_INTERVAL_MS;
    private ScheduledFuture<?> requery;
    private ScheduledFuture<?> timeout;

    OperationalQuery(String instance, Host host) {
        this.instance = instance;
        this.host = host;
    }

    CompletableFuture<List<InetSocketAddress>> result() {
        return result;
    }

    /** Asks the first question and gives up with no answer after {@code timeout}. */
    void start(Duration timeout) {
        this.timeout = host.loop().schedule(() -> finish(List.of()), timeout.toMillis(), TimeUnit.MILLISECONDS);
        query();
    }

    void query() {
        List<DnsQuestion> questions = new ArrayList<>();
        questions.add(new DefaultDnsQuestion(instance, DnsRecordType.SRV, MdnsMessage.CLASS_IN));
        if (target != null) {
            questions.add(new DefaultDnsQuestion(target, DnsRecordType.AAAA, MdnsMessage.CLASS_IN));
        }
        host.multicast(new MdnsMessage(0, 0, questions, List.of(), List.of(), List.of()));
        requery = host.loop().schedule(this::query, nextQueryMs, TimeUnit.MILLISECONDS);
        nextQueryMs *= 2;
    }

    /** Takes what a response says about our instance and its host; completes once both are known. */
    void heard(MdnsMessage response) {
        List<DnsRecord> records = new ArrayList<>(response.answers());
        records.addAll(response.additionals());
        for (DnsRecord record : records) {
            if (record.timeToLive() == 0 || !(record instanceof DnsRawRecord raw)) {
                continue;
            }
            if (record.type().equals(DnsRecordType.SRV) && MdnsRecords.sameName(record.name(), instance)) {
                io.netty.buffer.ByteBuf rdata = raw.content().duplicate();
                if (rdata.readableBytes() < 7) {
                    continue;
                }
                rdata.skipBytes(4);
                port = rdata.readUnsignedShort();
                String before = target;
                target = MdnsRecords.canonical(DefaultDnsRecordDecoder.decodeName(rdata));
                if (before == null && port > 0) {
                    LOG.debug("resolve {}: host {} port {}", instance, target, port);
                }
            } else if (record.type().equals(DnsRecordType.AAAA) && raw.content().readableBytes() == 16) {
                byte[] bytes = new byte[16];
                raw.content().getBytes(raw.content().readerIndex(), bytes);
                try {
                    InetAddress address = InetAddress.getByAddress(bytes);
                    if (address instanceof Inet6Address inet6) {
                        heardAddresses.computeIfAbsent(MdnsRecords.canonical(record.name()),
                                name -> new ArrayList<>()).add(inet6);
                    }
                } catch (UnknownHostException e) {
                    // 16 bytes are always an address.
                }
            }
        }
        List<Inet6Address> found = target == null ? List.of() : heardAddresses.getOrDefault(target, List.of());
        if (target == null || port == 0 || found.isEmpty()) {
            if (target != null && port > 0 && requery != null && requery.getDelay(TimeUnit.MILLISECONDS) > 100) {
                // The SRV came without its host's addresses: ask for them now rather than at the next requery.
                requery.cancel(false);
                query();
            }
            return;
        }
        List<InetSocketAddress> answer = new ArrayList<>();
        for (boolean linkLocal : new boolean[] {false, true}) {
            for (Inet6Address address : found) {
                if (address.isLinkLocalAddress() == linkLocal) {
                    answer.add(new InetSocketAddress(host.scoped(address), port));
                }
            }
        }
        finish(answer.stream().distinct().toList());
    }

    void finish(List<InetSocketAddress> answer) {
        host.finished(this);
        if (requery != null) {
            requery.cancel(false);
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
        LOG.debug("resolve {}: {}", instance, answer.isEmpty() ? "no answer" : answer);
        result.complete(answer);
    }
}
