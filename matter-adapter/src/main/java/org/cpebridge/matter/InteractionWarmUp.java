package org.cpebridge.matter;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.attestation.AttestationCommands;
import org.cpebridge.matter.attestation.AttestationException;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ImResponder;
import org.cpebridge.matter.cluster.InteractionServer;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.Descriptor;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.commissioning.CurrentSession;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.node.MatterNode;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs, once at start, the Interaction Model requests a commissioner opens with, through the node's own IM server,
 * so that the first commissioner is not the first to run them in this JVM: the read of the root endpoint's
 * commissioning clusters, a CertificateChainRequest and an AttestationRequest, then CSRRequest's work (an operational
 * key and its signed CSR, straight through the attestation commands: over the IM it needs an armed fail-safe). With
 * the router's C1-only flags the node's timing log showed the first read answered in 35 ms and the first invoke in
 * 36 ms at load 11, where the next ones took 2-10 ms (code loaded and run for the first time, interpreted).
 *
 * <p>Only requests that change nothing: a read, the two attestation commands, which sign a random nonce with
 * the device attestation key and return certificates, and a CSR whose key is dropped. No fail-safe is armed, no
 * fabric or ACL entry touched; the answers are dropped and the exchange is closed. It acts as a PASE session on no fabric (the implicit Administer
 * of commissioning), which no peer can hold while it runs: it runs on the node loop, between two datagrams.
 *
 * <p>Stateless; call it on the node loop, which owns the IM server and {@link CurrentSession}.
 */
final class InteractionWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionWarmUp.class);
    /** The Interaction Model revision of Matter 1.4, as commissioners send it. */
    private static final int IM_REVISION = 12;
    private static final int ATTESTATION_NONCE_LENGTH = 32;
    private static final int ATTESTATION_CHALLENGE_LENGTH = 16;
    private static final int DAC_CERTIFICATE = 1;

    private InteractionWarmUp() {
    }

    /**
     * Runs the warm-up; returns whether every request was answered with data (false is logged and harmless: only
     * the first commissioner's speed is at stake).
     */
    static boolean run(InteractionServer<Object> server, CurrentSession currentSession,
                       AttestationCommands attestationCommands, CryptoRandom random) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(attestationCommands, "attestationCommands");
        Objects.requireNonNull(currentSession, "currentSession");
        Objects.requireNonNull(random, "random");
        AccessSubject commissioner = AccessSubject.ofPase(0);
        Object exchange = new Object();
        currentSession.set(new MatterNode.SessionInfo(0, true, 0, 0,
                Bytes.of(random.bytes(ATTESTATION_CHALLENGE_LENGTH))));
        try {
            boolean read = readAnswered(server.onMessage(exchange, commissioner, ImOpcode.READ_REQUEST.code(),
                    ImCodec.encode(new ImMessage.ReadRequest(List.of(
                            AttributePathIb.wildcard(0, OperationalCredentials.ID, null),
                            AttributePathIb.wildcard(0, Descriptor.ID, null),
                            AttributePathIb.wildcard(0, BasicInformation.ID, null),
                            AttributePathIb.wildcard(0, GeneralCommissioning.ID, null)),
                            List.of(), List.of(), true, List.of(), IM_REVISION))));
            server.onExchangeClosed(exchange, false);
            boolean chain = invokeAnswered(server, commissioner, OperationalCredentials.CERTIFICATE_CHAIN_REQUEST,
                    new TlvElement.UnsignedInt(TlvTag.context(0), DAC_CERTIFICATE));
            boolean attestation = invokeAnswered(server, commissioner, OperationalCredentials.ATTESTATION_REQUEST,
                    new TlvElement.Octets(TlvTag.context(0), Bytes.of(random.bytes(ATTESTATION_NONCE_LENGTH))));
            // NOCSRElements and the attestation signature over them.
            boolean csr = attestationCommands.csrRequest(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                    new TlvElement.Octets(TlvTag.context(0), Bytes.of(random.bytes(ATTESTATION_NONCE_LENGTH))))),
                    currentSession.get().attestationChallenge(), random).responseFields()
                    instanceof TlvElement.Structure response
                    && response.member(0).filter(TlvElement.Octets.class::isInstance).isPresent()
                    && response.member(1).filter(TlvElement.Octets.class::isInstance).isPresent();
            boolean answered = read && chain && attestation && csr;
            if (!answered) {
                LOG.debug("[matter] IM warm-up: read {}, certificate chain {}, attestation {}, CSR {}", read, chain,
                        attestation, csr);
            }
            return answered;
        } catch (ImException | AttestationException | RuntimeException e) {
            LOG.debug("[matter] IM warm-up failed: {}", e.toString());
            return false;
        } finally {
            currentSession.clear();
        }
    }

    private static boolean invokeAnswered(InteractionServer<Object> server, AccessSubject commissioner, long command,
                                          TlvElement field) throws ImException {
        Object exchange = new Object();
        try {
            InteractionServer.Outcome outcome = server.onMessage(exchange, commissioner,
                    ImOpcode.INVOKE_REQUEST.code(), ImCodec.encode(new ImMessage.InvokeRequest(false, false,
                            List.of(CommandDataIb.of(new CommandPathIb(OptionalInt.of(0), OperationalCredentials.ID,
                                    command), new TlvElement.Structure(TlvTag.anonymous(), List.of(field)))),
                            IM_REVISION)));
            return outcome.messages().size() == 1 && decoded(outcome.messages().get(0))
                    instanceof ImMessage.InvokeResponse response && response.invokeResponses().size() == 1
                    && response.invokeResponses().get(0) instanceof CommandDataIb;
        } finally {
            server.onExchangeClosed(exchange, false);
        }
    }

    private static boolean readAnswered(InteractionServer.Outcome outcome) throws ImException {
        for (ImResponder.Outgoing message : outcome.messages()) {
            if (!(decoded(message) instanceof ImMessage.ReportData report) || report.attributeReports().isEmpty()
                    || !report.attributeReports().stream().allMatch(AttributeDataIb.class::isInstance)) {
                return false;
            }
        }
        return !outcome.messages().isEmpty();
    }

    private static ImMessage decoded(ImResponder.Outgoing message) throws ImException {
        return ImCodec.decode(message.opcode().code(), message.payload());
    }
}
