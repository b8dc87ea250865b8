package io.milink.preflight.facts;

/**
 * The DATABASE_MIRRORING endpoint ({@code sys.database_mirroring_endpoints} joined to {@code sys.tcp_endpoints}).
 *
 * @param name                name
 * @param state               STARTED, STOPPED, DISABLED
 * @param port                TCP port
 * @param connectionAuth      {@code connection_auth_desc}, e.g. {@code NEGOTIATE}, {@code CERTIFICATE NEGOTIATE}
 * @param encryptionEnabled   {@code is_encryption_enabled}
 * @param encryptionAlgorithm {@code encryption_algorithm_desc}, e.g. AES, RC4 AES
 * @param certificateName     the certificate it authenticates with; null for Windows authentication only
 * @param role                {@code role_desc}: ALL, PARTNER, WITNESS
 */
public record EndpointFact(String name, String state, int port, String connectionAuth, boolean encryptionEnabled,
                           String encryptionAlgorithm, String certificateName, String role) {
}
