package io.milink.simulator.arm;

/** Thrown inside a route handler to answer with an ARM error; the router's failure handler renders it. */
final class ArmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ArmError error;

    ArmException(ArmError error) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    ArmError error() {
        return error;
    }
}
