package org.cpebridge.matter.dnssd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.HostInfo;
import javax.jmdns.impl.constants.DNSRecordClass;
import javax.jmdns.impl.constants.DNSRecordType;
import org.cpebridge.matter.dnssd.CommissionableService;
import org.cpebridge.matter.dnssd.CommissioningMode;
import org.cpebridge.matter.dnssd.MatterServiceRecords;
import org.cpebridge.matter.dnssd.ServiceDescription;
import org.junit.jupiter.api.Test;

/** The JmDNS 3.6.1 workarounds, without sockets: every subtype and every address survives into an answer set. */
class MatterServiceInfoTest {

    private static final String HOST = "B75AFB458ECD";

    private final ServiceDescription description = MatterServiceRecords.commissionable(
            CommissionableService.of("0A1B2C3D4E5F6071", 5540, 3840, 0xFFF1, 0x8000, CommissioningMode.BASIC));

    @Test
    void jmdnsAloneCollapsesPointersThatDifferOnlyBySubtype() {
        // The reason NamedPointer exists: JmDNS keys records by instance and type, not by the subtype label.
        DNSRecord base = new DNSRecord.Pointer("_matterc._udp.local.", DNSRecordClass.CLASS_IN, false, 120,
                "0A1B2C3D4E5F6071._matterc._udp.local.");
        DNSRecord subtype = new DNSRecord.Pointer("_S15._sub._matterc._udp.local.", DNSRecordClass.CLASS_IN, false,
                120, "0A1B2C3D4E5F6071._matterc._udp.local.");
        assertEquals(base, subtype);

        DNSRecord namedBase = new NamedPointer("_matterc._udp.local.", false, 120,
                "0A1B2C3D4E5F6071._matterc._udp.local.");
        DNSRecord namedSubtype = new NamedPointer("_S15._sub._matterc._udp.local.", false, 120,
                "0A1B2C3D4E5F6071._matterc._udp.local.");
        assertNotEquals(namedBase, namedSubtype);
        assertEquals(namedSubtype, new NamedPointer("_s15._sub._matterc._udp.local.", false, 60,
                "0A1B2C3D4E5F6071._matterc._udp.local."));
    }

    @Test
    void answersCarryEverySubtypeAndEveryAddressAndSurviveAHashSet() throws Exception {
        HostInfo localHost = HostInfo.newHostInfo(address("fd77::1"), null, HOST);
        HostInfo linkLocal = HostInfo.newHostInfo(address("fe80::1"), null, HOST);
        MatterServiceInfo info = new MatterServiceInfo(description, List.of(linkLocal));

        // A HashSet, as JmDNS's Responder collects answers.
        Set<DNSRecord> answers = new HashSet<>(info.answers(DNSRecordClass.CLASS_ANY, true, 120, localHost, null));

        assertEquals(Set.of("_matterc._udp.local.", "_L3840._sub._matterc._udp.local.",
                "_S15._sub._matterc._udp.local.", "_V65521._sub._matterc._udp.local.",
                "_CM._sub._matterc._udp.local."), names(answers, DNSRecordType.TYPE_PTR));
        assertEquals(Set.of("0A1B2C3D4E5F6071._matterc._udp.local."), names(answers, DNSRecordType.TYPE_SRV));
        assertEquals(Set.of("0A1B2C3D4E5F6071._matterc._udp.local."), names(answers, DNSRecordType.TYPE_TXT));
        List<DNSRecord> aaaa = answers.stream().filter(r -> r.getRecordType() == DNSRecordType.TYPE_AAAA).toList();
        assertEquals(1, aaaa.size(), "the primary address comes from JmDNS's own host records: " + aaaa);
        assertTrue(aaaa.get(0).toString().contains("fe80:0:0:0:0:0:0:1"), aaaa.toString());
        assertEquals(HOST + ".local.", aaaa.get(0).getName());
    }

    @Test
    void aliasMatchesItsSubtypeButNeverRunsJmdnsStateOnItsOwn() throws Exception {
        HostInfo localHost = HostInfo.newHostInfo(address("fd77::1"), null, HOST);
        MatterServiceInfo primary = new MatterServiceInfo(description, List.of());
        SubtypeAlias alias = new SubtypeAlias(primary, "_S15");

        assertEquals("_S15._sub._matterc._udp.local.", alias.getTypeWithSubtype());
        assertEquals("_L3840._sub._matterc._udp.local.", primary.getTypeWithSubtype());
        assertNotEquals(primary.getKey(), alias.getKey());
        assertFalse(alias.isAnnounced(), "not announced before its primary is");
        assertFalse(alias.isAssociatedWithTask(null, null));
        Collection<DNSRecord> fromAlias = alias.answers(DNSRecordClass.CLASS_IN, true, 120, localHost, "S15");
        assertEquals(new HashSet<>(primary.answers(DNSRecordClass.CLASS_IN, true, 120, localHost, null)),
                new HashSet<>(fromAlias));
    }

    private static InetAddress address(String literal) throws Exception {
        // Named up front, so JmDNS never tries a reverse lookup.
        return InetAddress.getByAddress(HOST, InetAddress.getByName(literal).getAddress());
    }

    private static Set<String> names(Collection<DNSRecord> records, DNSRecordType type) {
        return records.stream().filter(r -> r.getRecordType() == type).map(DNSRecord::getName)
                .collect(Collectors.toSet());
    }
}
