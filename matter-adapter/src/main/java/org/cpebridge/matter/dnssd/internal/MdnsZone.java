package org.cpebridge.matter.dnssd.internal;

import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cpebridge.matter.dnssd.ServiceDescription;

/**
 * What our mDNS responder owns (RFC 6762, RFC 6763): one host name with its addresses and the service instances
 * published on it, each either still being probed (its name not yet known unique, so never answered) or unique.
 * Nothing is answered before the host name itself has been probed.
 * Builds every message the responder sends (probes, announcements, answers, goodbyes) and spots conflicting
 * answers from other hosts. Pure: no I/O, no clock. Owned by the responder's event-loop thread.
 */
public final class MdnsZone {

    /** RFC 6762 section 6.7: TTLs in legacy unicast answers are at most 10 s. */
    static final long LEGACY_UNICAST_MAX_TTL = 10;
    private static final int TYPE_ANY = 255;

    private String hostName;
    private final List<Inet6Address> addresses;
    private boolean hostUnique;
    private final Map<String, Service> services = new LinkedHashMap<>();

    /** A published instance; {@code unique} once probing found no one else using its name. */
    private static final class Service {
        ServiceDescription description;
        boolean unique;

        Service(ServiceDescription description, boolean unique) {
            this.description = description;
            this.unique = unique;
        }
    }

    /**
     * @param hostLabel our host name label, without {@code .local}
     * @param addresses the AAAA addresses of the host, never empty
     */
    public MdnsZone(String hostLabel, List<Inet6Address> addresses) {
        this.addresses = List.copyOf(addresses);
        if (this.addresses.isEmpty()) {
            throw new IllegalArgumentException("no address for the host");
        }
        rename(hostLabel);
    }

    /** Our host name, {@code <label>.local.}. */
    public String hostName() {
        return hostName;
    }

    /** Gives the host a new name (after a conflict): it must be probed again. */
    public void rename(String hostLabel) {
        if (!Objects.requireNonNull(hostLabel, "hostLabel").matches("[0-9A-Za-z-]{1,63}")) {
            throw new IllegalArgumentException("host label must be 1..63 letters, digits or '-': " + hostLabel);
        }
        hostName = hostLabel + ".local.";
        hostUnique = false;
    }

    /** The host name was probed and is ours. */
    public void hostProbed() {
        hostUnique = true;
    }

    /** Whether the host name still needs probing. */
    public boolean hostNeedsProbe() {
        return !hostUnique;
    }

    /** The published instance of that qualified name, if any. */
    public Optional<ServiceDescription> service(String qualifiedInstanceName) {
        Service service = services.get(MdnsRecords.canonical(qualifiedInstanceName));
        return Optional.ofNullable(service).map(s -> s.description);
    }

    /**
     * Publishes or replaces a service. A replacement keeps the name's probed state; its pointers that the new
     * description no longer has are returned as goodbyes (e.g. the {@code _CM} subtype when a window closes).
     *
     * @param unique true when the name needs no probing (a Matter operational name is unique by construction)
     * @return goodbye records for pointers the replaced description had and this one has not (empty if new)
     */
    public List<DnsRecord> put(ServiceDescription description, boolean unique) {
        String key = MdnsRecords.canonical(description.qualifiedInstanceName());
        Service current = services.get(key);
        if (current == null) {
            services.put(key, new Service(description, unique));
            return List.of();
        }
        List<DnsRecord> goodbyes = new ArrayList<>();
        List<DnsRecord> next = MdnsRecords.pointers(description, true);
        for (DnsRecord old : MdnsRecords.pointers(current.description, true)) {
            if (next.stream().noneMatch(record -> MdnsRecords.sameData(record, old))) {
                goodbyes.add(old);
            }
        }
        current.description = description;
        current.unique |= unique;
        return goodbyes;
    }

    /** Removes a service; returns its goodbye message, or empty if it was not published or never announced. */
    public Optional<MdnsMessage> remove(String qualifiedInstanceName) {
        Service removed = services.remove(MdnsRecords.canonical(qualifiedInstanceName));
        if (removed == null || !removed.unique || !hostUnique) {
            return Optional.empty();
        }
        return Optional.of(goodbye(removed.description));
    }

    /** Renames a service whose name was found in use (before it was announced): it must be probed again. */
    public void renameService(String qualifiedInstanceName, ServiceDescription renamed) {
        services.remove(MdnsRecords.canonical(qualifiedInstanceName));
        services.put(MdnsRecords.canonical(renamed.qualifiedInstanceName()), new Service(renamed, false));
    }

    /** The services whose names still need probing. */
    public List<ServiceDescription> probing() {
        return services.values().stream().filter(s -> !s.unique).map(s -> s.description).toList();
    }

