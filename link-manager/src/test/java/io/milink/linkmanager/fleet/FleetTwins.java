package io.milink.linkmanager.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.simulator.FleetScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.RecordedRequest;
import io.milink.simulator.link.VirtualClock;
import reactor.core.publisher.Mono;

/** One SQL Server twin with {@code databases} links to one instance twin, and the clients a fleet reads them with. */
final class FleetTwins implements AutoCloseable {

    private static final TokenCredential ANY_TOKEN =
            request -> Mono.just(new AccessToken("twin-token", OffsetDateTime.now().plusHours(1)));

    final LinkedTwins twins;
    final SqlServerTwin sql;
    final String instanceName;
    final LinkArmClient arm;
    final List<String> databases;

    FleetTwins(String serverName, String instanceName, int databases, VirtualClock clock) {
        try {
            twins = LinkedTwins.builder().scenarioYaml(FleetScenarios.linkedYaml(serverName, instanceName, databases,
                    ""), serverName).clock(clock).tls(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.sql = twins.sqlServer().orElseThrow();
        this.instanceName = instanceName;
        this.databases = FleetScenarios.databaseNames(databases);
        var armTwin = twins.arm().orElseThrow();
        arm = LinkArmClient.connect(ManagedInstanceRef.parse(armTwin.resourceId()), ANY_TOKEN,
                AzureConnections.withResourceManager(AzureEnvironment.AZURE, armTwin.baseUrl()),
                AzureConnections.httpClientTrusting(armTwin.trustStore()), Duration.ofMillis(20), Duration.ofSeconds(30));
    }

    String jdbcUrl() {
        return sql.jdbcUrl(SqlServerTwin.Encryption.FALSE, null);
    }

    static DatabaseLinkNames names(String database) {
        return new DatabaseLinkNames(database, "AG_" + database, "DAG_" + database, "AG_" + database + "_MI");
    }

    /** The ARM requests the instance twin received so far. */
    List<RecordedRequest> armRequests() {
        return twins.arm().orElseThrow().receivedRequests();
    }

    /** SQL batches and RPCs the SQL Server twin received so far, all connections together. */
    int sqlRequests() {
        return sql.requestsByConnection().values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public void close() {
        twins.close();
    }
}
