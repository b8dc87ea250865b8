package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.certs.CertificateFormatException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CertificateReaderTest {

    private static final String DIGICERT_SHA1 = "DF3C24F9BFD666761B268073FE06D1CC8D4F82A4";

    static String resource(String path) {
        try (InputStream in = CertificateReaderTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static DerCertificate digicert() {
        return CertificateReader.read(resource("io/milink/certs/roots/digicert-global-root-g2.pem"));
    }

    @Test
    void readsThePemOfTheBundledRoot() {
        assertThat(digicert().thumbprint().hex()).isEqualTo(DIGICERT_SHA1);
    }

    @Test
    void readsTheDigiCertBlobMicrosoftsScriptsPageEmbedsAsTheSameCertificateAsTheBundledOne() {
        // The 0x... blob of CREATE CERTIFICATE [DigiCertPKI] FROM BINARY on Learn's "Configure link with scripts".
        DerCertificate fromDocs = CertificateReader.read(resource("io/milink/certs/digicert-global-root-g2.learn-scripts-page.hex"));
        assertThat(fromDocs).isEqualTo(digicert());
    }

    @Test
    void readsSqlServerHexWithAndWithoutPrefixInAnyCaseWithWhitespaceAndLineBreaks() {
        byte[] der = digicert().der();
        String hex = HexFormat.of().withUpperCase().formatHex(der);
        String wrapped = hex.toLowerCase(Locale.ROOT).replaceAll("(.{64})", "$1\r\n  ");
        assertThat(CertificateReader.read("0x" + hex)).isEqualTo(digicert());
        assertThat(CertificateReader.read("0X" + hex.toLowerCase(Locale.ROOT))).isEqualTo(digicert());
        assertThat(CertificateReader.read(hex)).isEqualTo(digicert());
        assertThat(CertificateReader.read("  0x" + wrapped + "\n")).isEqualTo(digicert());
    }

    @Test
    void readsArmBlobsCopiedWithTheirJsonQuotes() {
        String hex = HexFormat.of().withUpperCase().formatHex(digicert().der());
        assertThat(CertificateReader.read("\"" + hex + "\"")).isEqualTo(digicert());
        assertThat(CertificateReader.read("'0x" + hex + "'")).isEqualTo(digicert());
    }

    @Test
    void readsBase64WithoutPemHeadersAndPemInsideOtherText() {
        String b64 = Base64.getEncoder().encodeToString(digicert().der());
        assertThat(CertificateReader.read(b64)).isEqualTo(digicert());
        String pem = CertificateFormat.PEM.encode(digicert());
        assertThat(CertificateReader.read("Here is the root you asked for:\n" + pem + "\nregards")).isEqualTo(digicert());
    }

    @Test
    void readsRawDerAndPemBytes() {
        assertThat(CertificateReader.read(digicert().der())).isEqualTo(digicert());
        assertThat(CertificateReader.read(CertificateFormat.PEM.encode(digicert()).getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(digicert());
    }

    @Test
    void readsFilesHoldingHexTextOrUtf16FromWindowsPowerShell() {
        String hex = CertificateFormat.SQL_SERVER_HEX.encode(digicert());
        // "0x..." as bytes starts with 0x30, DER's SEQUENCE tag: it must still be read as text.
        assertThat(CertificateReader.read(hex.getBytes(StandardCharsets.US_ASCII))).isEqualTo(digicert());
        byte[] utf16 = ("\uFEFF" + "PublicKey : " + hex + "\r\n").getBytes(StandardCharsets.UTF_16LE);
        assertThat(CertificateReader.read(utf16)).isEqualTo(digicert());
    }

    @Test
    void readAllReturnsEveryCertificateOfAPemBundleButReadRefusesMoreThanOne() {
        DerCertificate other = TestPki.root("Other Root").certificate();
        String bundle = CertificateFormat.PEM.encode(digicert()) + CertificateFormat.PEM.encode(other);
        assertThat(CertificateReader.readAll(bundle)).containsExactly(digicert(), other);
        assertThatThrownBy(() -> CertificateReader.read(bundle))
                .isInstanceOfSatisfying(CertificateFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MORE_THAN_ONE));
    }

    @Test
    void refusesABarePkcs1RsaKeyNamingTheCauseOfArmsInvalidPublicBlob() throws IOException {
        // What X509Certificate2.PublicKey.EncodedKeyValue gives: the key Azure/azure-powershell#18182 uploaded.
        byte[] pkcs1 = SubjectPublicKeyInfo.getInstance(digicert().x509().getPublicKey().getEncoded())
                .parsePublicKey().getEncoded();
        assertThatThrownBy(() -> CertificateReader.read(Tsql0x(pkcs1)))
                .isInstanceOfSatisfying(CertificateFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BARE_PUBLIC_KEY);
                    assertThat(e.getMessage()).contains("PKCS#1", "Invalid public blob specified", "CERTENCODED");
                });
    }

    @Test
    void refusesASubjectPublicKeyInfoInDerAndInPem() {
        byte[] spki = digicert().x509().getPublicKey().getEncoded();
        assertThatThrownBy(() -> CertificateReader.read(spki))
                .isInstanceOfSatisfying(CertificateFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BARE_PUBLIC_KEY);
                    assertThat(e.getMessage()).contains("SubjectPublicKeyInfo", "Invalid public blob specified");
                });
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
        assertThatThrownBy(() -> CertificateReader.read(pem))
                .isInstanceOfSatisfying(CertificateFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BARE_PUBLIC_KEY));
    }

    @Test
    void refusesAWindowsCryptoApiPublicKeyBlob() {
        byte[] blob = HexFormat.of().parseHex("0602000000A400005253413100080000010001000102030405060708");
        assertThatThrownBy(() -> CertificateReader.read(blob))
                .isInstanceOfSatisfying(CertificateFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BARE_PUBLIC_KEY);
                    assertThat(e.getMessage()).contains("PUBLICKEYBLOB");
                });
    }

    @Test
    void refusesPrivateKeysWithoutEchoingThem() {
        byte[] pkcs8 = TestPki.sharedEc().getPrivate().getEncoded();
        assertThatThrownBy(() -> CertificateReader.read(pkcs8))
                .isInstanceOfSatisfying(CertificateFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PRIVATE_KEY);
                    assertThat(e.getMessage()).doesNotContain(HexFormat.of().formatHex(pkcs8).substring(20, 60));
                });
        assertThatThrownBy(() -> CertificateReader.read("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"))
                .isInstanceOfSatisfying(CertificateFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PRIVATE_KEY));
    }

    @Test
    void refusesACertificateSigningRequest() throws Exception {
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), TestPki.sharedEc().getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(TestPki.sharedEc().getPrivate()))
                .getEncoded();
        assertThatThrownBy(() -> CertificateReader.read(csr))
                .isInstanceOfSatisfying(CertificateFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_REQUEST));
    }

    @Test
    void reportsTheShortenedBlobsOfArmsOwnExamplesAsTruncated() {
        // shared/contracts/arm/2025-01-01/examples/ServerTrustCertificatesGet.json (publicBlob, no 0x) and
        // 2023-08-01/examples/EndpointCertificatesGet.json (with 0x): both headers declare ~950 bytes.
        for (String example : new String[] {"308203B23082021AA003020102021034C597BA",
                "0x308203B23082021AA003020102021034C597BA", "308203AE30820296A0030201020210"}) {
            assertThatThrownBy(() -> CertificateReader.read(example))
                    .isInstanceOfSatisfying(CertificateFormatException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
                        assertThat(e.getMessage()).contains("cut short");
                    });
        }
    }

    @Test
    void refusesTwoValuesPastedTogether() {
        byte[] der = digicert().der();
        byte[] doubled = new byte[der.length + 3];
        System.arraycopy(der, 0, doubled, 0, der.length);
        assertThatThrownBy(() -> CertificateReader.read(doubled))
                .isInstanceOfSatisfying(CertificateFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRAILING_DATA));
    }

    @Test
    void refusesGarbageSayingWhatWasExpected() {
        assertThatThrownBy(() -> CertificateReader.read("this is not a certificate!"))
                .isInstanceOfSatisfying(CertificateFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_TEXT_ENCODING);
                    assertThat(e.getMessage()).contains("PEM", "hex", "base64");
                });
        assertThatThrownBy(() -> CertificateReader.read("0x30820G"))
                .isInstanceOfSatisfying(CertificateFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_HEX);
                    assertThat(e.getMessage()).contains("'G'");
                });
        assertThatThrownBy(() -> CertificateReader.read("0x308"))
                .isInstanceOfSatisfying(CertificateFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_HEX));
        assertThatThrownBy(() -> CertificateReader.read(" \n\t"))
                .isInstanceOfSatisfying(CertificateFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
        assertThatThrownBy(() -> CertificateReader.read("020101"))
                .isInstanceOfSatisfying(CertificateFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_CERTIFICATE));
        assertThatThrownBy(() -> CertificateReader.read("-----BEGIN CERTIFICATE-----\nMIIB"))
                .isInstanceOfSatisfying(CertificateFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_TEXT_ENCODING));
    }

    private static String Tsql0x(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
