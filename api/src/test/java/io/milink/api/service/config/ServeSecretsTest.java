package io.milink.api.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.core.spec.SecretSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code secrets} section of {@code milink serve}'s configuration, in YAML and in properties: where each secret
 * is (an environment variable or a file, relative to the configuration's folder) and the hosts it may go to; never the
 * secret itself.
 */
class ServeSecretsTest {

    @TempDir
    Path dir;

    @Test
    void yamlAndPropertiesNameWhereEachSecretIsAndTheHostsItMayGoTo() throws Exception {
        ServeSettingsFile yaml = ServeSettingsFile.load(Files.writeString(dir.resolve("serve.yaml"), """
                secrets:
                  master-key:
                    passwordFile: secrets/master-key
                    hosts: [sql01.contoso.local, sql02.contoso.local]
                  other:
                    passwordEnv: MILINK_OTHER
                """));
        assertThat(yaml.secrets()).containsExactly(
                new NamedSecret("master-key", new SecretSource.File(dir.toAbsolutePath().resolve("secrets/master-key")),
                        List.of("sql01.contoso.local", "sql02.contoso.local")),
                new NamedSecret("other", new SecretSource.EnvironmentVariable("MILINK_OTHER"), List.of()));
        assertThat(yaml.secrets().get(0).allowsHost("SQL01.contoso.local")).isTrue();
        assertThat(yaml.secrets().get(0).allowsHost("evil.example")).isFalse();

        ServeSettingsFile properties = ServeSettingsFile.load(Files.writeString(dir.resolve("serve.properties"),
                "secrets.master-key.passwordEnv=MILINK_MASTER_KEY\nsecrets.master-key.hosts=sql01, sql02\n"));
        assertThat(properties.secrets()).containsExactly(new NamedSecret("master-key",
                new SecretSource.EnvironmentVariable("MILINK_MASTER_KEY"), List.of("sql01", "sql02")));
        assertThat(properties.options()).isEmpty();
    }

    @Test
    void aSecretWrittenInTheFileOrNamedTwoWaysIsRefusedNamingTheEntry() throws Exception {
        assertThatThrownBy(() -> ServeSettingsFile.load(Files.writeString(dir.resolve("a.yaml"),
                "secrets:\n  mk:\n    password: hunter2\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("secrets.mk.password")
                .hasMessageContaining("passwordEnv").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ServeSettingsFile.load(Files.writeString(dir.resolve("b.yaml"),
                "secrets:\n  mk:\n    passwordEnv: A\n    passwordFile: b\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("secrets.mk")
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> ServeSettingsFile.load(Files.writeString(dir.resolve("c.yaml"),
                "secrets:\n  mk:\n    passwordEnv: A\n    colour: blue\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown field 'colour'");
    }
}
