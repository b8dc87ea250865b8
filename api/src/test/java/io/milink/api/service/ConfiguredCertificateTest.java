package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.api.Milink;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tls-cert/--tls-key} and {@code --tls-keystore}: the service presents the configured certificate, so a
 * client that trusts only that certificate connects (host name checked), one that trusts another does not, and
 * unusable files are one-line errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfiguredCertificateTest {

    @TempDir
    static Path directory;
    private IssuedCertificate certificate;
    private Path certFile;
    private Path keyFile;
    private Vertx clientVertx;

    @BeforeAll
    void makeCertificate() throws Exception {
        certificate = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 30);
        certFile = Files.writeString(directory.resolve("server.pem"), certificate.pem());
        keyFile = Files.writeString(directory.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.privateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        clientVertx = Vertx.vertx();
    }

    @AfterAll
    void stop() {
        clientVertx.close().await();
    }

    private int healthStatusTrusting(MilinkService service, String trustedPem) {
        WebClient client = WebClient.create(clientVertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(trustedPem))));
        try {
            return client.get(service.port(), "localhost", "/health/live").send().await().statusCode();
        } finally {
            client.close();
        }
    }

    @Test
    void aPemCertificateAndKeyAreServedInsteadOfAGeneratedOne() throws Exception {
        ServiceConfig config = new ServiceConfig(Files.createTempDirectory(directory, "pem"), "127.0.0.1", 0, true)
                .withCertificate(ServerCertificate.pem(certFile, keyFile));
        try (MilinkService service = MilinkService.start(config)) {
            assertThat(service.certificatePem()).as("nothing generated").isEmpty();
            assertThat(healthStatusTrusting(service, certificate.pem())).isEqualTo(200);
            String stranger = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 30).pem();
            assertThatThrownBy(() -> healthStatusTrusting(service, stranger))
                    .as("a client trusting another certificate refuses the handshake")
                    .hasStackTraceContaining("SSL");
        }
    }

    @Test
    void aPkcs12KeystoreIsServed() throws Exception {
        char[] password = "keystore-secret".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("milink", certificate.privateKey(), password, new Certificate[] {certificate.certificate()});
        Path p12 = directory.resolve("server.p12");
        try (OutputStream out = new FileOutputStream(p12.toFile())) {
            store.store(out, password);
        }
        ServiceConfig config = new ServiceConfig(Files.createTempDirectory(directory, "p12"), "127.0.0.1", 0, true)
                .withCertificate(ServerCertificate.pkcs12(p12, password));
        try (MilinkService service = MilinkService.start(config)) {
            assertThat(healthStatusTrusting(service, certificate.pem())).isEqualTo(200);
        }
        assertThatThrownBy(() -> ServerCertificate.pkcs12(p12, "wrong".toCharArray()))
                .isInstanceOf(ServerCertificate.Unusable.class)
                .hasMessageContaining("password");
    }

    private record Run(int exitCode, String err) {
    }

    private Run serve(String... args) {
        StringWriter err = new StringWriter();
        var cli = Milink.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 3];
        full[0] = "serve";
        full[1] = "--data-dir";
        full[2] = directory.resolve("cli-data").toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return new Run(cli.execute(full), err.toString());
    }

    @Test
    void unusableCertificateFilesAreOneLineErrors() throws Exception {
        Path notPem = Files.writeString(directory.resolve("not.pem"), "hello");
        Path keyOnlyText = Files.writeString(directory.resolve("nokey.pem"), certificate.pem());
        Run[] runs = {
                serve("--tls-cert", directory.resolve("missing.pem").toString(), "--tls-key", keyFile.toString()),
                serve("--tls-cert", notPem.toString(), "--tls-key", keyFile.toString()),
                serve("--tls-cert", certFile.toString(), "--tls-key", keyOnlyText.toString()),
                serve("--tls-cert", certFile.toString()),
                serve("--tls-keystore", notPem.toString(), "--tls-keystore-password-env", "MILINK_NO_SUCH_VARIABLE"),
                serve("--tls-keystore", notPem.toString()),
        };
        String[] expected = {"missing.pem cannot be read", "is not a PEM certificate", "holds no PEM private key",
                "--tls-cert and --tls-key go together", "MILINK_NO_SUCH_VARIABLE", "cannot open --tls-keystore"};
        for (int i = 0; i < runs.length; i++) {
            assertThat(runs[i].exitCode()).as(runs[i].err()).isEqualTo(2);
            assertThat(runs[i].err()).contains(expected[i]);
            assertThat(runs[i].err().strip().lines().count()).as(runs[i].err()).isEqualTo(1);
        }
        assertThat(Files.exists(directory.resolve("cli-data"))).as("nothing started").isFalse();
    }
}
