package io.milink.api.service;

import com.azure.core.credential.TokenCredential;
import io.milink.api.service.config.NamedAzureSignIn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One credential per configured Azure sign-in name for the service's lifetime. Azure Identity credentials cache their
 * tokens and are thread-safe, so sharing them means a token is reused until it nears expiry and
 * DefaultAzureCredential walks its chain once, instead of on every preflight. A sign-in that fails to build (a
 * secret's variable is not set) is not kept: the next preflight tries again.
 */
final class AzureSignIns {

    private final ArmConnector arm;
    private final Map<String, String> variables;
    private final ConcurrentHashMap<String, TokenCredential> credentials = new ConcurrentHashMap<>();

    AzureSignIns(ArmConnector arm, Map<String, String> variables) {
        this.arm = arm;
        this.variables = variables;
    }

    /**
     * Blocking on first use of a name (it may read a secret's file): call it on a worker thread.
     *
     * @throws IllegalArgumentException when the sign-in cannot be built
     */
    TokenCredential credential(NamedAzureSignIn azure) {
        // The configuration is fixed for the service's lifetime, so the name identifies the sign-in.
        return credentials.computeIfAbsent(azure.name(), name -> arm.signIn(azure.signIn(), variables));
    }
}
