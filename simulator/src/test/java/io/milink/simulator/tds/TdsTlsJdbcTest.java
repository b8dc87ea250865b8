package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

/** The three encryption modes mssql-jdbc offers, against a twin with a certificate, and one without. */
class TdsTlsJdbcTest {
    private static final String TRUST_PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static TdsServer server;
    private static Path pem;
    private static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        IssuedCertificate certificate = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 2);
        server = TdsServer.start(new ScriptedEngine(), TdsServerOptions.defaults().withTls(certificate));
        pem = dir.resolve("twin.pem");
        Files.writeString(pem, certificate.pem(), StandardCharsets.US_ASCII);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("twin", certificate.certificate());
        trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, TRUST_PASSWORD.toCharArray());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect(String host, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://" + host + ":" + server.port() + ";loginTimeout=5;" + options,
                ScriptedEngine.USER, ScriptedEngine.PASSWORD);
    }

    private static void assertWorks(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        // A parameter and a multi-packet reply also travel through the negotiated streams.
        try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
            String text = "tls ✓ ".repeat(3_000);
            ps.setString(1, text);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(text);
            }
        }
    }

    @Test
    void encryptFalseGetsLoginOnlyTlsThenPlaintext() throws Exception {
        int before = server.negotiatedCount(TlsMode.LOGIN_ONLY);
        for (int i = 0; i < 3; i++) {
            try (Connection c = connect("127.0.0.1", "encrypt=false")) {
                assertWorks(c);
                // The abandoned SSLSocket must not write into the plaintext stream when collected (§7.3).
                System.gc();
                assertWorks(c);
            }
        }
        assertThat(server.negotiatedCount(TlsMode.LOGIN_ONLY) - before).isEqualTo(3);
    }

    @Test
    void encryptTrueGetsClassicTlsInsidePrelogin() throws Exception {
        int before = server.negotiatedCount(TlsMode.CLASSIC);
        try (Connection c = connect("127.0.0.1", "encrypt=true;trustServerCertificate=true")) {
            assertWorks(c);
        }
        assertThat(server.negotiatedCount(TlsMode.CLASSIC) - before).isEqualTo(1);
    }

    @Test
    void encryptTrueWithTrustStoreChecksTheHostName() throws Exception {
        String trust = "encrypt=true;trustStore=" + trustStore + ";trustStorePassword=" + TRUST_PASSWORD
                + ";trustStoreType=PKCS12";
        try (Connection c = connect("localhost", trust)) {
            assertWorks(c);
        }
        assertThatThrownBy(() -> connect("localhost", trust + ";hostNameInCertificate=not-the-twin.example"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void encryptTrueCapsPacketSizeAt16384() throws Exception {
        try (Connection c = connect("127.0.0.1", "encrypt=true;trustServerCertificate=true;packetSize=32767")) {
            assertWorks(c);
        }
    }

    @Test
    void encryptStrictWithPinnedCertificateUsesTds8() throws Exception {
        int before = server.negotiatedCount(TlsMode.STRICT);
        try (Connection c = connect("127.0.0.1", "encrypt=strict;serverCertificate=" + pem)) {
            assertWorks(c);
        }
        assertThat(server.negotiatedCount(TlsMode.STRICT) - before).isEqualTo(1);
    }

    @Test
    void encryptStrictWithTrustStoreChecksTheHostName() throws Exception {
        String trust = "encrypt=strict;trustStore=" + trustStore + ";trustStorePassword=" + TRUST_PASSWORD
                + ";trustStoreType=PKCS12";
        try (Connection c = connect("localhost", trust)) {
            assertWorks(c);
        }
        assertThatThrownBy(() -> connect("localhost", trust + ";hostNameInCertificate=not-the-twin.example"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void encryptTrueAgainstServerWithoutCertificateFailsWithDriverMessage() throws Exception {
        try (TdsServer plain = TdsServer.start(new ScriptedEngine(), TdsServerOptions.defaults())) {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + plain.port()
                    + ";loginTimeout=5;encrypt=true;trustServerCertificate=true", ScriptedEngine.USER, ScriptedEngine.PASSWORD))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("server is not configured to support SSL");
        }
    }
}
