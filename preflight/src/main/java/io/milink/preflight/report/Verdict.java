package io.milink.preflight.report;

/**
 * A readiness report's answer, in the order that decides it: an ERROR finding makes it {@link #ERROR}, else a FAIL
 * makes it {@link #NOT_READY}, else a part the scope requires that was not checked makes it {@link #INCOMPLETE},
 * else it is {@link #READY}.
 */
public enum Verdict {
    /** Every part the scope requires was checked and nothing failed. */
    READY("READY"),
    /** A check failed: the link cannot be created until it is fixed. */
    NOT_READY("NOT READY"),
    /** Nothing failed, but a part the scope requires was not checked: readiness is unknown. */
    INCOMPLETE("INCOMPLETE"),
    /** A check could not run (no connection, a read that failed): readiness is unknown. */
    ERROR("ERROR");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** How people read it: the first word of the verdict line, and the operation's result in the service. */
    public String label() {
        return label;
    }
}
