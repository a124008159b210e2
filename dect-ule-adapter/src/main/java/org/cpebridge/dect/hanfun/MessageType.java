package org.cpebridge.dect.hanfun;

import java.util.Optional;

/** HAN-FUN message types (hanfun {@code inc/hanfun/protocol.h}, {@code Message::Type}). */
public enum MessageType {
    COMMAND_REQ(0x01),
    COMMAND_RESP_REQ(0x02),
    COMMAND_RES(0x03),
    GET_ATTR_REQ(0x04),
    GET_ATTR_RES(0x05),
    SET_ATTR_REQ(0x06),
    SET_ATTR_RESP_REQ(0x07),
    SET_ATTR_RES(0x08),
    GET_ATTR_PACK_REQ(0x09),
    GET_ATTR_PACK_RES(0x0A),
    SET_ATTR_PACK_REQ(0x0B),
    SET_ATTR_PACK_RESP_REQ(0x0C),
    SET_ATTR_PACK_RES(0x0D),
    ATOMIC_SET_ATTR_PACK_REQ(0x0E),
    ATOMIC_SET_ATTR_PACK_RESP_REQ(0x0F),
    ATOMIC_SET_ATTR_PACK_RES(0x10);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<MessageType> fromCode(int code) {
        for (MessageType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** True for the response types, which answer a request with the same reference. */
    public boolean isResponse() {
        return this == COMMAND_RES || this == GET_ATTR_RES || this == SET_ATTR_RES || this == GET_ATTR_PACK_RES
                || this == SET_ATTR_PACK_RES || this == ATOMIC_SET_ATTR_PACK_RES;
    }

    /** True if the sender waits for a response (every GET, and the *_RESP_REQ variants). */
    public boolean expectsResponse() {
        return this == COMMAND_RESP_REQ || this == GET_ATTR_REQ || this == SET_ATTR_RESP_REQ
                || this == GET_ATTR_PACK_REQ || this == SET_ATTR_PACK_RESP_REQ || this == ATOMIC_SET_ATTR_PACK_RESP_REQ;
    }

    /** The type of the response to this request ({@code Message(const Message &parent, ...)} in hanfun). */
    public MessageType responseType() {
        return switch (this) {
            case COMMAND_REQ, COMMAND_RESP_REQ -> COMMAND_RES;
            case GET_ATTR_REQ -> GET_ATTR_RES;
            case SET_ATTR_REQ, SET_ATTR_RESP_REQ -> SET_ATTR_RES;
            case GET_ATTR_PACK_REQ -> GET_ATTR_PACK_RES;
            case SET_ATTR_PACK_REQ, SET_ATTR_PACK_RESP_REQ -> SET_ATTR_PACK_RES;
            case ATOMIC_SET_ATTR_PACK_REQ, ATOMIC_SET_ATTR_PACK_RESP_REQ -> ATOMIC_SET_ATTR_PACK_RES;
            default -> this;
        };
    }
}
