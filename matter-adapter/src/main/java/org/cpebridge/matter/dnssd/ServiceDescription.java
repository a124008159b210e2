package org.cpebridge.matter.dnssd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One DNS-SD service instance as plain data, independent of any mDNS library: what the advertiser publishes as
 * PTR (service and each subtype), SRV and TXT records.
 *
 * @param serviceType  the service, {@code _matterc._udp} or {@code _matter._tcp} (without {@code .local.})
 * @param instanceName the instance label
 * @param subtypes     subtype labels, e.g. {@code _L840}, in the order they are published
 * @param txt          TXT key/value pairs in the order they are encoded
 * @param port         the SRV port
 */
public record ServiceDescription(String serviceType, String instanceName, List<String> subtypes,
                                 Map<String, String> txt, int port) {

    /** RFC 6763 section 6.1: each TXT string is one length byte and at most 255 bytes. */
    public static final int MAX_TXT_STRING_BYTES = 255;

    public ServiceDescription {
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(instanceName, "instanceName");
        subtypes = List.copyOf(subtypes);
        txt = Collections.unmodifiableMap(new LinkedHashMap<>(txt));
        for (Map.Entry<String, String> entry : txt.entrySet()) {
            if (entry.getKey().isEmpty() || entry.getKey().contains("=")) {
                throw new IllegalArgumentException("bad TXT key: '" + entry.getKey() + "'");
            }
            if (txtString(entry).length > MAX_TXT_STRING_BYTES) {
                throw new IllegalArgumentException("TXT entry " + entry.getKey() + " is longer than 255 bytes");
            }
        }
        DnsSdNames.checkPort(port);
    }

    /** The fully qualified instance name, {@code DD200C20D25AE5F7._matterc._udp.local.}. */
    public String qualifiedInstanceName() {
        return instanceName + "." + serviceType + ".local.";
    }

    /** The fully qualified subtype names, {@code _L840._sub._matterc._udp.local.}. */
    public List<String> qualifiedSubtypeNames() {
        return subtypes.stream().map(subtype -> subtype + "._sub." + serviceType + ".local.").toList();
    }

    /**
     * The TXT record's RDATA: each {@code key=value} as a length-prefixed string (RFC 6763 section 6), in
     * {@link #txt()} order. An empty TXT map gives the single empty string RFC 6763 section 6.1 asks for.
     */
    public byte[] encodedTxt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (txt.isEmpty()) {
            out.write(0);
        }
        for (Map.Entry<String, String> entry : txt.entrySet()) {
            byte[] string = txtString(entry);
            out.write(string.length);
            out.writeBytes(string);
        }
        return out.toByteArray();
    }

    private static byte[] txtString(Map.Entry<String, String> entry) {
        return (entry.getKey() + "=" + entry.getValue()).getBytes(StandardCharsets.UTF_8);
    }
}
