package org.cpebridge.usp.message;

/** USP message error codes (TR-369 "Error Codes") and the reason texts this agent sends with them. */
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

    /** The standard name of {@code code}, used as err_msg when nothing more specific is known. */
    public static String reason(int code) {
        switch (code) {
            case MESSAGE_FAILED: return "Message failed";
            case MESSAGE_NOT_SUPPORTED: return "Message not supported";
            case REQUEST_DENIED: return "Request denied";
            case INTERNAL_ERROR: return "Internal error";
            case INVALID_ARGUMENTS: return "Invalid arguments";
            case RESOURCES_EXCEEDED: return "Resources exceeded";
            case PERMISSION_DENIED: return "Permission denied";
            case INVALID_CONFIGURATION: return "Invalid configuration";
            case INVALID_PATH_SYNTAX: return "Invalid path syntax";
            case PARAMETER_ACTION_FAILED: return "Parameter action failed";
            case UNSUPPORTED_PARAMETER: return "Unsupported parameter";
            case INVALID_TYPE: return "Invalid type";
            case INVALID_VALUE: return "Invalid value";
            case NOT_WRITABLE: return "Attempt to update non-writeable parameter";
            case VALUE_CONFLICT: return "Value conflict";
            case OPERATION_ERROR: return "Operation error";
            case OBJECT_DOES_NOT_EXIST: return "Object does not exist";
            case OBJECT_NOT_CREATED: return "Object could not be created";
            case NOT_A_TABLE: return "Object is not a table";
            case NOT_CREATABLE: return "Attempt to create non-creatable object";
            case OBJECT_NOT_UPDATED: return "Object could not be updated";
            case REQUIRED_PARAMETER_FAILED: return "Required parameter failed";
            case COMMAND_FAILURE: return "Command failure";
            case COMMAND_CANCELED: return "Command canceled";
            case DELETE_FAILURE: return "Delete failure";
            case DUPLICATE_KEY: return "Object exists with duplicate key";
            case INVALID_PATH: return "Invalid path";
            case INVALID_COMMAND_ARGUMENTS: return "Invalid command arguments";
            default: return "Error " + code;
        }
    }
}
