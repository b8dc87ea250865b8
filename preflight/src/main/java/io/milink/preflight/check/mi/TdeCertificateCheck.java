package io.milink.preflight.check.mi;

import io.milink.core.ShellQuote;
import io.milink.core.Tsql;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code mi.tdeCertificate}, per database: a TDE-encrypted database replicates only once the certificate protecting
 * its key is on this managed instance; otherwise ARM refuses the link with ManagedInstanceLinkTdeCertificateMissing.
 * ARM does not show uploaded TDE certificates (they are not in the instance's sys.certificates either), so milink
 * cannot see whether it was done: WARN with the upload steps for this instance (mi-link-workflow.md §1.7, §7.9).
 */
public final class TdeCertificateCheck extends ManagedInstanceCheck {

    public TdeCertificateCheck() {
        super("mi.tdeCertificate", "TDE certificate on the managed instance (TDE databases)");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        if (facts.requestedDatabases().isEmpty()) {
            return List.of(finding(facts, Status.SKIP, "no database was named; pass --database NAME", null));
        }
        if (facts.sqlServer() == null) {
            return List.of(finding(facts, Status.SKIP, "not evaluated: SQL Server could not be read (see "
                    + "sql.connect)", null));
        }
        List<Finding> findings = new ArrayList<>();
        for (String name : facts.requestedDatabases()) {
            Optional<DatabaseFacts> database = facts.sqlServer().database(name);
            if (database.isEmpty()) {
                findings.add(finding(name, Status.SKIP, "not on SQL Server (see db.exists)", null));
            } else if (!database.get().isTdeEncrypted()) {
                findings.add(finding(name, Status.PASS, "not encrypted with TDE: no certificate to upload", null));
            } else {
                findings.add(finding(name, Status.WARN, "encrypted with TDE: its certificate must be uploaded to "
                        + "this managed instance before the link is created (milink cannot see whether it was)",
                        Remediation.manual(uploadSteps(database.get().name(), ManagedInstanceRef.parse(
                                mi.resourceId())))));
            }
        }
        return findings;
    }

    /** The documented migration (tde-certificate-migrate.md), filled in for this database and instance. */
    static String uploadSteps(String database, ManagedInstanceRef ref) {
        return "1. On SQL Server, find the certificate that protects the key:\n"
                + "   SELECT c.name FROM sys.dm_database_encryption_keys k JOIN sys.certificates c\n"
                + "     ON k.encryptor_thumbprint = c.thumbprint WHERE k.database_id = DB_ID("
                + Tsql.literal(database) + ");\n"
                + "2. BACKUP CERTIFICATE [CERT] TO FILE = 'C:\\tde\\cert.cer' WITH PRIVATE KEY (FILE = "
                + "'C:\\tde\\cert.pvk', ENCRYPTION BY PASSWORD = '<a password>');\n"
                + "3. pvk2pfx -pvk C:\\tde\\cert.pvk -pi \"<the password>\" -spc C:\\tde\\cert.cer -pfx "
                + "C:\\tde\\cert.pfx\n"
                + "4. In PowerShell (Az.Sql):\n"
                + "   $blob = ConvertTo-SecureString ([Convert]::ToBase64String([IO.File]::ReadAllBytes("
                + "'C:\\tde\\cert.pfx'))) -AsPlainText -Force\n"
                + "   Add-AzSqlManagedInstanceTransparentDataEncryptionCertificate -ResourceGroupName "
                + ShellQuote.powershell(ref.resourceGroup()) + " -ManagedInstanceName "
                + ShellQuote.powershell(ref.name())
                + " -PrivateBlob $blob -Password (Read-Host -AsSecureString 'PFX password')";
    }
}
