package io.milink.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;

import io.milink.core.Tsql;
import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.LinkRequests;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmTwin;
import reactor.core.publisher.Mono;

/**
 * A link made without milink's planner, as a DBA following Microsoft's "Configure a link with scripts" would make
 * it on the ready-2022 twins, with names of their own: the link certificate {@code SQL22_LinkCert}, the groups
 * {@code Sales_AG} and {@code Sales_Link}, the instance's group {@code Sales_MI}, the trust certificate
 * {@code sql22-link}. T-SQL through the driver, then the two ARM PUTs (trust certificate, link). Test-only.
 */
final class HandMadeLink {

    private static final TokenCredential ANY_TOKEN =
            request -> Mono.just(new AccessToken("twin-token", OffsetDateTime.now().plusHours(1)));

    private HandMadeLink() {
    }

    static void make(SqlServerTwin sql, ArmTwin arm) throws Exception {
        ManagedInstanceRef ref = ManagedInstanceRef.parse(arm.resourceId());
        AzureEnvironment environment = AzureConnections.withResourceManager(AzureEnvironment.AZURE, arm.baseUrl());
        var http = AzureConnections.httpClientTrusting(arm.trustStore());
        ManagedInstanceClient instance = ManagedInstanceClient.connect(ref, ANY_TOKEN, environment, http);
        LinkArmClient links = LinkArmClient.connect(ref, ANY_TOKEN, environment, http, Duration.ofMillis(20),
                Duration.ofSeconds(30));
        String fqdn = instance.instance().fqdn();
        String blob = instance.endpointCertificateBlob();
        String instanceCertificate = blob.startsWith("0x") || blob.startsWith("0X") ? blob : "0x" + blob;
        String publicKey;
        SqlServerTwin.Credentials sa = sql.loginCredentials();
        try (Connection c = DriverManager.getConnection(sql.jdbcUrl(SqlServerTwin.Encryption.FALSE, null),
                sa.userName(), sa.password()); Statement s = c.createStatement()) {
            s.execute("USE [master];\n"
                    + "CREATE CERTIFICATE [SQL22_LinkCert] WITH SUBJECT = N'Link to Azure', EXPIRY_DATE = N'20301231';");
            s.execute("USE [master];\nALTER ENDPOINT [Hadr_endpoint] STATE = STARTED AS TCP (LISTENER_PORT = 5022, "
                    + "LISTENER_IP = ALL) FOR DATABASE_MIRRORING (ROLE = ALL, AUTHENTICATION = WINDOWS NEGOTIATE "
                    + "CERTIFICATE [SQL22_LinkCert], ENCRYPTION = REQUIRED ALGORITHM AES);");
            s.execute("USE [master];\nCREATE CERTIFICATE " + Tsql.quoteName(fqdn) + " FROM BINARY = "
                    + instanceCertificate + ";");
            s.execute("""
                    USE [master];
                    CREATE AVAILABILITY GROUP [Sales_AG]
                      WITH (CLUSTER_TYPE = NONE)
                      FOR DATABASE [Sales]
                      REPLICA ON N'SQL22' WITH (ENDPOINT_URL = 'TCP://sql22.contoso.local:5022',
                         AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC);
                    """);
            s.execute("USE [master];\nCREATE AVAILABILITY GROUP [Sales_Link]\n  WITH (DISTRIBUTED)\n"
                    + "  AVAILABILITY GROUP ON\n    N'Sales_AG' WITH (LISTENER_URL = 'TCP://sql22.contoso.local:5022', "
                    + "AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC, "
                    + "SESSION_TIMEOUT = 20),\n    N'Sales_MI' WITH (LISTENER_URL = "
                    + Tsql.literal("tcp://" + fqdn + ":5022;Server=[" + ref.name() + "]")
                    + ", AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC);");
            try (ResultSet rs = s.executeQuery("SELECT CERTENCODED(CERT_ID(N'SQL22_LinkCert'))")) {
                rs.next();
                publicKey = "0x" + HexFormat.of().formatHex(rs.getBytes(1));
            }
        }
        links.trustCertificates().put("sql22-link", publicKey);
        links.links().create("Sales_Link", new LinkRequests.LinkCreation("Sales_MI", "Sales_AG",
                "TCP://sql22.contoso.local:5022", List.of("Sales"), LinkRequests.LinkRole.SECONDARY,
                LinkRequests.FailoverMode.MANUAL, LinkRequests.ReplicationMode.ASYNC));
    }
}
