package org.cpebridge.usp.error;

/**
 * The one table of USP error codes (TR-369 "Error Codes") this agent answers with; their texts are in
 * {@link UspReasons}. Every package of the agent names a code from here, never as a number.
 */
public final class UspErrors {
    public static final int MESSAGE_FAILED = 7000;
    public static final int MESSAGE_NOT_SUPPORTED = 7001;
    public static final int REQUEST_DENIED = 7002;
    public static final int INTERNAL_ERROR = 7003;
    public static final int INVALID_ARGUMENTS = 7004;
    public static final int RESOURCES_EXCEEDED = 7005;
    public static final int PERMISSION_DENIED = 7006;
    public static final int INVALID_CONFIGURATION = 7007;
    public static final int INVALID_PATH_SYNTAX = 7008;
    public static final int PARAMETER_ACTION_FAILED = 7009;
    public static final int UNSUPPORTED_PARAMETER = 7010;
    public static final int INVALID_TYPE = 7011;
    public static final int INVALID_VALUE = 7012;
    public static final int NOT_WRITABLE = 7013;
    public static final int VALUE_CONFLICT = 7014;
    public static final int OPERATION_ERROR = 7015;
    public static final int OBJECT_DOES_NOT_EXIST = 7016;
    public static final int OBJECT_NOT_CREATED = 7017;
    public static final int NOT_A_TABLE = 7018;
    public static final int NOT_CREATABLE = 7019;
    public static final int OBJECT_NOT_UPDATED = 7020;
    public static final int REQUIRED_PARAMETER_FAILED = 7021;
    public static final int COMMAND_FAILURE = 7022;
    public static final int COMMAND_CANCELED = 7023;
    public static final int DELETE_FAILURE = 7024;
    public static final int DUPLICATE_KEY = 7025;
    public static final int INVALID_PATH = 7026;
    public static final int INVALID_COMMAND_ARGUMENTS = 7027;

    private UspErrors() {
    }
}
