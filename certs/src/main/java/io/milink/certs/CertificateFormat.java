package io.milink.certs;

import io.milink.core.Tsql;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The text forms a certificate takes on its way between SQL Server, Azure and people. {@link #encode} writes
 * exactly the form each consumer expects; {@link CertificateReader} reads them all back.
 */
public enum CertificateFormat {

    /** {@code -----BEGIN CERTIFICATE-----}, base64 in 64-character lines (RFC 7468). */
    PEM,
    /** The DER in base64 on one line, without PEM headers. */
    BASE64,
    /**
     * {@code 0x3082...} in upper-case hex: what {@code CERTENCODED} returns as printed by SSMS and what
     * {@code CREATE CERTIFICATE ... FROM BINARY =} takes, unquoted (mi-link-workflow.md sections 3.3, 3.4).
     */
    SQL_SERVER_HEX,
    /**
     * ARM {@code serverTrustCertificates} {@code publicBlob}: upper-case hex without {@code 0x}, as the API's
     * example sends it (arm-api.md section 2.2).
     */
    ARM_SERVER_TRUST_BLOB,
    /**
     * ARM {@code endpointCertificates} {@code publicBlob}: {@code 0x}-prefixed hex, as the API's example returns it
     * (arm-api.md section 2.3).
     */
    ARM_ENDPOINT_BLOB;

    private static final HexFormat UPPER = HexFormat.of().withUpperCase();

    /** Writes the certificate in this form. */
    public String encode(DerCertificate certificate) {
        byte[] der = certificate.der();
        return switch (this) {
            case PEM -> "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
            case BASE64 -> Base64.getEncoder().encodeToString(der);
            case SQL_SERVER_HEX, ARM_ENDPOINT_BLOB -> Tsql.binaryLiteral(der);
            case ARM_SERVER_TRUST_BLOB -> UPPER.formatHex(der);
        };
    }
}
