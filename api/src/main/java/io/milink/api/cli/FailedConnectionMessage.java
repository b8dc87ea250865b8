package io.milink.api.cli;

import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.ConnectFailure;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.sql.ConnectCheck;
import io.milink.preflight.report.Report;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code milink preflight} says when it could not connect to SQL Server: the cause and what to do, in a few
 * lines, instead of a report in which every other check is SKIP. The cause and the fix are the {@code sql.connect}
 * finding's, so the short answer and the full report ({@code --output json}) never disagree; the login or the
 * encryption used is added when that is what failed, said in the terms the user gave it (flags or the spec).
 */
final class FailedConnectionMessage {

    private FailedConnectionMessage() {
    }

    /**
     * @param target where the login came from, or null when it did not come from the command line or a spec (saved
     *               facts, a rehearsal)
     * @param inSpec true when {@code target} was read from a spec file, false when it came from flags
     */
    static String of(Report report, ConnectFailure failure, SqlServerTarget target, boolean inSpec) {
        Finding connect = report.findings().stream().filter(f -> f.id().equals(ConnectCheck.ID)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the report has no " + ConnectCheck.ID + " finding"));
        List<String> lines = new ArrayList<>();
        lines.add("cannot connect to SQL Server " + report.target() + ": " + connect.evidence());
        if (target != null && failure == ConnectFailure.LOGIN_FAILED) {
            lines.add("  login: " + login(target.authentication(), inSpec));
        }
        if (target != null && failure == ConnectFailure.TLS) {
            lines.add("  encryption: " + encryption(target, inSpec));
        }
        if (connect.remediation() != null) {
            lines.add("  what to do: " + connect.remediation().script());
        }
        lines.add("  Nothing else was checked. The full report: --output json.");
        return String.join(System.lineSeparator(), lines);
    }

    private static String login(SqlAuthentication authentication, boolean inSpec) {
        String where = inSpec ? " (the spec's sqlServer.authentication)" : "";
        if (authentication instanceof SqlAuthentication.SqlLogin login) {
            String flags = inSpec ? "" : " (--user, " + (login.password()
                    instanceof io.milink.core.spec.SecretSource.File ? "--password-file" : "--password-env") + ")";
            return "'" + login.user() + "', its password from the " + login.password().describe() + where + flags;
        }
        if (authentication instanceof SqlAuthentication.Integrated) {
            return "this machine's Windows or Kerberos identity (integrated)" + where;
        }
        return "Microsoft Entra ID, as this machine's default Azure identity (entra)" + where;
    }

    private static String encryption(SqlServerTarget target, boolean inSpec) {
        String mode = target.encryption().jdbcValue();
        String pinned = target.serverCertificate() == null
                ? "no server certificate pinned" + (inSpec ? " (serverCertificate: in the spec pins one)"
                        : " (--server-certificate FILE pins one)")
                : "the server certificate pinned from " + target.serverCertificate();
        return mode + ", " + pinned + (target.hostNameInCertificate() == null ? ""
                : ", certificate name " + target.hostNameInCertificate());
    }
}
