package org.cpebridge.usp.error;

/**
 * Every reason text (err_msg) this agent sends with a {@link UspErrors} code: the standard names, fixed texts and the
 * formats that name a path, parameter or value. One place, so the wording stays uniform and a Controller's tests can
 * rely on it. Stateless.
 */
public final class UspReasons {

    // Fixed texts.
    public static final String COMMAND_FAILED = "command failure";
    public static final String COMMAND_NOT_IMPLEMENTED = "command not implemented";
    public static final String COMMAND_CANCELED_BY_REQUEST = "command canceled by Request Cancel()";
    public static final String SELF_TEST_NOT_AVAILABLE = "SelfTestDiagnostics() is not available";
    public static final String FULL_ACCESS_ROLE_NOT_BANNABLE = "BannedRole: the full-access role cannot be banned";
    public static final String DURATION_REQUIRED = "Duration: a number of seconds is required";
    public static final String ONLY_CONFIGURED_CONTROLLER_SUBSCRIBES = "only a configured Controller can subscribe";
    public static final String REFERENCES_TOO_DEEP = "references nested too deeply";

    private UspReasons() {
    }

    /** The standard name of {@code code}, used as err_msg when nothing more specific is known. */
    public static String standard(int code) {
        return switch (code) {
            case UspErrors.MESSAGE_FAILED -> "Message failed";
            case UspErrors.MESSAGE_NOT_SUPPORTED -> "Message not supported";
            case UspErrors.REQUEST_DENIED -> "Request denied";
            case UspErrors.INTERNAL_ERROR -> "Internal error";
            case UspErrors.INVALID_ARGUMENTS -> "Invalid arguments";
            case UspErrors.RESOURCES_EXCEEDED -> "Resources exceeded";
            case UspErrors.PERMISSION_DENIED -> "Permission denied";
            case UspErrors.INVALID_CONFIGURATION -> "Invalid configuration";
            case UspErrors.INVALID_PATH_SYNTAX -> "Invalid path syntax";
            case UspErrors.PARAMETER_ACTION_FAILED -> "Parameter action failed";
            case UspErrors.UNSUPPORTED_PARAMETER -> "Unsupported parameter";
            case UspErrors.INVALID_TYPE -> "Invalid type";
            case UspErrors.INVALID_VALUE -> "Invalid value";
            case UspErrors.NOT_WRITABLE -> "Attempt to update non-writeable parameter";
            case UspErrors.VALUE_CONFLICT -> "Value conflict";
            case UspErrors.OPERATION_ERROR -> "Operation error";
            case UspErrors.OBJECT_DOES_NOT_EXIST -> "Object does not exist";
            case UspErrors.OBJECT_NOT_CREATED -> "Object could not be created";
            case UspErrors.NOT_A_TABLE -> "Object is not a table";
            case UspErrors.NOT_CREATABLE -> "Attempt to create non-creatable object";
            case UspErrors.OBJECT_NOT_UPDATED -> "Object could not be updated";
            case UspErrors.REQUIRED_PARAMETER_FAILED -> "Required parameter failed";
            case UspErrors.COMMAND_FAILURE -> "Command failure";
            case UspErrors.COMMAND_CANCELED -> "Command canceled";
            case UspErrors.DELETE_FAILURE -> "Delete failure";
            case UspErrors.DUPLICATE_KEY -> "Object exists with duplicate key";
            case UspErrors.INVALID_PATH -> "Invalid path";
            case UspErrors.INVALID_COMMAND_ARGUMENTS -> "Invalid command arguments";
            default -> "Error " + code;
        };
    }

    /** The standard name followed by what it is about: {@code "Object is not a table: Device.X."}. */
    public static String standard(int code, Object about) {
        return standard(code) + ": " + about;
    }

    // Message level.

    public static String msgTypeMismatch(Object msgType, Object body) {
        return "msg_type " + msgType + " does not match the body " + body;
    }

    public static String responseTooLarge(long limit) {
        return "the response would exceed " + limit + " bytes";
    }

    // Paths.

    public static String pathTooLong(int maxLength) {
        return "path longer than " + maxLength + " characters";
    }

    public static String pathTooDeep(int maxSegments) {
        return "path deeper than " + maxSegments + " segments";
    }

    public static String syntaxAt(int position, String problem) {
        return "invalid path syntax at position " + position + ": " + problem;
    }

    public static String pathsStartWith(String root) {
        return "paths start with " + root;
    }

