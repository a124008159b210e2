package org.cpebridge.matter.dnssd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRecord;
import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.cpebridge.matter.dnssd.CommissionableService;
import org.cpebridge.matter.dnssd.CommissioningMode;
import org.cpebridge.matter.dnssd.MatterServiceRecords;
import org.cpebridge.matter.dnssd.MrpParameters;
import org.cpebridge.matter.dnssd.OperationalService;
import org.cpebridge.matter.dnssd.ServiceDescription;
import org.junit.jupiter.api.Test;

/**
 * The responder's messages, byte for byte: the expected packets are written out here by hand (names as length-
 * prefixed labels, RFC 1035 section 4), not with the codec under test.
 */
class MdnsZoneTest {

    private static final String HOST = "B75AFB458ECD";
    private static final Inet6Address ULA = address("fd77::1");
    private static final ServiceDescription OPERATIONAL = MatterServiceRecords.operational(
            new OperationalService(0x87E1B004E235A130L, 1, 5540, MrpParameters.DEFAULTS));
    private static final String INSTANCE = "87E1B004E235A130-0000000000000001._matter._tcp.local";
    private static final String SUBTYPE = "_I87E1B004E235A130._sub._matter._tcp.local";

    @Test
    void aLegacyUnicastQueryGetsItsIdAndQuestionBackWithTtlsCappedAtTenSeconds() {
        MdnsZone zone = probedZone();
        zone.put(OPERATIONAL, true);
        // id 0x1234, one question: PTR (12) IN (1) for the fabric's _I subtype.
        byte[] query = bytes(hex("1234 0000 0001 0000 0000 0000"), name(SUBTYPE), hex("000c 0001"));

        MdnsZone.Answer answer = zone.answer(MdnsMessage.decode(Unpooled.wrappedBuffer(query)), true).orElseThrow();

        byte[] srvData = bytes(hex("0000 0000 15a4"), name(HOST + ".local"));
        byte[] txtData = bytes(txt("SII=500"), txt("SAI=300"), txt("SAT=4000"));
        byte[] expected = bytes(
                hex("1234 8400 0001 0001 0000 0003"),                 // id echoed, QR+AA, 1 question 1 answer 3 extra
                name(SUBTYPE), hex("000c 0001"),                      // the question, echoed
                name(SUBTYPE), hex("000c 0001 0000000a"), rdata(name(INSTANCE)),   // PTR, TTL 10
                name(INSTANCE), hex("0021 0001 0000000a"), rdata(srvData),         // SRV 0 0 5540 host, no flush bit
                name(INSTANCE), hex("0010 0001 0000000a"), rdata(txtData),         // TXT
                name(HOST + ".local"), hex("001c 0001 0000000a"), rdata(ULA.getAddress()));  // AAAA
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(answer.message().encode()));
    }

    @Test
    void aMulticastAnswerCarriesFullTtlsAndTheCacheFlushBitOnUniqueRecords() {
        MdnsZone zone = probedZone();
        zone.put(OPERATIONAL, true);
        // An SRV question (33) with the QU bit (class 0x8001), from port 5353.
        byte[] query = bytes(hex("0000 0000 0001 0000 0000 0000"), name(INSTANCE), hex("0021 8001"));

        MdnsZone.Answer answer = zone.answer(MdnsMessage.decode(Unpooled.wrappedBuffer(query)), false).orElseThrow();

        byte[] srvData = bytes(hex("0000 0000 15a4"), name(HOST + ".local"));
        byte[] expected = bytes(
                hex("0000 8400 0000 0001 0000 0001"),                 // no question echoed in mDNS responses
                name(INSTANCE), hex("0021 8001 00000078"), rdata(srvData),          // SRV, flush, 120 s
                name(HOST + ".local"), hex("001c 8001 00000078"), rdata(ULA.getAddress()));
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(answer.message().encode()));
    }

    @Test
    void aProbeAsksForEachNewNameAndProposesItsRecords() {
        MdnsZone zone = new MdnsZone(HOST, List.of(ULA));
        zone.put(OPERATIONAL, false);

        byte[] srvData = bytes(hex("0000 0000 15a4"), name(HOST + ".local"));
        byte[] txtData = bytes(txt("SII=500"), txt("SAI=300"), txt("SAT=4000"));
        byte[] expected = bytes(
                hex("0000 0000 0002 0000 0003 0000"),                 // a query: 2 questions, 3 authority records
                name(HOST + ".local"), hex("00ff 0001"),              // ANY? for the host name
                name(INSTANCE), hex("00ff 0001"),                     // and the instance name
                name(HOST + ".local"), hex("001c 0001 00000078"), rdata(ULA.getAddress()),
                name(INSTANCE), hex("0021 0001 00000078"), rdata(srvData),
                name(INSTANCE), hex("0010 0001 00001194"), rdata(txtData));        // TXT TTL 4,500 s
        assertEquals(HexFormat.of().formatHex(expected),
                HexFormat.of().formatHex(zone.probe().orElseThrow().encode()));
    }

    @Test
    void nothingIsAnsweredBeforeTheHostNameIsProbedEvenAUniqueOperationalName() {
        MdnsZone zone = new MdnsZone(HOST, List.of(ULA));
        zone.put(OPERATIONAL, true);

        assertTrue(zone.answer(query(SUBTYPE, 12), false).isEmpty());
        assertTrue(zone.goodbyeAll().isEmpty(), "nothing was announced, so no goodbye");

        zone.hostProbed();

        assertEquals(1, zone.answer(query(SUBTYPE, 12), false).orElseThrow().message().answers().size());
    }

    @Test
    void namesBeingProbedAreNotAnsweredUntilProbingEnds() {
        MdnsZone zone = new MdnsZone(HOST, List.of(ULA));
        zone.put(OPERATIONAL, false);
        MdnsMessage query = query(SUBTYPE, 12);

        assertTrue(zone.answer(query, false).isEmpty());
        assertTrue(zone.answer(query(HOST + ".local", 28), false).isEmpty(), "nor the host's addresses");

        zone.hostProbed();
        zone.markProbed(zone.probing());

        assertEquals(1, zone.answer(query, false).orElseThrow().message().answers().size());
        assertTrue(zone.probe().isEmpty());
    }

    @Test
    void knownAnswersWithAtLeastHalfTheirTtlLeftAreNotRepeated() {
        MdnsZone zone = probedZone();
        zone.put(OPERATIONAL, true);
        byte[] fresh = bytes(hex("0000 0000 0001 0001 0000 0000"), name(SUBTYPE), hex("000c 0001"),
                name(SUBTYPE), hex("000c 0001 00000bb8"), rdata(name(INSTANCE)));     // known, 3,000 s left
        byte[] stale = bytes(hex("0000 0000 0001 0001 0000 0000"), name(SUBTYPE), hex("000c 0001"),
                name(SUBTYPE), hex("000c 0001 00000064"), rdata(name(INSTANCE)));     // known, 100 s left

        assertTrue(zone.answer(MdnsMessage.decode(Unpooled.wrappedBuffer(fresh)), false).isEmpty());
        assertEquals(1, zone.answer(MdnsMessage.decode(Unpooled.wrappedBuffer(stale)), false).orElseThrow()
                .message().answers().size());
    }

    @Test
    void everyCommissionableSubtypeAndTheServiceTypeEnumerationAreAnswered() {
        MdnsZone zone = probedZone();
        ServiceDescription commissionable = MatterServiceRecords.commissionable(
                CommissionableService.of("DD200C20D25AE5F7", 5540, 840, 0xFFF1, 0x8000, CommissioningMode.BASIC));
        zone.put(commissionable, true);
        zone.put(OPERATIONAL, true);

        for (String subtype : List.of("_L840", "_S3", "_V65521", "_CM")) {
            List<DnsRecord> answers = zone.answer(query(subtype + "._sub._matterc._udp.local", 12), false)
                    .orElseThrow().message().answers();
            assertEquals("DD200C20D25AE5F7._matterc._udp.local.", ((DnsPtrRecord) answers.get(0)).hostname());
        }
        assertTrue(zone.answer(query("_L841._sub._matterc._udp.local", 12), false).isEmpty());
        assertEquals(Set.of("_matterc._udp.local.", "_matter._tcp.local."),
                Set.copyOf(zone.answer(query("_services._dns-sd._udp.local", 12), false).orElseThrow().message()
                        .answers().stream().map(r -> ((DnsPtrRecord) r).hostname()).toList()));
    }

    @Test
    void closingTheWindowSaysGoodbyeToTheCmPointerOnly() {
        MdnsZone zone = probedZone();
        CommissionableService open = CommissionableService.of("DD200C20D25AE5F7", 5540, 840, 0xFFF1, 0x8000,
                CommissioningMode.BASIC);
        zone.put(MatterServiceRecords.commissionable(open), true);

        List<DnsRecord> goodbyes = zone.put(
                MatterServiceRecords.commissionable(open.withMode(CommissioningMode.NOT_OPEN)), true);

        assertEquals(1, goodbyes.size());
        assertEquals("_CM._sub._matterc._udp.local.", goodbyes.get(0).name());
        assertEquals(0, goodbyes.get(0).timeToLive());
        assertTrue(zone.answer(query("_CM._sub._matterc._udp.local", 12), false).isEmpty());
    }

    @Test
    void goodbyesCarryTtlZeroForEveryRecordOfTheService() {
        MdnsZone zone = probedZone();
        zone.put(OPERATIONAL, true);

        MdnsMessage goodbye = zone.remove(OPERATIONAL.qualifiedInstanceName()).orElseThrow();

        assertEquals(4, goodbye.answers().size(), "service PTR, _I PTR, SRV, TXT");
        assertTrue(goodbye.answers().stream().allMatch(record -> record.timeToLive() == 0));
        assertTrue(zone.answer(query(SUBTYPE, 12), false).isEmpty());
        assertTrue(zone.remove(OPERATIONAL.qualifiedInstanceName()).isEmpty(), "nothing left to withdraw");
    }

    @Test
    void anotherHostsDifferentRecordsForOurNamesAreConflictsAndOurOwnAreNot() {
        MdnsZone zone = new MdnsZone(HOST, List.of(ULA));
        zone.put(OPERATIONAL, false);
        byte[] srvElsewhere = bytes(hex("0000 0000 15a5"), name(HOST + ".local"));     // port 5541
        byte[] response = bytes(hex("0000 8400 0000 0002 0000 0000"),
                name(INSTANCE), hex("0021 8001 00000078"), rdata(srvElsewhere),
                name(HOST + ".local"), hex("001c 8001 00000078"), rdata(address("fd77::9").getAddress()));
        byte[] same = bytes(hex("0000 8400 0000 0001 0000 0000"),
                name(HOST + ".local"), hex("001c 8001 00000078"), rdata(ULA.getAddress()));

        assertEquals(Set.of(HOST + ".local.", OPERATIONAL.qualifiedInstanceName()),
                zone.conflicts(MdnsMessage.decode(Unpooled.wrappedBuffer(response))));
        assertEquals(Set.of(), zone.conflicts(MdnsMessage.decode(Unpooled.wrappedBuffer(same))));
    }

    @Test
    void compressedNamesInQueriesAreRead() {
        MdnsZone zone = probedZone();
        zone.put(OPERATIONAL, true);
        // Two questions; the second is "_matter._tcp.local" as a pointer to offset 12 + 24 = 0x24 (after "_I...._sub").
        byte[] query = bytes(hex("0000 0000 0002 0000 0000 0000"), name(SUBTYPE), hex("000c 0001"),
                hex("c024"), hex("000c 0001"));

        MdnsMessage decoded = MdnsMessage.decode(Unpooled.wrappedBuffer(query));

        assertEquals("_matter._tcp.local.", decoded.questions().get(1).name());
        assertEquals(2, zone.answer(decoded, false).orElseThrow().message().answers().size());
    }

    @Test
    void malformedPacketsAreRejectedWithAClearError() {
        assertThrows(IllegalArgumentException.class, () -> MdnsMessage.decode(Unpooled.wrappedBuffer(hex("0000"))));
        // One question whose name is cut off.
        assertThrows(IllegalArgumentException.class, () -> MdnsMessage.decode(Unpooled.wrappedBuffer(
                hex("0000 0000 0001 0000 0000 0000 0a5f6d61"))));
        // A name that points at itself.
        assertThrows(IllegalArgumentException.class, () -> MdnsMessage.decode(Unpooled.wrappedBuffer(
                hex("0000 0000 0001 0000 0000 0000 c00c 000c 0001"))));
        // An answer count larger than the records present.
        assertThrows(IllegalArgumentException.class, () -> MdnsMessage.decode(Unpooled.wrappedBuffer(
                hex("0000 8400 0000 0005 0000 0000"))));
    }

    /** A zone whose host name has been probed: what it publishes as unique is answered. */
    private static MdnsZone probedZone() {
        MdnsZone zone = new MdnsZone(HOST, List.of(ULA));
        zone.hostProbed();
        return zone;
    }

    private static MdnsMessage query(String name, int type) {
        return MdnsMessage.decode(Unpooled.wrappedBuffer(bytes(hex("0000 0000 0001 0000 0000 0000"), name(name),
                new byte[] {0, (byte) type, 0, 1})));
    }

    private static byte[] name(String dotted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : dotted.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] txt(String string) {
        return bytes(new byte[] {(byte) string.length()}, string.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] rdata(byte[] data) {
        return bytes(new byte[] {(byte) (data.length >> 8), (byte) data.length}, data);
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static Inet6Address address(String literal) {
        try {
            return (Inet6Address) InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
