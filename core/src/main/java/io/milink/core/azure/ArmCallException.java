package io.milink.core.azure;

/** An Azure Resource Manager call that failed, with ARM's own error code and message (e.g. ResourceNotFound). */
public class ArmCallException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ArmCallException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when no response came back (network, TLS, authentication). */
    public int status() {
        return status;
    }

    /** ARM's error code, e.g. {@code ResourceNotFound}, {@code AuthorizationFailed}; null without a response. */
    public String code() {
        return code;
    }
}
