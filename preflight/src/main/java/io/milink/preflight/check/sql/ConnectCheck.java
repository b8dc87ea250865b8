package io.milink.preflight.check.sql;

import io.milink.preflight.check.Check;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.core.sql.ConnectFailure;
import io.milink.preflight.facts.ConnectionOutcome;
import io.milink.preflight.facts.Facts;

import java.util.List;

/** {@code sql.connect}: milink could connect and log in; otherwise ERROR with the cause and where to look. */
public final class ConnectCheck implements Check {

    public static final String ID = "sql.connect";
    private static final String TITLE = "Connect and log in to SQL Server";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(Facts facts) {
        ConnectionOutcome outcome = facts.connection();
        if (outcome.connected()) {
            String server = facts.sqlServer().serverName();
            return List.of(new Finding(ID, Status.PASS, facts.target(), TITLE,
                    "logged in to " + server + " (SQL Server " + facts.sqlServer().productVersion() + ")", null));
        }
        String cause = switch (outcome.failure()) {
            case DNS -> "the host name does not resolve (DNS)";
            case REFUSED -> "the connection was refused: nothing listens on that port, or a firewall rejects it";
            case TIMEOUT -> "no answer in time: a firewall drops the packets, the address or port is wrong, or the "
                    + "network is slow";
            case TLS -> "TLS failed: the server's certificate is not trusted, or the encryption settings disagree";
            case LOGIN_FAILED -> "the server refused the login";
            case OTHER -> "the connection failed";
        };
        String evidence = cause + (outcome.errorNumber() == null ? "" : " (error " + outcome.errorNumber() + ")")
                + (outcome.detail() == null ? "" : ": " + outcome.detail());
        return List.of(new Finding(ID, Status.ERROR, facts.target(), TITLE, evidence, Remediation.manual(
                fix(outcome.failure()))));
    }

    private static String fix(ConnectFailure failure) {
        return switch (failure) {
            case DNS -> "Check the name for a typo, use the server's fully qualified name or its IP address, and "
                    + "check DNS from this machine (nslookup).";
            case REFUSED -> "Check that SQL Server listens on TCP (SQL Server Configuration Manager > Protocols, or "
                    + "mssql-conf network.tcpport) and on this port; open it in the host firewall.";
            case TIMEOUT -> "Check the address and port, and the firewalls and network security groups between "
                    + "this machine and SQL Server; on a slow network, allow more time (--connect-timeout).";
            case TLS -> "Pin the server's certificate (--server-certificate FILE, or serverCertificate in the "
                    + "spec), import its issuer into the Java trust store, or give the name it was issued for "
                    + "(--host-name-in-certificate). For a test system only: --encrypt true "
                    + "--trust-server-certificate (strict encryption always verifies).";
            // Said without naming where the login came from: a spec, flags or a service credential alike.
            case LOGIN_FAILED -> "Check the login name and its password; SQL Server's error log says why the login "
                    + "failed (the state of error 18456).";
            case OTHER -> "Read the detail above; run milink with --debug for the driver's full message.";
        };
    }
}
