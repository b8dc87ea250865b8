package io.milink.api.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import io.milink.certs.RotationPlanner;
import io.milink.core.azure.ArmCallException;
import io.milink.linkmanager.CertificateRotation;
import io.milink.linkmanager.InstanceObservation;
import io.milink.linkmanager.InstanceObserver;
import io.milink.linkmanager.SqlServerObservation;
import io.milink.linkmanager.SqlServerObserver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milink link rotate-certificate}: the script that replaces SQL Server's link certificate without breaking the
 * links (docs/certificates.md, "Rotating the SQL Server link certificate"). It reads both sides to name what the
 * script must (the endpoint, its certificate, the name the instance trusts it under, the links), and changes nothing:
 * the switch is a moment a DBA chooses, and every step is one they can read first.
 */
@Command(name = "rotate-certificate", mixinStandardHelpOptions = true, description = {
    "Write the script that replaces SQL Server's link certificate before it expires: a new certificate, trusted by "
            + "the instance first, then the endpoint switched to it, every link checked CONNECTED, and only then the "
            + "old one removed on both sides. Reads SQL Server and the managed instance; changes nothing.",
    "Exit 0: the script was written; 2: nothing to rotate yet, or could not complete (the message says why)."})
final class LinkRotateCertificateCommand implements Callable<Integer> {

    /** As long as a certificate milink creates with the link when the spec gives no expiry date. */
    private static final int DEFAULT_YEARS = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    LinkCommand.Common common = new LinkCommand.Common();

    @Option(names = "--expiry-date", paramLabel = "YYYY-MM-DD",
            description = "The new certificate's expiry date (default: " + DEFAULT_YEARS + " years from today).")
    LocalDate expiryDate;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the script to FILE instead of the output.")
    Path outFile;

    @Override
    public Integer call() {
        LocalDate today = LocalDate.now();
        LocalDate expiry = expiryDate != null ? expiryDate : today.plusYears(DEFAULT_YEARS);
        if (!expiry.isAfter(today)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--expiry-date " + expiry + " is not after today ("
                    + today + "): give the day the new certificate should expire, e.g. --expiry-date "
                    + today.plusYears(DEFAULT_YEARS));
        }
        String script;
        try (LinkTargets targets = LinkTargets.open(LinkTargets.loadSpec(common.specFile, false), common.azure)) {
            SqlServerObservation sql = SqlServerObserver.observe(targets.session().sql());
            InstanceObservation mi = InstanceObserver.observe(targets.session().instance(), targets.session().arm());
            script = RotationPlanner.plan(CertificateRotation.request(sql, mi, today, expiry)).render();
        } catch (IllegalStateException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "no rotation script: " + e.getMessage(), e);
        } catch (SQLException | ArmCallException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot read SQL Server and the managed instance: "
                    + e.getMessage() + "\nNothing was changed; run the command again once both answer.", e);
        }
        LinkCommand.printOrWrite(spec, outFile, script);
        return ExitCodes.OK;
    }
}
