package org.cpebridge.matter.dnssd.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cpebridge.matter.dnssd.ServiceDescription;

/**
 * The DNS records of one DNS-SD service instance and of our host (RFC 6763 sections 4-7 and 12), as netty records.
 * TTLs follow RFC 6762 section 10: 120 s for records that carry a host name or address (SRV, AAAA), 4,500 s for the
 * others (PTR, TXT). SRV, TXT and AAAA are unique records: in multicast responses their class carries the
 * cache-flush bit. Pure functions.
 */
public final class MdnsRecords {

    /** TTL of SRV and AAAA records, seconds. */
    public static final long HOST_TTL = 120;
    /** TTL of PTR and TXT records, seconds. */
    public static final long OTHER_TTL = 4_500;
    /** RFC 6763 section 9: the name that enumerates service types. */
    public static final String SERVICE_TYPES = "_services._dns-sd._udp.local.";

    private MdnsRecords() {
    }

    /** The PTR records of a service: the service type, then each subtype, all to the instance. Shared records. */
    public static List<DnsRecord> pointers(ServiceDescription service, boolean goodbye) {
        List<DnsRecord> records = new ArrayList<>();
        String instance = service.qualifiedInstanceName();
        records.add(new DefaultDnsPtrRecord(service.serviceType() + ".local.", MdnsMessage.CLASS_IN,
                goodbye ? 0 : OTHER_TTL, instance));
        for (String subtypeName : service.qualifiedSubtypeNames()) {
            records.add(new DefaultDnsPtrRecord(subtypeName, MdnsMessage.CLASS_IN, goodbye ? 0 : OTHER_TTL,
                    instance));
        }
        return records;
    }

    /** The SRV record of a service: priority 0, weight 0, its port, our host. */
    public static DnsRecord srv(ServiceDescription service, String hostName, boolean cacheFlush, boolean goodbye) {
        ByteBuf rdata = Unpooled.buffer();
        rdata.writeShort(0);
        rdata.writeShort(0);
        rdata.writeShort(service.port());
        writeName(hostName, rdata);
        return raw(service.qualifiedInstanceName(), DnsRecordType.SRV, cacheFlush, goodbye ? 0 : HOST_TTL, rdata);
    }

    /** The TXT record of a service ({@link ServiceDescription#encodedTxt()}). */
    public static DnsRecord txt(ServiceDescription service, boolean cacheFlush, boolean goodbye) {
        return raw(service.qualifiedInstanceName(), DnsRecordType.TXT, cacheFlush, goodbye ? 0 : OTHER_TTL,
                Unpooled.wrappedBuffer(service.encodedTxt()));
    }

    /** One AAAA record per address of our host. */
    public static List<DnsRecord> addresses(String hostName, List<Inet6Address> addresses, boolean cacheFlush,
                                            boolean goodbye) {
        List<DnsRecord> records = new ArrayList<>();
        for (Inet6Address address : addresses) {
            records.add(raw(hostName, DnsRecordType.AAAA, cacheFlush, goodbye ? 0 : HOST_TTL,
                    Unpooled.wrappedBuffer(address.getAddress())));
        }
        return records;
    }

    /** The service-type enumeration PTR (RFC 6763 section 9) for one service type. */
    public static DnsRecord serviceType(String serviceType) {
        return new DefaultDnsPtrRecord(SERVICE_TYPES, MdnsMessage.CLASS_IN, OTHER_TTL, serviceType + ".local.");
    }

    /** The same record with another TTL and without the cache-flush bit (legacy unicast answers, section 6.7). */
    public static DnsRecord forLegacyUnicast(DnsRecord record, long maxTtl) {
        long ttl = Math.min(record.timeToLive(), maxTtl);
        if (record instanceof DnsPtrRecord ptr) {
            return new DefaultDnsPtrRecord(ptr.name(), MdnsMessage.CLASS_IN, ttl, ptr.hostname());
        }
        DnsRawRecord raw = (DnsRawRecord) record;
        return new DefaultDnsRawRecord(raw.name(), raw.type(), MdnsMessage.CLASS_IN, ttl, raw.content().duplicate());
    }

    /** Whether two records have the same name (case-insensitive), type and data; class and TTL are ignored. */
    public static boolean sameData(DnsRecord a, DnsRecord b) {
        return sameName(a.name(), b.name()) && a.type().equals(b.type()) && Arrays.equals(rdata(a), rdata(b));
    }

    /** Whether a record's data differs from ours (class and TTL ignored): {@code a} and {@code b} name the same. */
    static byte[] rdata(DnsRecord record) {
        if (record instanceof DnsPtrRecord ptr) {
            ByteBuf out = Unpooled.buffer();
            writeName(ptr.hostname(), out);
            return ByteBufUtil.getBytes(out);
        }
        if (record instanceof DnsRawRecord raw) {
            return ByteBufUtil.getBytes(raw.content());
        }
        return new byte[0];
    }

    /** DNS names compare case-insensitively (ASCII), with or without the root dot. */
    public static boolean sameName(String a, String b) {
        return canonical(a).equals(canonical(b));
    }

    /** Lower case, with the root dot. */
    public static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    private static DnsRecord raw(String name, DnsRecordType type, boolean cacheFlush, long ttl, ByteBuf rdata) {
        int dnsClass = MdnsMessage.CLASS_IN | (cacheFlush ? MdnsMessage.CLASS_TOP_BIT : 0);
        return new DefaultDnsRawRecord(name, type, dnsClass, ttl, rdata);
    }

    /** An uncompressed domain name: each label with its length byte, then the root's zero. */
    static void writeName(String name, ByteBuf out) {
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 63) {
                throw new IllegalArgumentException("DNS label longer than 63 bytes: " + label);
            }
            out.writeByte(bytes.length);
            out.writeBytes(bytes);
        }
        out.writeByte(0);
    }
}
