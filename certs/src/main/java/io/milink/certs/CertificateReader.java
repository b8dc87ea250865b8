package io.milink.certs;

import io.milink.certs.CertificateFormatException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Reads one X.509 certificate from whatever a user pastes or a system returns:
 * <ul>
 *   <li>PEM ({@code -----BEGIN CERTIFICATE-----}), with or without surrounding text;</li>
 *   <li>SQL Server hex as {@code CERTENCODED} prints it and {@code CREATE CERTIFICATE ... FROM BINARY} takes it
 *       ({@code 0x3082...});</li>
 *   <li>ARM {@code publicBlob}: hex without {@code 0x} for server trust certificates, with {@code 0x} in the
 *       endpoint-certificate example (shared/reference/arm-api.md sections 2.2, 2.3), and the Azure CLI output
 *       that lacks the {@code 0x} (mi-link-workflow.md section 3.4);</li>
 *   <li>base64 without PEM headers, and raw DER bytes;</li>
 *   <li>one labelled hex value, as PowerShell ({@code PublicKey : 0x3082...}) or a JSON response line
 *       ({@code "publicBlob": "3082...",}) shows it.</li>
 * </ul>
 * Case, whitespace, line breaks and surrounding quotes do not matter. Anything that is not exactly one
 * certificate is refused with a {@link CertificateFormatException} whose reason and message say what it was
 * instead; a bare public key gets the message that explains ARM's "Invalid public blob specified".
 */
