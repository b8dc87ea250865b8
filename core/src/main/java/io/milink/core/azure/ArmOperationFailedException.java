package io.milink.core.azure;

/**
 * ARM accepted a long-running operation (201/202) but it ended Failed or Canceled. Unlike a refused request, the
 * change may have been partly applied: read the resource again before retrying (the link engine's observe step).
 */
public final class ArmOperationFailedException extends ArmCallException {
    private static final long serialVersionUID = 1L;

    public ArmOperationFailedException(int status, String code, String message) {
        super(status, code, message, null);
    }
}
