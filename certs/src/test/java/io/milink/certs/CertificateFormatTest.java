package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CertificateFormatTest {

    private final DerCertificate digicert = CertificateReaderTest.digicert();
    private final String upperHex = HexFormat.of().withUpperCase().formatHex(digicert.der());

    @Test
    void pemIsByteForByteWhatDebianShips() {
        assertThat(CertificateFormat.PEM.encode(digicert))
                .isEqualTo(CertificateReaderTest.resource("io/milink/certs/roots/digicert-global-root-g2.pem"));
    }

    @Test
    void sqlServerHexIsWhatCertEncodedPrintsAndMicrosoftsScriptEmbeds() {
        assertThat(CertificateFormat.SQL_SERVER_HEX.encode(digicert)).isEqualTo("0x" + upperHex)
                .isEqualTo(CertificateReaderTest.resource(
                        "io/milink/certs/digicert-global-root-g2.learn-scripts-page.hex").strip());
    }

    @Test
    void armTrustCertificateBlobHasNoPrefixAndEndpointBlobHasOne() {
        assertThat(CertificateFormat.ARM_SERVER_TRUST_BLOB.encode(digicert)).isEqualTo(upperHex).startsWith("3082");
        assertThat(CertificateFormat.ARM_ENDPOINT_BLOB.encode(digicert)).isEqualTo("0x" + upperHex);
    }

    @Test
    void base64IsOneLineWithoutHeaders() {
        assertThat(CertificateFormat.BASE64.encode(digicert)).startsWith("MIIDjjCC").doesNotContain("\n", "-----");
    }

    @Test
    void readsAValueCopiedWithItsLabelFromPowerShellOrJson() {
        assertThat(CertificateReader.read("PublicKey         : 0x" + upperHex + "\r\n")).isEqualTo(digicert);
        assertThat(CertificateReader.read("  \"publicBlob\": \"" + upperHex + "\",")).isEqualTo(digicert);
        assertThat(CertificateReader.read("EndpointCertificatePublicKey = 0x" + upperHex.toLowerCase()))
                .isEqualTo(digicert);
    }
}
