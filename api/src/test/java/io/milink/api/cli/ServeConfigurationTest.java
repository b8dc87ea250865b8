package io.milink.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.api.Milink;
import io.milink.api.service.config.ConfigException;
import io.milink.api.service.config.NamedAzureSignIn;
import io.milink.api.service.config.NamedCredential;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.core.azure.AzureAuthentication;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code milink serve}'s settings: command line, then environment, then configuration file, then built-in default,
 * for every option; and the file's named credentials, which hold where a password is, never the password.
 */
class ServeConfigurationTest {

    @TempDir
    Path dir;

    /** Parses like {@code milink serve ARGS} with this environment, without starting anything. */
    private ServeCommand parse(Map<String, String> environment, String... args) {
        ServeCommand command = new ServeCommand();
        CommandLine cli = new CommandLine(command);
        cli.setDefaultValueProvider(new ServeDefaults(environment));
        cli.parseArgs(args);
        return command;
    }

    @Test
    void theCommandLineWinsThenTheEnvironmentThenTheFileThenTheDefault() throws Exception {
        Path file = Files.writeString(dir.resolve("milink.yaml"), """
                port: 9001
                bind: 0.0.0.0
                shutdown-grace: 45
                max-operations: 3
                """);
        ServeCommand fileOnly = parse(Map.of(), "--config", file.toString());
        assertThat(fileOnly.port).isEqualTo(9001);
        assertThat(fileOnly.bind).isEqualTo("0.0.0.0");
        assertThat(fileOnly.shutdownGraceSeconds).isEqualTo(45);
        assertThat(fileOnly.maxOperations).isEqualTo(3);
        assertThat(fileOnly.insecureHttp).as("not in the file: the default").isFalse();

        ServeCommand environment = parse(Map.of("MILINK_SERVE_PORT", "9002", "MILINK_SERVE_INSECURE_HTTP", "true",
                "MILINK_DATA_DIR", "/srv/milink"), "--config", file.toString());
        assertThat(environment.port).isEqualTo(9002);
        assertThat(environment.insecureHttp).isTrue();
        assertThat(environment.dataDir).isEqualTo(Path.of("/srv/milink"));
        assertThat(environment.bind).as("the file still fills what the environment does not").isEqualTo("0.0.0.0");

        ServeCommand commandLine = parse(Map.of("MILINK_SERVE_PORT", "9002"), "--config", file.toString(),
                "--port", "9003");
        assertThat(commandLine.port).isEqualTo(9003);

        ServeCommand defaults = parse(Map.of());
        assertThat(defaults.port).isEqualTo(8443);
        assertThat(defaults.bind).isEqualTo("127.0.0.1");
    }

    @Test
    void kubernetesServiceLinkVariablesOfAServiceNamedMilinkDoNotConfigureServe() {
        // What a pod gets for a Service named "milink" exposing 8443 (Kubernetes "Service" → "Environment variables").
        Map<String, String> serviceLinks = Map.of("MILINK_PORT", "tcp://10.0.0.11:8443",
                "MILINK_PORT_8443_TCP", "tcp://10.0.0.11:8443", "MILINK_PORT_8443_TCP_PROTO", "tcp",
                "MILINK_PORT_8443_TCP_PORT", "8443", "MILINK_PORT_8443_TCP_ADDR", "10.0.0.11",
                "MILINK_SERVICE_HOST", "10.0.0.11", "MILINK_SERVICE_PORT", "8443");
        ServeCommand command = parse(serviceLinks);
        assertThat(command.port).isEqualTo(8443);
        assertThat(command.bind).isEqualTo("127.0.0.1");

        assertThat(ServeDefaults.variableFor("--port")).isEqualTo("MILINK_SERVE_PORT");
        assertThat(ServeDefaults.variableFor("--data-dir")).isEqualTo("MILINK_DATA_DIR");
        assertThat(ServeDefaults.variableFor("--config")).isEqualTo("MILINK_CONFIG");
    }

