/**
 * milink's knowledge of a link's certificates (see ../shared/design/ARCHITECTURE.md for the module's role and
 * docs/certificates.md for the user-facing account). Everything here is pure and offline: no class reads the clock,
 * the network or a database; callers pass in the instant and the certificates they read.
 *
 * <ul>
 *   <li>Formats: {@link io.milink.certs.CertificateReader} reads what users paste (PEM, {@code 0x} hex, ARM blobs,
 *       base64, DER) and refuses bare keys and other non-certificates with a reason;
 *       {@link io.milink.certs.CertificateFormat} writes each form.</li>
 *   <li>Identity: {@link io.milink.certs.DerCertificate}, {@link io.milink.certs.CertificateIdentity},
 *       {@link io.milink.certs.Thumbprint}; sameness by thumbprint, never by name.</li>
 *   <li>Roots: {@link io.milink.certs.AzureRootBundle}, the Azure root CAs shipped as verified resources.</li>
 *   <li>Chains: {@link io.milink.certs.ChainValidator} gives a {@link io.milink.certs.ChainValidation}.</li>
 *   <li>T-SQL: {@link io.milink.certs.CertificateTsql} and {@link io.milink.certs.LinkCertificateName}.</li>
 *   <li>Rotation: {@link io.milink.certs.RotationPlanner} gives a {@link io.milink.certs.RotationPlan} (its caller:
 *       {@code milink link rotate-certificate}).</li>
 * </ul>
 */
package io.milink.certs;
