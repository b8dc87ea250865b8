package io.milink.api.service.auth;

import java.util.List;
import java.util.Set;

/**
 * How to accept Microsoft Entra ID access tokens (docs/operations.md, "Entra ID tokens").
 *
 * @param authority    the login host, {@code https://login.microsoftonline.com} unless a sovereign cloud (or a test)
 * @param tenant       the directory (tenant) id whose tokens are accepted
 * @param audiences    accepted {@code aud} values: the API's application (client) id and/or its App ID URI
 * @param readerRole   the app role value that grants {@code reader}
 * @param operatorRole the app role value that grants {@code operator}
 */
public record EntraSettings(String authority, String tenant, List<String> audiences, String readerRole,
                            String operatorRole) {

    public static final String PUBLIC_CLOUD_AUTHORITY = "https://login.microsoftonline.com";
    public static final String DEFAULT_READER_ROLE = "Milink.Reader";
    public static final String DEFAULT_OPERATOR_ROLE = "Milink.Operator";
    /** The app role that, with the operator role, grants {@link Permission#FAILOVER} (a forced failover). */
    public static final String FAILOVER_ROLE = "Milink.Failover";

    public EntraSettings {
        authority = authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority;
        audiences = List.copyOf(audiences);
    }

    /**
     * The tenant's signing keys. Entra publishes them at {@code {authority}/{tenant}/discovery/v2.0/keys} (the
     * {@code jwks_uri} of the tenant's OpenID configuration); v1 and v2 tokens are signed with the same keys.
     */
    public String jwksUri() {
        return authority + "/" + tenant + "/discovery/v2.0/keys";
    }

    /**
     * Accepted {@code iss} values. v2.0 tokens carry {@code {authority}/{tenant}/v2.0}; v1.0 tokens (an app whose
     * manifest leaves {@code accessTokenAcceptedVersion} unset) carry {@code https://sts.windows.net/{tenant}/} in
     * the public cloud, which is accepted only with the public-cloud authority.
     */
    public Set<String> issuers() {
        String v2 = authority + "/" + tenant + "/v2.0";
        return authority.equals(PUBLIC_CLOUD_AUTHORITY)
                ? Set.of(v2, "https://sts.windows.net/" + tenant + "/")
                : Set.of(v2);
    }
}
