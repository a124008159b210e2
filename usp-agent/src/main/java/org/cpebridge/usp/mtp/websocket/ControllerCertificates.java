package org.cpebridge.usp.mtp.websocket;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cpebridge.usp.record.EndpointIds;

/**
 * The Endpoint IDs a Controller's X.509 certificate vouches for (TR-369 R-SEC.0a): each {@code subjectAltName} of type
 * {@code uniformResourceIdentifier} (GeneralName tag 6) of the form {@code urn:bbf:usp:id:<endpoint id>}. Sans-I/O:
 * reads an already verified certificate, trusts nothing else in it (not the subject CN).
 *
 * <p>Not read: the {@code dNSName} form R-SEC.0a allows for {@code fqdn} Endpoint IDs, because a dNSName in a client
 * certificate is as often a host name as an Endpoint ID, and wildcarded instance-ids (R-SEC.11), which R-SEC.11/12 only
 * give to certificates shared by Agents. Such a certificate vouches for nothing here.
 */
public final class ControllerCertificates {
    /** The URN prefix of an Endpoint ID in a subjectAltName (TR-369 "Authentication", R-SEC.0a). */
    public static final String ENDPOINT_ID_URN_PREFIX = "urn:bbf:usp:id:";
    /** RFC 5280 4.2.1.6 GeneralName choice {@code uniformResourceIdentifier [6]}, as the JDK reports it. */
    static final int SAN_TYPE_URI = 6;

    private ControllerCertificates() {
    }

    /**
     * The Endpoint IDs in {@code certificate}'s subjectAltName URIs, in certificate order; empty when it has none (the
     * Controller is then not authenticated by this certificate). URIs of other forms and invalid Endpoint IDs are
     * skipped; a subjectAltName extension that cannot be parsed vouches for nothing.
     */
    public static Set<String> endpointIds(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        if (names == null) {
            return Set.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (List<?> name : names) {
            if (name.size() >= 2 && name.get(0) instanceof Integer type && type == SAN_TYPE_URI
                    && name.get(1) instanceof String uri) {
                fromUri(uri).ifPresent(ids::add);
            }
        }
        return Collections.unmodifiableSet(ids);
    }

    /**
     * The Endpoint ID in one subjectAltName URI, if it is {@code urn:bbf:usp:id:} plus a valid Endpoint ID. The
     * {@code urn:bbf:} part is compared without case (RFC 8141: the scheme and NID are case-insensitive); the Endpoint
     * ID is taken as written.
     */
    public static Optional<String> fromUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.length() <= ENDPOINT_ID_URN_PREFIX.length() || !uri.substring(0, ENDPOINT_ID_URN_PREFIX.length())
                .toLowerCase(Locale.ROOT).equals(ENDPOINT_ID_URN_PREFIX)) {
            return Optional.empty();
        }
        String id = uri.substring(ENDPOINT_ID_URN_PREFIX.length());
        return EndpointIds.isValid(id) && !id.contains("*") ? Optional.of(id) : Optional.empty();
    }
}
