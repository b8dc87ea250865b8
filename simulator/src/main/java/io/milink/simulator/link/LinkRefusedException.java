package io.milink.simulator.link;

/** The link world refuses a request; {@link #error()} says why in ARM's and the engine's words. */
public final class LinkRefusedException extends RuntimeException {

    private final LinkError error;

    public LinkRefusedException(LinkError error) {
        super(error.armCode() + ": " + error.armMessage());
        this.error = error;
    }

    public LinkError error() {
        return error;
    }
}
