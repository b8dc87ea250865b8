package io.milink.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec's link: section, how milink creates each link. */
class LinkSpecLinkOptionsTest {

    private static final String SQL = "sqlServer: { host: sql01.contoso.local, authentication: { type: integrated } }\n"
            + "databases: [Sales]\n";
    /** "Today" for certificateExpiry: 2026-11-22. */
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private static LinkSpec parse(String yaml) {
        return parse(yaml, null);
    }

    private static LinkSpec parse(String yaml, Path baseDir) {
        return LinkSpecLoader.parse(SQL + yaml, "s.yaml", baseDir, TODAY);
    }

    @Test
    void withoutALinkSectionTheLinkIsAsyncWithManualFailoverAndAnEndpointDerivedFromTheHost() {
        LinkSpec spec = parse("");
        assertThat(spec.link()).isEqualTo(new LinkOptions(ReplicationMode.ASYNC, FailoverMode.MANUAL, null, null,
                null));
        assertThat(spec.partnerEndpoint()).isEqualTo("TCP://sql01.contoso.local:5022");
        assertThat(parse("names: { endpointPort: 5023 }").partnerEndpoint())
                .isEqualTo("TCP://sql01.contoso.local:5023");
        assertThat(LinkSpecLoader.parse("sqlServer: { host: \"fd00::10\", authentication: { type: integrated } }",
                "s.yaml", null).partnerEndpoint()).isEqualTo("TCP://[fd00::10]:5022");
    }

    @Test
    void everyFieldIsReadAndTheModesIgnoreCase() {
        LinkSpec spec = parse("""
                link:
                  replicationMode: SYNC
                  failoverMode: None
                  seedingMode: Automatic
                  partnerEndpoint: tcp://sql01-link.contoso.local:5023
                  certificateExpiry: 2028-12-31
                  masterKeyPasswordEnv: MILINK_MASTER_KEY_PASSWORD
                """);
        assertThat(spec.link()).isEqualTo(new LinkOptions(ReplicationMode.SYNC, FailoverMode.NONE,
                "TCP://sql01-link.contoso.local:5023", LocalDate.of(2028, 12, 31),
                new SecretSource.EnvironmentVariable("MILINK_MASTER_KEY_PASSWORD")));
        assertThat(spec.partnerEndpoint()).isEqualTo("TCP://sql01-link.contoso.local:5023");
    }

