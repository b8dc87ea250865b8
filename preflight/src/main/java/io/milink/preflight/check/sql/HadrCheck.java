package io.milink.preflight.check.sql;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.SqlServerFacts;

/**
 * {@code sql.hadr}: Always On availability groups must be enabled; it takes a service restart. SQL Server 2016
 * first needs the host to be a (single-node) WSFC node (mi-link-workflow.md §1.6).
 */
public final class HadrCheck extends InstanceCheck {

    public static final String ID = "sql.hadr";

    public HadrCheck() {
        super(ID, "Always On availability groups enabled");
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        if (server.hadrEnabled()) {
            return finding(target, Status.PASS, "SERVERPROPERTY('IsHadrEnabled') = 1", null);
        }
        return finding(target, Status.FAIL, "SERVERPROPERTY('IsHadrEnabled') = 0: Always On is disabled",
                remediation(server));
    }

    static Remediation remediation(SqlServerFacts server) {
        if (server.isLinux()) {
            return Remediation.shell("sudo /opt/mssql/bin/mssql-conf set hadr.hadrenabled 1\n"
                    + "sudo systemctl restart mssql-server");
        }
        String instance = server.serverName() == null ? "<server\\instance>" : server.serverName();
        String enable = "# Needs the SqlServer PowerShell module; restarts the SQL Server service.\n"
                + "Enable-SqlAlwaysOn -ServerInstance '" + instance.replace("'", "''") + "' -Force";
        if (server.productVersion() != null && server.productVersion().startsWith("13.")) {
            return Remediation.powershell("# SQL Server 2016: the host must first be a node of a (single-node) "
                    + "Windows Server Failover Cluster.\n"
                    + "Install-WindowsFeature -Name Failover-Clustering -IncludeManagementTools\n"
                    + "New-Cluster -Name '<cluster name>' -Node $env:COMPUTERNAME -NoStorage "
                    + "-StaticAddress '<cluster IP>'\n"
                    + "# Grant NT AUTHORITY\\SYSTEM the permissions listed in the link preparation guide, then:\n"
                    + enable);
        }
        return Remediation.powershell(enable);
    }
}
