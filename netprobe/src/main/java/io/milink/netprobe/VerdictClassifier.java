package io.milink.netprobe;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Turns the failure of a connect attempt into a verdict, for both sweeps. Netty (under Vert.x) reports a connect
 * timeout as {@code io.netty.channel.ConnectTimeoutException} ({@link SelectorPortProbe} decides a timeout itself);
 * both report a refusal as a {@link ConnectException} ("Connection refused"), no route as
 * {@link NoRouteToHostException}, and "Network is unreachable" (ENETUNREACH) as a plain {@link SocketException}; the
 * JDK maps the errno that way in sun.nio.ch.Net. Anything unrecognised is reported as UNREACHABLE rather than OPEN
 * or FILTERED, because the only thing known is that no connection was made.
 */
public final class VerdictClassifier {

    private VerdictClassifier() {
    }

    public static ProbeVerdict classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ProbeVerdict verdict = classifyOne(t);
            if (verdict != null) {
                return verdict;
            }
        }
        return ProbeVerdict.UNREACHABLE;
    }

    private static ProbeVerdict classifyOne(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        // By class name: netty is Vert.x's transport, not a compile-time dependency of this class's contract.
        if (t.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")
                || t instanceof SocketTimeoutException
                || message.contains("connection timed out")) {
            return ProbeVerdict.FILTERED;
        }
        if (t instanceof UnknownHostException) {
            return ProbeVerdict.UNRESOLVED;
        }
        if (t instanceof NoRouteToHostException || message.contains("no route to host")
                || message.contains("network is unreachable") || message.contains("host is unreachable")) {
            return ProbeVerdict.UNREACHABLE;
        }
        if (t instanceof ConnectException || message.contains("connection refused")) {
            return ProbeVerdict.CLOSED;
        }
        return null;
    }
}
