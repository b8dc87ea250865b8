package io.milink.core.spec;

/** A spec that cannot be used, with a message that says where the problem is and how to fix it. */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }
}