    @Test
    void badModesSayWhatIsAllowed() {
        assertThatThrownBy(() -> parse("link: { replicationMode: synchronous }"))
                .hasMessage("s.yaml: link.replicationMode: 'synchronous' is not a replication mode; use async (the "
                        + "default) or sync");
        assertThatThrownBy(() -> parse("link: { failoverMode: automatic }"))
                .hasMessageStartingWith("s.yaml: link.failoverMode: 'automatic' is not a failover mode; use manual");
        assertThatThrownBy(() -> parse("link: { seedingMode: Manual }"))
                .hasMessage("s.yaml: link.seedingMode: 'Manual' cannot be used: ARM accepts only Automatic seeding "
                        + "for a link; write automatic or leave it out");
        assertThatThrownBy(() -> parse("link: { seedingMode: sometimes }")).hasMessageContaining("only Automatic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TCP://10.0.0.4:5022", "tcp://sql01:1", "Tcp://[fd00::4]:65535", "tcp://SQL_01.corp:5022"})
    void aTcpEndpointWithAHostAndAPortIsAccepted(String endpoint) {
        String normalized = parse("link: { partnerEndpoint: \"" + endpoint + "\" }").partnerEndpoint();
        assertThat(normalized).startsWith("TCP://").isEqualToIgnoringCase(endpoint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sql01:5022", "http://sql01:5022", "tcp://sql01", "tcp://sql01:", "tcp://:5022",
            "tcp://sql01:5022/x", "tcp://sql 01:5022", "tcp://sql01:5022;Server=[x]", "tcp://-sql01:5022",
            "tcp://user@sql01:5022"})
    void anythingButTcpHostPortIsRefusedWithAnExample(String endpoint) {
        assertThatThrownBy(() -> parse("link: { partnerEndpoint: \"" + endpoint + "\" }"))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("s.yaml: link.partnerEndpoint: '" + endpoint + "' is not tcp://HOST:PORT")
                .hasMessageContaining("TCP://sql01.contoso.local:5022");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "99999"})
    void aPortOutsideTcpsRangeIsRefused(String port) {
        assertThatThrownBy(() -> parse("link: { partnerEndpoint: \"tcp://sql01:" + port + "\" }"))
                .hasMessage("s.yaml: link.partnerEndpoint: port " + port + " is not a TCP port (1-65535)");
    }

    @Test
    void theCertificateExpiryIsAnIsoDateAfterToday() {
        assertThat(parse("link: { certificateExpiry: 2026-11-23 }").link().certificateExpiry())
                .isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(parse("link: { certificateExpiry: \"2030-01-01\" }").link().certificateExpiry())
                .isEqualTo(LocalDate.of(2030, 1, 1));
        assertThatThrownBy(() -> parse("link: { certificateExpiry: 2026-11-22 }"))
                .hasMessage("s.yaml: link.certificateExpiry: 2026-11-22 is not in the future (today is 2026-11-22); "
                        + "give a later date, or leave it out for two years after the certificate is created");
        assertThatThrownBy(() -> parse("link: { certificateExpiry: 2020-01-01 }"))
                .hasMessageContaining("is not in the future");
        assertThatThrownBy(() -> parse("link: { certificateExpiry: 31/12/2028 }"))
                .hasMessageStartingWith("s.yaml: link.certificateExpiry: '31/12/2028' is not a date; write it as "
                        + "YYYY-MM-DD, e.g. 2028-11-22");
        assertThatThrownBy(() -> parse("link: { certificateExpiry: 2028-02-30 }")).hasMessageContaining("not a date");
    }

    @Test
    void anInlineMasterKeyPasswordIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> parse("link: { masterKeyPassword: \"Tr0ub4dor&3\" }"))
                .isInstanceOf(SpecException.class)
                .hasMessage("s.yaml: link.masterKeyPassword: a spec never holds a password; name where it is with "
                        + "masterKeyPasswordEnv: VARIABLE or masterKeyPasswordFile: PATH")
                .hasMessageNotContaining("Tr0ub4dor");
        assertThatThrownBy(() -> parse("link: { masterKeyPasswordEnv: A, masterKeyPasswordFile: b }"))
                .hasMessage("s.yaml: link: give masterKeyPasswordEnv or masterKeyPasswordFile, not both");
    }

    @Test
    void theMasterKeyPasswordIsReadFromItsVariableOrItsFileOnlyWhenAsked(@TempDir Path dir) throws Exception {
        SecretSource fromEnv = parse("link: { masterKeyPasswordEnv: MILINK_MK }").link().masterKeyPassword();
        assertThat(fromEnv.resolve(Map.of("MILINK_MK", "mk-secret"))).isEqualTo("mk-secret");
        assertThatThrownBy(() -> fromEnv.resolve(Map.of())).hasMessageContaining("MILINK_MK")
                .hasMessageContaining("not set");

        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/mk"), "mk-from-file\n");
        SecretSource fromFile = parse("link: { masterKeyPasswordFile: secrets/mk }", dir).link().masterKeyPassword();
        assertThat(fromFile).isEqualTo(new SecretSource.File(dir.resolve("secrets/mk")));
        assertThat(fromFile.resolve(Map.of())).isEqualTo("mk-from-file");
        assertThat(fromFile.toString()).doesNotContain("mk-from-file");
        assertThat(parse("").link().masterKeyPassword()).isNull();
    }

    @Test
    void anUnknownLinkFieldNamesTheAllowedOnes() {
        assertThatThrownBy(() -> parse("link: { replication: sync }"))
                .hasMessage("s.yaml: link.replication: unknown field; allowed here: certificateExpiry, failoverMode, "
                        + "masterKeyPasswordEnv, masterKeyPasswordFile, partnerEndpoint, replicationMode, "
                        + "seedingMode");
        assertThatThrownBy(() -> parse("link: async")).hasMessage("s.yaml: link: expected a mapping of fields");
    }
    @Test
    void theExamplesInDocsSpecMdLoadAsDocumented() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "spec.md"));
        java.util.List<String> blocks = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```yaml\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(doc);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        LinkSpec full = LinkSpecLoader.parse(blocks.get(0), "spec.md", Path.of("/etc/milink"), TODAY);
        assertThat(full.namesFor("Inventory")).isEqualTo(new DatabaseLinkNames("Inventory", "AG_Inventory",
                "DAG_Inventory", "AG_Inventory_MI"));
        assertThat(full.certificateName("SQL01\\PROD")).isEqualTo("Cert_SQL01_PROD_endpoint");
        assertThat(full.endpointName()).isEqualTo("Hadr_endpoint");
        assertThat(full.link()).isEqualTo(new LinkOptions(ReplicationMode.ASYNC, FailoverMode.MANUAL,
                "TCP://sql01.contoso.local:5022", LocalDate.of(2028, 12, 31),
                new SecretSource.EnvironmentVariable("MILINK_MASTER_KEY_PASSWORD")));
        // The table of names for Sales and Sales-EU.
        LinkSpec table = parse("").withDatabases(java.util.List.of("Sales", "Sales-EU"));
        assertThat(doc).contains("| `Sales-EU` | `" + table.namesFor("Sales-EU").availabilityGroup() + "` | `"
                + table.namesFor("Sales-EU").distributedAvailabilityGroup() + "` | `"
                + table.namesFor("Sales-EU").instanceAvailabilityGroup() + "` |");
        LinkSpec link = LinkSpecLoader.parse(SQL + blocks.get(blocks.size() - 1), "spec.md", Path.of("/etc/milink"),
                TODAY);
        assertThat(link.link()).isEqualTo(new LinkOptions(ReplicationMode.SYNC, FailoverMode.NONE,
                "TCP://10.0.1.4:5022", LocalDate.of(2028, 12, 31),
                new SecretSource.File(Path.of("/etc/milink/secrets/master-key"))));
    }
}
