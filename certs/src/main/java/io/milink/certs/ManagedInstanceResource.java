package io.milink.certs;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a managed instance lives in Azure Resource Manager, enough to write the trust-certificate requests of a
 * rotation plan (shared/reference/arm-api.md section 2.2).
 */
public record ManagedInstanceResource(String subscriptionId, String resourceGroup, String name) {

    /** The api-version the requests are written for (shared/contracts/arm/2025-01-01). */
    public static final String API_VERSION = "2025-01-01";

    public ManagedInstanceResource {
        requireText(subscriptionId, "subscriptionId");
        requireText(resourceGroup, "resourceGroup");
        requireText(name, "name");
    }

    /** The URL of one server trust certificate on this managed instance, path segments percent-encoded. */
    public String serverTrustCertificateUrl(String certificateName) {
        requireText(certificateName, "certificateName");
        return "https://management.azure.com/subscriptions/" + segment(subscriptionId)
                + "/resourceGroups/" + segment(resourceGroup)
                + "/providers/Microsoft.Sql/managedInstances/" + segment(name)
                + "/serverTrustCertificates/" + segment(certificateName)
                + "?api-version=" + API_VERSION;
    }

    /** RFC 3986 percent-encoding of one path segment: only unreserved characters stay as they are. */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
