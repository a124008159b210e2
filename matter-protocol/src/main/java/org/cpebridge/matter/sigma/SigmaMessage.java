package org.cpebridge.matter.sigma;

import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * The CASE messages on the wire (Matter core spec 4.14.2.3 "Message format", Secure Channel opcodes 0x30..0x33).
 * Each is an anonymous TLV structure with context tags; encoding writes members in ascending tag order, decoding
 * accepts any order and ignores unknown members.
 */
public sealed interface SigmaMessage {

    /** Length of the initiator and responder randoms. */
    int RANDOM_LENGTH = 32;
    /** Length of an uncompressed P-256 ephemeral public key. */
    int PUBLIC_KEY_LENGTH = 65;
    /** Length of the destination identifier (an HMAC-SHA256). */
    int DESTINATION_ID_LENGTH = 32;
    /** Length of a resumption identifier. */
    int RESUMPTION_ID_LENGTH = 16;
    /** Length of a resumption MIC (an AES-CCM tag). */
    int MIC_LENGTH = 16;
    /** Upper bound of an encrypted TBEData2/3: two 400-byte certificates, a signature and TLV overhead, + MIC. */
    int MAX_ENCRYPTED_LENGTH = 1024;

    /** The Secure Channel opcode this message travels with. */
    SecureChannelOpcode opcode();

    /** The TLV payload. */
    byte[] encode();

    /**
     * Sigma1: tag 1 initiatorRandom, 2 initiatorSessionId, 3 destinationId, 4 initiatorEphPubKey,
     * 5 initiatorSessionParams (optional), 6 resumptionID and 7 initiatorResumeMIC (optional, together).
     */
    record Sigma1(Bytes initiatorRandom, int initiatorSessionId, Bytes destinationId, Bytes initiatorEphPubKey,
            Optional<SessionParameters> initiatorSessionParams, Optional<Bytes> resumptionId,
            Optional<Bytes> initiatorResumeMic) implements SigmaMessage {

        /** Checks lengths and ranges. */
        public Sigma1 {
            checkLength(initiatorRandom, RANDOM_LENGTH, "initiatorRandom");
            checkSessionId(initiatorSessionId, "initiatorSessionId");
            checkLength(destinationId, DESTINATION_ID_LENGTH, "destinationId");
            checkLength(initiatorEphPubKey, PUBLIC_KEY_LENGTH, "initiatorEphPubKey");
            Objects.requireNonNull(initiatorSessionParams, "initiatorSessionParams");
            Objects.requireNonNull(resumptionId, "resumptionId").ifPresent(
                    id -> checkLength(id, RESUMPTION_ID_LENGTH, "resumptionId"));
            Objects.requireNonNull(initiatorResumeMic, "initiatorResumeMic").ifPresent(
                    mic -> checkLength(mic, MIC_LENGTH, "initiatorResumeMic"));
        }

        /** True when both resumption fields are present. */
        public boolean requestsResumption() {
            return resumptionId.isPresent() && initiatorResumeMic.isPresent();
        }

        @Override
        public SecureChannelOpcode opcode() {
            return SecureChannelOpcode.CASE_SIGMA1;
        }

        @Override
        public byte[] encode() {
            TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous());
            writer.putBytes(TlvTag.context(1), initiatorRandom);
            writer.putUnsigned(TlvTag.context(2), initiatorSessionId);
            writer.putBytes(TlvTag.context(3), destinationId);
            writer.putBytes(TlvTag.context(4), initiatorEphPubKey);
            initiatorSessionParams.ifPresent(p -> SessionParametersTlv.write(writer, 5, p));
            resumptionId.ifPresent(id -> writer.putBytes(TlvTag.context(6), id));
            initiatorResumeMic.ifPresent(mic -> writer.putBytes(TlvTag.context(7), mic));
            return writer.endContainer().toByteArray();
        }

