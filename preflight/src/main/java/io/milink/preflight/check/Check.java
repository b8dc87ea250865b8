package io.milink.preflight.check;

import io.milink.preflight.facts.Facts;

import java.util.List;

/**
 * A readiness rule: a pure function of {@link Facts} to findings. No check does I/O, so each is tested with
 * hand-built facts and a report can be recomputed offline.
 */
public interface Check {

    /** The stable id every finding of this check carries. */
    String id();

    /** One finding, or one per database for database checks. Never empty. */
    List<Finding> evaluate(Facts facts);
}
