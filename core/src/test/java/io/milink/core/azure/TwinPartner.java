package io.milink.core.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;

import io.milink.core.Tsql;
import io.milink.core.azure.LinkRequests.LinkCreation;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.link.VirtualClock;

/**
 * The twins of {@code ready-2022} in one link world, on a clock the test moves, with the documented link script
 * (shared/reference/mi-link-workflow.md §3) run through mssql-jdbc and the product's ARM client, so that a link the
 * ARM client creates has a SQL Server partner prepared as the docs prepare it.
 */
final class TwinPartner implements AutoCloseable {

    static final String SQL_CERTIFICATE = "Cert_SQL22_endpoint";

    private final LinkedTwins twins;
    private final VirtualClock clock;
    private boolean certificatesExchanged;

    private TwinPartner(LinkedTwins twins, VirtualClock clock) {
        this.twins = twins;
        this.clock = clock;
    }

    /** {@code ready-2022} with these user databases added (each link needs a database of its own on SQL Server). */
    static TwinPartner start(ArmFaultPlan faults, Duration operationRetryAfter, String... databases) {
        StringBuilder extra = new StringBuilder();
        for (String db : databases) {
            extra.append("    - { name: ").append(db).append(", sizeMb: 64, backups: [ { type: FULL, finished: ")
                    .append("2026-11-20T01:00:00Z } ] }\n");
        }
        String yaml = BuiltInScenarios.yaml("ready-2022").replace("  databases:\n", "  databases:\n" + extra);
        return start(yaml, faults, operationRetryAfter);
    }

    static TwinPartner start(String yaml, ArmFaultPlan faults, Duration operationRetryAfter) {
        VirtualClock clock = VirtualClock.manual();
        try {
            return new TwinPartner(LinkedTwins.builder().scenarioYaml(yaml, "test").clock(clock).tls(false)
                    .armFaults(faults).operationRetryAfter(operationRetryAfter).start(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ArmTwin arm() {
        return twins.arm().orElseThrow();
    }

    SqlServerTwin sql() {
        return twins.sqlServer().orElseThrow();
    }

    LinkedTwins twins() {
        return twins;
    }

    VirtualClock clock() {
        return clock;
    }

    Connection connect() throws SQLException {
        SqlServerTwin.Credentials sa = sql().sysadminCredentials();
        return DriverManager.getConnection(sql().jdbcUrl(SqlServerTwin.Encryption.FALSE, null), sa.userName(),
                sa.password());
    }

    static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static byte[] certificateDer(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CERTENCODED(CERT_ID(" + Tsql.literal(name) + "))")) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    /**
     * §3.1–3.4: the master key if missing, SQL Server's link certificate and its upload to the instance, the
     * instance's endpoint certificate imported under its FQDN; §3.7: the endpoint authenticating with it.
     */
    void exchangeCertificates(Connection c, LinkArmClient arm) throws Exception {
        run(c, "IF NOT EXISTS (SELECT * FROM sys.symmetric_keys WHERE symmetric_key_id = 101) "
                + "CREATE MASTER KEY ENCRYPTION BY PASSWORD = " + Tsql.literal("Twin-Master-Key-1!"));
        run(c, "CREATE CERTIFICATE " + Tsql.quoteName(SQL_CERTIFICATE) + " WITH SUBJECT = "
                + Tsql.literal("Certificate for " + SQL_CERTIFICATE) + ", EXPIRY_DATE = '20300101'");
        arm.trustCertificates().put(SQL_CERTIFICATE, HexFormat.of().formatHex(certificateDer(c, SQL_CERTIFICATE)));
        String blob = ManagedInstanceClient.connect(arm.ref(), TwinArm.ANY_TOKEN, TwinArm.environment(arm()),
                TwinArm.httpClient(arm())).endpointCertificateBlob();
        run(c, "CREATE CERTIFICATE " + Tsql.quoteName(arm().instance().scenario().fqdn()) + " FROM BINARY = "
                + (blob.startsWith("0x") ? blob : "0x" + blob));
        run(c, "ALTER ENDPOINT [Hadr_endpoint] STATE = STARTED AS TCP (LISTENER_PORT = 5022, LISTENER_IP = ALL) "
                + "FOR DATABASE_MIRRORING (ROLE = ALL, AUTHENTICATION = WINDOWS NEGOTIATE CERTIFICATE "
                + Tsql.quoteName(SQL_CERTIFICATE) + ", ENCRYPTION = REQUIRED ALGORITHM AES)");
    }

    /** §3.8: the availability group of one database, this instance its primary replica. */
    static void createAvailabilityGroup(Connection c, String group, String database) throws SQLException {
        run(c, "CREATE AVAILABILITY GROUP " + Tsql.quoteName(group) + " WITH (CLUSTER_TYPE = NONE) FOR DATABASE "
                + Tsql.quoteName(database) + " REPLICA ON N'SQL22' WITH (ENDPOINT_URL = N'TCP://sql22.contoso.local:5022', "
                + "AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC)");
    }

    /** §3.9: the distributed availability group, its second member on the instance as the docs write it. */
    void createDistributedGroup(Connection c, String dag, String group, String instanceGroup) throws SQLException {
        String fqdn = arm().instance().scenario().fqdn();
        String mi = arm().instance().scenario().name();
        run(c, "CREATE AVAILABILITY GROUP " + Tsql.quoteName(dag) + " WITH (DISTRIBUTED) AVAILABILITY GROUP ON "
                + Tsql.literal(group) + " WITH (LISTENER_URL = N'TCP://sql22.contoso.local:5022', "
                + "AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC, "
                + "SESSION_TIMEOUT = 20), " + Tsql.literal(instanceGroup) + " WITH (LISTENER_URL = "
                + Tsql.literal("tcp://" + fqdn + ":5022;Server=[" + mi + "]") + ", "
                + "AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC)");
    }

    /** Everything SQL Server needs before the instance can join {@code dag} for {@code link}. */
    void prepare(String dag, LinkCreation link) throws Exception {
        try (Connection c = connect()) {
            if (!certificatesExchanged) {
                exchangeCertificates(c, TwinArm.linkClient(arm()));
                certificatesExchanged = true;
            }
            createAvailabilityGroup(c, link.partnerAvailabilityGroupName(), link.databases().get(0));
            createDistributedGroup(c, dag, link.partnerAvailabilityGroupName(), link.instanceAvailabilityGroupName());
        }
    }

    /** T-SQL on SQL Server, e.g. to demote it after a forced failover. */
    void sql(String statement) throws SQLException {
        try (Connection c = connect()) {
            run(c, statement);
        }
    }

    @Override
    public void close() {
        twins.close();
    }
}