    @Test
    void aServiceLinkValueInAServeVariableIsRefusedNamingEnableServiceLinks() {
        // A Service named "milink-serve" would inject MILINK_SERVE_PORT=tcp://...
        assertThatThrownBy(() -> parse(Map.of("MILINK_SERVE_PORT", "tcp://10.0.0.12:8443")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("MILINK_SERVE_PORT").hasMessageContaining("enableServiceLinks");
    }

    @Test
    void milinkConfigNamesTheFileWhenTheFlagDoesNot() throws Exception {
        Path file = Files.writeString(dir.resolve("serve.properties"), "port=9100\nshutdown-grace=5\n");
        ServeCommand command = parse(Map.of("MILINK_CONFIG", file.toString()));
        assertThat(command.port).isEqualTo(9100);
        assertThat(command.shutdownGraceSeconds).isEqualTo(5);
    }

    @Test
    void theEntraRetentionAndTlsOptionsComeFromTheFileOrTheEnvironmentToo() throws Exception {
        Path file = Files.writeString(dir.resolve("ops.yaml"), """
                entra-tenant: 11111111-2222-3333-4444-555555555555
                entra-audience: [api://milink, 0a1b2c3d-client-id]
                entra-operator-role: Link.Admin
                retention-days: 7
                tls-keystore: /etc/milink/server.p12
                tls-keystore-password-env: MILINK_KEYSTORE_PASSWORD
                """);
        ServeCommand fromFile = parse(Map.of(), "--config", file.toString());
        assertThat(fromFile.entraTenant).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(fromFile.entraAudiences).containsExactly("api://milink", "0a1b2c3d-client-id");
        assertThat(fromFile.entraOperatorRole).isEqualTo("Link.Admin");
        assertThat(fromFile.entraReaderRole).as("not in the file: the default").isEqualTo("Milink.Reader");
        assertThat(fromFile.retentionDays).isEqualTo(7);
        assertThat(fromFile.tlsKeystore).isEqualTo(Path.of("/etc/milink/server.p12"));
        assertThat(fromFile.tlsKeystorePasswordEnv).isEqualTo("MILINK_KEYSTORE_PASSWORD");

        ServeCommand fromEnvironment = parse(Map.of("MILINK_SERVE_RETENTION_DAYS", "0",
                "MILINK_SERVE_ENTRA_AUDIENCE", "api://other", "MILINK_SERVE_ENTRA_TENANT", "contoso-tenant"),
                "--config", file.toString());
        assertThat(fromEnvironment.retentionDays).isZero();
        assertThat(fromEnvironment.entraAudiences).containsExactly("api://other");
        assertThat(fromEnvironment.entraTenant).isEqualTo("contoso-tenant");

        ServeCommand commandLine = parse(Map.of("MILINK_SERVE_RETENTION_DAYS", "0"), "--config", file.toString(),
                "--retention-days", "90");
        assertThat(commandLine.retentionDays).isEqualTo(90);
        assertThat(parse(Map.of()).retentionDays).isEqualTo(30);
    }

    @Test
    void theReplicasTimingsComeFromTheFileTheEnvironmentOrTheFlagsAndOutOfRangeOnesAreRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("replicas.yaml"), """
                monitor-interval: 30s
                heartbeat: 2s
                missed-heartbeats: 6
                """);
        io.milink.api.service.ReplicaSettings fromFile = parse(Map.of(), "--config", file.toString())
                .replicaSettings();
        assertThat(fromFile.monitorInterval()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(fromFile.heartbeat()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(fromFile.missedHeartbeats()).isEqualTo(6);
        assertThat(fromFile.takeoverAfter()).isEqualTo(java.time.Duration.ofSeconds(12));
        assertThat(fromFile.monitorThreads()).as("not in the file: the default").isEqualTo(4);
        assertThat(parse(Map.of("MILINK_SERVE_MONITOR_INTERVAL", "2m"), "--config", file.toString())
                .replicaSettings().monitorInterval()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(parse(Map.of()).replicaSettings()).isEqualTo(io.milink.api.service.ReplicaSettings.DEFAULTS);

        assertThatThrownBy(() -> parse(Map.of(), "--monitor-interval", "50ms").replicaSettings())
                .isInstanceOf(UserError.class).hasMessage("--monitor-interval must be from 100ms to 60m, not 50ms");
        assertThatThrownBy(() -> parse(Map.of(), "--heartbeat", "soon").replicaSettings())
                .isInstanceOf(UserError.class).hasMessageContaining("--heartbeat must be a duration");
        assertThatThrownBy(() -> parse(Map.of(), "--missed-heartbeats", "3").replicaSettings())
                .isInstanceOf(UserError.class).hasMessage("--missed-heartbeats must be from 4 to 100");
        assertThatThrownBy(() -> parse(Map.of(), "--monitor-threads", "0").replicaSettings())
                .isInstanceOf(UserError.class).hasMessage("--monitor-threads must be from 1 to 64");
    }

    @Test
    void credentialsComeFromYamlOrPropertiesWithPasswordFilesRelativeToTheFile() throws Exception {
        ServeSettingsFile yaml = ServeSettingsFile.load(Files.writeString(dir.resolve("a.yaml"), """
                credentials:
                  prod-sql:
                    user: milink
                    passwordEnv: PROD_SQL_PASSWORD
                    hosts: [sql01.contoso.local, sql02.contoso.local]
                  lab:
                    user: sa
                    passwordFile: secrets/lab
                """));
        NamedCredential prod = yaml.credentials().stream().filter(c -> c.name().equals("prod-sql")).findFirst()
                .orElseThrow();
        assertThat(prod.user()).isEqualTo("milink");
        assertThat(prod.password()).isEqualTo(new SecretSource.EnvironmentVariable("PROD_SQL_PASSWORD"));
        assertThat(prod.allowsHost("SQL01.contoso.local")).isTrue();
        assertThat(prod.allowsHost("evil.example.com")).isFalse();
        NamedCredential lab = yaml.credentials().stream().filter(c -> c.name().equals("lab")).findFirst()
                .orElseThrow();
        assertThat(lab.password()).isEqualTo(new SecretSource.File(dir.toAbsolutePath().resolve("secrets/lab")));
        assertThat(lab.allowsHost("anything")).isTrue();

        ServeSettingsFile properties = ServeSettingsFile.load(Files.writeString(dir.resolve("b.properties"), """
                port=8444
                credentials.prod-sql.user=milink
                credentials.prod-sql.passwordEnv=PROD_SQL_PASSWORD
                credentials.prod-sql.hosts=sql01.contoso.local, sql02.contoso.local
                """));
        assertThat(properties.options()).containsEntry("port", "8444");
        assertThat(properties.credentials()).containsExactly(new NamedCredential("prod-sql", "milink",
                new SecretSource.EnvironmentVariable("PROD_SQL_PASSWORD"),
                java.util.List.of("sql01.contoso.local", "sql02.contoso.local")));
    }

    @Test
    void azureSignInsComeFromYamlOrPropertiesWithTheFieldsOfASpecsAzureAuth() throws Exception {
        ServeSettingsFile yaml = ServeSettingsFile.load(Files.writeString(dir.resolve("az.yaml"), """
                azureCredentials:
                  prod-azure:
                    method: service-principal
                    tenantId: 00000000-0000-0000-0000-00000000000a
                    clientId: 00000000-0000-0000-0000-00000000000b
                    clientSecretFile: secrets/prod-azure
                  gov:
                    method: managed-identity
                    cloud: AzureUSGovernment
                """));
        NamedAzureSignIn prod = yaml.azureCredentials().stream().filter(c -> c.name().equals("prod-azure"))
                .findFirst().orElseThrow();
        assertThat(prod.signIn().authentication().method()).isEqualTo(AzureAuthentication.Method.SERVICE_PRINCIPAL);
        assertThat(prod.signIn().authentication().tenantId()).isEqualTo("00000000-0000-0000-0000-00000000000a");
        assertThat(prod.signIn().authentication().clientSecret())
                .isEqualTo(new SecretSource.File(dir.toAbsolutePath().resolve("secrets/prod-azure")));
        NamedAzureSignIn gov = yaml.azureCredentials().stream().filter(c -> c.name().equals("gov")).findFirst()
                .orElseThrow();
        assertThat(gov.signIn().cloud()).isEqualTo("AzureUSGovernment");

        ServeSettingsFile properties = ServeSettingsFile.load(Files.writeString(dir.resolve("az.properties"), """
                azureCredentials.ops.method=workload-identity
                azureCredentials.ops.clientId=00000000-0000-0000-0000-00000000000c
                """));
        assertThat(properties.azureCredentials()).singleElement().satisfies(ops -> {
            assertThat(ops.name()).isEqualTo("ops");
            assertThat(ops.signIn().authentication().method())
                    .isEqualTo(AzureAuthentication.Method.WORKLOAD_IDENTITY);
        });
    }

    @Test
    void anAzureSignInNamesItsOwnResourceManagerAndTrustStoreRelativeToTheFile() throws Exception {
        Files.writeString(dir.resolve("arm-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        ServeSettingsFile yaml = ServeSettingsFile.load(Files.writeString(dir.resolve("private.yaml"), """
                azureCredentials:
                  private-cloud:
                    method: managed-identity
                    resourceManagerEndpoint: https://management.contoso.local/
                    trustStore: arm-ca.pem
                """));
        assertThat(yaml.azureCredentials()).singleElement().satisfies(entry -> assertThat(entry.signIn()
                .resourceManager()).isEqualTo(new io.milink.core.azure.ResourceManagerEndpoint(
                java.net.URI.create("https://management.contoso.local/"), null,
                dir.toAbsolutePath().resolve("arm-ca.pem"), null)));
        Path remoteNone = Files.writeString(dir.resolve("none.yaml"), "azureCredentials:\n  twin:\n"
                + "    method: none\n    resourceManagerEndpoint: https://arm.contoso.local/\n");
        assertThatThrownBy(() -> ServeSettingsFile.load(remoteNone)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("azureCredentials.twin: none signs in nowhere");
    }

    @Test
    void anAzureSecretInTheFileOrAnIncompleteAzureSignInIsRefusedWithWhatToWrite() throws Exception {
        Path withSecret = Files.writeString(dir.resolve("s.yaml"), "azureCredentials:\n  prod:\n"
                + "    method: service-principal\n    tenantId: t\n    clientId: c\n    clientSecret: hunter2\n");
        assertThatThrownBy(() -> ServeSettingsFile.load(withSecret)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("azureCredentials.prod.clientSecret").hasMessageContaining("clientSecretEnv")
                .hasMessageNotContaining("hunter2");
        Path incomplete = Files.writeString(dir.resolve("i.yaml"),
                "azureCredentials:\n  prod:\n    method: service-principal\n    clientId: c\n");
        assertThatThrownBy(() -> ServeSettingsFile.load(incomplete)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("azureCredentials.prod: service-principal needs a tenant id");
    }

    @Test
    void integratedAndEntraCredentialsLogInAsTheServiceAndTakeNoUserOrPassword() throws Exception {
        ServeSettingsFile yaml = ServeSettingsFile.load(Files.writeString(dir.resolve("k.yaml"), """
                credentials:
                  corp:
                    method: integrated
                    hosts: [sql01.contoso.local]
                  cloud-vm:
                    method: entra
                """));
        assertThat(yaml.credentials()).containsExactlyInAnyOrder(
                new NamedCredential("corp", new SqlAuthentication.Integrated(), List.of("sql01.contoso.local")),
                new NamedCredential("cloud-vm", new SqlAuthentication.Entra(), List.of()));
        Path withUser = Files.writeString(dir.resolve("ku.yaml"),
                "credentials:\n  corp:\n    method: integrated\n    user: milink\n");
        assertThatThrownBy(() -> ServeSettingsFile.load(withUser)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials.corp.user: method integrated logs in as the service's own "
                        + "identity");
        Path unknown = Files.writeString(dir.resolve("km.yaml"), "credentials:\n  corp:\n    method: ntlm\n");
        assertThatThrownBy(() -> ServeSettingsFile.load(unknown))
                .hasMessageContaining("use sql (the default), integrated or entra");
    }

    @Test
    void aPasswordInTheFileOrAnIncompleteCredentialIsRefusedWithWhatToWrite() throws Exception {
        Path withPassword = Files.writeString(dir.resolve("p.yaml"),
                "credentials:\n  prod:\n    user: milink\n    password: hunter2\n");
        assertThatThrownBy(() -> ServeSettingsFile.load(withPassword)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials.prod.password").hasMessageContaining("passwordEnv")
                .hasMessageNotContaining("hunter2");
        Path both = Files.writeString(dir.resolve("q.yaml"),
                "credentials:\n  prod:\n    user: milink\n    passwordEnv: A\n    passwordFile: b\n");
        assertThatThrownBy(() -> ServeSettingsFile.load(both)).hasMessageContaining("exactly one of passwordEnv");
        assertThatThrownBy(() -> ServeSettingsFile.load(dir.resolve("missing.yaml")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void anUnknownSettingStopsServeBeforeItStartsAndListsTheSettings() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.yaml"), "prot: 9001\n");
        StringWriter err = new StringWriter();
        CommandLine cli = Milink.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("serve", "--config", file.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(code).isEqualTo(ExitCodes.COULD_NOT_COMPLETE);
        assertThat(err.toString()).contains("unknown setting 'prot'").contains("port").contains("data-dir")
                .contains("credentials").contains("azureCredentials");
        assertThat(dir.resolve("data")).doesNotExist();

        StringWriter missingErr = new StringWriter();
        CommandLine again = Milink.commandLine();
        again.setOut(new PrintWriter(new StringWriter(), true));
        again.setErr(new PrintWriter(missingErr, true));
        int missing = again.execute("serve", "--config", dir.resolve("nope.yaml").toString());
        assertThat(missing).isEqualTo(ExitCodes.COULD_NOT_COMPLETE);
        assertThat(missingErr.toString()).contains("nope.yaml does not exist").doesNotContain("\tat ");
    }
}
