package io.milink.preflight.check.sql;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.SqlServerFacts;

import java.util.Locale;

/**
 * {@code sql.edition}: the link works with Enterprise, Developer and Standard (mi-link-workflow.md §1.2); Express
 * and Web have no availability groups. Standard has basic availability groups: one database per link.
 */
public final class EditionCheck extends InstanceCheck {

    public static final String ID = "sql.edition";

    public EditionCheck() {
        super(ID, "SQL Server edition");
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        String edition = server.edition() == null ? "" : server.edition();
        String lower = edition.toLowerCase(Locale.ROOT);
        if (lower.startsWith("enterprise") || lower.startsWith("developer")) {
            return finding(target, Status.PASS, edition, null);
        }
        if (lower.startsWith("standard")) {
            return finding(target, Status.PASS, edition + ": supported with basic availability groups, one "
                    + "database per link (multiple-database link mode needs Enterprise or Developer)", null);
        }
        Remediation upgrade = Remediation.manual("Upgrade the edition to Standard, Enterprise or Developer (SQL "
                + "Server setup > Maintenance > Edition Upgrade); Express and Web cannot host availability groups.");
        if (lower.startsWith("evaluation")) {
            return finding(target, Status.WARN, edition + ": not listed as supported for a link; it expires and "
                    + "must not carry production data", upgrade);
        }
        return finding(target, Status.FAIL, edition + ": the link needs Enterprise, Developer or Standard",
                upgrade);
    }
}
