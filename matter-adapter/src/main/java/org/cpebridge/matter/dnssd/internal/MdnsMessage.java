package org.cpebridge.matter.dnssd.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordEncoder;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.ArrayList;
import java.util.List;

/**
 * One mDNS message (RFC 6762 section 18): the 12-byte DNS header we read and write ourselves, questions and records
 * through netty's DNS record codec (which decompresses names on the way in). Records are held as netty
 * {@link DnsRecord}s whose raw content is always an unpooled heap buffer, so nothing here needs releasing. An SRV
 * record's target may be compressed on the wire (a pointer into the message, which the copy would lose): it is
 * read here and kept uncompressed. Immutable.
 *
 * @param id          the message id (0 in multicast messages; echoed in legacy unicast answers)
 * @param flags       the header's second 16 bits: QR (0x8000), AA (0x0400), TC (0x0200)...
 * @param questions   the question section
 * @param answers     the answer section
 * @param authorities the authority section (a probe's proposed records)
 * @param additionals the additional section
 */
public record MdnsMessage(int id, int flags, List<DnsQuestion> questions, List<DnsRecord> answers,
                          List<DnsRecord> authorities, List<DnsRecord> additionals) {

    /** QR bit: the message is a response. */
    public static final int FLAG_RESPONSE = 0x8000;
    /** AA bit, set in every mDNS response (RFC 6762 section 18.4). */
    public static final int FLAG_AUTHORITATIVE = 0x0400;
    /** The top bit of a question's class asks for a unicast answer (QU); of a record's, flushes caches. */
    public static final int CLASS_TOP_BIT = 0x8000;
    /** Class IN. */
    public static final int CLASS_IN = 1;
    private static final int HEADER_BYTES = 12;

    public MdnsMessage {
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authorities = List.copyOf(authorities);
        additionals = List.copyOf(additionals);
    }

    /** A multicast response (id 0, QR and AA set) with answers and additional records. */
    public static MdnsMessage response(List<DnsRecord> answers, List<DnsRecord> additionals) {
        return new MdnsMessage(0, FLAG_RESPONSE | FLAG_AUTHORITATIVE, List.of(), answers, List.of(), additionals);
    }

    /** Whether this is a response (QR set) rather than a query. */
    public boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    /**
     * Reads a message. Raw record contents are copied to the heap, so the caller keeps ownership of {@code in}.
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed DNS message
     */
    public static MdnsMessage decode(ByteBuf in) {
        try {
            if (in.readableBytes() < HEADER_BYTES) {
                throw new IllegalArgumentException("shorter than a DNS header: " + in.readableBytes() + " bytes");
            }
            int id = in.readUnsignedShort();
            int flags = in.readUnsignedShort();
            int questionCount = in.readUnsignedShort();
            int answerCount = in.readUnsignedShort();
            int authorityCount = in.readUnsignedShort();
            int additionalCount = in.readUnsignedShort();
            List<DnsQuestion> questions = new ArrayList<>();
            for (int i = 0; i < questionCount; i++) {
                questions.add(DnsRecordDecoder.DEFAULT.decodeQuestion(in));
            }
            return new MdnsMessage(id, flags, questions, records(in, answerCount), records(in, authorityCount),
                    records(in, additionalCount));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            // netty reports truncated or looping names as CorruptedFrameException or IndexOutOfBoundsException.
            throw new IllegalArgumentException("malformed DNS message: " + e.getMessage(), e);
        }
    }

    private static List<DnsRecord> records(ByteBuf in, int count) throws Exception {
        List<DnsRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DnsRecord record = DnsRecordDecoder.DEFAULT.decodeRecord(in);
            if (record == null) {
                throw new IllegalArgumentException("truncated record");
            }
            if (record instanceof DnsRawRecord raw) {
                try {
                    ByteBuf content = raw.type().equals(DnsRecordType.SRV) ? uncompressedSrv(raw.content())
                            : Unpooled.wrappedBuffer(ByteBufUtil.getBytes(raw.content()));
                    record = new DefaultDnsRawRecord(raw.name(), raw.type(), raw.dnsClass(), raw.timeToLive(),
                            content);
                } finally {
                    raw.release();
                }
            }
            records.add(record);
        }
        return records;
    }

    /**
     * Priority, weight, port and the target name read through any compression pointer; {@code rdata} is a view of
     * the whole message (netty's raw record content), so pointers resolve.
     */
    private static ByteBuf uncompressedSrv(ByteBuf rdata) {
        ByteBuf in = rdata.duplicate();
        if (in.readableBytes() < 7) {
            throw new IllegalArgumentException("SRV record of " + in.readableBytes() + " bytes");
        }
        ByteBuf out = Unpooled.buffer();
        out.writeBytes(in, 6);
        MdnsRecords.writeName(DefaultDnsRecordDecoder.decodeName(in), out);
        return out;
    }

    /** Writes the message: our header, then netty's encoding of each question and record (names uncompressed). */
    public byte[] encode() {
        ByteBuf out = Unpooled.buffer();
        out.writeShort(id);
        out.writeShort(flags);
        out.writeShort(questions.size());
        out.writeShort(answers.size());
        out.writeShort(authorities.size());
        out.writeShort(additionals.size());
        try {
            for (DnsQuestion question : questions) {
                DnsRecordEncoder.DEFAULT.encodeQuestion(question, out);
            }
            for (List<DnsRecord> section : List.of(answers, authorities, additionals)) {
                for (DnsRecord record : section) {
                    DnsRecordEncoder.DEFAULT.encodeRecord(
                            record instanceof DnsRawRecord raw ? raw.duplicate() : record, out);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode DNS record: " + e.getMessage(), e);
        }
        return ByteBufUtil.getBytes(out);
    }
}
