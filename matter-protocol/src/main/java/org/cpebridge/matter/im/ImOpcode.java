package org.cpebridge.matter.im;

import java.util.Optional;

/** Opcodes of the Interaction Model protocol (protocol id 0x0001, Core spec "IM Protocol Messages" table). */
public enum ImOpcode {
    STATUS_RESPONSE(0x01),
    READ_REQUEST(0x02),
    SUBSCRIBE_REQUEST(0x03),
    SUBSCRIBE_RESPONSE(0x04),
    REPORT_DATA(0x05),
    WRITE_REQUEST(0x06),
    WRITE_RESPONSE(0x07),
    INVOKE_REQUEST(0x08),
    INVOKE_RESPONSE(0x09),
    TIMED_REQUEST(0x0A);

    private final int code;

    ImOpcode(int code) {
        this.code = code;
    }

    /** The opcode byte. */
    public int code() {
        return code;
    }

    /** The opcode with this byte, if the IM protocol defines one. */
    public static Optional<ImOpcode> fromCode(int code) {
        for (ImOpcode opcode : values()) {
            if (opcode.code == code) {
                return Optional.of(opcode);
            }
        }
        return Optional.empty();
    }
}
