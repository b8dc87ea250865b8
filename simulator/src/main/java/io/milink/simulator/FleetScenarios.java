package io.milink.simulator;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Scenarios for a fleet: one SQL Server 2022 (the {@code ready-2022} server's settings) with many databases, each
 * already linked, by another tool, to one managed instance (the {@code linked-2022} way: the documented script's
 * objects on SQL Server, the link on the instance, {@code link.existing} replicating). For monitors and benchmarks
 * that need hundreds of links without creating them. Names follow the documented script: database {@code Db001},
 * availability group {@code AG_Db001}, distributed group and link {@code DAG_Db001}, instance group
 * {@code AG_Db001_MI}.
 */
public final class FleetScenarios {

    /** The sysadmin login every fleet scenario declares (a twin's, not a secret). */
    public static final String LOGIN = "sa";
    public static final String PASSWORD = "Twin-Passw0rd!";

    private FleetScenarios() {
    }

    /** The database names {@link #linkedYaml} declares, in order: Db001, Db002, … */
    public static List<String> databaseNames(int databases) {
        int width = Math.max(3, String.valueOf(databases).length());
        return IntStream.rangeClosed(1, databases).mapToObj(i -> String.format(Locale.ROOT, "Db%0" + width + "d", i))
                .toList();
    }

    /**
     * A scenario of SQL Server {@code serverName} with {@code databases} small databases, each linked to the
     * instance {@code instanceName} and replicating asynchronously.
     *
     * @param linkSection extra lines of the {@code link:} section (rates, faults), each indented two spaces; may be
     *                    empty
     */
    public static String linkedYaml(String serverName, String instanceName, int databases, String linkSection) {
        if (databases < 1) {
            throw new IllegalArgumentException("a fleet scenario needs at least one database, not " + databases);
        }
        if (!serverName.matches("[A-Za-z][A-Za-z0-9-]{0,14}") || !instanceName.matches("[a-z][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("server names are letters, digits and '-' (at most 15), instance "
                    + "names lower-case letters, digits and '-'");
        }
        List<String> names = databaseNames(databases);
        String host = serverName.toLowerCase(Locale.ROOT) + ".contoso.local";
        String fqdn = instanceName + ".abc123def456.database.windows.net";
        StringBuilder y = new StringBuilder();
        y.append("sqlServer:\n")
                .append("  serverName: ").append(serverName).append('\n')
                .append("""
                          productVersion: 16.0.4265.3   # 2022 CU26, as ready-2022
                          productLevel: RTM
                          productUpdateLevel: CU26
                          edition: Enterprise Edition (64-bit)
                          hostPlatform: Windows
                          collation: SQL_Latin1_General_CP1_CI_AS
                          hadrEnabled: true
                          traceFlags: { global: [1800, 9567], startup: [1800, 9567] }
                          masterKey: true
                          certificateIssuerProcedure: true
                          logins:
                            - { name: %s, password: "%s", sysadmin: true }
                          certificates:
                            - { name: DigiCertPKI, bundled: digicert-global-root-g2, issuerFor: "*.database.windows.net" }
                        """.formatted(LOGIN, PASSWORD))
                .append("    - { name: Cert_").append(serverName).append("_endpoint, subject: \"Certificate for Cert_")
                .append(serverName).append("_endpoint\", startDate: 2026-01-01, expiryDate: 2030-01-01 }\n")
                .append("  endpoints:\n")
                .append("    - { name: Hadr_endpoint, port: 5022, state: STARTED, authentication: \"WINDOWS NEGOTIATE "
                        + "CERTIFICATE\", encryption: REQUIRED, algorithm: AES, certificate: Cert_")
                .append(serverName).append("_endpoint }\n")
                .append("  databases:\n");
        for (String db : names) {
            y.append("    - { name: ").append(db).append(", recoveryModel: FULL, state: ONLINE, sizeMb: 64, logFiles: 1,"
                    + " filestream: false, inMemoryOltp: false, tde: false, backups: [ { type: FULL, finished: "
                    + "2026-11-20T01:00:00Z, copyOnly: false } ] }\n");
        }
        y.append("  availabilityGroups:\n");
        for (String db : names) {
            y.append("    - { name: AG_").append(db).append(", databases: [").append(db).append("], clusterType: NONE }\n")
                    .append("    - name: DAG_").append(db).append('\n')
                    .append("      distributed: true\n")
                    .append("      members:\n")
                    .append("        - { name: AG_").append(db).append(", listenerUrl: \"TCP://").append(host)
                    .append(":5022\", sessionTimeout: 20 }\n")
                    .append("        - { name: AG_").append(db).append("_MI, listenerUrl: \"tcp://").append(fqdn)
                    .append(":5022;Server=[").append(instanceName).append("]\" }\n");
        }
        y.append("managedInstance:\n")
                .append("  subscriptionId: 00000000-0000-0000-0000-000000000001\n")
                .append("  resourceGroup: rg-fleet\n")
                .append("  name: ").append(instanceName).append('\n')
                .append("  fqdn: ").append(fqdn).append('\n')
                .append("""
                          state: Ready
                          collation: SQL_Latin1_General_CP1_CI_AS
                          updatePolicy: SQLServer2022
                          tier: GeneralPurpose
                          vCores: 8
                          storageSizeGb: 256
                          usedStorageGb: 10
                          databases: [ HR ]
                          failoverGroup: false
                          grantedActions: [ "Microsoft.Sql/managedInstances/*" ]
                          links:
                        """);
        for (String db : names) {
            y.append("    - { name: DAG_").append(db).append(", instanceAvailabilityGroupName: AG_").append(db)
                    .append("_MI, partnerAvailabilityGroupName: AG_").append(db).append(", partnerEndpoint: \"TCP://")
                    .append(host).append(":5022\", databases: [ ").append(db).append(" ] }\n");
        }
        y.append("link:\n").append(linkSection);
        if (!linkSection.isEmpty() && !linkSection.endsWith("\n")) {
            y.append('\n');
        }
        y.append("  existing:\n");
        for (String db : names) {
            y.append("    - { name: DAG_").append(db).append(", phase: synchronizing }\n");
        }
        return y.toString();
    }
}
