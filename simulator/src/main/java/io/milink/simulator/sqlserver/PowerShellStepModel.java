package io.milink.simulator.sqlserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a SQL Agent PowerShell step does on the twin's host. The twin models one command, the documented network
 * test (mi-link-workflow §2.4 and §2.5): {@code Test-NetConnection} (alias {@code tnc}) {@code -ComputerName X -Port
 * N}, either piped to {@code Select-Object ComputerName, RemoteAddress, TcpTestSucceeded | Format-List} or with
 * {@code -InformationLevel Quiet}. The twin, standing in for the SQL Server host, really resolves X and really makes
 * the TCP connect, so the outcome is the truth about this machine's network.
 *
 * <p>What Test-NetConnection does: it resolves the name, makes a TCP connect to the first address and reports
 * {@code TcpTestSucceeded : True} or, after writing {@code WARNING: TCP connect to (address : port) failed},
 * {@code False}. Syntax (parameter set RemotePort: {@code -ComputerName}, {@code -Port}, {@code -InformationLevel
 * Quiet|Detailed}) from Microsoft Learn's "Test-NetConnection" (NetTCPIP module); the output properties
 * (ComputerName, RemoteAddress, TcpTestSucceeded) as shown in PowerShell/PowerShell issue 25818 and the link test's
 * pass rule (mi-link-workflow §2.4); the warning's wording from user transcripts, UNCONFIRMED by a Microsoft page.
 * A warning does not fail the step: only an error does, so a closed port is a step that succeeded with
 * {@code TcpTestSucceeded : False}. A dropped port costs Windows' SYN retransmissions, about 21 s
 * (docs/network.md), which is the twin's connect timeout.
 *
 * <p>Anything else fails the step as Agent reports a PowerShell error ("A job step received an error at line 1 in
 * a PowerShell script..."): an unknown command as PowerShell's CommandNotFoundException, a Test-NetConnection form
 * the twin does not model with a message that says so.
 */
final class PowerShellStepModel {

    /** About what Windows' default SYN retransmissions take before a connect to a dropping host gives up. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(21);

    private static final Pattern TNC = Pattern.compile("(?i)^(?:Test-NetConnection|tnc)\\s+(?:-ComputerName\\s+)?"
            + "(?<host>'(?:[^']|'')*'|[^\\s|'\"$;`()]+)\\s+-Port\\s+(?<port>[0-9]{1,5})"
            + "(?<quiet>\\s+-InformationLevel\\s+Quiet)?"
            + "(?<list>\\s*\\|\\s*(?:Select-Object|select)\\s+ComputerName\\s*,\\s*RemoteAddress\\s*,\\s*"
            + "TcpTestSucceeded\\s*\\|\\s*(?:Format-List|fl))?\\s*$");

    /** The step's outcome: whether it succeeded (no PowerShell error) and its output, as Agent logs it. */
    record Outcome(boolean succeeded, String output) {
    }

    private PowerShellStepModel() {
    }

    static Outcome run(String command, Duration connectTimeout) {
        String text = command == null ? "" : command.strip();
        Matcher m = TNC.matcher(text);
        if (!m.matches() || (m.group("quiet") != null && m.group("list") != null)) {
            return notModelled(text);
        }
        String host = m.group("host");
        if (host.startsWith("'")) {
            host = host.substring(1, host.length() - 1).replace("''", "'");
        }
        int port = Integer.parseInt(m.group("port"));
        if (port < 1 || port > 65535) {
            return error(text, "Cannot validate argument on parameter 'Port'. The " + port + " argument is greater "
                    + "than the maximum allowed range of 65535. Supply an argument that is less than or equal to 65535 "
                    + "and then try the command again.");
        }
        boolean quiet = m.group("quiet") != null;
        StringBuilder out = new StringBuilder();
        InetAddress address;
        try {
            address = InetAddress.getAllByName(host)[0];
        } catch (UnknownHostException e) {
            out.append("WARNING: Name resolution of ").append(host).append(" failed\n");
            return new Outcome(true, out.append(quiet ? "False" : list(host, "", false)).toString());
        }
        boolean connected;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            connected = true;
        } catch (IOException e) {
            connected = false;
        }
        if (!connected) {
            out.append("WARNING: TCP connect to (").append(address.getHostAddress()).append(" : ").append(port)
                    .append(") failed\n");
        }
        return new Outcome(true, out.append(quiet ? (connected ? "True" : "False")
                : list(host, address.getHostAddress(), connected)).toString());
    }

    private static String list(String host, String remoteAddress, boolean succeeded) {
        return "ComputerName     : " + host + "\nRemoteAddress    : " + remoteAddress + "\nTcpTestSucceeded : "
                + (succeeded ? "True" : "False");
    }

    private static Outcome notModelled(String text) {
        String first = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
        if (first.equalsIgnoreCase("Test-NetConnection") || first.equalsIgnoreCase("tnc")) {
            return error(text, "The SQL Server twin models only 'Test-NetConnection -ComputerName <host> -Port <n>' "
                    + "piped to 'Select-Object ComputerName, RemoteAddress, TcpTestSucceeded | Format-List', or with "
                    + "'-InformationLevel Quiet'.");
        }
        return error(text, "The term '" + first + "' is not recognized as the name of a cmdlet, function, script "
                + "file, or operable program. Check the spelling of the name, or if a path was included, verify that "
                + "the path is correct and try again.");
    }

    private static Outcome error(String line, String message) {
        String firstLine = line.lines().findFirst().orElse("");
        return new Outcome(false, "A job step received an error at line 1 in a PowerShell script. The corresponding "
                + "line is '" + firstLine + "'. Correct the script and reschedule the job. The error information "
                + "returned by PowerShell is: '" + message + "  '");
    }
}
