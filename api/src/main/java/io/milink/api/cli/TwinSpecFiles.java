package io.milink.api.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.journal.Journal;
import io.milink.journal.JournalUnavailableException;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmTwin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code milink twin --write-spec DIR} writes: the files with which milink reaches exactly the running twins,
 * with no other flag. A link spec for the CLI; for {@code milink serve}, a service configuration, the bodies of
 * {@code POST /v1/links} and {@code POST /v1/preflight}, and an operator token of that service's journal; the twins'
 * certificates; and the SQL login's password and the token in files of their own (owner-only), which the others name
 * or the worked example reads (docs/api.md): no YAML or JSON file holds a secret.
 */
public final class TwinSpecFiles {

    public static final String LINK_SPEC = "link.yaml";
    public static final String SERVE_CONFIG = "serve.yaml";
    public static final String REQUEST = "link-request.json";
    public static final String PREFLIGHT_REQUEST = "preflight-request.json";
    public static final String TOKEN = "operator-token";
    /** serve.yaml's data-dir, inside DIR: the rehearsal's own journal. */
    public static final String SERVE_DATA = "serve-data";
    /** What link-request.json names a link of several databases (one database: its link's own name, DAG_db). */
    public static final String LINK_NAME = "twin";
    public static final String PASSWORD = "sql-password";
    public static final String SQL_CERTIFICATE = "sql-server-twin.pem";
    public static final String ARM_CERTIFICATE = "arm-twin.pem";

    /** The names serve.yaml gives the twins' sign-ins, which link-request.json uses. */
    static final String SQL_CREDENTIAL = "twin-sql";
    static final String AZURE_CREDENTIAL = "twin-arm";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A file written, and what it is for: what {@code milink twin} prints. */
    public record Written(Path file, String purpose) {
    }

    /**
     * The twins as a client on this machine reaches them.
     *
     * @param host      the address the twins listen on, as clients name it (127.0.0.1 for a wildcard bind)
     * @param databases the scenario's user databases: what the spec links
     * @param arm       the ARM twin, or null when the scenario describes no managed instance
     */
    public record Twins(String host, SqlServerTwin sqlServer, ArmTwin arm, List<String> databases) {
    }

    private TwinSpecFiles() {
    }

    /**
     * @param scenario how the scenario was named (for the files' header comments)
     * @throws IOException when a file cannot be written
     */
    public static List<Written> write(Path dir, Twins twins, String scenario) throws IOException {
        Files.createDirectories(dir);
        List<Written> written = new ArrayList<>();
        SqlServerTwin.Credentials login = twins.sqlServer().loginCredentials();

        written.add(new Written(writePrivate(dir.resolve(PASSWORD), login.password()),
                "the SQL login's password (owner-only; link.yaml and serve.yaml name this file)"));
        written.add(new Written(Files.writeString(dir.resolve(SQL_CERTIFICATE), twins.sqlServer().certificatePem()),
                "the SQL Server twin's TLS certificate, pinned (encrypt: strict)"));
        String armEndpoint = null;
        if (twins.arm() != null) {
            armEndpoint = "https://" + (twins.host().contains(":") ? "[" + twins.host() + "]" : twins.host()) + ":"
                    + twins.arm().port();
            written.add(new Written(Files.writeString(dir.resolve(ARM_CERTIFICATE), twins.arm().tlsCertificatePem()),
                    "the ARM twin's TLS certificate: the trust store of its endpoint"));
        }
        String header = "# Written by 'milink twin --scenario " + scenario + " --write-spec': the twins of that run "
                + "(their ports and\n# certificates are theirs until it stops). Paths are relative to this file's "
                + "folder.\n";
        written.add(new Written(Files.writeString(dir.resolve(LINK_SPEC), header
                + linkSpec(twins, login.userName(), armEndpoint), StandardCharsets.UTF_8),
                "milink preflight --spec " + dir.resolve(LINK_SPEC)));
        Path serveData = dir.toAbsolutePath().resolve(SERVE_DATA);
        written.add(new Written(Files.writeString(dir.resolve(SERVE_CONFIG), header
                + serveConfig(twins, login.userName(), armEndpoint, serveData), StandardCharsets.UTF_8),
                "milink serve --config " + dir.resolve(SERVE_CONFIG)));
        written.add(new Written(Files.writeString(dir.resolve(REQUEST), request(twins, true), StandardCharsets.UTF_8),
                "the body of POST /v1/links to that service (the same LinkSpec; " + (twins.databases().size() > 1
                        ? "the link named " + LINK_NAME : "the link named as on the instance, DAG_<database>") + ")"));
        written.add(new Written(Files.writeString(dir.resolve(PREFLIGHT_REQUEST), request(twins, false),
                StandardCharsets.UTF_8), "the body of POST /v1/preflight to that service"));
        operatorToken(dir, serveData).ifPresent(written::add);
        return written;
    }

