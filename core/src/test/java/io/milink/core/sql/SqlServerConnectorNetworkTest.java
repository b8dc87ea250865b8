package io.milink.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Connection failures that need no server: a port nobody listens on, a name that cannot resolve. */
class SqlServerConnectorNetworkTest {

    private static SqlServerTarget target(String host, int port) {
        return new SqlServerTarget(host, port, null, new SqlAuthentication.SqlLogin("milink",
                new SecretSource.EnvironmentVariable("PW")), Encryption.FALSE, false, null, null);
    }

    @Test
    void aClosedLoopbackPortIsClassifiedAsRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SqlConnectException e = catchThrowableOfType(SqlConnectException.class,
                () -> new SqlServerConnector(target("127.0.0.1", port), Map.of("PW", "x"), 5).connect());
        assertThat(e.failure()).isEqualTo(ConnectFailure.REFUSED);
        assertThat(e.getMessage()).contains(Integer.toString(port));
    }

    @Test
    void aNameInTheReservedInvalidDomainIsClassifiedAsDns() {
        SqlConnectException e = catchThrowableOfType(SqlConnectException.class,
                () -> new SqlServerConnector(target("no-such-host.invalid", 1433), Map.of("PW", "x"), 5).connect());
        assertThat(e.failure()).isEqualTo(ConnectFailure.DNS);
    }

    @Test
    void theDataSourceCarriesTheTargetsSettingsAndTheResolvedPassword() {
        SqlServerTarget target = new SqlServerTarget("sql01;encrypt=false", 1444, null,
                new SqlAuthentication.SqlLogin("milink", new SecretSource.EnvironmentVariable("PW")),
                Encryption.STRICT, false, "sql01.contoso.com", null);
        var source = new SqlServerConnector(target, Map.of("PW", "s3cret"), 7).dataSource();
        // A hostile host stays one server name: typed setters, no URL concatenation.
        assertThat(source.getServerName()).isEqualTo("sql01;encrypt=false");
        assertThat(source.getEncrypt()).isEqualTo("strict");
        assertThat(source.getPortNumber()).isEqualTo(1444);
        assertThat(source.getHostNameInCertificate()).isEqualTo("sql01.contoso.com");
        assertThat(source.getLoginTimeout()).isEqualTo(7);
        assertThat(source.getUser()).isEqualTo("milink");
    }
}
