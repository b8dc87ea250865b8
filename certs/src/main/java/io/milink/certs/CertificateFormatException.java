package io.milink.certs;

import java.util.Objects;

/**
 * What the user gave us is not one X.509 certificate. The {@link #reason()} says what it was instead, so a caller
 * (CLI, preflight) can react to the case and the message can tell the user what to paste.
 */
public final class CertificateFormatException extends IllegalArgumentException {

    /** What was recognised instead of a certificate. */
    public enum Reason {
        /** Nothing at all, or only whitespace. */
        EMPTY,
        /** Text that is neither PEM, hex nor base64. */
        NOT_TEXT_ENCODING,
        /** Hex with an odd number of digits or stray characters. */
        BAD_HEX,
        /** Decoded bytes that are not DER at all. */
        NOT_DER,
        /** DER whose outer length promises more bytes than were given (a copy that was cut short). */
        TRUNCATED,
        /** A complete DER element followed by more bytes. */
        TRAILING_DATA,
        /** A public key alone (SubjectPublicKeyInfo, PKCS#1 RSAPublicKey or a CryptoAPI PUBLICKEYBLOB). */
        BARE_PUBLIC_KEY,
        /** A private key. */
        PRIVATE_KEY,
        /** A PKCS#10 certificate signing request. */
        CERTIFICATE_REQUEST,
        /** Well-formed DER, but not a certificate. */
        NOT_A_CERTIFICATE,
        /** Several certificates where one was expected. */
        MORE_THAN_ONE,
        /** A PEM block with a label milink does not read. */
        UNSUPPORTED_PEM
    }

    private final Reason reason;

    public CertificateFormatException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public CertificateFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
