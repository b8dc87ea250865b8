package io.milink.certs;

import io.milink.certs.RotationStep.Side;
import io.milink.core.ShellQuote;
import io.milink.core.Tsql;
import io.milink.core.azure.ManagedInstanceRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the rotation of the SQL Server link certificate, the procedure of Microsoft's best-practices page
 * (mi-link-workflow.md section 7.2): new certificate, upload it as a new trust certificate, switch the endpoint,
 * verify the link is connected, then remove the old one. Each step carries its reason. The order is the safe one:
 * at every point either the old or the new certificate is trusted on both sides, and nothing old is removed before
 * the new one has been seen to work.
 */
public final class RotationPlanner {

    private RotationPlanner() {
    }

    public static RotationPlan plan(RotationRequest r) {
        List<RotationStep> steps = new ArrayList<>();
        steps.add(new RotationStep(steps.size() + 1, Side.SQL_SERVER,
                "Create the new link certificate " + r.newCertificateName() + ", expiring " + r.newExpiryDate(),
                "a new key pair and validity window; the old certificate keeps the link running meanwhile, and the"
                        + " key is protected by the database master key as endpoints require (error 28055)",
                CertificateTsql.createLinkCertificate(r.newCertificateName(), r.newExpiryDate())));
        steps.add(new RotationStep(steps.size() + 1, Side.SQL_SERVER,
                "Export the new certificate with CERTENCODED",
                "Azure needs the whole DER certificate; a bare public key is refused with 'Invalid public blob"
                        + " specified'",
                CertificateTsql.exportCertificate(r.newCertificateName())));
        steps.add(new RotationStep(steps.size() + 1, Side.AZURE_ARM,
                "Upload the new certificate to the managed instance as trust certificate "
                        + r.newTrustCertificateName(),
                "the managed instance must trust the new certificate before SQL Server presents it, or the"
                        + " handshake fails (error 41973); a new name because trust certificate names are unique and"
                        + " the old one is still in use",
                partnerCertificate("create", r.managedInstance(), r.newTrustCertificateName())
                        + " --public-blob 0x<certificate_der from step 2>"));
        // ALTER ENDPOINT changes only what it names, but its grammar lists ROLE without brackets inside
        // FOR DATABASE_MIRRORING (...); ROLE = ALL is what the link scripts use (mi-link-workflow.md section 3.7).
        // ENCRYPTION is left as it is.
        String authentication = (r.keepWindowsAuthentication() ? "WINDOWS NEGOTIATE CERTIFICATE " : "CERTIFICATE ");
        steps.add(new RotationStep(steps.size() + 1, Side.SQL_SERVER,
                "Switch endpoint " + r.endpointName() + " to the new certificate",
                "the endpoint presents one certificate; switching it is the moment the link starts using the new"
                        + " one (it affects every availability group on this endpoint)",
                CertificateTsql.USE_MASTER
                        + "ALTER ENDPOINT " + Tsql.quoteName(r.endpointName()) + "\n"
                        + "    FOR DATABASE_MIRRORING (AUTHENTICATION = " + authentication
                        + Tsql.quoteName(r.newCertificateName()) + ", ROLE = ALL);"));
        steps.add(new RotationStep(steps.size() + 1, Side.SQL_SERVER,
                "Verify " + (r.linkNames().size() == 1 ? "link " : "links ") + String.join(", ", r.linkNames())
                        + (r.linkNames().size() == 1 ? " is" : " are") + " CONNECTED with the new certificate",
                "proof that the managed instance accepts the new certificate, before anything old is removed;"
                        + " if it fails, switch the endpoint back to " + r.oldCertificateName(),
                verifyConnected(r)));
        steps.add(new RotationStep(steps.size() + 1, Side.SQL_SERVER,
                "Drop the old link certificate " + r.oldCertificateName(),
                "a retired private key should not stay on the server; the guard refuses while the endpoint still"
                        + " uses it",
                CertificateTsql.dropLinkCertificate(r.oldCertificateName())));
        steps.add(new RotationStep(steps.size() + 1, Side.AZURE_ARM,
                "Remove the old trust certificate " + r.oldTrustCertificateName() + " from the managed instance",
                "the managed instance should no longer trust a certificate SQL Server has dropped; done last because"
                        + " whether Azure needs both during the switch is not documented",
                partnerCertificate("delete", r.managedInstance(), r.oldTrustCertificateName())));
        return new RotationPlan(r.oldCertificateName(), r.newCertificateName(), steps);
    }

    /**
     * The Azure CLI command for a trust certificate on the instance (the same command {@code milink link script}
     * writes), the subscription named so that the CLI's default subscription does not decide where it lands.
     */
    private static String partnerCertificate(String verb, ManagedInstanceRef mi, String name) {
        return "az sql mi partner-cert " + verb + " --subscription " + ShellQuote.bash(mi.subscriptionId())
                + " --resource-group " + ShellQuote.bash(mi.resourceGroup()) + " --instance-name "
                + ShellQuote.bash(mi.name()) + " --name " + ShellQuote.bash(name);
    }

    /** Each link's remote replica CONNECTED, or THROW with the rollback: the first link not reconnected stops it. */
    private static String verifyConnected(RotationRequest r) {
        String rollback = "ALTER ENDPOINT " + Tsql.quoteName(r.endpointName())
                + " FOR DATABASE_MIRRORING (AUTHENTICATION = "
                + (r.keepWindowsAuthentication() ? "WINDOWS NEGOTIATE CERTIFICATE " : "CERTIFICATE ")
                + Tsql.quoteName(r.oldCertificateName()) + ", ROLE = ALL)";
        StringBuilder out = new StringBuilder(CertificateTsql.USE_MASTER);
        for (String link : r.linkNames()) {
            out.append("IF NOT EXISTS (SELECT 1 FROM sys.availability_groups AS ag\n")
                    .append("    JOIN sys.dm_hadr_availability_replica_states AS rs ON rs.group_id = ag.group_id\n")
                    .append("    WHERE ag.name = ").append(Tsql.literal(link)).append(" AND rs.is_local = 0")
                    .append(" AND rs.connected_state_desc = ").append(Tsql.literal("CONNECTED")).append(")\n")
                    .append("    THROW 50000, ").append(Tsql.literal("Link " + link + " is not CONNECTED: keep the old"
                            + " certificate. Wait a minute and rerun this check; if it stays disconnected, switch back"
                            + " with: " + rollback)).append(", 1;\n");
        }
        return out.substring(0, out.length() - 1);
    }
}
