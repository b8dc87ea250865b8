package io.milink.certs;

import io.milink.core.Tsql;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The T-SQL milink runs (or prints) on SQL Server for the link's certificates. Every method returns one batch: a
 * string without {@code GO}, ready for JDBC; {@link #script(List)} joins batches with {@code GO} for SSMS/sqlcmd.
 * Every identifier goes through {@link Tsql#quoteName} and every literal through {@link Tsql#literal} or
 * {@link Tsql#binaryLiteral}. Every create is guarded with {@code IF NOT EXISTS} and every drop with
 * {@code IF EXISTS}, so running a script twice changes nothing the second time (SQL Server itself refuses a second
 * {@code CREATE CERTIFICATE} or {@code sp_certificate_add_issuer}; mi-link-workflow.md section 1.8).
 */
public final class CertificateTsql {

    /**
     * The DNS name Azure's certificates are issued for; SQL Server trusts the registered roots for it
     * (mi-link-workflow.md section 1.8).
     */
    public static final String AZURE_DNS_PATTERN = "*.database.windows.net";

    /** Every batch starts here: certificates the endpoint and the issuer list use live in master. */
    static final String USE_MASTER = "USE " + Tsql.quoteName("master") + ";\n";

    private static final DateTimeFormatter UNSEPARATED_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private CertificateTsql() {
    }

    /**
     * Creates the SQL Server link certificate (mi-link-workflow.md section 3.2). No {@code ENCRYPTION BY PASSWORD}:
     * the private key must be protected by the database master key, or the endpoint refuses the certificate
     * (error 28055), so the master key must exist first (error 15581 otherwise). The expiry is written
     * {@code yyyyMMdd}, the one date form SQL Server reads the same under every language setting.
     */
    public static String createLinkCertificate(String name, String subject, LocalDate expiryDate) {
        Objects.requireNonNull(expiryDate, "expiryDate");
        return USE_MASTER
                + "IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = " + Tsql.literal(name) + ")\n"
                + "    CREATE CERTIFICATE " + Tsql.quoteName(name) + "\n"
                + "        WITH SUBJECT = " + Tsql.literal(requireText(subject, "subject")) + ",\n"
                + "        EXPIRY_DATE = " + Tsql.literal(UNSEPARATED_DATE.format(expiryDate)) + ";";
    }

    /** {@link #createLinkCertificate(String, String, LocalDate)} with the documented subject, "Certificate for name". */
    public static String createLinkCertificate(String name, LocalDate expiryDate) {
        return createLinkCertificate(name, LinkCertificateName.subjectFor(name), expiryDate);
    }

    /**
     * Reads the link certificate for upload to the managed instance: {@code CERTENCODED} returns the whole DER
     * certificate, which is what ARM's {@code publicBlob} needs (a bare key gets "Invalid public blob specified";
     * mi-link-workflow.md section 3.3). Returns one row, one varbinary column {@code certificate_der}.
     */
    public static String exportCertificate(String name) {
        return USE_MASTER + exportCertificateStatement(name);
    }

    /** {@link #exportCertificate(String)}'s SELECT alone, to end a batch that already runs in master. */
    public static String exportCertificateStatement(String name) {
        return "SELECT CERTENCODED(CERT_ID(" + Tsql.literal(name) + ")) AS " + Tsql.quoteName("certificate_der") + ";";
    }

    /**
     * Imports the managed instance's endpoint certificate under its exact FQDN: the name must be the FQDN, a
     * custom name leaves the link non-operational (error 41974; mi-link-workflow.md section 3.4).
     *
     * @throws IllegalArgumentException when {@code managedInstanceFqdn} is not a dotted host name (a short name
     *                                  like {@code sqlmi1} is the usual mistake)
     */
    public static String importManagedInstanceCertificate(String managedInstanceFqdn, DerCertificate certificate) {
        String fqdn = requireFqdn(managedInstanceFqdn);
        Objects.requireNonNull(certificate, "certificate");
        return USE_MASTER
                + "IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = " + Tsql.literal(fqdn) + ")\n"
                + "    CREATE CERTIFICATE " + Tsql.quoteName(fqdn) + " FROM BINARY = "
                + Tsql.binaryLiteral(certificate.der()) + ";";
    }

    /**
     * Replaces a stale copy of the managed instance's certificate after Azure rotated it (mi-link-workflow.md
     * section 7.2: "drop and re-import"): drops the certificate of that name only when its thumbprint differs from
     * the current one, then imports. Rerunning it once the copy is current does nothing.
     */
    public static String refreshManagedInstanceCertificate(String managedInstanceFqdn, DerCertificate current) {
        String fqdn = requireFqdn(managedInstanceFqdn);
        Objects.requireNonNull(current, "current");
        return USE_MASTER
                + "IF EXISTS (SELECT 1 FROM sys.certificates WHERE name = " + Tsql.literal(fqdn)
                + " AND thumbprint <> " + current.thumbprint().sqlServerLiteral() + ")\n"
                + "    DROP CERTIFICATE " + Tsql.quoteName(fqdn) + ";\n"
                + "IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = " + Tsql.literal(fqdn) + ")\n"
                + "    CREATE CERTIFICATE " + Tsql.quoteName(fqdn) + " FROM BINARY = "
                + Tsql.binaryLiteral(current.der()) + ";";
    }

    /**
     * Imports a root CA and registers it as a trusted issuer for {@code *.database.windows.net}, in the shape of
     * Microsoft's scripts page (mi-link-workflow.md section 1.8), so that a rerun repairs what is missing and
     * changes nothing else:
     * <ul>
     *   <li>the root is found by thumbprint, whatever its name: SQL Server refuses the same certificate under a
     *       second name ("this certificate already has been added to the database");</li>
     *   <li>absent: imported under {@code name} and registered;</li>
     *   <li>present (under any name): registered only when {@code sys.sp_certificate_issuers} shows it is not.
     *       SQL Server refuses a second registration for the same name, and that undocumented procedure (2019 and
     *       later, not in early builds) is the only place registrations can be seen; its result set is read into a
     *       table variable as Microsoft's SQL LogScout reads it ({@code MiscDiagInfo.sql}). On a build without it
     *       the batch says so with PRINT instead of guessing;</li>
     *   <li>a <em>different</em> certificate already named {@code name}: THROW 50000, because importing under that
     *       name is impossible and the other certificate is not this root.</li>
     * </ul>
     */
    public static String importRootCa(String name, DerCertificate root) {
        Objects.requireNonNull(root, "root");
        String dns = Tsql.literal(AZURE_DNS_PATTERN);
        return USE_MASTER
                + "DECLARE @id int = (SELECT certificate_id FROM sys.certificates WHERE thumbprint = "
                + root.thumbprint().sqlServerLiteral() + ");\n"
                + "IF @id IS NULL AND EXISTS (SELECT 1 FROM sys.certificates WHERE name = " + Tsql.literal(name) + ")\n"
                + "    THROW 50000, " + Tsql.literal("A different certificate is already named " + name
                + "; it is not the root with thumbprint " + root.thumbprint().hex() + ". Drop or rename it, or import"
                + " the root under another name.") + ", 1;\n"
                + "IF @id IS NULL\n"
                + "BEGIN\n"
                + "    CREATE CERTIFICATE " + Tsql.quoteName(name) + " FROM BINARY = " + Tsql.binaryLiteral(root.der())
                + ";\n"
                + "    SET @id = CERT_ID(" + Tsql.literal(name) + ");\n"
                + "    EXEC sp_certificate_add_issuer @id, " + dns + ";\n"
                + "END\n"
                + "ELSE IF OBJECT_ID(N'sys.sp_certificate_issuers') IS NOT NULL\n"
                + "BEGIN\n"
                + "    DECLARE @registered TABLE (certificateid int, dnsname nvarchar(128));\n"
                + "    INSERT INTO @registered EXEC sys.sp_certificate_issuers;\n"
                + "    IF NOT EXISTS (SELECT 1 FROM @registered WHERE certificateid = @id AND dnsname = " + dns + ")\n"
                + "        EXEC sp_certificate_add_issuer @id, " + dns + ";\n"
                + "END\n"
                + "ELSE\n"
                + "    PRINT " + Tsql.literal("The root with thumbprint " + root.thumbprint().hex() + " is already in"
                + " master; this build does not list issuer registrations (sys.sp_certificate_issuers), so its"
                + " registration for " + AZURE_DNS_PATTERN + " was not checked.") + ";";
    }

    /**
     * Registers a certificate already in master as a trusted issuer for {@code *.database.windows.net}, under
     * whatever name it has there. For a root or intermediate that milink has <em>seen</em> is not registered
     * (preflight reads the registrations with {@code sys.sp_certificate_issuers}); SQL Server refuses a second
     * registration of the same certificate for the same name, so this batch is not meant for blind reruns.
     * Does nothing when no certificate has that name.
     */
    public static String registerIssuer(String certificateName) {
        return USE_MASTER
                + "DECLARE @id int = CERT_ID(" + Tsql.literal(requireText(certificateName, "certificateName")) + ");\n"
                + "IF @id IS NOT NULL\n"
                + "    EXEC sp_certificate_add_issuer @id, " + Tsql.literal(AZURE_DNS_PATTERN) + ";";
    }

    /** {@link #importRootCa(String, DerCertificate)} under the name Microsoft's scripts use for this root. */
    public static String importRootCa(AzureRootCa root) {
        return importRootCa(root.sqlServerName(), root.certificate());
    }

    /** Drops the imported managed instance certificate, if present. */
    public static String dropManagedInstanceCertificate(String managedInstanceFqdn) {
        return dropIfExists(requireFqdn(managedInstanceFqdn));
    }

    /**
     * Drops a root CA, if present. Only when no other link needs it: the roots are shared by every link on the
     * instance. Whether its {@code sp_certificate_add_issuer} registration goes with it is not documented
     * (mi-link-workflow.md section 9, item 7); milink does not call the undocumented
     * {@code sys.sp_certificate_drop_issuer}.
     */
    public static String dropRootCa(String name) {
        return dropIfExists(name);
    }

    /**
     * Drops the link certificate, refusing with an error (THROW 50000) while a database mirroring endpoint still
     * authenticates with it: SQL Server will not drop a certificate an endpoint uses, and dropping the endpoint is
     * a decision for whoever owns the other availability groups on it (mi-link-workflow.md section 6, step 5).
     */
    public static String dropLinkCertificate(String name) {
        return USE_MASTER
                + "IF EXISTS (SELECT 1 FROM sys.database_mirroring_endpoints AS e"
                + " JOIN sys.certificates AS c ON c.certificate_id = e.certificate_id WHERE c.name = "
                + Tsql.literal(name) + ")\n"
                + "    THROW 50000, " + Tsql.literal("The database mirroring endpoint still authenticates with"
                + " certificate " + name + "; ALTER ENDPOINT to another certificate or DROP ENDPOINT first.")
                + ", 1;\n"
                + "IF EXISTS (SELECT 1 FROM sys.certificates WHERE name = " + Tsql.literal(name) + ")\n"
                + "    DROP CERTIFICATE " + Tsql.quoteName(name) + ";";
    }

    /**
     * The drops for removing a link, in the safe order:
     * <ol>
     *   <li>the managed instance certificate: it belongs to this link alone, and it is what the Azure portal's
     *       pre-clean looks for (mi-link-workflow.md section 6, step 4);</li>
     *   <li>then the root CAs given (pass none to keep them for other links): after the certificate they vouch for,
     *       so a script stopped half-way never leaves a managed instance certificate whose issuers are gone;</li>
     *   <li>the link certificate last: SQL Server refuses to drop it while the endpoint uses it, so it can only go
     *       once the endpoint has been switched or dropped (section 6, step 5), and until then the link can still
     *       authenticate.</li>
     * </ol>
     * The ARM side (removing the trust certificate from the managed instance) is not T-SQL; see
     * {@link RotationPlanner} and the docs.
     */
    public static List<String> dropForLinkRemoval(String managedInstanceFqdn, List<String> rootCaNames,
                                                  String linkCertificateName) {
        List<String> batches = new ArrayList<>();
        batches.add(dropManagedInstanceCertificate(managedInstanceFqdn));
        rootCaNames.forEach(name -> batches.add(dropRootCa(name)));
        batches.add(dropLinkCertificate(linkCertificateName));
        return List.copyOf(batches);
    }

    /** Joins batches into a script for SSMS or sqlcmd: each batch ends with a {@code GO} line. */
    public static String script(List<String> batches) {
        StringBuilder out = new StringBuilder();
        for (String batch : batches) {
            out.append(batch).append("\nGO\n");
        }
        return out.toString();
    }

    private static String dropIfExists(String name) {
        return USE_MASTER
                + "IF EXISTS (SELECT 1 FROM sys.certificates WHERE name = " + Tsql.literal(name) + ")\n"
                + "    DROP CERTIFICATE " + Tsql.quoteName(name) + ";";
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    private static String requireFqdn(String fqdn) {
        Objects.requireNonNull(fqdn, "managedInstanceFqdn");
        if (!HOST_NAME.matcher(fqdn).matches()) {
            throw new IllegalArgumentException("'" + fqdn + "' is not the managed instance's fully qualified domain"
                    + " name (e.g. sqlmi1.73d19f36a420a.database.windows.net); the certificate must be named exactly"
                    + " that, or the link fails with error 41974");
        }
        return fqdn;
    }
}
