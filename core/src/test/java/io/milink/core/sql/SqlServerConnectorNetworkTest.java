package io.milink.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Connection failures that need no SQL Server: a port nobody listens on, a name that cannot resolve, a port that
 * accepts and never answers.
 */
class SqlServerConnectorNetworkTest {

    private static SqlServerTarget target(String host, int port) {
        return target(host, port, Encryption.FALSE);
    }

    private static SqlServerTarget target(String host, int port, Encryption encryption) {
        return new SqlServerTarget(host, port, null, new SqlAuthentication.SqlLogin("milink",
                new SecretSource.EnvironmentVariable("PW")), encryption, false, null, null);
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
        assertThat(e.getMessage()).isEqualTo("'no-such-host.invalid' does not resolve to an address from this "
                + "machine");
    }

    /**
     * The JDK caches a failed lookup, and the driver's second failure then names the host alone, with no reason: the
     * name is still a DNS failure, every time.
     */
    @Test
    void aNameThatDoesNotResolveIsDnsOnEveryAttemptNotOnlyTheFirst() {
        for (Encryption encryption : List.of(Encryption.FALSE, Encryption.STRICT, Encryption.TRUE)) {
            SqlConnectException e = catchThrowableOfType(SqlConnectException.class, () -> new SqlServerConnector(
                    target("nosuch.invalid", 1433, encryption), Map.of("PW", "x"), 5).connect());
            assertThat(e.failure()).as(encryption.name() + ": " + e.getMessage()).isEqualTo(ConnectFailure.DNS);
        }
    }

    /**
     * A port that accepts and never answers (a server that hangs, or a proxy with nothing behind it) holds the login
     * until the timeout. With strict encryption the driver's timer closes the socket mid-handshake, which reads as a
     * TLS failure; it is a timeout, and says which.
     */
    @Test
    void aServerThatNeverAnswersIsATimeoutNamingTheTimeoutWhateverTheEncryption() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // The test is over.
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            for (Encryption encryption : List.of(Encryption.STRICT, Encryption.FALSE)) {
                SqlConnectException e = catchThrowableOfType(SqlConnectException.class, () -> new SqlServerConnector(
                        target("127.0.0.1", silent.getLocalPort(), encryption), Map.of("PW", "x"), 1).connect());
                assertThat(e.failure()).as(encryption.name() + ": " + e.getMessage())
                        .isEqualTo(ConnectFailure.TIMEOUT);
                assertThat(e.getMessage()).startsWith("no answer within 1 s");
            }
        }
    }

    @Test
    void aCertificateTheDriverPrintsIsCutToItsSubjectAndSerial() {
        // As X509Certificate.toString() prints it (JDK 17), shortened.
        String dump = "[\n[\n  Version: V3\n  Subject: CN=localhost\n  Signature Algorithm: SHA256withRSA\n\n"
                + "  Key:  Sun RSA public key, 2048 bits\n  Issuer: CN=localhost\n  SerialNumber: 00:b1:78\n\n"
                + "Certificate Extensions: 1\n[1]: ObjectId: 2.5.29.17\nSubjectAlternativeName [\n  DNSName: localhost\n"
                + "]\n\n]\n  Algorithm: [SHA256withRSA]\n  Signature:\n0000: 98 F3 9F 77 3C 1A  ...w<.\n"
                + "0010: EC 89 13 7D  ...}\n\n]";
        assertThat(ConnectFailureClassifier.concise("Error validating Server Certificate: server.pem:\n" + dump
                + ".: \nserver.pem:\n" + dump + ". ClientConnectionId:1"))
                .isEqualTo("Error validating Server Certificate: server.pem:\n[certificate CN=localhost, serial "
                        + "00:b1:78].: \nserver.pem:\n[certificate CN=localhost, serial 00:b1:78]. ClientConnectionId:1");
    }

    @Test
    void theDriversGenericAdviceIsLeftOutOfTheMessage() {
        assertThat(ConnectFailureClassifier.concise("The TCP/IP connection to the host h, port 1 has failed. Error: "
                + "\"Connection refused. Verify the connection properties. Make sure that an instance of SQL Server is "
                + "running on the host and accepting TCP/IP connections at the port. Make sure that TCP connections to "
                + "the port are not blocked by a firewall.\"."))
                .isEqualTo("The TCP/IP connection to the host h, port 1 has failed. Error: \"Connection refused.\".");
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