        /** Decodes a Sigma1 payload. */
        public static Sigma1 decode(byte[] payload) throws SigmaMessageException {
            SigmaFields fields = SigmaFields.decode(payload, "Sigma1");
            Bytes random = fields.bytes(1, RANDOM_LENGTH, RANDOM_LENGTH);
            int sessionId = (int) fields.unsigned(2, 0xFFFF);
            Bytes destination = fields.bytes(3, DESTINATION_ID_LENGTH, DESTINATION_ID_LENGTH);
            Bytes key = fields.bytes(4, PUBLIC_KEY_LENGTH, PUBLIC_KEY_LENGTH);
            Optional<SessionParameters> params = readParams(fields, 5);
            Optional<Bytes> resumption = fields.optionalBytes(6, RESUMPTION_ID_LENGTH, RESUMPTION_ID_LENGTH);
            Optional<Bytes> mic = fields.optionalBytes(7, MIC_LENGTH, MIC_LENGTH);
            if (resumption.isPresent() != mic.isPresent()) {
                throw new SigmaMessageException("Sigma1: resumptionID and initiatorResumeMIC must come together");
            }
            return new Sigma1(random, sessionId, destination, key, params, resumption, mic);
        }
    }

    /**
     * Sigma2: tag 1 responderRandom, 2 responderSessionId, 3 responderEphPubKey, 4 encrypted2 (TBEData2 + MIC),
     * 5 responderSessionParams (optional).
     */
    record Sigma2(Bytes responderRandom, int responderSessionId, Bytes responderEphPubKey, Bytes encrypted2,
            Optional<SessionParameters> responderSessionParams) implements SigmaMessage {

        /** Checks lengths and ranges. */
        public Sigma2 {
            checkLength(responderRandom, RANDOM_LENGTH, "responderRandom");
            checkSessionId(responderSessionId, "responderSessionId");
            checkLength(responderEphPubKey, PUBLIC_KEY_LENGTH, "responderEphPubKey");
            checkRange(encrypted2, MIC_LENGTH + 1, MAX_ENCRYPTED_LENGTH, "encrypted2");
            Objects.requireNonNull(responderSessionParams, "responderSessionParams");
        }

        @Override
        public SecureChannelOpcode opcode() {
            return SecureChannelOpcode.CASE_SIGMA2;
        }

        @Override
        public byte[] encode() {
            TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous());
            writer.putBytes(TlvTag.context(1), responderRandom);
            writer.putUnsigned(TlvTag.context(2), responderSessionId);
            writer.putBytes(TlvTag.context(3), responderEphPubKey);
            writer.putBytes(TlvTag.context(4), encrypted2);
            responderSessionParams.ifPresent(p -> SessionParametersTlv.write(writer, 5, p));
            return writer.endContainer().toByteArray();
        }

        /** Decodes a Sigma2 payload. */
        public static Sigma2 decode(byte[] payload) throws SigmaMessageException {
            SigmaFields fields = SigmaFields.decode(payload, "Sigma2");
            return new Sigma2(fields.bytes(1, RANDOM_LENGTH, RANDOM_LENGTH), (int) fields.unsigned(2, 0xFFFF),
                    fields.bytes(3, PUBLIC_KEY_LENGTH, PUBLIC_KEY_LENGTH),
                    fields.bytes(4, MIC_LENGTH + 1, MAX_ENCRYPTED_LENGTH), readParams(fields, 5));
        }
    }

    /** Sigma3: tag 1 encrypted3 (TBEData3 + MIC). */
    record Sigma3(Bytes encrypted3) implements SigmaMessage {

        /** Checks the length. */
        public Sigma3 {
            checkRange(encrypted3, MIC_LENGTH + 1, MAX_ENCRYPTED_LENGTH, "encrypted3");
        }

        @Override
        public SecureChannelOpcode opcode() {
            return SecureChannelOpcode.CASE_SIGMA3;
        }

        @Override
        public byte[] encode() {
            return new TlvWriter().startStructure(TlvTag.anonymous()).putBytes(TlvTag.context(1), encrypted3)
                    .endContainer().toByteArray();
        }

        /** Decodes a Sigma3 payload. */
        public static Sigma3 decode(byte[] payload) throws SigmaMessageException {
            return new Sigma3(SigmaFields.decode(payload, "Sigma3").bytes(1, MIC_LENGTH + 1, MAX_ENCRYPTED_LENGTH));
        }
    }

    /**
     * Sigma2_Resume: tag 1 resumptionID (the new one), 2 sigma2ResumeMIC, 3 responderSessionID,
     * 4 responderSessionParams (optional).
     */
    record Sigma2Resume(Bytes resumptionId, Bytes sigma2ResumeMic, int responderSessionId,
            Optional<SessionParameters> responderSessionParams) implements SigmaMessage {

        /** Checks lengths and ranges. */
        public Sigma2Resume {
            checkLength(resumptionId, RESUMPTION_ID_LENGTH, "resumptionId");
            checkLength(sigma2ResumeMic, MIC_LENGTH, "sigma2ResumeMic");
            checkSessionId(responderSessionId, "responderSessionId");
            Objects.requireNonNull(responderSessionParams, "responderSessionParams");
        }

        @Override
        public SecureChannelOpcode opcode() {
            return SecureChannelOpcode.CASE_SIGMA2_RESUME;
        }

        @Override
        public byte[] encode() {
            TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous());
            writer.putBytes(TlvTag.context(1), resumptionId);
            writer.putBytes(TlvTag.context(2), sigma2ResumeMic);
            writer.putUnsigned(TlvTag.context(3), responderSessionId);
            responderSessionParams.ifPresent(p -> SessionParametersTlv.write(writer, 4, p));
            return writer.endContainer().toByteArray();
        }

        /** Decodes a Sigma2_Resume payload. */
        public static Sigma2Resume decode(byte[] payload) throws SigmaMessageException {
            SigmaFields fields = SigmaFields.decode(payload, "Sigma2_Resume");
            return new Sigma2Resume(fields.bytes(1, RESUMPTION_ID_LENGTH, RESUMPTION_ID_LENGTH),
                    fields.bytes(2, MIC_LENGTH, MIC_LENGTH), (int) fields.unsigned(3, 0xFFFF), readParams(fields, 4));
        }
    }

    private static Optional<SessionParameters> readParams(SigmaFields fields, int tag) throws SigmaMessageException {
        Optional<SigmaFields> params = fields.optionalStruct(tag, "sessionParams");
        return params.isEmpty() ? Optional.empty() : Optional.of(SessionParametersTlv.read(params.get()));
    }

    private static void checkLength(Bytes value, int length, String name) {
        checkRange(value, length, length, name);
    }

    private static void checkRange(Bytes value, int min, int max, String name) {
        Objects.requireNonNull(value, name);
        if (value.length() < min || value.length() > max) {
            throw new IllegalArgumentException(name + " length " + value.length() + " not in " + min + ".." + max);
        }
    }

    private static void checkSessionId(int sessionId, String name) {
        if (sessionId < 0 || sessionId > 0xFFFF) {
            throw new IllegalArgumentException(name + " out of range 0..65535: " + sessionId);
        }
    }
}
