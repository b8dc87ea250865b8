package io.milink.api.service.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The credentials a service is configured with, by name: SQL logins ({@code credentials}), Azure sign-ins
 * ({@code azureCredentials}) and other secrets ({@code secrets}: a master key's password), and the environment their {@code passwordEnv} references are read from (the process
 * environment; a test passes its own).
 */
public final class Credentials {

    private final Map<String, NamedCredential> byName;
    private final Map<String, NamedAzureSignIn> azureByName;
    private final Map<String, NamedSecret> secretsByName;
    private final Map<String, String> environment;

    public Credentials(List<NamedCredential> credentials, Map<String, String> environment) {
        this(credentials, List.of(), environment);
    }

    public Credentials(List<NamedCredential> credentials, List<NamedAzureSignIn> azureSignIns,
                       Map<String, String> environment) {
        this(credentials, azureSignIns, List.of(), environment);
    }

    public Credentials(List<NamedCredential> credentials, List<NamedAzureSignIn> azureSignIns,
                       List<NamedSecret> secrets, Map<String, String> environment) {
        TreeMap<String, NamedCredential> map = new TreeMap<>();
        for (NamedCredential credential : credentials) {
            if (map.put(credential.name(), credential) != null) {
                throw new ConfigException("credential '" + credential.name() + "' is configured twice");
            }
        }
        TreeMap<String, NamedAzureSignIn> azure = new TreeMap<>();
        for (NamedAzureSignIn signIn : azureSignIns) {
            if (azure.put(signIn.name(), signIn) != null) {
                throw new ConfigException("Azure credential '" + signIn.name() + "' is configured twice");
            }
        }
        TreeMap<String, NamedSecret> secretMap = new TreeMap<>();
        for (NamedSecret secret : secrets) {
            if (secretMap.put(secret.name(), secret) != null) {
                throw new ConfigException("secret '" + secret.name() + "' is configured twice");
            }
        }
        this.secretsByName = Map.copyOf(secretMap);
        this.byName = Map.copyOf(map);
        this.azureByName = Map.copyOf(azure);
        this.environment = Map.copyOf(environment);
    }

    public static Credentials none() {
        return new Credentials(List.of(), Map.of());
    }

    public Optional<NamedCredential> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The configured names, sorted: what an error may show (never a user or where a password is). */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    public Optional<NamedAzureSignIn> findAzure(String name) {
        return Optional.ofNullable(azureByName.get(name));
    }

    /** The configured Azure sign-ins' names, sorted: what an error may show (never a tenant, id or secret). */
    public List<String> azureNames() {
        return azureByName.keySet().stream().sorted().toList();
    }

    public Optional<NamedSecret> findSecret(String name) {
        return Optional.ofNullable(secretsByName.get(name));
    }

    /** The configured secrets' names, sorted: what an error may show (never where a secret is). */
    public List<String> secretNames() {
        return secretsByName.keySet().stream().sorted().toList();
    }

    public Map<String, String> environment() {
        return environment;
    }
}