public final class CertificateReader {

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]*");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    /**
     * One labelled value, as copied from {@code Get-AzSqlInstanceEndpointCertificate | Out-String}
     * ({@code PublicKey : 0x3082...}) or from an ARM response ({@code "publicBlob": "3082...",}).
     */
    private static final Pattern LABELLED_HEX = Pattern.compile(
            "(?s)\\s*\"?[A-Za-z][A-Za-z0-9_ ]*\"?\\s*[:=]\\s*\"?((?:0[xX])?[0-9A-Fa-f\\s]+?)\"?\\s*,?\\s*");

    /** Said whenever a bare key is refused: the cause of the ARM error, and how to get the whole certificate. */
    static final String BARE_KEY_ADVICE = " The link needs the whole certificate, not its key: Azure's serverTrustCertificates"
            + " API answers a bare key with \"Invalid public blob specified, reason: 'Cannot find the requested object.'\""
            + " (Azure/azure-powershell#18182). On SQL Server export the certificate with"
            + " SELECT CERTENCODED(CERT_ID(N'<certificate name>')); in .NET use X509Certificate2.RawData, not"
            + " PublicKey.EncodedKeyValue.";

    private CertificateReader() {
    }

    /** Reads exactly one certificate from text. */
    public static DerCertificate read(String text) {
        List<DerCertificate> all = readAll(text);
        if (all.size() != 1) {
            throw new CertificateFormatException(Reason.MORE_THAN_ONE, "expected one certificate but found "
                    + all.size() + " PEM certificate blocks; pass them one at a time (or use readAll for a chain)");
        }
        return all.get(0);
    }

    /**
     * Reads every certificate from text: several PEM blocks (a chain or a bundle) give several certificates, any
     * other form gives one.
     */
    public static List<DerCertificate> readAll(String text) {
        Objects.requireNonNull(text, "text");
        String stripped = text.replace("\uFEFF", "").strip();
        if (stripped.isEmpty()) {
            throw new CertificateFormatException(Reason.EMPTY,
                    "no certificate given: expected PEM, hex (0x3082...) or base64 of a DER certificate");
        }
        if (stripped.contains("-----BEGIN ")) {
            return readPem(stripped);
        }
        return List.of(fromDer(decodeCompactText(stripped)));
    }

    /**
     * Reads one certificate from bytes as they come from a file or a varbinary column: DER, or PEM/hex/base64
     * text.
     */
    public static DerCertificate read(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new CertificateFormatException(Reason.EMPTY, "no certificate given: zero bytes");
        }
        // Windows PowerShell 5's Out-File writes UTF-16 with a byte-order mark.
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return read(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE));
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return read(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE));
        }
        // The text "0x3082..." starts with the byte 0x30 too, like DER's SEQUENCE tag: look at the second byte.
        boolean hexText = bytes.length >= 2 && bytes[0] == '0' && (bytes[1] == 'x' || bytes[1] == 'X');
        // Otherwise DER starts with a tag byte: 0x30 (SEQUENCE) or the CryptoAPI blob's 0x06, neither printable.
        if (!hexText && (bytes[0] == 0x30 || bytes[0] == 0x06)) {
            return fromDer(bytes);
        }
        return read(new String(bytes, StandardCharsets.UTF_8));
    }

    private static List<DerCertificate> readPem(String text) {
        Matcher m = PEM_BLOCK.matcher(text);
        List<DerCertificate> out = new ArrayList<>();
        while (m.find()) {
            String label = m.group(1);
            switch (label) {
                case "CERTIFICATE", "X509 CERTIFICATE" -> out.add(fromDer(base64(m.group(2), "PEM " + label)));
                case "PUBLIC KEY", "RSA PUBLIC KEY" -> throw new CertificateFormatException(Reason.BARE_PUBLIC_KEY,
                        "this is a PEM " + label + ", a bare public key, not a certificate." + BARE_KEY_ADVICE);
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" ->
                        throw new CertificateFormatException(Reason.PRIVATE_KEY, "this is a PEM " + label
                                + ". Never paste a private key: the link exchanges only public certificates.");
                case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" ->
                        throw new CertificateFormatException(Reason.CERTIFICATE_REQUEST, "this is a certificate"
                                + " signing request, not a certificate; the link needs the issued certificate");
                default -> throw new CertificateFormatException(Reason.UNSUPPORTED_PEM, "PEM block '" + label
                        + "' is not a certificate; expected -----BEGIN CERTIFICATE-----");
            }
        }
        if (out.isEmpty()) {
            throw new CertificateFormatException(Reason.NOT_TEXT_ENCODING,
                    "found '-----BEGIN' but no complete PEM block with a matching -----END line");
        }
        return out;
    }

    private static byte[] decodeCompactText(String text) {
        Matcher labelled = LABELLED_HEX.matcher(text);
        String compact = (labelled.matches() ? labelled.group(1) : text).replaceAll("\\s", "");
        // Values copied out of JSON or PowerShell output often keep their quotes.
        if (compact.length() >= 2 && (compact.startsWith("\"") && compact.endsWith("\"")
                || compact.startsWith("'") && compact.endsWith("'"))) {
            compact = compact.substring(1, compact.length() - 1);
        }
        boolean prefixed = compact.startsWith("0x") || compact.startsWith("0X");
        String digits = prefixed ? compact.substring(2) : compact;
        // A DER certificate in hex starts with 30, in base64 with M: a string of hex digits is always read as hex.
        if (prefixed || HEX.matcher(digits).matches()) {
            if (!HEX.matcher(digits).matches()) {
                throw new CertificateFormatException(Reason.BAD_HEX, "'0x' must be followed by hex digits only;"
                        + " found '" + firstNonHex(digits) + "'");
            }
            if (digits.isEmpty()) {
                throw new CertificateFormatException(Reason.EMPTY, "'0x' with no hex digits after it");
            }
            if (digits.length() % 2 != 0) {
                throw new CertificateFormatException(Reason.BAD_HEX, "hex has an odd number of digits ("
                        + digits.length() + "); a digit was lost while copying");
            }
            return HexFormat.of().parseHex(digits);
        }
        if (BASE64.matcher(compact).matches()) {
            return base64(compact, "base64");
        }
        throw new CertificateFormatException(Reason.NOT_TEXT_ENCODING, "expected a certificate as PEM"
                + " (-----BEGIN CERTIFICATE-----), hex (0x3082... or 3082...) or base64 (MII...); the text is none of these");
    }

    private static String firstNonHex(String s) {
        for (char c : s.toCharArray()) {
            if (Character.digit(c, 16) < 0) {
                return String.valueOf(c);
            }
        }
        return "";
    }

    private static byte[] base64(String body, String what) {
        try {
            return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new CertificateFormatException(Reason.NOT_TEXT_ENCODING, what + " is not valid base64: "
                    + e.getMessage(), e);
        }
    }

    /** Classifies DER bytes and parses them if, and only if, they are one certificate. */
    static DerCertificate fromDer(byte[] der) {
        if (isCryptoApiPublicKeyBlob(der)) {
            throw new CertificateFormatException(Reason.BARE_PUBLIC_KEY,
                    "this is a Windows CryptoAPI PUBLICKEYBLOB (RSA1), a bare public key, not a certificate."
                            + BARE_KEY_ADVICE);
        }
        checkOuterLength(der);
        ASN1Primitive primitive;
        try {
            primitive = ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw new CertificateFormatException(Reason.NOT_DER, "the bytes are not DER (ASN.1): "
                    + e.getMessage() + "; expected an X.509 certificate, which starts with 0x30 0x82", e);
        }
        if (!(primitive instanceof ASN1Sequence seq)) {
            throw new CertificateFormatException(Reason.NOT_A_CERTIFICATE, "the DER is a "
                    + primitive.getClass().getSimpleName() + ", not the SEQUENCE an X.509 certificate is");
        }
        if (seq.size() == 2 && seq.getObjectAt(0) instanceof ASN1Integer && seq.getObjectAt(1) instanceof ASN1Integer) {
            throw new CertificateFormatException(Reason.BARE_PUBLIC_KEY,
                    "this is a bare RSA public key (PKCS#1 RSAPublicKey: modulus and exponent), not a certificate."
                            + BARE_KEY_ADVICE);
        }
        if (seq.size() == 2 && seq.getObjectAt(0) instanceof ASN1Sequence && seq.getObjectAt(1) instanceof ASN1BitString) {
            throw new CertificateFormatException(Reason.BARE_PUBLIC_KEY,
                    "this is a bare public key (SubjectPublicKeyInfo), not a certificate." + BARE_KEY_ADVICE);
        }
        if (seq.size() >= 3 && seq.getObjectAt(0) instanceof ASN1Integer version
                && version.getValue().intValue() <= 1) {
            throw new CertificateFormatException(Reason.PRIVATE_KEY, "this looks like a private key (PKCS#8,"
                    + " PKCS#1 or SEC1). Never paste a private key: the link exchanges only public certificates.");
        }
        if (seq.size() == 3 && seq.getObjectAt(0) instanceof ASN1Sequence && seq.getObjectAt(2) instanceof ASN1BitString) {
            try {
                Certificate.getInstance(seq);
            } catch (IllegalArgumentException notCertificate) {
                if (isCertificationRequest(seq)) {
                    throw new CertificateFormatException(Reason.CERTIFICATE_REQUEST, "this is a certificate signing"
                            + " request (PKCS#10), not a certificate; the link needs the issued certificate");
                }
                throw new CertificateFormatException(Reason.NOT_A_CERTIFICATE,
                        "signed DER structure, but not an X.509 certificate: " + notCertificate.getMessage(),
                        notCertificate);
            }
            return DerCertificate.parseDer(der);
        }
        throw new CertificateFormatException(Reason.NOT_A_CERTIFICATE, "the DER is a SEQUENCE of " + seq.size()
                + " elements, not an X.509 certificate (tbsCertificate, signatureAlgorithm, signature)");
    }

    private static boolean isCertificationRequest(ASN1Sequence seq) {
        try {
            CertificationRequest.getInstance(seq).getCertificationRequestInfo().getSubjectPublicKeyInfo();
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static boolean isCryptoApiPublicKeyBlob(byte[] b) {
        // PUBLICKEYSTRUC: bType 0x06 (PUBLICKEYBLOB), bVersion 0x02, then RSAPUBKEY whose magic is "RSA1".
        return b.length >= 12 && b[0] == 0x06 && b[1] == 0x02
                && b[8] == 'R' && b[9] == 'S' && b[10] == 'A' && b[11] == '1';
    }

    /**
     * Compares the outer DER length with the bytes given, before the ASN.1 parser gives a vaguer error. A copy cut
     * short is common: ARM's own documentation examples show blobs of 15-20 bytes whose header declares ~950.
     */
    private static void checkOuterLength(byte[] der) {
        if (der.length < 2) {
            throw new CertificateFormatException(Reason.NOT_DER, "only " + der.length
                    + " byte(s); an X.509 certificate is hundreds of bytes long");
        }
        int lengthByte = der[1] & 0xFF;
        long declared;
        int header;
        if (lengthByte < 0x80) {
            declared = lengthByte;
            header = 2;
        } else {
            int count = lengthByte & 0x7F;
            if (count == 0 || count > 4) {
                return; // indefinite or absurd length: let the parser report it
            }
            if (der.length < 2 + count) {
                throw new CertificateFormatException(Reason.TRUNCATED, "only " + der.length
                        + " bytes, cut inside the DER header; the certificate was not copied whole");
            }
            declared = 0;
            for (int i = 0; i < count; i++) {
                declared = (declared << 8) | (der[2 + i] & 0xFF);
            }
            header = 2 + count;
        }
        long total = header + declared;
        if (total > der.length) {
            throw new CertificateFormatException(Reason.TRUNCATED, "the DER header declares " + total
                    + " bytes but only " + der.length + " were given: the blob was cut short while copying"
                    + " (documentation examples are shortened the same way)");
        }
        if (total < der.length) {
            throw new CertificateFormatException(Reason.TRAILING_DATA, "a complete " + total
                    + "-byte DER element is followed by " + (der.length - total)
                    + " more bytes; two values were pasted together, or the copy picked up extra characters");
        }
    }
}
