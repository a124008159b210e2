package org.cpebridge.usp.message;

import java.util.List;
import org.cpebridge.usp.proto.UspMsg;

/** A request that fails as a whole: answered with a USP Error message (code, text and per-path errors). */
public final class MessageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final transient List<UspMsg.Error.ParamError> paramErrors;

    public MessageException(int errorCode, String message, List<UspMsg.Error.ParamError> paramErrors) {
        super(message);
        this.errorCode = errorCode;
        this.paramErrors = List.copyOf(paramErrors);
    }

    public MessageException(int errorCode, String message) {
        this(errorCode, message, List.of());
    }

    public int errorCode() {
        return errorCode;
    }

    /** The Error message body. */
    public UspMsg.Error toError() {
        return UspMsg.Error.newBuilder().setErrCode(errorCode).setErrMsg(getMessage())
                .addAllParamErrs(paramErrors).build();
    }

    static UspMsg.Error.ParamError paramError(String path, int code, String text) {
        return UspMsg.Error.ParamError.newBuilder().setParamPath(path).setErrCode(code).setErrMsg(text).build();
    }
}
