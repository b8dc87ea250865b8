package io.milink.preflight.facts;

import java.time.Instant;

/**
 * A row of {@code master.sys.certificates}.
 *
 * @param certificateId         {@code certificate_id}, what issuer registrations refer to
 * @param name                  certificate name
 * @param subject               subject as SQL Server shows it
 * @param issuerName            issuer as SQL Server shows it
 * @param startDate             not before (UTC)
 * @param expiryDate            not after (UTC)
 * @param thumbprint            SHA-1 of the DER, upper-case hex without 0x
 * @param privateKeyProtection  {@code pvt_key_encryption_type}: MK (master key), PW (password), NA (no private key)
 * @param der                   the certificate, {@code CERTENCODED}, upper-case hex without 0x
 */
public record CertificateFact(Integer certificateId, String name, String subject, String issuerName, Instant startDate, Instant expiryDate,
                              String thumbprint, String privateKeyProtection, String der) {
}
