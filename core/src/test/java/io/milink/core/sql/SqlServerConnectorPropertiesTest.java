package io.milink.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;

import com.microsoft.sqlserver.jdbc.SQLServerDataSource;

import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.naming.RefAddr;

import org.junit.jupiter.api.Test;

/** What each kind of login asks the driver for: the connection properties, without connecting. */
class SqlServerConnectorPropertiesTest {

    private static SQLServerDataSource dataSource(SqlAuthentication authentication) {
        SqlServerTarget target = new SqlServerTarget("sql01.contoso.local", 1433, null, authentication,
                Encryption.STRICT, false, null, null);
        return new SqlServerConnector(target, Map.of("PW", "s3cret"), 7).dataSource();
    }

    /** The properties the data source was given, as the driver itself lists them (its JNDI reference). */
    private static Map<String, String> properties(SQLServerDataSource source) {
        Map<String, String> properties = new HashMap<>();
        Enumeration<RefAddr> all = source.getReference().getAll();
        while (all.hasMoreElements()) {
            RefAddr addr = all.nextElement();
            properties.put(addr.getType(), String.valueOf(addr.getContent()));
        }
        return properties;
    }

    @Test
    void integratedLoginUsesTheDriversIntegratedSecurityAndKerberosOffWindowsWithNoUserOrPassword() {
        Map<String, String> properties = properties(dataSource(new SqlAuthentication.Integrated()));
        assertThat(properties).containsEntry("integratedSecurity", "true");
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        // Off Windows the driver has no SSPI: Kerberos through JAAS (mssql-jdbc's authenticationScheme=JavaKerberos).
        if (windows) {
            assertThat(properties).doesNotContainKey("authenticationScheme");
        } else {
            assertThat(properties).containsEntry("authenticationScheme", "JavaKerberos");
        }
        assertThat(properties).doesNotContainKeys("user", "password", "authentication");
    }

    @Test
    void entraLoginUsesActiveDirectoryDefaultWithNoUserOrPassword() {
        Map<String, String> properties = properties(dataSource(new SqlAuthentication.Entra()));
        assertThat(properties).containsEntry("authentication", "ActiveDirectoryDefault");
        assertThat(properties).doesNotContainKeys("integratedSecurity", "user", "password");
    }

    @Test
    void sqlLoginSetsTheUserButTheReferenceNeverCarriesThePassword() {
        SQLServerDataSource source = dataSource(new SqlAuthentication.SqlLogin("milink",
                new SecretSource.EnvironmentVariable("PW")));
        Map<String, String> properties = properties(source);
        assertThat(properties).containsEntry("user", "milink").containsEntry("encrypt", "strict")
                .containsEntry("loginTimeout", "7").containsEntry("applicationName", "milink")
                .doesNotContainKeys("integratedSecurity", "authentication");
        assertThat(properties.values()).doesNotContain("s3cret");
    }
}
