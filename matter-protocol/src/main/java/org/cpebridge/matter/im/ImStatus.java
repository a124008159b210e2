package org.cpebridge.matter.im;

import java.util.Map;
import java.util.Optional;

/**
 * An Interaction Model status code (Core spec 1.4, "Status Codes" table of the Interaction Model chapter). Any
 * 8-bit value is kept, so a code this table does not name survives a decode and re-encode unchanged.
 */
public record ImStatus(int code) {

    public static final ImStatus SUCCESS = new ImStatus(0x00);
    public static final ImStatus FAILURE = new ImStatus(0x01);
    public static final ImStatus INVALID_SUBSCRIPTION = new ImStatus(0x7D);
    public static final ImStatus UNSUPPORTED_ACCESS = new ImStatus(0x7E);
    public static final ImStatus UNSUPPORTED_ENDPOINT = new ImStatus(0x7F);
    public static final ImStatus INVALID_ACTION = new ImStatus(0x80);
    public static final ImStatus UNSUPPORTED_COMMAND = new ImStatus(0x81);
    public static final ImStatus INVALID_COMMAND = new ImStatus(0x85);
    public static final ImStatus UNSUPPORTED_ATTRIBUTE = new ImStatus(0x86);
    public static final ImStatus CONSTRAINT_ERROR = new ImStatus(0x87);
    public static final ImStatus UNSUPPORTED_WRITE = new ImStatus(0x88);
    public static final ImStatus RESOURCE_EXHAUSTED = new ImStatus(0x89);
    public static final ImStatus NOT_FOUND = new ImStatus(0x8B);
    public static final ImStatus UNREPORTABLE_ATTRIBUTE = new ImStatus(0x8C);
    public static final ImStatus INVALID_DATA_TYPE = new ImStatus(0x8D);
    public static final ImStatus UNSUPPORTED_READ = new ImStatus(0x8F);
    public static final ImStatus DATA_VERSION_MISMATCH = new ImStatus(0x92);
    public static final ImStatus TIMEOUT = new ImStatus(0x94);
    public static final ImStatus UNSUPPORTED_NODE = new ImStatus(0x9B);
    public static final ImStatus BUSY = new ImStatus(0x9C);
    public static final ImStatus ACCESS_RESTRICTED = new ImStatus(0x9D);
    public static final ImStatus UNSUPPORTED_CLUSTER = new ImStatus(0xC3);
    public static final ImStatus NO_UPSTREAM_SUBSCRIPTION = new ImStatus(0xC5);
    public static final ImStatus NEEDS_TIMED_INTERACTION = new ImStatus(0xC6);
    public static final ImStatus UNSUPPORTED_EVENT = new ImStatus(0xC7);
    public static final ImStatus PATHS_EXHAUSTED = new ImStatus(0xC8);
    public static final ImStatus TIMED_REQUEST_MISMATCH = new ImStatus(0xC9);
    public static final ImStatus FAILSAFE_REQUIRED = new ImStatus(0xCA);
    public static final ImStatus INVALID_IN_STATE = new ImStatus(0xCB);
    public static final ImStatus NO_COMMAND_RESPONSE = new ImStatus(0xCC);
    public static final ImStatus TERMS_AND_CONDITIONS_CHANGED = new ImStatus(0xCD);
    public static final ImStatus MAINTENANCE_REQUIRED = new ImStatus(0xCE);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x00, "SUCCESS"), Map.entry(0x01, "FAILURE"), Map.entry(0x7D, "INVALID_SUBSCRIPTION"),
            Map.entry(0x7E, "UNSUPPORTED_ACCESS"), Map.entry(0x7F, "UNSUPPORTED_ENDPOINT"),
            Map.entry(0x80, "INVALID_ACTION"), Map.entry(0x81, "UNSUPPORTED_COMMAND"),
            Map.entry(0x85, "INVALID_COMMAND"), Map.entry(0x86, "UNSUPPORTED_ATTRIBUTE"),
            Map.entry(0x87, "CONSTRAINT_ERROR"), Map.entry(0x88, "UNSUPPORTED_WRITE"),
            Map.entry(0x89, "RESOURCE_EXHAUSTED"), Map.entry(0x8B, "NOT_FOUND"),
            Map.entry(0x8C, "UNREPORTABLE_ATTRIBUTE"), Map.entry(0x8D, "INVALID_DATA_TYPE"),
            Map.entry(0x8F, "UNSUPPORTED_READ"), Map.entry(0x92, "DATA_VERSION_MISMATCH"),
            Map.entry(0x94, "TIMEOUT"), Map.entry(0x9B, "UNSUPPORTED_NODE"), Map.entry(0x9C, "BUSY"),
            Map.entry(0x9D, "ACCESS_RESTRICTED"), Map.entry(0xC3, "UNSUPPORTED_CLUSTER"),
            Map.entry(0xC5, "NO_UPSTREAM_SUBSCRIPTION"), Map.entry(0xC6, "NEEDS_TIMED_INTERACTION"),
            Map.entry(0xC7, "UNSUPPORTED_EVENT"), Map.entry(0xC8, "PATHS_EXHAUSTED"),
            Map.entry(0xC9, "TIMED_REQUEST_MISMATCH"), Map.entry(0xCA, "FAILSAFE_REQUIRED"),
            Map.entry(0xCB, "INVALID_IN_STATE"), Map.entry(0xCC, "NO_COMMAND_RESPONSE"),
            Map.entry(0xCD, "TERMS_AND_CONDITIONS_CHANGED"), Map.entry(0xCE, "MAINTENANCE_REQUIRED"));

    public ImStatus {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("IM status code out of range 0..0xFF: " + code);
        }
    }

    /** The status with this code, named or not. */
    public static ImStatus of(int code) {
        return new ImStatus(code);
    }

    /** The spec's name for this code, if the table names it. */
    public Optional<String> name() {
        return Optional.ofNullable(NAMES.get(code));
    }

    /** True for SUCCESS. */
    public boolean isSuccess() {
        return code == 0;
    }

    @Override
    public String toString() {
        return name().orElse("UNKNOWN") + String.format("(0x%02X)", code);
    }
}
