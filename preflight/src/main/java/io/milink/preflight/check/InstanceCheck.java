package io.milink.preflight.check;

import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.SqlServerFacts;

import java.time.Instant;
import java.util.List;

/**
 * A check of the SQL Server instance. When milink could not log in there is nothing to judge: the finding is
 * SKIP, and {@code sql.connect} carries the ERROR.
 */
public abstract class InstanceCheck implements Check {

    private final String id;
    private final String title;

    protected InstanceCheck(String id, String title) {
        this.id = id;
        this.title = title;
    }

    @Override
    public final String id() {
        return id;
    }

    protected final String title() {
        return title;
    }

    @Override
    public final List<Finding> evaluate(Facts facts) {
        if (facts.sqlServer() == null) {
            return List.of(new Finding(id, Status.SKIP, facts.target(), title,
                    "not evaluated: milink could not log in to " + facts.target() + " (see sql.connect)", null));
        }
        return List.of(evaluate(facts.target(), facts.sqlServer(), facts.collectedAt()));
    }

    /** Checks that judge time (expiry) override this one: "now" is when the facts were collected. */
    protected Finding evaluate(String target, SqlServerFacts server, Instant collectedAt) {
        return evaluate(target, server);
    }

    /** Checks that do not depend on time override this one. */
    protected Finding evaluate(String target, SqlServerFacts server) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " overrides no evaluate method");
    }

    protected final Finding finding(String target, Status status, String evidence, Remediation remediation) {
        return new Finding(id, status, target, title, evidence, remediation);
    }
}
