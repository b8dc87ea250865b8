package io.milink.preflight.check.sql;

import io.milink.core.Tsql;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.EndpointFact;
import io.milink.preflight.facts.SqlServerFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code sql.endpoint}: an instance has at most one DATABASE_MIRRORING endpoint, shared by every availability
 * group; an existing one is altered, not duplicated. For the link it must be started, accept CERTIFICATE
 * authentication, and require encryption (ENCRYPTION = REQUIRED, not SUPPORTED or DISABLED) with AES among its
 * algorithms (mi-link-workflow.md §1.9, §3.7).
 */
public final class EndpointCheck extends InstanceCheck {

    public static final String ID = "sql.endpoint";

    public EndpointCheck() {
        super(ID, "Database mirroring endpoint");
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        if (server.mirroringEndpoints().isEmpty()) {
            return finding(target, Status.PASS, "no DATABASE_MIRRORING endpoint yet: milink will create one "
                    + "(port 5022 unless the spec says otherwise)", null);
        }
        EndpointFact endpoint = server.mirroringEndpoints().get(0);
        String algorithm = endpoint.encryptionAlgorithm() == null ? ""
                : endpoint.encryptionAlgorithm().toUpperCase(Locale.ROOT);
        // encryption_algorithm_desc lists NONE first when ENCRYPTION = SUPPORTED: unencrypted connections are
        // accepted (Microsoft Learn, sys.database_mirroring_endpoints: "NONE AES", "NONE RC4 AES", ...).
        String encryption = !endpoint.encryptionEnabled() ? "DISABLED"
                : algorithm.contains("NONE") ? "SUPPORTED" : "REQUIRED";
        String seen = endpoint.name() + ": " + endpoint.state() + ", port " + endpoint.port() + ", authentication "
                + endpoint.connectionAuth() + ", encryption " + encryption
                + (endpoint.encryptionEnabled() ? " (" + endpoint.encryptionAlgorithm() + ")" : "");
        List<String> problems = new ArrayList<>();
        if (!"STARTED".equalsIgnoreCase(endpoint.state())) {
            problems.add("it is not started");
        }
        String auth = endpoint.connectionAuth() == null ? "" : endpoint.connectionAuth().toUpperCase(Locale.ROOT);
        if (!auth.contains("CERTIFICATE")) {
            problems.add("it does not accept CERTIFICATE authentication");
        }
        if (!"REQUIRED".equals(encryption)) {
            problems.add("encryption is " + encryption + ", not REQUIRED");
        }
        if (!algorithm.contains("AES")) {
            problems.add("its algorithms do not include AES");
        }
        if (problems.isEmpty()) {
            return finding(target, Status.PASS, seen, null);
        }
        // Altering the endpoint is part of creating the link, so these are warnings: milink's plan does it, and
        // the DBA sees why existing Windows-authenticated AGs keep working (WINDOWS NEGOTIATE stays in the list).
        String name = Tsql.quoteName(endpoint.name());
        return finding(target, Status.WARN, seen + "; " + String.join(", ", problems)
                + ": creating the link alters it", Remediation.tsql(
                "-- Keeps Windows authentication for existing availability groups and adds the link certificate.\n"
                        + "ALTER ENDPOINT " + name + "\n"
                        + "    STATE = STARTED\n"
                        + "    AS TCP (LISTENER_PORT = " + endpoint.port() + ")\n"
                        + "    FOR DATABASE_MIRRORING (\n"
                        + "        ROLE = ALL,\n"
                        + "        AUTHENTICATION = WINDOWS NEGOTIATE CERTIFICATE [<link certificate>],\n"
                        + "        ENCRYPTION = REQUIRED ALGORITHM AES);"));
    }
}
