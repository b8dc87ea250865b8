package io.milink.core.sql;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

/**
 * Sorts a driver's connection failure into a {@link ConnectFailure}. mssql-jdbc reports most network failures as
 * an SQLException with SQLState 08S01 and the JDK exception only in its text, so both the cause chain and the
 * message are read.
 */
final class ConnectFailureClassifier {

    /** Login failed (18456) and cannot open the requested database (4060) are the server refusing the login. */
    private static final int LOGIN_FAILED = 18456;
    private static final int CANNOT_OPEN_DATABASE = 4060;

    private ConnectFailureClassifier() {
    }

    /**
     * The advice mssql-jdbc appends to every TCP failure ("Verify the connection properties. Make sure that an
     * instance of SQL Server is running ... not blocked by a firewall."): milink says what to do for the failure it
     * classified instead.
     */
    private static final Pattern GENERIC_ADVICE = Pattern.compile("\\s*Verify the connection properties\\..*?"
            + "blocked by a firewall\\.", Pattern.DOTALL);

    static SqlConnectException classify(SQLException e) {
        int number = e.getErrorCode();
        String message = concise(e.getMessage());
        if (number == LOGIN_FAILED || number == CANNOT_OPEN_DATABASE) {
            return new SqlConnectException(ConnectFailure.LOGIN_FAILED, number, message, e);
        }
        ConnectFailure failure = fromCauses(e);
        if (failure == ConnectFailure.OTHER) {
            failure = fromMessage(e.getMessage());
        }
        Integer serverNumber = number > 0 ? number : null;
        return new SqlConnectException(failure, serverNumber, message, e);
    }

    /**
     * A certificate as the JDK prints it ({@code X509Certificate.toString()}: "[", "[", "  Version: V3", ... the
     * signature in hex, a blank line, "]"), which the driver puts in its message when a pinned certificate does not
     * match, a screenful each time. The layout is JDK 17's; UNCONFIRMED as stable across JDKs, and a dump this does
     * not match is left whole, never lost.
     */
    private static final Pattern CERTIFICATE_DUMP = Pattern.compile("\\[\\s*\\[\\s*Version: V\\d.*?Signature:\\R"
            + "(?:[0-9A-F]{4}: [^\\r\\n]*\\R)+\\R?\\]", Pattern.DOTALL);
    private static final Pattern SUBJECT = Pattern.compile("Subject: ([^\\r\\n]*)");
    private static final Pattern SERIAL = Pattern.compile("SerialNumber: ([^\\r\\n]*)");

    /**
     * The driver's message without its generic advice, and with each certificate it printed cut to its subject and
     * serial number.
     */
    static String concise(String message) {
        if (message == null) {
            return null;
        }
        String withoutAdvice = GENERIC_ADVICE.matcher(message).replaceAll("");
        Matcher dump = CERTIFICATE_DUMP.matcher(withoutAdvice);
        StringBuilder out = new StringBuilder();
        while (dump.find()) {
            Matcher subject = SUBJECT.matcher(dump.group());
            Matcher serial = SERIAL.matcher(dump.group());
            String brief = "[certificate" + (subject.find() ? " " + subject.group(1).strip() : "")
                    + (serial.find() ? ", serial " + serial.group(1).strip() : "") + "]";
            dump.appendReplacement(out, Matcher.quoteReplacement(brief));
        }
        dump.appendTail(out);
        return out.toString();
    }

    private static ConnectFailure fromCauses(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return ConnectFailure.DNS;
            }
            if (t instanceof SSLException) {
                return ConnectFailure.TLS;
            }
            if (t instanceof SocketTimeoutException) {
                return ConnectFailure.TIMEOUT;
            }
            if (t instanceof NoRouteToHostException) {
                return ConnectFailure.TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return ConnectFailure.REFUSED;
            }
        }
        return ConnectFailure.OTHER;
    }

    private static ConnectFailure fromMessage(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("unknownhostexception") || m.contains("name or service not known")
                || m.contains("nodename nor servname") || m.contains("no such host")
                || m.contains("temporary failure in name resolution")) {
            return ConnectFailure.DNS;
        }
        if (m.contains("connection refused")) {
            return ConnectFailure.REFUSED;
        }
        if (m.contains("timed out") || m.contains("timeout") || m.contains("no route to host")) {
            return ConnectFailure.TIMEOUT;
        }
        if (m.contains("ssl") || m.contains("tls") || m.contains("certificate") || m.contains("pkix")
                || m.contains("secure connection")) {
            return ConnectFailure.TLS;
        }
        return ConnectFailure.OTHER;
    }
}
