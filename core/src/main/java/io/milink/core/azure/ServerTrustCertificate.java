package io.milink.core.azure;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A certificate uploaded to the managed instance so it trusts SQL Server's mirroring endpoint
 * ({@code Microsoft.Sql/managedInstances/serverTrustCertificates}, ServerTrustCertificates.json 2025-01-01;
 * arm-api.md §2.2).
 *
 * @param id              the ARM resource id
 * @param name            the resource name (what milink PUT)
 * @param certificateName the certificate's name as the instance knows it (read-only)
 * @param thumbprint      ARM's thumbprint of the certificate (read-only)
 * @param publicBlob      the DER certificate as hex, as ARM returns it
 */
public record ServerTrustCertificate(String id, String name, String certificateName, String thumbprint,
                                     String publicBlob) {

    static ServerTrustCertificate fromJson(JsonNode body) {
        JsonNode p = body.path("properties");
        return new ServerTrustCertificate(ArmCalls.text(body, "id"), ArmCalls.text(body, "name"),
                ArmCalls.text(p, "certificateName"), ArmCalls.text(p, "thumbprint"), ArmCalls.text(p, "publicBlob"));
    }
}
