package io.milink.certs;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether two certificates are the same, by thumbprint and public key, never by name. Names lie in both
 * directions: the root CAs are imported under names chosen by whoever ran the script ({@code DigiCertPKI},
 * {@code DigiCert Global Root G2}, ...; mi-link-workflow.md section 1.8), and after Azure rotates the managed
 * instance's certificate the stale copy on SQL Server keeps the same FQDN name (section 7.2, error 28045).
 */
public final class CertificateComparison {

    /** How two certificates relate. */
    public enum Relation {
        /** Byte-identical: same SHA-1 thumbprint. */
        SAME_CERTIFICATE,
        /** Different certificates carrying the same public key (renewed or re-issued with the same key pair). */
        SAME_KEY_DIFFERENT_CERTIFICATE,
        /** Nothing in common that counts. Equal names do not count. */
        DIFFERENT
    }

    private CertificateComparison() {
    }

    public static Relation relate(DerCertificate a, DerCertificate b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.thumbprint().equals(b.thumbprint())) {
            return Relation.SAME_CERTIFICATE;
        }
        return samePublicKey(a, b) ? Relation.SAME_KEY_DIFFERENT_CERTIFICATE : Relation.DIFFERENT;
    }

    /**
     * True when both carry the same SubjectPublicKeyInfo. ARM is reported to refuse a second trust certificate with
     * the same key blob, so trust certificates are matched by key (mi-link-workflow.md section 3.3).
     */
    public static boolean samePublicKey(DerCertificate a, DerCertificate b) {
        return Arrays.equals(a.x509().getPublicKey().getEncoded(), b.x509().getPublicKey().getEncoded());
    }

    /** The certificate among {@code candidates} with this thumbprint, whatever it is called. */
    public static Optional<DerCertificate> findByThumbprint(Collection<DerCertificate> candidates, Thumbprint thumbprint) {
        Objects.requireNonNull(thumbprint, "thumbprint");
        return candidates.stream().filter(c -> c.thumbprint().equals(thumbprint)).findFirst();
    }

    /** The first certificate among {@code candidates} with the same public key as {@code wanted}. */
    public static Optional<DerCertificate> findByPublicKey(Collection<DerCertificate> candidates, DerCertificate wanted) {
        Objects.requireNonNull(wanted, "wanted");
        return candidates.stream().filter(c -> samePublicKey(c, wanted)).findFirst();
    }
}