    /**
     * An operator token of the service serve.yaml configures, created in its journal and written owner-only, so the
     * rehearsal's requests need nothing copied from the service's output. When that journal is in use (its service
     * runs), none: the service printed one at its first start, and {@code milink token create} makes more.
     */
    private static java.util.Optional<Written> operatorToken(Path dir, Path serveData) throws IOException {
        String token;
        try (Journal journal = Journal.open(serveData)) {
            token = new TokenStore(journal).create(Role.OPERATOR);
        } catch (JournalUnavailableException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Written(writePrivate(dir.resolve(TOKEN), token + "\n"), "an operator "
                + "token of that service (owner-only): export MILINK_TOKEN=$(cat " + dir.resolve(TOKEN) + ")"));
    }

    private static String linkSpec(Twins twins, String user, String armEndpoint) {
        StringBuilder yaml = new StringBuilder()
                .append("sqlServer:\n")
                .append("  host: ").append(quoted(twins.host())).append('\n')
                .append("  port: ").append(twins.sqlServer().port()).append('\n')
                .append("  authentication:\n")
                .append("    type: sql\n")
                .append("    user: ").append(quoted(user)).append('\n')
                .append("    passwordFile: ").append(PASSWORD).append('\n')
                .append("  encrypt: strict\n")
                .append("  serverCertificate: ").append(SQL_CERTIFICATE).append('\n')
                .append("databases: ").append(twins.databases().stream().map(TwinSpecFiles::quoted)
                        .collect(Collectors.joining(", ", "[", "]"))).append('\n');
        if (twins.arm() != null) {
            yaml.append("managedInstance:\n")
                    .append("  resourceId: ").append(quoted(twins.arm().resourceId())).append('\n')
                    .append("  # The twin's host name is fictitious: probed from here it would only fail to resolve, "
                            + "so the net.*\n  # checks SKIP (docs/cli.md, milink twin).\n")
                    .append("  probeNetwork: false\n")
                    .append(azureSignIn("  azureAuth:\n", "    ", armEndpoint));
        }
        return yaml.toString();
    }

    private static String serveConfig(Twins twins, String user, String armEndpoint, Path dataDirectory) {
        StringBuilder yaml = new StringBuilder()
                .append("# A journal of its own, so a rehearsal leaves the service's usual one alone.\n")
                .append("data-dir: ").append(quoted(dataDirectory.toString())).append('\n')
                .append("# Requests may name the certificate files in this folder (the SQL Server twin's).\n")
                .append("certificate-dir: ").append(quoted(dataDirectory.getParent().toString())).append('\n')
                .append("# One link on this machine: read it every 2 s (not 10), so the dashboard moves as it seeds.\n")
                .append("monitor-interval: 2s\n")
                .append("credentials:\n")
                .append("  ").append(SQL_CREDENTIAL).append(":\n")
                .append("    user: ").append(quoted(user)).append('\n')
                .append("    passwordFile: ").append(PASSWORD).append('\n')
                .append("    hosts: [").append(quoted(twins.host())).append("]\n");
        if (twins.arm() != null) {
            yaml.append("azureCredentials:\n")
                    .append(azureSignIn("  " + AZURE_CREDENTIAL + ":\n", "    ", armEndpoint));
        }
        return yaml.toString();
    }

    private static String azureSignIn(String opening, String indent, String armEndpoint) {
        return opening
                + indent + "method: none   # a placeholder token; refused for any endpoint not on this machine\n"
                + indent + "resourceManagerEndpoint: " + quoted(armEndpoint) + '\n'
                + indent + "trustStore: " + ARM_CERTIFICATE + '\n';
    }

    /**
     * The certificate is named relative to the service's certificate directory, this folder (serve.yaml says so).
     *
     * @param link POST /v1/links's body (a link of several databases needs its name), else POST /v1/preflight's
     */
    private static String request(Twins twins, boolean link) throws JsonProcessingException {
        ObjectNode body = JSON.createObjectNode();
        if (link && twins.databases().size() > 1) {
            body.put("name", LINK_NAME);
        }
        body.putObject("sqlServer")
                .put("host", twins.host())
                .put("port", twins.sqlServer().port())
                .put("credential", SQL_CREDENTIAL)
                .put("encrypt", "strict")
                .put("serverCertificate", SQL_CERTIFICATE);
        if (twins.arm() != null) {
            body.putObject("managedInstance")
                    .put("resourceId", twins.arm().resourceId())
                    .put("azureCredential", AZURE_CREDENTIAL)
                    .put("probeNetwork", false);
        }
        ArrayNode databases = body.putArray("databases");
        twins.databases().forEach(databases::add);
        return JSON.writeValueAsString(body) + "\n";
    }

    /** A YAML double-quoted scalar: JSON's string syntax is valid YAML, escapes included. */
    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot quote a string", e);
        }
    }

    /**
     * Writes {@code text} to a file only its owner may read, created so from the start (never world-readable for a
     * moment); an older file of that name is replaced. Where the file system has no POSIX permissions (Windows), the
     * folder's own protection applies.
     */
    private static Path writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while it was being replaced; run again", e);
        }
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
