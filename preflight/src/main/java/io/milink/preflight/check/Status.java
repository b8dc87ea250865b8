package io.milink.preflight.check;

/** A finding's verdict. A report is ready when no finding is FAIL or ERROR. */
public enum Status {
    /** The requirement is met. */
    PASS,
    /** Met, but something deserves attention (a recommendation, a risk, a step milink will take for you). */
    WARN,
    /** Not met: the link cannot be created until it is fixed. */
    FAIL,
    /** Not evaluated, with the reason (facts from a later stage, or a prerequisite failed). */
    SKIP,
    /** Could not be evaluated because something went wrong (e.g. no connection). */
    ERROR;

    public boolean blocksReadiness() {
        return this == FAIL || this == ERROR;
    }
}
