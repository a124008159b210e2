package org.cpebridge.usp.agent.model;

import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.error.UspErrors;

/**
 * The one table from the core's {@link ErrorKind} to USP error codes (STYLE.md section 9, TR-369 "Error Codes").
 * A device that is busy, slow or unreachable is 7003 (internal error) in Get/Set and 7022 (command failure) in
 * Operate.
 */
public final class DeviceErrors {

    /** Which message the failure belongs to; only Operate maps transient failures differently. */
    public enum Context {
        READ_WRITE, OPERATE
    }

    private DeviceErrors() {
    }

    /** The USP error code for {@code kind}. */
    public static int code(ErrorKind kind, Context context) {
        return switch (kind) {
            case NOT_FOUND -> UspErrors.OBJECT_DOES_NOT_EXIST;
            case UNSUPPORTED -> UspErrors.UNSUPPORTED_PARAMETER;
            case INVALID_VALUE -> UspErrors.INVALID_VALUE;
            case DENIED -> UspErrors.PERMISSION_DENIED;
            case BUSY, TIMEOUT, UNREACHABLE ->
                    context == Context.OPERATE ? UspErrors.COMMAND_FAILURE : UspErrors.INTERNAL_ERROR;
        };
    }

    /** Turns whatever a core call failed with into a {@link DataModelException} with the mapped code. */
    public static DataModelException toDataModel(Throwable failure, Context context) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof DataModelException dme) {
                return dme;
            }
            cause = cause.getCause();
        }
        DeviceException device = DeviceException.from(failure);
        return new DataModelException(code(device.kind(), context), device.getMessage());
    }
}
