package io.milink.core.azure;

/** An Azure Resource Manager call that failed, with ARM's own error code and message (e.g. ResourceNotFound). */
public class ArmCallException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final String armMessage;

    public ArmCallException(int status, String code, String message, Throwable cause) {
        this(status, code, message, message, cause);
    }

    /**
     * @param message    the whole story: which call, ARM's status and code, ARM's message
     * @param armMessage ARM's message alone (or, without a response, what went wrong), for callers that show it
     *                   next to {@link #code()} in their own words
     */
    public ArmCallException(int status, String code, String message, String armMessage, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.armMessage = armMessage;
    }

    /** The HTTP status, or 0 when no response came back (network, TLS, authentication). */
    public int status() {
        return status;
    }

    /** ARM's error code, e.g. {@code ResourceNotFound}, {@code AuthorizationFailed}; null without a response. */
    public String code() {
        return code;
    }

    /** ARM's own message without the call it answered (see the constructor); the whole message otherwise. */
    public String armMessage() {
        return armMessage;
    }
}
