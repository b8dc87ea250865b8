package io.milink.linkmanager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.link.VirtualClock;
import reactor.core.publisher.Mono;

/** The ready-2022 twins in one link world on a clock the test moves, and a session of the engine on them. */
final class TwinLink implements AutoCloseable {

    static final TokenCredential ANY_TOKEN =
            request -> Mono.just(new AccessToken("twin-token", OffsetDateTime.now().plusHours(1)));

    final LinkedTwins twins;
    final VirtualClock clock = VirtualClock.manual();
    private final Connection connection;
    final LinkSession session;

    TwinLink(String yaml) {
        this(yaml, io.milink.simulator.arm.ArmFaultPlan.NONE);
    }

    TwinLink(String yaml, io.milink.simulator.arm.ArmFaultPlan armFaults) {
        this(yaml, armFaults, Duration.ofSeconds(30));
    }

    /** @param armMaxWait how long (real time) the ARM client waits for an operation before calling it still running */
    TwinLink(String yaml, io.milink.simulator.arm.ArmFaultPlan armFaults, Duration armMaxWait) {
        try {
            twins = LinkedTwins.builder().scenarioYaml(yaml, "test").clock(clock).tls(false)
                    .operationRetryAfter(Duration.ZERO).armFaults(armFaults).start();
            SqlServerTwin sql = twins.sqlServer().orElseThrow();
            SqlServerTwin.Credentials sa = sql.loginCredentials();
            connection = DriverManager.getConnection(sql.jdbcUrl(SqlServerTwin.Encryption.FALSE, null), sa.userName(),
                    sa.password());
            var arm = twins.arm().orElseThrow();
            ManagedInstanceRef ref = ManagedInstanceRef.parse(arm.resourceId());
            AzureEnvironment environment = AzureConnections.withResourceManager(AzureEnvironment.AZURE, arm.baseUrl());
            var http = AzureConnections.httpClientTrusting(arm.trustStore());
            session = new LinkSession(connection, ManagedInstanceClient.connect(ref, ANY_TOKEN, environment, http),
                    LinkArmClient.connect(ref, ANY_TOKEN, environment, http, Duration.ofMillis(20), armMaxWait), Map.of("MILINK_TEST_MASTER_KEY", "Canary-Master-Key-7f3a!"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The session with the instance's SQL endpoint, as {@code managedInstance.sql:} gives it: the scenario must name
     * the instance's {@code administratorLogin} (password {@link #INSTANCE_ADMIN_PASSWORD}).
     */
    LinkSession withInstanceSql() {
        SqlServerTwin mi = twins.instanceSql().orElseThrow();
        return session.withInstanceSql(new InstanceSqlEndpoint() {
            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(mi.jdbcUrl(SqlServerTwin.Encryption.FALSE, null), "miadmin",
                        INSTANCE_ADMIN_PASSWORD);
            }

            @Override
            public String displayName() {
                return mi.host() + ":" + mi.port();
            }
        });
    }

    static final String INSTANCE_ADMIN_PASSWORD = "Mi-Admin-Passw0rd!";

    /** ready-2022 with the instance's SQL endpoint, {@code sqlServer} lines replaced, and a {@code link:} section. */
    static String ready2022WithInstanceSql(String productVersion, String updatePolicy, String linkSection) {
        return BuiltInScenarios.yaml("ready-2022")
                .replace("productVersion: 16.0.4265.3", "productVersion: " + productVersion)
                .replace("updatePolicy: SQLServer2022", "updatePolicy: " + updatePolicy)
                .replace("  databases: [ HR ]\n", "  databases: [ HR ]\n  administratorLogin: miadmin\n"
                        + "  administratorLoginPassword: \"" + INSTANCE_ADMIN_PASSWORD + "\"\n")
                + "\nlink:\n" + linkSection;
    }

    static TwinLink ready2022() {
        return new TwinLink(BuiltInScenarios.yaml("ready-2022"));
    }

    /** The link of Sales as the documented script names it, SQL Server reached at sql22.contoso.local:5022. */
    static DesiredLink sales(SqlServerObservation sql) {
        return new DesiredLink("Cert_" + sql.serverName() + "_endpoint", LocalDate.now().plusYears(2), "Hadr_endpoint",
                5022, "TCP://sql22.contoso.local:5022", false, true,
                new io.milink.core.spec.SecretSource.EnvironmentVariable("MILINK_TEST_MASTER_KEY"),
                List.of(new DesiredLink.DatabaseLink("Sales", "AG_Sales", "DAG_Sales", "AG_Sales_MI")));
    }

    /** {@link #sales} in synchronous commit ({@code link.replicationMode: sync}). */
    static DesiredLink salesSync(SqlServerObservation sql) {
        DesiredLink d = sales(sql);
        return new DesiredLink(d.certificateName(), d.certificateExpiry(), d.endpointName(), d.endpointPort(),
                d.endpointUrl(), true, d.failoverModeManual(), d.masterKeyPassword(), d.databases());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the twin stops anyway
        }
        twins.close();
    }
}
