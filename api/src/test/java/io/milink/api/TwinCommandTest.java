package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code milink twin --scenario FILE --port N} as a user runs it: a separate JVM (the command serves until the
 * process is stopped), its printed JDBC URL used by the real mssql-jdbc driver, then SIGTERM.
 */
class TwinCommandTest {

    private static final Pattern PLAIN_URL = Pattern.compile("no encryption:\\s+(jdbc:sqlserver://\\S+)");

    /** A scenario with only a sqlServer: section, so no ARM twin starts, and a name no built-in scenario has. */
    private static final String SCENARIO = """
            sqlServer:
              serverName: FILETWIN
              productVersion: 16.0.4265.3
              productUpdateLevel: CU26
              edition: Developer Edition (64-bit)
              logins:
                - { name: sa, password: "File-Twin-Passw0rd!", sysadmin: true }
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void servesTheScenarioFileOnTheRequestedPortUntilStopped() throws Exception {
        Path scenario = Files.writeString(dir.resolve("file-twin.yaml"), SCENARIO);
        int port = freePort();
        Process twin = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.milink.api.Milink", "twin",
                "--scenario", scenario.toString(), "--port", Integer.toString(port),
                // Without TLS the child skips generating an RSA key: the encrypt modes are the simulator's tests.
                "--no-tls")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> output = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(twin.getInputStream(),
                    StandardCharsets.UTF_8));
            String url = null;
            for (String line = out.readLine(); line != null && !line.startsWith("Press Ctrl+C"); line = out.readLine()) {
                output.add(line);
                Matcher plain = PLAIN_URL.matcher(line);
                if (plain.find()) {
                    url = plain.group(1);
                }
            }
            assertThat(url).as(String.join("\n", output)).isNotNull()
                    .isEqualTo("jdbc:sqlserver://127.0.0.1:" + port + ";encrypt=false");
            assertThat(output).anyMatch(l -> l.contains("'" + scenario + "'") || l.contains("FILETWIN"))
                    .noneMatch(l -> l.contains("File-Twin-Passw0rd!"));

            try (Connection c = DriverManager.getConnection(url, "sa", "File-Twin-Passw0rd!");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@SERVERNAME")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("FILETWIN");
            }
        } finally {
            twin.toHandle().destroy(); // SIGTERM: the shutdown hook closes the twin
            assertThat(twin.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(catchThrowableOfType(ConnectException.class, () -> {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        })).as("the port is released").isNotNull();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
