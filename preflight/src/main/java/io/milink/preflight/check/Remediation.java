package io.milink.preflight.check;

import java.util.Objects;

/**
 * What to do about a finding: the exact script, or the manual step. Scripts hold placeholders such as
 * {@code <strong password>} where a secret is needed, never a real one.
 */
public record Remediation(Kind kind, String script) {

    public enum Kind {
        /** T-SQL to run on the SQL Server (SSMS, sqlcmd). */
        TSQL,
        /** PowerShell on the SQL Server's Windows host. */
        POWERSHELL,
        /** A shell command on the SQL Server's Linux host. */
        SHELL,
        /** A step done by hand; the text says how. */
        MANUAL
    }

    public Remediation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(script, "script");
    }

    public static Remediation tsql(String script) {
        return new Remediation(Kind.TSQL, script);
    }

    public static Remediation powershell(String script) {
        return new Remediation(Kind.POWERSHELL, script);
    }

    public static Remediation shell(String script) {
        return new Remediation(Kind.SHELL, script);
    }

    public static Remediation manual(String steps) {
        return new Remediation(Kind.MANUAL, steps);
    }
}
