package io.milink.preflight.check;

import io.milink.certs.AzureRootBundle;
import io.milink.preflight.check.cert.LinkCertificateCheck;
import io.milink.preflight.check.cert.ManagedInstanceCertificateImportedCheck;
import io.milink.preflight.check.cert.ManagedInstanceChainCheck;
import io.milink.preflight.check.mi.CapacityCheck;
import io.milink.preflight.check.mi.CollationCheck;
import io.milink.preflight.check.mi.ExistingLinkCheck;
import io.milink.preflight.check.mi.FailoverGroupCheck;
import io.milink.preflight.check.mi.InMemoryOltpTierCheck;
import io.milink.preflight.check.mi.NameCollisionCheck;
import io.milink.preflight.check.mi.PermissionsCheck;
import io.milink.preflight.check.mi.StateCheck;
import io.milink.preflight.check.mi.TdeCertificateCheck;
import io.milink.preflight.check.mi.UpdatePolicyCheck;
import io.milink.preflight.check.cert.RootCaCheck;
import io.milink.preflight.check.cert.RootCaExpiryCheck;
import io.milink.preflight.check.db.AvailabilityGroupCheck;
import io.milink.preflight.check.net.NetworkCheck;
import io.milink.preflight.check.db.ExistsCheck;
import io.milink.preflight.check.db.FilestreamCheck;
import io.milink.preflight.check.db.FullBackupCheck;
import io.milink.preflight.check.db.InMemoryOltpCheck;
import io.milink.preflight.check.db.LogBackupDuringSeedingCheck;
import io.milink.preflight.check.db.LogFilesCheck;
import io.milink.preflight.check.db.OnlineCheck;
import io.milink.preflight.check.db.RecoveryModelCheck;
import io.milink.preflight.check.db.SystemDatabaseCheck;
import io.milink.preflight.check.db.TdeCheck;
import io.milink.preflight.check.sql.ConnectCheck;
import io.milink.preflight.check.sql.EditionCheck;
import io.milink.preflight.check.sql.EndpointCheck;
import io.milink.preflight.check.sql.HadrCheck;
import io.milink.preflight.check.sql.IssuerProcedureCheck;
import io.milink.preflight.check.sql.MasterKeyCheck;
import io.milink.preflight.check.sql.PlatformCheck;
import io.milink.preflight.check.sql.RestartNeededCheck;
import io.milink.preflight.check.sql.SysadminCheck;
import io.milink.preflight.check.sql.TraceFlagCheck;
import io.milink.preflight.check.sql.VersionCheck;
import io.milink.preflight.facts.Facts;

import java.util.ArrayList;
import java.util.List;

/** Every readiness check, in the order a report lists them: the instance first, then each database, then later stages. */
public final class CheckCatalog {


    private final List<Check> checks;

    // Package-private: tests build catalogs of their own.
    CheckCatalog(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public static CheckCatalog standard() {
        VersionCheck version = new VersionCheck(MinimumBuilds.bundled());
        AzureRootBundle roots = AzureRootBundle.load();
        TraceFlagCheck tf1800 = new TraceFlagCheck(1800, "log writes across disks of different sector sizes");
        TraceFlagCheck tf9567 = new TraceFlagCheck(9567, "compressed seeding");
        List<Check> checks = new ArrayList<>(List.of(
                new ConnectCheck(), version, new EditionCheck(), new PlatformCheck(), new IssuerProcedureCheck(),
                new SysadminCheck(), new MasterKeyCheck(), new HadrCheck(), tf1800, tf9567,
                new RestartNeededCheck(version, List.of(tf1800, tf9567)), new EndpointCheck(),
                new ExistsCheck(), new SystemDatabaseCheck(), new OnlineCheck(), new RecoveryModelCheck(),
                new FullBackupCheck(), new LogFilesCheck(), new FilestreamCheck(), new InMemoryOltpCheck(),
                new TdeCheck(), new AvailabilityGroupCheck(), new LogBackupDuringSeedingCheck(),
                new io.milink.preflight.check.mi.ExistsCheck(), new StateCheck(), new CollationCheck(),
                new UpdatePolicyCheck(), new NameCollisionCheck(), new CapacityCheck(), new FailoverGroupCheck(),
                new ExistingLinkCheck(), new InMemoryOltpTierCheck(), new TdeCertificateCheck(),
                new PermissionsCheck(),
                new RootCaCheck("cert.rootCa.digicertGlobalRootG2", "DigiCert Global Root G2 trusted",
                        roots.find("digicert-global-root-g2").orElseThrow()),
                new RootCaCheck("cert.rootCa.microsoftRsaRoot2017",
                        "Microsoft RSA Root Certificate Authority 2017 trusted",
                        roots.find("microsoft-rsa-root-2017").orElseThrow()),
                new RootCaExpiryCheck(roots), new LinkCertificateCheck(),
                new ManagedInstanceChainCheck(), new ManagedInstanceCertificateImportedCheck()));
        checks.addAll(NetworkCheck.all());
        return new CheckCatalog(checks);
    }

    public List<Check> checks() {
        return checks;
    }

    /**
     * Runs every check over the facts. Pure: the same facts always give the same findings. A check that throws on
     * facts it did not foresee (a certificate that does not parse, say) gives one ERROR finding instead, so the
     * report still comes, says which check could not run, and is never READY.
     */
    public List<Finding> evaluate(Facts facts) {
        List<Finding> findings = new ArrayList<>();
        for (Check check : checks) {
            try {
                findings.addAll(check.evaluate(facts));
            } catch (RuntimeException e) {
                findings.add(new Finding(check.id(), Status.ERROR, facts.target() == null ? "" : facts.target(),
                        "the check could not run on what was collected",
                        "the check stopped on " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                + "; the rest of the report stands. This is a defect in milink: please report it with the"
                                + " collected facts (--facts-out).", null));
            }
        }
        return findings;
    }
}
