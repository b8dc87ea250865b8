package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

/**
 * The classification seam, with the exception types and messages Netty and the JDK raise (observed with Vert.x
 * 5.0.10 on Linux). Real connects for each verdict are in PortProbeTest (OPEN, CLOSED, FILTERED, UNRESOLVED) and
 * UnreachableInNamespaceTest (UNREACHABLE, which needs a private network namespace).
 */
class VerdictClassifierTest {

    @Test
    void nettysConnectTimeoutIsFiltered() {
        assertThat(VerdictClassifier.classify(new ConnectTimeoutException("connection timed out after 3000 ms: "
                + "/10.0.0.4:11000"))).isEqualTo(ProbeVerdict.FILTERED);
    }

    @Test
    void aRefusalIsClosed() {
        assertThat(VerdictClassifier.classify(new ConnectException("Connection refused")))
                .isEqualTo(ProbeVerdict.CLOSED);
    }

    @Test
    void noRouteAndNetworkUnreachableAreUnreachable() {
        assertThat(VerdictClassifier.classify(new NoRouteToHostException("No route to host")))
                .isEqualTo(ProbeVerdict.UNREACHABLE);
        assertThat(VerdictClassifier.classify(new SocketException("Network is unreachable")))
                .isEqualTo(ProbeVerdict.UNREACHABLE);
        // The JDK reports ENETUNREACH on a non-blocking connect as a ConnectException too: not a refusal.
        assertThat(VerdictClassifier.classify(new ConnectException("Network is unreachable: /10.0.0.4:5022")))
                .isEqualTo(ProbeVerdict.UNREACHABLE);
    }

    @Test
    void aProhibitRouteOrLocalPolicyIsUnreachable() {
        // Observed with Vert.x 5.0.10 on Linux for a "prohibit" route: AnnotatedSocketException "Permission
        // denied" caused by java.net.BindException (EACCES).
        SocketException prohibited = new SocketException("Permission denied: /127.98.0.1:5022");
        prohibited.initCause(new java.net.BindException("Permission denied"));
        assertThat(VerdictClassifier.classify(prohibited)).isEqualTo(ProbeVerdict.UNREACHABLE);
    }

    @Test
    void anUnknownHostIsUnresolved() {
        assertThat(VerdictClassifier.classify(new UnknownHostException("mi.invalid")))
                .isEqualTo(ProbeVerdict.UNRESOLVED);
    }

    @Test
    void aWrappedCauseIsFound() {
        assertThat(VerdictClassifier.classify(new RuntimeException("wrapper", new ConnectException(
                "Connection refused")))).isEqualTo(ProbeVerdict.CLOSED);
    }

    @Test
    void somethingUnknownIsNeverReportedAsOpenOrFiltered() {
        assertThat(VerdictClassifier.classify(new IllegalStateException("weird")))
                .isEqualTo(ProbeVerdict.UNREACHABLE);
    }
}
