package io.milink.preflight.check.sql;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.MinimumBuilds;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.check.Version;
import io.milink.preflight.facts.SqlServerFacts;

import java.util.Optional;

/**
 * {@code sql.version}: the build meets the minimum of its major version (minimum-builds.tsv). For 2017 a build
 * on the CU31+GDR line can be numerically above the Azure Connect pack without containing it
 * (mi-link-workflow.md §1.1), so the finding points at {@code sql.issuerProcedure} as the behavioural proof.
 */
public final class VersionCheck extends InstanceCheck {

    public static final String ID = "sql.version";
    private final MinimumBuilds minimums;

    public VersionCheck(MinimumBuilds minimums) {
        super(ID, "SQL Server version and update level");
        this.minimums = minimums;
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        Version version;
        try {
            version = Version.parse(server.productVersion());
        } catch (IllegalArgumentException e) {
            return finding(target, Status.ERROR, "cannot read the version: " + e.getMessage(), null);
        }
        String seen = "SQL Server " + version + " " + server.productLevel()
                + (server.productUpdateLevel() == null ? "" : " " + server.productUpdateLevel());
        if (version.major() < minimums.oldestSupportedMajor()) {
            return finding(target, Status.FAIL, seen + ": SQL Server 2014 and older cannot host a link (no "
                    + "distributed availability groups)", Remediation.manual(
                    "Upgrade to SQL Server 2019 CU20 or later (2022 or 2025 for a link that can fail back)."));
        }
        Optional<MinimumBuilds.MinimumBuild> minimum = minimums.forMajor(version.major());
        if (minimum.isEmpty()) {
            return finding(target, Status.WARN, seen + ": newer than milink's list of minimum builds (last: "
                    + minimums.all().get(minimums.newestKnownMajor()).product() + "); check the Managed Instance "
                    + "link documentation for this version", null);
        }
        MinimumBuilds.MinimumBuild row = minimum.get();
        if (!version.isAtLeast(row.minimumBuild())) {
            return finding(target, Status.FAIL, seen + " is below the minimum for " + row.product() + ": "
                    + row.minimumIs(), Remediation.manual(row.install()));
        }
        String note = version.major() == 14
                ? "; on 2017 the build number alone does not prove the Azure Connect pack, see sql.issuerProcedure"
                : "";
        return finding(target, Status.PASS, seen + " meets the minimum for " + row.product() + " ("
                + row.minimumIs() + ")" + note, null);
    }
}