    /** The services whose names are ours (announced once the host name is ours too). */
    public List<ServiceDescription> announced() {
        return services.values().stream().filter(s -> s.unique).map(s -> s.description).toList();
    }

    /** Marks services probed (their names are ours now) and returns them. */
    public List<ServiceDescription> markProbed(List<ServiceDescription> probed) {
        List<ServiceDescription> done = new ArrayList<>();
        for (ServiceDescription description : probed) {
            Service service = services.get(MdnsRecords.canonical(description.qualifiedInstanceName()));
            if (service != null && !service.unique) {
                service.unique = true;
                done.add(service.description);
            }
        }
        return done;
    }


    /**
     * A probe (RFC 6762 section 8.1): an ANY question for each name being probed, our proposed records for them in
     * the authority section. Empty when nothing needs probing.
     */
    public Optional<MdnsMessage> probe() {
        List<DnsQuestion> questions = new ArrayList<>();
        List<DnsRecord> proposed = new ArrayList<>();
        if (!hostUnique) {
            questions.add(new DefaultDnsQuestion(hostName, DnsRecordType.ANY, MdnsMessage.CLASS_IN));
            proposed.addAll(MdnsRecords.addresses(hostName, addresses, false, false));
        }
        for (ServiceDescription description : probing()) {
            questions.add(new DefaultDnsQuestion(description.qualifiedInstanceName(), DnsRecordType.ANY,
                    MdnsMessage.CLASS_IN));
            proposed.add(MdnsRecords.srv(description, hostName, false, false));
            proposed.add(MdnsRecords.txt(description, false, false));
        }
        if (questions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MdnsMessage(0, 0, questions, List.of(), proposed, List.of()));
    }

    /** An unsolicited response announcing a service (RFC 6762 section 8.3): pointers, SRV, TXT, then our AAAA. */
    public MdnsMessage announcement(ServiceDescription description) {
        List<DnsRecord> answers = new ArrayList<>(MdnsRecords.pointers(description, false));
        answers.add(MdnsRecords.srv(description, hostName, true, false));
        answers.add(MdnsRecords.txt(description, true, false));
        answers.addAll(MdnsRecords.addresses(hostName, addresses, true, false));
        return MdnsMessage.response(answers, List.of());
    }

    /** Announces the host's addresses alone. */
    public MdnsMessage hostAnnouncement() {
        return MdnsMessage.response(MdnsRecords.addresses(hostName, addresses, true, false), List.of());
    }

    /** Goodbye for a service (RFC 6762 section 10.1): its records with TTL 0. */
    public MdnsMessage goodbye(ServiceDescription description) {
        List<DnsRecord> answers = new ArrayList<>(MdnsRecords.pointers(description, true));
        answers.add(MdnsRecords.srv(description, hostName, true, true));
        answers.add(MdnsRecords.txt(description, true, true));
        return MdnsMessage.response(answers, List.of());
    }

    /** Goodbye for everything announced, the host's addresses included, one message per service (stop). */
    public List<MdnsMessage> goodbyeAll() {
        List<MdnsMessage> messages = new ArrayList<>();
        if (!hostUnique) {
            return messages;  // nothing was announced
        }
        for (Service service : services.values()) {
            if (service.unique) {
                messages.add(goodbye(service.description));
            }
        }
        messages.add(MdnsMessage.response(MdnsRecords.addresses(hostName, addresses, true, true), List.of()));
        return messages;
    }

