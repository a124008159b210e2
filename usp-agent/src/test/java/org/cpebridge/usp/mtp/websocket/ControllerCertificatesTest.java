package org.cpebridge.usp.mtp.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cpebridge.usp.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ControllerCertificates}: the Endpoint ID a Controller certificate vouches for. The form is TR-369
 * "Authentication" R-SEC.0a (BroadbandForum/usp specification/security/index.md): a subjectAltName of type
 * uniformResourceIdentifier holding {@code urn:bbf:usp:id:} plus the Endpoint ID. Certificates come from
 * {@link TestPki} (Bouncy Castle), read back with the JDK's X509Certificate.getSubjectAlternativeNames.
 */
class ControllerCertificatesTest {
    @TempDir
    static Path dir;
    private static TestPki pki;

    @BeforeAll
    static void makeCa() throws Exception {
        pki = TestPki.create(dir, "ca");
    }

    @Test
    void theSubjectAltNameUriIsTheEndpointId() throws Exception {
        TestPki.Issued issued = pki.client(dir, "a", "urn:bbf:usp:id:proto::controller-a");
        assertEquals(Set.of("proto::controller-a"), ControllerCertificates.endpointIds(issued.x509()));
    }

    @Test
    void aCertificateWithoutSubjectAltNameVouchesForNobody() throws Exception {
        // The subject CN is not an Endpoint ID source, even when it looks like one.
        TestPki.Issued issued = pki.client(dir, "proto..cn-only");
        assertEquals(Set.of(), ControllerCertificates.endpointIds(issued.x509()));
    }

    @Test
    void aDnsNameIsNotReadAsAnEndpointId() throws Exception {
        TestPki.Issued issued = pki.clientWithDnsName(dir, "dns", "controller.example.com");
        assertEquals(Set.of(), ControllerCertificates.endpointIds(issued.x509()));
    }

    @Test
    void otherUrisAndInvalidEndpointIdsAreSkipped() throws Exception {
        TestPki.Issued issued = pki.client(dir, "mixed", "https://controller.example.com/usp",
                "urn:bbf:usp:id:nosuchscheme::x", "urn:bbf:usp:id:proto::b", "urn:bbf:usp:id:os::012345-CTL-2");
        assertEquals(Set.of("proto::b", "os::012345-CTL-2"), ControllerCertificates.endpointIds(issued.x509()));
    }

    @Test
    void fromUriChecksThePrefixAndTheEndpointId() {
        assertEquals(Optional.of("proto::x"), ControllerCertificates.fromUri("urn:bbf:usp:id:proto::x"));
        // RFC 8141 2.1: "urn" and the NID compare without case.
        assertEquals(Optional.of("proto::x"), ControllerCertificates.fromUri("URN:BBF:USP:ID:proto::x"));
        for (String bad : List.of("", "urn:bbf:usp:id:", "urn:bbf:usp:id:proto", "urn:bbf:usp:id:proto::",
                "urn:bbf:usp:proto::x", "proto::x", "urn:bbf:usp:id:oui::00D09E-*", "urn:ietf:usp:id:proto::x")) {
            assertEquals(Optional.empty(), ControllerCertificates.fromUri(bad), bad);
        }
    }
}
