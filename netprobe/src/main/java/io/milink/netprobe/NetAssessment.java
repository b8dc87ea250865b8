package io.milink.netprobe;

import java.util.Objects;

/**
 * The verdict of one network check, ready to become a preflight finding: {@code outcome} uses preflight's status
 * names (so {@code Status.valueOf(outcome.name())} maps it), {@code evidence} says what answered and how long it
 * took, {@code remedy} is the firewall/NSG rule to add (null when there is nothing to do).
 */
public record NetAssessment(String checkId, Outcome outcome, String title, String evidence, String remedy) {

    /** Same names as preflight's Status. */
    public enum Outcome {
        PASS, WARN, FAIL, SKIP, ERROR
    }

    public NetAssessment {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
    }
}
