package io.milink.certs;

import java.util.Objects;

/**
 * One reason a chain is not (or soon will not be) acceptable, about one certificate.
 *
 * @param kind       what is wrong
 * @param subject    subject DN of the certificate concerned
 * @param thumbprint its SHA-1 thumbprint, to find it in {@code sys.certificates}
 * @param message    one sentence for the report, naming the certificate and the fix
 */
public record ChainProblem(Kind kind, String subject, Thumbprint thumbprint, String message) {

    /** What is wrong. */
    public enum Kind {
        /** The certificate's issuer is neither a trusted root nor a supplied intermediate. */
        ISSUER_NOT_FOUND,
        /** The certificate signed itself and is not one of the trusted roots. */
        SELF_SIGNED_NOT_TRUSTED,
        /** A certificate with the issuer's name is present, but its key did not sign this certificate. */
        SIGNATURE_MISMATCH,
        /** The path exists by names and signatures, but PKIX rules reject it (not a CA, key usage, ...). */
        REJECTED_BY_PKIX,
        /** notAfter is before the instant checked. */
        EXPIRED,
        /** notBefore is after the instant checked. */
        NOT_YET_VALID,
        /** Valid now, but notAfter falls inside the look-ahead window. */
        EXPIRES_WITHIN_HORIZON
    }

    public ChainProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(message, "message");
    }

    static ChainProblem about(Kind kind, DerCertificate certificate, String message) {
        return new ChainProblem(kind, certificate.x509().getSubjectX500Principal().getName(),
                certificate.thumbprint(), message);
    }
}
