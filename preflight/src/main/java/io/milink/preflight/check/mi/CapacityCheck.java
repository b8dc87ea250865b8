package io.milink.preflight.check.mi;

import io.milink.core.ShellQuote;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Plural;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code mi.capacity}: every link adds a database to the managed instance, so the instance must have room for them:
 * at most 100 databases on a General Purpose or Business Critical instance, 500 on Next-gen General Purpose, existing
 * databases counting; and the databases must fit the reserved storage (mi-link-workflow.md §1.4, §8). ARM refuses a
 * link over the limit with DatabaseNumberLimitReached, one over the storage with StorageAccountFull (arm-api.md §5).
 */
public final class CapacityCheck extends ManagedInstanceCheck {

    static final int GP_BC_DATABASE_LIMIT = 100;
    static final int NEXT_GEN_GP_DATABASE_LIMIT = 500;

    public CapacityCheck() {
        super("mi.capacity", "Managed instance has room for the databases");
    }

    static int databaseLimit(String tier) {
        return "NextGenGeneralPurpose".equalsIgnoreCase(tier) ? NEXT_GEN_GP_DATABASE_LIMIT : GP_BC_DATABASE_LIMIT;
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        List<String> failures = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        List<String> adding = facts.requestedDatabases().stream()
                .filter(db -> mi.databases() == null || mi.databases().stream().noneMatch(db::equalsIgnoreCase))
                .toList();

        int limit = databaseLimit(mi.tier());
        String tier = mi.tier() == null ? "unknown tier" : mi.tier();
        if (mi.databases() == null) {
            unknown.add("database count unknown (" + mi.databasesError() + ")");
        } else {
            int after = mi.databases().size() + adding.size();
            String count = Plural.count(mi.databases().size(), "database") + " + " + adding.size() + " to link = "
                    + after
                    + " of " + limit + " allowed (" + tier + ")";
            (after > limit ? failures : seen).add(count);
        }

        Optional<Long> neededMb = neededMb(facts, adding);
        if (mi.storageSizeGb() == null || mi.usedStorageMb() == null) {
            unknown.add("storage in use unknown (" + (mi.usedStorageError() == null ? "not reported"
                    : mi.usedStorageError()) + ")");
        } else if (neededMb.isEmpty()) {
            unknown.add("the databases' size is unknown (SQL Server was not read or does not have them)");
        } else {
            double freeMb = mi.storageSizeGb() * 1024.0 - mi.usedStorageMb();
            String storage = String.format(java.util.Locale.ROOT, "storage: %,.0f MB free of %d GB, the databases "
                    + "need %,d MB", freeMb, mi.storageSizeGb(), neededMb.get());
            (neededMb.get() > freeMb ? failures : seen).add(storage);
        }

        if (!failures.isEmpty()) {
            List<String> all = new ArrayList<>(failures);
            all.addAll(seen);
            all.addAll(unknown);
            return List.of(finding(facts, Status.FAIL, String.join("; ", all), Remediation.manual(
                    "Make room: raise the instance's storage (az sql mi update --ids "
                            + ShellQuote.bash(mi.resourceId())
                            + " --storage NEW_SIZE, e.g. 512GB), drop databases it no longer needs, link fewer databases, or use "
                            + "a larger instance (Next-gen General Purpose holds 500 databases).")));
        }
        if (seen.isEmpty()) {
            return List.of(finding(facts, Status.SKIP, "not evaluated: " + String.join("; ", unknown), null));
        }
        if (!unknown.isEmpty()) {
            List<String> all = new ArrayList<>(seen);
            all.addAll(unknown);
            return List.of(finding(facts, Status.WARN, String.join("; ", all), Remediation.manual(
                    "Check the rest by hand in the Azure portal (the instance's Overview shows storage used and "
                            + "reserved).")));
        }
        return List.of(finding(facts, Status.PASS, String.join("; ", seen), null));
    }

    /** Data and log size of the databases to add, as SQL Server reports them; empty when any is unknown. */
    private static Optional<Long> neededMb(Facts facts, List<String> adding) {
        if (adding.isEmpty()) {
            return Optional.of(0L);
        }
        if (facts.sqlServer() == null) {
            return Optional.empty();
        }
        long total = 0;
        for (String name : adding) {
            Optional<DatabaseFacts> db = facts.sqlServer().database(name);
            if (db.isEmpty()) {
                return Optional.empty();
            }
            total += db.get().sizeMb();
        }
        return Optional.of(total);
    }
}
