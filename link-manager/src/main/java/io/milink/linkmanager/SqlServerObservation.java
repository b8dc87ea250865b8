package io.milink.linkmanager;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What SQL Server has of a link's objects, read in one round trip ({@link SqlServerObserver}).
 *
 * @param registrations the issuer registrations (certificate name, DNS name); null when this build cannot list
 *                      them ({@code sys.sp_certificate_issuers} is undocumented and absent before 2019)
 */
public record SqlServerObservation(String serverName, String productVersion, boolean hadrEnabled, boolean masterKey,
                                   List<Certificate> certificates, List<Registration> registrations,
                                   Endpoint endpoint, List<Group> groups) {

    public record Certificate(String name, String thumbprintHex, String privateKeyEncryption) {
    }

    public record Registration(String certificateName, String dnsName) {
    }

    /**
     * The DATABASE_MIRRORING endpoint.
     *
     * @param connectionAuth      e.g. NEGOTIATE CERTIFICATE (sys.database_mirroring_endpoints.connection_auth_desc)
     * @param encryptionAlgorithm e.g. AES, RC4 AES, NONE
     */
    public record Endpoint(String name, String state, String connectionAuth, String encryptionAlgorithm,
                           boolean encryptionEnabled, String certificateName, int port) {

        /** What the link needs (Doc, scripts page): started, certificate authentication, encryption with AES. */
        public boolean readyFor(String linkCertificate, int linkPort) {
            return "STARTED".equalsIgnoreCase(state) && connectionAuth.toUpperCase(Locale.ROOT).contains("CERTIFICATE")
                    && linkCertificate.equalsIgnoreCase(certificateName) && encryptionEnabled
                    && encryptionAlgorithm.toUpperCase(Locale.ROOT).contains("AES") && port == linkPort;
        }
    }

    public record Replica(String name, String endpointUrl, String availabilityMode) {
    }

    public record Group(String name, boolean distributed, List<Replica> replicas, List<String> databases) {
    }

    public int majorVersion() {
        return Integer.parseInt(productVersion.split("\\.")[0]);
    }

    public Optional<Certificate> certificate(String name) {
        return certificates.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<Certificate> certificateByThumbprint(String thumbprintHex) {
        return certificates.stream().filter(c -> c.thumbprintHex().equalsIgnoreCase(thumbprintHex)).findFirst();
    }

    public Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst();
    }
}