    public static String invalidPath(Object path) {
        return "invalid path " + path;
    }

    public static String invalidPath(Object path, String why) {
        return invalidPath(path) + ": " + why;
    }

    public static String invalidSearch(String why) {
        return "invalid search expression: " + why;
    }

    public static String objectDoesNotExist(Object path) {
        return "object does not exist: " + path;
    }

    /** A row that went away between resolving and acting on it. */
    public static String rowGone(String path) {
        return path + " does not exist";
    }

    public static String notAnInstancePath(String path) {
        return "not an object instance path: " + path;
    }

    public static String notACommandPath(String path) {
        return "not a command path: " + path;
    }

    public static String setNeedsObjectPath(String path) {
        return "Set needs an object or object instance path: " + path;
    }

    public static String getReadsNoCommandsOrEvents(String path) {
        return "Get does not read commands or events: " + path;
    }

    // Permissions.

    public static String noPermissionToAdd(String tablePath) {
        return "no permission to add to " + tablePath;
    }

    public static String noPermissionToDelete(String path) {
        return "no permission to delete " + path;
    }

    public static String noPermissionToOperate(String command) {
        return "no permission to operate " + command;
    }

    public static String noWritePermission(String param) {
        return "no write permission on " + param;
    }

    public static String householdOnly(String what) {
        return "only a household Controller may " + what;
    }

    // Parameters and values.

    public static String unsupportedParameter(String param) {
        return "unsupported parameter " + param;
    }

    public static String notWritable(String param) {
        return standard(UspErrors.NOT_WRITABLE) + " " + param;
    }

    public static String notAValid(String value, Object type, String param) {
        return "'" + value + "' is not a valid " + type + " for " + param;
    }

    public static String notAnAllowedValue(String value, String param) {
        return "'" + value + "' is not an allowed value of " + param;
    }

    public static String outOfRange(String param, long min, long max) {
        return param + " must be in " + min + "-" + max;
    }

    public static String notAPermissionString(String param, String value) {
        return param + ": '" + value
                + "' is not a permission string (4 characters in the order rwxn, '-' for a missing right)";
    }

    public static String badTarget(String target, String why) {
        return "Targets: '" + target + "' " + why;
    }

    public static String bannedRoleNotARole(String banned) {
        return "BannedRole: '" + banned + "' is not a Role row";
    }

    public static String assignedRoleNotARole(String reference) {
        return "AssignedRole names no Role row: " + reference;
    }

    public static String noControllerWithEndpoint(String endpointId) {
        return "Controller: no Controller row has EndpointID '" + endpointId + "'";
    }

    public static String requiredParameterFailed(String objPath, String why) {
        return standard(UspErrors.REQUIRED_PARAMETER_FAILED) + " in " + objPath + ": " + why;
    }

    // Objects.

    public static String failedOn(int code, String path) {
        return standard(code) + " on " + path;
    }

    public static String objectNotCreated(String tablePath) {
        return "object could not be created under " + tablePath;
    }

    public static String noOrderLeft(long highest, String path) {
        return "no Order left above " + highest + " in " + path;
    }

    public static String objectNotUpdated(String path) {
        return "object " + path + " could not be updated";
    }

    public static String rowNotUpdated(String path) {
        return path + " could not be updated";
    }

    public static String builtInUnchangeable(String path) {
        return "built-in " + path + " cannot be changed";
    }

    public static String builtInUndeletable(String path) {
        return "built-in " + path + " cannot be deleted";
    }

    public static String notDeletable(String path) {
        return "object is not deletable: " + path;
    }

    public static String couldNotDelete(String path) {
        return "could not delete " + path;
    }

    public static String duplicateKey(Object key) {
        return "object exists with duplicate key " + key;
    }

    public static String duplicateKey(Object key, Object values) {
        return duplicateKey(key) + " = " + values;
    }

    // Commands.

    public static String notImplemented(String command) {
        return command + "() is not implemented";
    }

    public static String hasNoCommand(String deviceName, String command) {
        return deviceName + " has no " + command + "()";
    }

    public static String missingInput(String argument) {
        return "missing mandatory input argument " + argument;
    }

    public static String controllerDisabled(String controllerPath) {
        return "Controller " + controllerPath + " is disabled (R-NOT.5)";
    }

    public static String requestNotRunning(String objectPath, String command) {
        return objectPath + command + "() failed: the request is not running";
    }
}
