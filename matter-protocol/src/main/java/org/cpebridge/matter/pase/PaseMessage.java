package org.cpebridge.matter.pase;

import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * The five PASE messages of the Secure Channel protocol (Matter core spec 4.14.1), each an anonymous TLV structure
 * with context-tagged members. {@link #encode()} writes members in ascending tag order; {@link #decode} checks
 * types and lengths and ignores unknown members.
 */
public sealed interface PaseMessage {

    /** Length of initiator and responder randoms. */
    int RANDOM_LENGTH = 32;
    /** Length of an uncompressed P-256 share. */
    int SHARE_LENGTH = 65;
    /** Length of an HMAC-SHA256 confirmation. */
    int CONFIRMATION_LENGTH = 32;

    /** The Secure Channel message type. */
    SecureChannelOpcode opcode();

    /** The TLV payload. */
    byte[] encode();

    /**
     * Decodes the payload of a message of type {@code opcode}.
     *
     * @throws PaseMessageException if the opcode is not a PASE message or the payload is malformed
     */
    static PaseMessage decode(SecureChannelOpcode opcode, byte[] payload) throws PaseMessageException {
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(payload, "payload");
        if (opcode.equals(SecureChannelOpcode.PBKDF_PARAM_REQUEST)) {
            return PbkdfParamRequest.decode(payload);
        } else if (opcode.equals(SecureChannelOpcode.PBKDF_PARAM_RESPONSE)) {
            return PbkdfParamResponse.decode(payload);
        } else if (opcode.equals(SecureChannelOpcode.PASE_PAKE1)) {
            return Pake1.decode(payload);
        } else if (opcode.equals(SecureChannelOpcode.PASE_PAKE2)) {
            return Pake2.decode(payload);
        } else if (opcode.equals(SecureChannelOpcode.PASE_PAKE3)) {
            return Pake3.decode(payload);
        }
        throw new PaseMessageException("not a PASE message type: " + opcode);
    }

    /** PBKDFParamRequest: initiator random, session id, passcode id, whether it already knows the PBKDF params. */
    record PbkdfParamRequest(Bytes initiatorRandom, int initiatorSessionId, int passcodeId,
            boolean hasPbkdfParameters, Optional<SessionParameters> initiatorSessionParams) implements PaseMessage {

        /** Checks lengths and 16-bit ranges. */
        public PbkdfParamRequest {
            checkLength(initiatorRandom, RANDOM_LENGTH, "initiatorRandom");
            checkU16(initiatorSessionId, "initiatorSessionId");
            checkU16(passcodeId, "passcodeId");
            Objects.requireNonNull(initiatorSessionParams, "initiatorSessionParams");
        }

        @Override
        public SecureChannelOpcode opcode() {
            return SecureChannelOpcode.PBKDF_PARAM_REQUEST;
        }

        @Override
        public byte[] encode() {
            TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous())
                    .putBytes(TlvTag.context(1), initiatorRandom)
                    .putUnsigned(TlvTag.context(2), initiatorSessionId)
                    .putUnsigned(TlvTag.context(3), passcodeId)
                    .putBoolean(TlvTag.context(4), hasPbkdfParameters);
            initiatorSessionParams.ifPresent(p -> p.write(writer, TlvTag.context(5)));
            return writer.endContainer().toByteArray();
        }

        static PbkdfParamRequest decode(byte[] payload) throws PaseMessageException {
            TlvFields fields = TlvFields.decode(payload, "PBKDFParamRequest");
            Optional<TlvFields> params = fields.optionalStruct(5, "initiatorSessionParams");
            return new PbkdfParamRequest(fields.bytes(1, RANDOM_LENGTH, RANDOM_LENGTH),
                    (int) fields.unsigned(2, 0xFFFF), (int) fields.unsigned(3, 0xFFFF), fields.bool(4),
                    params.isPresent() ? Optional.of(SessionParameters.read(params.get())) : Optional.empty());
        }
    }

    /** PBKDFParamResponse: echoes the initiator random, adds ours, our session id and (if asked) the PBKDF params. */
    record PbkdfParamResponse(Bytes initiatorRandom, Bytes responderRandom, int responderSessionId,
            Optional<PbkdfParameters> pbkdfParameters, Optional<SessionParameters> responderSessionParams)
            implements PaseMessage {

        /** Checks lengths and 16-bit ranges. */
        public PbkdfParamResponse {
            checkLength(initiatorRandom, RANDOM_LENGTH, "initiatorRandom");
            checkLength(responderRandom, RANDOM_LENGTH, "responderRandom");
            checkU16(responderSessionId, "responderSessionId");
            Objects.requireNonNull(pbkdfParameters, "pbkdfParameters");
            Objects.requireNonNull(responderSessionParams, "responderSessionParams");
        }

        @Override
        public SecureChannelOpcode opcode() {
            return SecureChannelOpcode.PBKDF_PARAM_RESPONSE;
        }

        @Override
        public byte[] encode() {
            TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous())
                    .putBytes(TlvTag.context(1), initiatorRandom)
                    .putBytes(TlvTag.context(2), responderRandom)
                    .putUnsigned(TlvTag.context(3), responderSessionId);
            pbkdfParameters.ifPresent(p -> writer.startStructure(TlvTag.context(4))
                    .putUnsigned(TlvTag.context(1), p.iterations())
                    .putBytes(TlvTag.context(2), p.salt())
                    .endContainer());
            responderSessionParams.ifPresent(p -> p.write(writer, TlvTag.context(5)));
            return writer.endContainer().toByteArray();
        }

        static PbkdfParamResponse decode(byte[] payload) throws PaseMessageException {
            TlvFields fields = TlvFields.decode(payload, "PBKDFParamResponse");
            Optional<TlvFields> pbkdf = fields.optionalStruct(4, "pbkdfParameters");
            Optional<PbkdfParameters> pbkdfParameters = Optional.empty();
            if (pbkdf.isPresent()) {
                long iterations = pbkdf.get().unsigned(1, PbkdfParameters.MAX_ITERATIONS);
                if (iterations < PbkdfParameters.MIN_ITERATIONS) {
                    throw new PaseMessageException("PBKDFParamResponse: iterations below 1000");
                }
                pbkdfParameters = Optional.of(new PbkdfParameters(iterations, pbkdf.get().bytes(2,
                        PbkdfParameters.MIN_SALT_LENGTH, PbkdfParameters.MAX_SALT_LENGTH)));
            }
            Optional<TlvFields> params = fields.optionalStruct(5, "responderSessionParams");
            return new PbkdfParamResponse(fields.bytes(1, RANDOM_LENGTH, RANDOM_LENGTH),
                    fields.bytes(2, RANDOM_LENGTH, RANDOM_LENGTH), (int) fields.unsigned(3, 0xFFFF),
                    pbkdfParameters,
                    params.isPresent() ? Optional.of(SessionParameters.read(params.get())) : Optional.empty());
        }
    }

    /** Pake1: the prover's share pA = X. */
    record Pake1(Bytes pA) implements PaseMessage {

        /** Checks the share length. */
        public Pake1 {
            checkLength(pA, SHARE_LENGTH, "pA");
        }

        @Override
        public SecureChannelOpcode opcode() {
            return SecureChannelOpcode.PASE_PAKE1;
        }

        @Override
        public byte[] encode() {
            return new TlvWriter().startStructure(TlvTag.anonymous()).putBytes(TlvTag.context(1), pA)
                    .endContainer().toByteArray();
        }

        static Pake1 decode(byte[] payload) throws PaseMessageException {
            return new Pake1(TlvFields.decode(payload, "Pake1").bytes(1, SHARE_LENGTH, SHARE_LENGTH));
        }
    }

    /** Pake2: the verifier's share pB = Y and confirmation cB. */
    record Pake2(Bytes pB, Bytes cB) implements PaseMessage {

        /** Checks the lengths. */
        public Pake2 {
            checkLength(pB, SHARE_LENGTH, "pB");
            checkLength(cB, CONFIRMATION_LENGTH, "cB");
        }

        @Override
        public SecureChannelOpcode opcode() {
            return SecureChannelOpcode.PASE_PAKE2;
        }

        @Override
        public byte[] encode() {
            return new TlvWriter().startStructure(TlvTag.anonymous()).putBytes(TlvTag.context(1), pB)
                    .putBytes(TlvTag.context(2), cB).endContainer().toByteArray();
        }

        static Pake2 decode(byte[] payload) throws PaseMessageException {
            TlvFields fields = TlvFields.decode(payload, "Pake2");
            return new Pake2(fields.bytes(1, SHARE_LENGTH, SHARE_LENGTH),
                    fields.bytes(2, CONFIRMATION_LENGTH, CONFIRMATION_LENGTH));
        }
    }

    /** Pake3: the prover's confirmation cA. */
    record Pake3(Bytes cA) implements PaseMessage {

        /** Checks the length. */
        public Pake3 {
            checkLength(cA, CONFIRMATION_LENGTH, "cA");
        }

        @Override
        public SecureChannelOpcode opcode() {
            return SecureChannelOpcode.PASE_PAKE3;
        }

        @Override
        public byte[] encode() {
            return new TlvWriter().startStructure(TlvTag.anonymous()).putBytes(TlvTag.context(1), cA)
                    .endContainer().toByteArray();
        }

        static Pake3 decode(byte[] payload) throws PaseMessageException {
            return new Pake3(TlvFields.decode(payload, "Pake3").bytes(1, CONFIRMATION_LENGTH, CONFIRMATION_LENGTH));
        }
    }

    private static void checkLength(Bytes value, int length, String name) {
        Objects.requireNonNull(value, name);
        if (value.length() != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + value.length());
        }
    }

    private static void checkU16(int value, String name) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " out of range 0..65535: " + value);
        }
    }
}