    /**
     * Answers a query (RFC 6762 section 6, RFC 6763 section 12): the records its questions ask for among what is
     * announced, less the known answers the querier listed with at least half our TTL left (section 7.1), plus
     * SRV, TXT and AAAA of each instance answered as additional records.
     *
     * @param legacyUnicast the query came from a port other than 5353 (section 6.7): the answer echoes the id and
     *                      the questions, caps TTLs at 10 s and drops the cache-flush bit
     * @return the answer, or empty when there is nothing to say
     */
    public Optional<Answer> answer(MdnsMessage query, boolean legacyUnicast) {
        if (!hostUnique) {
            // Every SRV names the host and every answer carries its addresses: nothing until the host is ours.
            return Optional.empty();
        }
        // A list, not a set: netty's records compare by name, type and class only, not by data.
        List<DnsRecord> answers = new ArrayList<>();
        for (DnsQuestion question : query.questions()) {
            for (DnsRecord record : recordsFor(question)) {
                if (answers.stream().noneMatch(a -> MdnsRecords.sameData(a, record))) {
                    answers.add(record);
                }
            }
        }
        answers.removeIf(record -> query.answers().stream().anyMatch(known -> MdnsRecords.sameData(known, record)
                && known.timeToLive() * 2 >= record.timeToLive()));
        if (answers.isEmpty()) {
            return Optional.empty();
        }
        List<DnsRecord> additionals = new ArrayList<>();
        for (DnsRecord answer : answers) {
            if (answer instanceof DnsPtrRecord pointer) {
                service(pointer.hostname()).ifPresent(description -> {
                    additionals.add(MdnsRecords.srv(description, hostName, true, false));
                    additionals.add(MdnsRecords.txt(description, true, false));
                });
            }
            if (answer instanceof DnsPtrRecord || answer.type().equals(DnsRecordType.SRV)) {
                additionals.addAll(MdnsRecords.addresses(hostName, addresses, true, false));
            }
        }
        List<DnsRecord> extra = new ArrayList<>();
        for (DnsRecord record : additionals) {
            boolean present = answers.stream().anyMatch(a -> MdnsRecords.sameData(a, record))
                    || extra.stream().anyMatch(a -> MdnsRecords.sameData(a, record));
            if (!present) {
                extra.add(record);
            }
        }
        if (legacyUnicast) {
            List<DnsRecord> legacyAnswers = answers.stream()
                    .map(r -> MdnsRecords.forLegacyUnicast(r, LEGACY_UNICAST_MAX_TTL)).toList();
            List<DnsRecord> legacyExtra = extra.stream()
                    .map(r -> MdnsRecords.forLegacyUnicast(r, LEGACY_UNICAST_MAX_TTL)).toList();
            return Optional.of(new Answer(new MdnsMessage(query.id(),
                    MdnsMessage.FLAG_RESPONSE | MdnsMessage.FLAG_AUTHORITATIVE, query.questions(), legacyAnswers,
                    List.of(), legacyExtra)));
        }
        return Optional.of(new Answer(MdnsMessage.response(List.copyOf(answers), extra)));
    }

    /**
     * An answer to send.
     *
     * @param message the response
     */
    public record Answer(MdnsMessage message) {
    }

    private List<DnsRecord> recordsFor(DnsQuestion question) {
        String name = MdnsRecords.canonical(question.name());
        int type = question.type().intValue();
        boolean any = type == TYPE_ANY;
        List<DnsRecord> records = new ArrayList<>();
        List<Service> announced = services.values().stream().filter(s -> s.unique).toList();
        if (name.equals(MdnsRecords.SERVICE_TYPES) && (any || question.type().equals(DnsRecordType.PTR))) {
            announced.stream().map(s -> s.description.serviceType()).distinct()
                    .forEach(serviceType -> records.add(MdnsRecords.serviceType(serviceType)));
        }
        for (Service service : announced) {
            ServiceDescription description = service.description;
            if (any || question.type().equals(DnsRecordType.PTR)) {
                for (DnsRecord pointer : MdnsRecords.pointers(description, false)) {
                    if (MdnsRecords.canonical(pointer.name()).equals(name)) {
                        records.add(pointer);
                    }
                }
            }
            if (MdnsRecords.canonical(description.qualifiedInstanceName()).equals(name)) {
                if (any || question.type().equals(DnsRecordType.SRV)) {
                    records.add(MdnsRecords.srv(description, hostName, true, false));
                }
                if (any || question.type().equals(DnsRecordType.TXT)) {
                    records.add(MdnsRecords.txt(description, true, false));
                }
            }
        }
        if (name.equals(MdnsRecords.canonical(hostName)) && hostUnique
                && (any || question.type().equals(DnsRecordType.AAAA))) {
            records.addAll(MdnsRecords.addresses(hostName, addresses, true, false));
        }
        return records;
    }

    /**
     * The names of ours that another host's response claims with other data (RFC 6762 section 9): our host name
     * (AAAA) or one of our instance names (SRV, TXT). Records identical to ours are no conflict.
     */
    public Set<String> conflicts(MdnsMessage response) {
        Set<String> names = new LinkedHashSet<>();
        List<DnsRecord> theirs = new ArrayList<>(response.answers());
        theirs.addAll(response.additionals());
        for (DnsRecord record : theirs) {
            if (record.timeToLive() == 0) {
                continue;
            }
            String name = MdnsRecords.canonical(record.name());
            if (name.equals(MdnsRecords.canonical(hostName)) && record.type().equals(DnsRecordType.AAAA)
                    && MdnsRecords.addresses(hostName, addresses, false, false).stream()
                    .noneMatch(ours -> MdnsRecords.sameData(ours, record))) {
                names.add(hostName);
            }
            Service service = services.get(name);
            if (service != null && (record.type().equals(DnsRecordType.SRV)
                    || record.type().equals(DnsRecordType.TXT))) {
                DnsRecord ours = record.type().equals(DnsRecordType.SRV)
                        ? MdnsRecords.srv(service.description, hostName, false, false)
                        : MdnsRecords.txt(service.description, false, false);
                if (!MdnsRecords.sameData(ours, record)) {
                    names.add(service.description.qualifiedInstanceName());
                }
            }
        }
        return names;
    }
}
