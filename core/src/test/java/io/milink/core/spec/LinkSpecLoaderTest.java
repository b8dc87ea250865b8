package io.milink.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.core.azure.ManagedInstanceRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkSpecLoaderTest {

    private static final String FULL = """
            sqlServer:
              host: sql01.contoso.local
              port: 1433
              authentication: { type: sql, user: milink, passwordEnv: MILINK_SQL_PASSWORD }
              encrypt: strict
              hostNameInCertificate: sql01.contoso.com
              serverCertificate: certs/sql01.pem
            databases: [Sales, "a]; DROP DATABASE x--"]
            names: { availabilityGroup: "AG_{database}", endpointPort: 5023 }
            managedInstance: { fqdn: mi-target-01.abc123def456.database.windows.net, subnet: 10.0.2.0/27 }
            """;

    @Test
    void readsEveryFieldAndResolvesRelativePathsAgainstTheSpecsFolder() {
        LinkSpec spec = LinkSpecLoader.parse(FULL, "spec.yaml", Path.of("/etc/milink"));
        SqlServerTarget target = spec.sqlServer();
        assertThat(target.host()).isEqualTo("sql01.contoso.local");
        assertThat(target.port()).isEqualTo(1433);
        assertThat(target.encryption()).isEqualTo(Encryption.STRICT);
        assertThat(target.serverCertificate()).isEqualTo(Path.of("/etc/milink/certs/sql01.pem"));
        assertThat(target.authentication()).isEqualTo(new SqlAuthentication.SqlLogin("milink",
                new SecretSource.EnvironmentVariable("MILINK_SQL_PASSWORD")));
        assertThat(spec.databases()).containsExactly("Sales", "a]; DROP DATABASE x--");
        assertThat(spec.names().availabilityGroup()).isEqualTo("AG_{database}");
        assertThat(spec.namesFor("Sales").availabilityGroup()).isEqualTo("AG_Sales");
        assertThat(spec.names().endpointPortOrDefault()).isEqualTo(5023);
        assertThat(target.displayName()).isEqualTo("sql01.contoso.local:1433");
        assertThat(spec.managedInstance()).isEqualTo(new ManagedInstanceTarget(
                "mi-target-01.abc123def456.database.windows.net", "10.0.2.0/27"));
    }

    @Test
    void probeNetworkFalseIsReadAndAnythingButABooleanIsRefused() {
        String spec = """
                sqlServer: { host: sql01, authentication: { type: integrated } }
                managedInstance:
                  resourceId: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1
                """;
        assertThat(LinkSpecLoader.parse(spec, "spec.yaml", null).managedInstance().probeNetwork()).isTrue();
        assertThat(LinkSpecLoader.parse(spec + "  probeNetwork: false\n", "spec.yaml", null).managedInstance()
                .probeNetwork()).isFalse();
        assertThatThrownBy(() -> LinkSpecLoader.parse(spec + "  probeNetwork: no-thanks\n", "spec.yaml", null))
                .hasMessageContaining("spec.yaml: managedInstance.probeNetwork: expected true or false");
    }

    @Test
    void defaultsToStrictEncryptionAndTheDocumentedEndpointPort() {
        LinkSpec spec = LinkSpecLoader.parse("""
                sqlServer: { host: sql01, instance: PROD, authentication: { type: integrated } }
                """, "spec.yaml", null);
        assertThat(spec.sqlServer().encryption()).isEqualTo(Encryption.STRICT);
        assertThat(spec.names().endpointPortOrDefault()).isEqualTo(5022);
        assertThat(spec.sqlServer().displayName()).isEqualTo("sql01\\PROD");
        assertThat(spec.databases()).isEmpty();
        assertThat(spec.managedInstance()).isNull();
    }

    @Test
    void aLiteralPasswordIsRefusedWithWhatToWriteInstead() {
        assertThatThrownBy(() -> LinkSpecLoader.parse("""
                sqlServer: { host: h, authentication: { type: sql, user: u, password: hunter2 } }
                """, "spec.yaml", null))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("never holds a password").hasMessageContaining("passwordEnv")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void unknownAndMisspeltFieldsAreErrorsThatNameTheFieldAndTheAllowedOnes() {
        assertThatThrownBy(() -> LinkSpecLoader.parse("""
                sqlServer: { host: h, prot: 1433, authentication: { type: integrated } }
                """, "spec.yaml", null))
                .hasMessageContaining("spec.yaml: sqlServer.prot: unknown field").hasMessageContaining("port");
    }

    @Test
    void missingAndBadValuesSayWhereAndWhat() {
        assertThatThrownBy(() -> LinkSpecLoader.parse("databases: [a]", "s.yaml", null))
                .hasMessage("s.yaml: sqlServer is required");
        assertThatThrownBy(() -> LinkSpecLoader.parse("""
                sqlServer: { host: h, port: 70000, authentication: { type: integrated } }
                """, "s.yaml", null)).hasMessageContaining("70000 is not a TCP port");
        assertThatThrownBy(() -> LinkSpecLoader.parse("""
                sqlServer: { host: h, authentication: { type: sql, user: u } }
                """, "s.yaml", null)).hasMessageContaining("exactly one of passwordEnv");
        assertThatThrownBy(() -> LinkSpecLoader.parse("""
                sqlServer: { host: h, encrypt: maybe, authentication: { type: integrated } }
                """, "s.yaml", null)).hasMessageContaining("strict, true or false");
        assertThatThrownBy(() -> LinkSpecLoader.parse("""
                sqlServer: { host: h, authentication: { type: kerberos } }
                """, "s.yaml", null)).hasMessageContaining("not one of sql, integrated, entra");
        assertThatThrownBy(() -> LinkSpecLoader.parse("sqlServer: [", "s.yaml", null))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> LinkSpecLoader.parse("""
                sqlServer: { host: h, authentication: { type: integrated } }
                databases: [Sales, sales]
                """, "s.yaml", null)).hasMessageContaining("listed twice");
    }

    private static final String SQL = "sqlServer: { host: h, authentication: { type: integrated } }\n";

    @Test
    void theManagedInstanceIsAResourceIdOrSubscriptionGroupAndName() {
        String id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-link/providers/"
                + "Microsoft.Sql/managedInstances/mi-target-01";
        ManagedInstanceRef expected = new ManagedInstanceRef("00000000-0000-0000-0000-000000000001", "rg-link",
                "mi-target-01");
        LinkSpec byId = LinkSpecLoader.parse(SQL + "managedInstance: { resourceId: \"" + id + "\" }", "s.yaml",
                null);
        assertThat(byId.managedInstance()).isEqualTo(new ManagedInstanceTarget(null, null, expected));
        LinkSpec byParts = LinkSpecLoader.parse(SQL + """
                managedInstance:
                  subscriptionId: 00000000-0000-0000-0000-000000000001
                  resourceGroup: rg-link
                  name: mi-target-01
                  fqdn: mi-target-01.abc123def456.database.windows.net
                """, "s.yaml", null);
        assertThat(byParts.managedInstance().resource()).isEqualTo(expected);
        assertThat(byParts.managedInstance().fqdn()).isEqualTo("mi-target-01.abc123def456.database.windows.net");
    }

    @Test
    void aBadManagedInstanceSectionNamesTheField() {
        assertThatThrownBy(() -> LinkSpecLoader.parse(SQL + "managedInstance: { resourceId: mi-target-01 }",
                "s.yaml", null)).hasMessageStartingWith("s.yaml: managedInstance.resourceId: 'mi-target-01' is not "
                + "a managed instance resource id");
        assertThatThrownBy(() -> LinkSpecLoader.parse(SQL + "managedInstance: { resourceId: \"/subscriptions/"
                + "s/resourceGroups/g/providers/Microsoft.Sql/managedInstances/m\", name: m }", "s.yaml", null))
                .hasMessage("s.yaml: managedInstance.name: give either resourceId or subscriptionId, resourceGroup "
                        + "and name, not both");
        assertThatThrownBy(() -> LinkSpecLoader.parse(SQL + "managedInstance: { subscriptionId: "
                + "00000000-0000-0000-0000-000000000001, name: mi1 }", "s.yaml", null))
                .hasMessageStartingWith("s.yaml: managedInstance.resourceGroup is required with "
                        + "managedInstance.subscriptionId and managedInstance.name");
        assertThatThrownBy(() -> LinkSpecLoader.parse(SQL + "managedInstance: { subscriptionId: my-sub, "
                + "resourceGroup: rg, name: mi1 }", "s.yaml", null))
                .hasMessageStartingWith("s.yaml: managedInstance.subscriptionId: 'my-sub' is not a subscription id");
        assertThatThrownBy(() -> LinkSpecLoader.parse(SQL + "managedInstance: { subscriptionId: "
                + "00000000-0000-0000-0000-000000000001, resourceGroup: rg, name: MI_One }", "s.yaml", null))
                .hasMessageStartingWith("s.yaml: managedInstance.name: 'MI_One' is not a managed instance name");
        assertThatThrownBy(() -> LinkSpecLoader.parse(SQL + "managedInstance: { subnet: 10.0.2.0/27 }", "s.yaml",
                null)).hasMessageStartingWith("s.yaml: managedInstance: give fqdn");
        assertThatThrownBy(() -> LinkSpecLoader.parse(SQL + "managedInstance: { resourceId: \"/subscriptions/s/"
                + "resourceGroups/g/providers/Microsoft.Sql/managedInstances/m\", subnet: 10.0.2.0/27 }", "s.yaml",
                null)).hasMessageStartingWith("s.yaml: managedInstance.subnet: needs managedInstance.fqdn");
        assertThatThrownBy(() -> LinkSpecLoader.parse(SQL + "managedInstance: { resourceID: x }", "s.yaml", null))
                .hasMessageContaining("managedInstance.resourceID: unknown field").hasMessageContaining("resourceId");
    }

    @Test
    void aMissingNestedFieldIsNamedByItsFullPath() {
        assertThatThrownBy(() -> LinkSpecLoader.parse("sqlServer: { host: h }", "s.yaml", null))
                .hasMessage("s.yaml: sqlServer.authentication is required");
        assertThatThrownBy(() -> LinkSpecLoader.parse("sqlServer: { authentication: { type: integrated } }",
                "s.yaml", null)).hasMessage("s.yaml: sqlServer.host is required");
        assertThatThrownBy(() -> LinkSpecLoader.parse("sqlServer: { host: h, authentication: { user: u } }",
                "s.yaml", null)).hasMessage("s.yaml: sqlServer.authentication.type is required");
        assertThatThrownBy(() -> LinkSpecLoader.parse("""
                sqlServer: { host: h, authentication: { type: integrated } }
                managedInstance: { subnet: 10.0.0.0/24 }
                """, "s.yaml", null)).hasMessageStartingWith("s.yaml: managedInstance: give fqdn");
    }

    @Test
    void anUnreadableSpecFileSaysWhyInWordsAndWhatToCheck(@TempDir Path dir) {
        assertThatThrownBy(() -> LinkSpecLoader.load(dir.resolve("missing.yaml")))
                .hasMessage("cannot read spec file " + dir.resolve("missing.yaml") + ": no such file; check the path");
        assertThatThrownBy(() -> LinkSpecLoader.load(dir))
                .hasMessageContaining("it is a directory; name the file inside it");
    }

    @Test
    void passwordsResolveFromTheEnvironmentOrAFileAndSayWhichIsMissing(@TempDir Path dir) throws Exception {
        var env = new SecretSource.EnvironmentVariable("PW");
        assertThat(env.resolve(Map.of("PW", "s3cret"))).isEqualTo("s3cret");
        assertThatThrownBy(() -> env.resolve(Map.of())).hasMessageContaining("PW").hasMessageContaining("not set");

        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        assertThat(new SecretSource.File(file).resolve(Map.of())).isEqualTo("from-file");
        assertThatThrownBy(() -> new SecretSource.File(dir.resolve("nope")).resolve(Map.of()))
                .hasMessage("cannot read the password file " + dir.resolve("nope") + ": no such file; check the path");
        assertThat(new SecretSource.File(file).toString()).doesNotContain("from-file");
    }

    @Test
    void theInstancesSqlEndpointDefaultsToItsFqdnAndPort1433AndLogsInLikeSqlServer() {
        LinkSpec spec = LinkSpecLoader.parse(SQL + """
                managedInstance:
                  fqdn: mi-target-01.abc123def456.database.windows.net
                  sql:
                    authentication: { type: sql, user: miadmin, passwordFile: mi-password }
                """, "s.yaml", Path.of("/etc/milink"));
        SqlServerTarget sql = spec.managedInstance().sql();
        assertThat(sql.host()).isEqualTo("mi-target-01.abc123def456.database.windows.net");
        assertThat(sql.port()).isEqualTo(1433);
        assertThat(sql.encryption()).isEqualTo(Encryption.TRUE);
        assertThat(sql.authentication()).isEqualTo(new SqlAuthentication.SqlLogin("miadmin",
                new SecretSource.File(Path.of("/etc/milink/mi-password"))));
        assertThat(LinkSpecLoader.parse(SQL + "managedInstance: { fqdn: mi.zone.database.windows.net }", "s.yaml",
                null).managedInstance().sql()).as("optional").isNull();
    }

    @Test
    void theInstancesSqlEndpointNamesItsOwnFieldsInErrors() {
        String mi = SQL + "managedInstance:\n  resourceId: /subscriptions/00000000-0000-0000-0000-000000000001/"
                + "resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1\n";
        assertThatThrownBy(() -> LinkSpecLoader.parse(mi + "  sql: { authentication: { type: integrated } }\n",
                "s.yaml", null)).hasMessage("s.yaml: managedInstance.sql.host: give the instance's host name here, or"
                + " as managedInstance.fqdn, which it defaults to");
        assertThatThrownBy(() -> LinkSpecLoader.parse(mi + "  sql: { host: h, authentication: { type: sql, user: a,"
                + " password: x } }\n", "s.yaml", null)).hasMessageStartingWith("s.yaml: managedInstance.sql."
                + "authentication.password: a spec never holds a password");
        assertThatThrownBy(() -> LinkSpecLoader.parse(mi + "  sql: { host: h, instance: i, authentication: { type:"
                + " integrated } }\n", "s.yaml", null)).hasMessageStartingWith("s.yaml: managedInstance.sql.instance: "
                + "unknown field");
    }
}
