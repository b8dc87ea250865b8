package io.milink.simulator.sqlserver;

import java.util.Locale;

import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.SqlVariant;
import io.milink.simulator.sqlserver.scenario.Scenario;

/**
 * The instance's fixed identity: {@code SERVERPROPERTY(…)} values with their sql_variant base types, and the
 * {@code @@VERSION} text. Property names and types follow Microsoft Learn "SERVERPROPERTY (Transact-SQL)".
 */
public final class ServerProperties {

    private final Scenario.SqlServer scenario;
    private final int major;
    private final String machineName;
    private final String instanceName;

    public ServerProperties(Scenario.SqlServer scenario) {
        this.scenario = scenario;
        this.major = Integer.parseInt(scenario.productVersion().split("\\.")[0]);
        String server = scenario.serverName();
        int slash = server.indexOf('\\');
        this.machineName = slash < 0 ? server : server.substring(0, slash);
        this.instanceName = slash < 0 ? null : server.substring(slash + 1);
    }

    public int majorVersion() {
        return major;
    }

    public String serverName() {
        return scenario.serverName();
    }

    /** SERVERPROPERTY('IsHadrEnabled') = 1: Always On availability groups are enabled. */
    public boolean hadrEnabled() {
        return Boolean.TRUE.equals(scenario.hadrEnabled());
    }

    /** Whether the four-part build (ProductVersion) is at least {@code version}, compared part by part. */
    public boolean buildAtLeast(String version) {
        String[] have = scenario.productVersion().split("\\.");
        String[] want = version.split("\\.");
        for (int i = 0; i < Math.max(have.length, want.length); i++) {
            int h = i < have.length ? Integer.parseInt(have[i]) : 0;
            int w = i < want.length ? Integer.parseInt(want[i]) : 0;
            if (h != w) {
                return h > w;
            }
        }
        return true;
    }

    public String machineName() {
        return machineName;
    }

    /** MSSQLSERVER for a default instance (as in registry paths), else the instance name. */
    public String serviceInstanceName() {
        return instanceName == null ? "MSSQLSERVER" : instanceName;
    }

    public String collation() {
        return scenario.collation() == null ? "SQL_Latin1_General_CP1_CI_AS" : scenario.collation();
    }

    public boolean linux() {
        return scenario.hostPlatform() == Scenario.HostPlatform.Linux;
    }

    public String productLevel() {
        return scenario.productLevel() == null ? "RTM" : scenario.productLevel();
    }

    /**
     * Whether this instance plays an Azure SQL Managed Instance's SQL endpoint: SERVERPROPERTY('Edition') is
     * "SQL Azure" there and EngineEdition 8 (Microsoft Learn, SERVERPROPERTY).
     */
    public boolean managedInstance() {
        return scenario.edition().startsWith("SQL Azure");
    }

    /**
     * EngineEdition: 8 = Azure SQL Managed Instance, 2 = Standard (also Web and Business Intelligence), 3 = Enterprise (also Developer and
     * Evaluation), 4 = Express (Microsoft Learn, SERVERPROPERTY).
     */
    public int engineEdition() {
        String e = scenario.edition();
        if (managedInstance()) {
            return 8;
        }
        if (e.startsWith("Standard") || e.startsWith("Web")) {
            return 2;
        }
        if (e.startsWith("Express")) {
            return 4;
        }
        return 3;
    }

    /** The value of SERVERPROPERTY(name), or null (SQL NULL) for an unknown or absent property. */
    public SqlVariant property(String name) {
        String[] v = scenario.productVersion().split("\\.");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "productversion" -> nv(scenario.productVersion());
            case "productlevel" -> nv(productLevel());
            case "productupdatelevel" -> scenario.productUpdateLevel() == null ? null : nv(scenario.productUpdateLevel());
            case "productmajorversion" -> nv(v[0]);
            case "productminorversion" -> nv(v[1]);
            case "productbuild" -> nv(v[2]);
            case "productbuildtype" -> nv("OD");
            case "edition" -> nv(scenario.edition());
            case "engineedition" -> in(engineEdition());
            case "ishadrenabled" -> in(Boolean.TRUE.equals(scenario.hadrEnabled()) ? 1 : 0);
            case "hadrmanagerstatus" -> in(Boolean.TRUE.equals(scenario.hadrEnabled()) ? 1 : 2);
            case "collation" -> nv(collation());
            case "servername" -> nv(scenario.serverName());
            case "machinename", "computernamephysicalnetbios" -> nv(machineName);
            case "instancename" -> instanceName == null ? null : nv(instanceName);
            case "isclustered", "issingleuser", "isintegratedsecurityonly", "isfulltextinstalled", "ispolybaseinstalled",
                 "isxtpsupported" -> in(name.equalsIgnoreCase("isxtpsupported") || name.equalsIgnoreCase("isfulltextinstalled") ? 1 : 0);
            case "lcid" -> in(1033);
            case "sqlcharsetname" -> nv("iso_1");
            case "processid" -> in(4242);
            default -> null;
        };
    }

    private static SqlVariant nv(String s) {
        return new SqlVariant(SqlType.nvarchar(128), s);
    }

    private static SqlVariant in(int i) {
        return new SqlVariant(SqlType.integer(), i);
    }

    private String yearName() {
        return switch (major) {
            case 10 -> scenario.productVersion().startsWith("10.5") ? "2008 R2" : "2008";
            case 11 -> "2012";
            case 12 -> "2014";
            case 13 -> "2016";
            case 14 -> "2017";
            case 15 -> "2019";
            case 16 -> "2022";
            default -> "2025";
        };
    }

    /**
     * {@code @@VERSION}, shaped like SQL Server's, e.g. "Microsoft SQL Server 2019 (RTM-CU20) (KB…) - 15.0.4312.2 (X64)
     * \n\tApr  1 2023 …\n\tCopyright (C) 2019 Microsoft Corporation\n\tEnterprise Edition (64-bit) on Windows Server
     * 2019 Datacenter 10.0 &lt;X64&gt; (Build 17763: ) (Hypervisor)\n". The KB number and build date are not modelled.
     */
    public String versionText() {
        if (managedInstance()) {
            // A managed instance names no year or OS: "Microsoft SQL Azure (RTM) - 12.0.2000.8 …" (its build date
            // and the trailing text are not modelled).
            return "Microsoft SQL Azure (RTM) - " + scenario.productVersion() + " \n"
                    + "\tJan  1 2026 00:00:00 \n"
                    + "\tCopyright (C) 2022 Microsoft Corporation\n";
        }
        String level = productLevel() + (scenario.productUpdateLevel() == null ? "" : "-" + scenario.productUpdateLevel());
        String os;
        if (linux()) {
            String distro = scenario.hostDistribution() == null ? "Ubuntu 22.04.4 LTS" : scenario.hostDistribution();
            os = "Linux (" + distro + ") <X64>";
        } else {
            os = "Windows Server 2022 Datacenter 10.0 <X64> (Build 20348: ) (Hypervisor)";
        }
        return "Microsoft SQL Server " + yearName() + " (" + level + ") - " + scenario.productVersion() + " (X64) \n"
                + "\tJan  1 2026 00:00:00 \n"
                + "\tCopyright (C) " + yearName() + " Microsoft Corporation\n"
                + "\t" + scenario.edition() + " on " + os + "\n";
    }
}
