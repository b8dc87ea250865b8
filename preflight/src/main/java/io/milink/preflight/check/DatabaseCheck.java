package io.milink.preflight.check;

import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A check applied to each database the user asked to link. A database that is not on the instance, or a system
 * database, is reported once by {@code db.exists} / {@code db.systemDatabase}; the other database checks SKIP it.
 */
public abstract class DatabaseCheck implements Check {

    private final String id;
    private final String title;

    protected DatabaseCheck(String id, String title) {
        this.id = id;
        this.title = title;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<Finding> evaluate(Facts facts) {
        List<Finding> findings = new ArrayList<>();
        if (facts.requestedDatabases().isEmpty()) {
            findings.add(new Finding(id, Status.SKIP, facts.target(), title,
                    "no database was named; pass --database NAME for each database to link", null));
            return findings;
        }
        for (String name : facts.requestedDatabases()) {
            if (facts.sqlServer() == null) {
                findings.add(skip(name, "not evaluated: milink could not log in (see sql.connect)"));
                continue;
            }
            Optional<DatabaseFacts> database = facts.sqlServer().database(name);
            if (database.isEmpty()) {
                findings.add(reportsMissing()
                        ? finding(name, Status.FAIL, "no database named '" + name + "' on "
                                + facts.sqlServer().serverName() + "; " + existing(facts), Remediation.manual(
                                "Check the name against the databases listed (a typo, or another instance?), or "
                                        + "restore the database first."))
                        : skip(name, "not evaluated: the database does not exist (see db.exists)"));
            } else if (database.get().isSystemDatabase() && !reportsSystemDatabases()) {
                findings.add(skip(name, "not evaluated: system databases cannot be linked (see db.systemDatabase)"));
            } else {
                findings.add(evaluate(database.get(), facts));
            }
        }
        return findings;
    }

    /** The user databases the instance does have, so a mistyped name is obvious; a long list is cut. */
    private static String existing(Facts facts) {
        List<String> names = facts.sqlServer().databases().stream().filter(d -> !d.isSystemDatabase())
                .map(DatabaseFacts::name).sorted(String.CASE_INSENSITIVE_ORDER).toList();
        if (names.isEmpty()) {
            return "it has no user databases";
        }
        int shown = Math.min(names.size(), 20);
        return "its databases are " + String.join(", ", names.subList(0, shown))
                + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
    }

    /** Only {@code db.exists} reports a missing database as a failure. */
    protected boolean reportsMissing() {
        return false;
    }

    /** Only {@code db.systemDatabase} judges system databases. */
    protected boolean reportsSystemDatabases() {
        return false;
    }

    /** Judges one existing database; {@code facts} gives the rest (e.g. when the inventory ran). */
    protected abstract Finding evaluate(DatabaseFacts database, Facts facts);

    protected final Finding finding(String target, Status status, String evidence, Remediation remediation) {
        return new Finding(id, status, target, title, evidence, remediation);
    }

    private Finding skip(String target, String why) {
        return finding(target, Status.SKIP, why, null);
    }
}
