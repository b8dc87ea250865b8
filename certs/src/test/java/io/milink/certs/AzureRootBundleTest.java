package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AzureRootBundleTest {

    private static final String LIST = CertificateReaderTest.resource(AzureRootBundle.RESOURCE_DIRECTORY
            + AzureRootBundle.LIST_FILE);

    @Test
    void loadsTheTwoRootsMicrosoftRequiresWithTheirListedFacts() {
        AzureRootBundle bundle = AzureRootBundle.load();
        assertThat(bundle.roots()).extracting(AzureRootCa::id)
                .containsExactly("digicert-global-root-g2", "microsoft-rsa-root-2017");
        assertThat(bundle.listDate()).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(bundle.source()).contains("Debian ca-certificates 20230311+deb12u1");
        assertThat(bundle.authority()).contains("Azure Certificate Authority details");

        AzureRootCa digicert = bundle.find("digicert-global-root-g2").orElseThrow();
        assertThat(digicert.thumbprint().hex()).isEqualTo("DF3C24F9BFD666761B268073FE06D1CC8D4F82A4");
        assertThat(digicert.notAfter()).isEqualTo(Instant.parse("2038-01-15T12:00:00Z"));
        assertThat(digicert.sqlServerName()).isEqualTo("DigiCertPKI");
        AzureRootCa microsoft = bundle.find("microsoft-rsa-root-2017").orElseThrow();
        assertThat(microsoft.certificate().identity().subjectCommonName())
                .isEqualTo("Microsoft RSA Root Certificate Authority 2017");
        assertThat(microsoft.sqlServerName()).isEqualTo("MicrosoftPKI");
    }

    @Test
    void recognisesARootFoundOnSqlServerByThumbprint() {
        AzureRootBundle bundle = AzureRootBundle.load();
        DerCertificate importedAsAnything = CertificateReader.read(CertificateReaderTest.resource(
                "io/milink/certs/digicert-global-root-g2.learn-scripts-page.hex"));
        assertThat(bundle.find(importedAsAnything.thumbprint())).map(AzureRootCa::id)
                .contains("digicert-global-root-g2");
        assertThat(bundle.find(TestPki.root("Fake").certificate().thumbprint())).isEmpty();
        assertThat(bundle.trustedRoots()).extracting(TrustedRoot::label)
                .containsExactly("digicert-global-root-g2", "microsoft-rsa-root-2017");
    }

    @Test
    void refusesAFileWhoseThumbprintDiffersFromTheList() {
        String tampered = LIST.replace("DF3C24F9BFD666761B268073FE06D1CC8D4F82A4", "0000000000000000000000000000000000000000");
        assertThatThrownBy(() -> AzureRootBundle.load(withList(tampered)))
                .isInstanceOf(RootBundleException.class)
                .hasMessageContaining("digicert-global-root-g2")
                .hasMessageContaining("DF3C24F9BFD666761B268073FE06D1CC8D4F82A4");
    }

    @Test
    void refusesAFileSwappedForAnotherCertificate() {
        String swapped = LIST.replace("root.digicert-global-root-g2.file=digicert-global-root-g2.pem",
                "root.digicert-global-root-g2.file=microsoft-rsa-root-2017.pem");
        assertThatThrownBy(() -> AzureRootBundle.load(withList(swapped)))
                .isInstanceOf(RootBundleException.class).hasMessageContaining("thumbprint");
    }

    @Test
    void refusesANotAfterThatDiffersFromTheFile() {
        String wrongDate = LIST.replace("2042-07-18T23:00:23Z", "2043-07-18T23:00:23Z");
        assertThatThrownBy(() -> AzureRootBundle.load(withList(wrongDate)))
                .isInstanceOf(RootBundleException.class).hasMessageContaining("expires 2042-07-18T23:00:23Z");
    }

    @Test
    void refusesAMissingFileAndAMissingKey() {
        String missingFile = LIST.replace("=microsoft-rsa-root-2017.pem", "=gone.pem");
        assertThatThrownBy(() -> AzureRootBundle.load(withList(missingFile)))
                .isInstanceOf(RootBundleException.class).hasMessageContaining("gone.pem not found");
        String missingKey = LIST.replaceAll("(?m)^list\\.date=.*$", "");
        assertThatThrownBy(() -> AzureRootBundle.load(withList(missingKey)))
                .isInstanceOf(RootBundleException.class).hasMessageContaining("list.date");
    }

    @Test
    void refusesAListedFileThatIsNotARootCa() {
        DerCertificate leaf = TestPki.leaf(TestPki.root("Fake")).certificate();
        String list = LIST.replace("DF3C24F9BFD666761B268073FE06D1CC8D4F82A4", leaf.thumbprint().hex())
                .replace("2038-01-15T12:00:00Z", leaf.identity().notAfter().toString());
        Function<String, InputStream> open = name -> name.equals("digicert-global-root-g2.pem")
                ? stream(CertificateFormat.PEM.encode(leaf)) : withList(list).apply(name);
        assertThatThrownBy(() -> AzureRootBundle.load(open))
                .isInstanceOf(RootBundleException.class).hasMessageContaining("not a self-issued CA");
    }

    private static Function<String, InputStream> withList(String list) {
        ClassLoader loader = AzureRootBundleTest.class.getClassLoader();
        return name -> name.equals(AzureRootBundle.LIST_FILE) ? stream(list)
                : loader.getResourceAsStream(AzureRootBundle.RESOURCE_DIRECTORY + name);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
