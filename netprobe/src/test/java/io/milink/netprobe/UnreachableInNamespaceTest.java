package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A real UNREACHABLE, not just the classifier seam: a child JVM in a private network namespace ({@code unshare -n},
 * Linux, needs root or user namespaces) where {@code 127.99.0.0/16} has an "unreachable" route, so connect fails
 * with EHOSTUNREACH. Only loopback-range addresses, inside a namespace with no interface but {@code lo}: nothing can
 * leave the machine. Skipped where namespaces are not available.
 */
class UnreachableInNamespaceTest {

    @Test
    void aPortBehindAnUnreachableRouteIsUnreachable() throws Exception {
        assumeTrue(File.separatorChar == '/', "needs Linux network namespaces");
        assumeTrue(commandWorks("unshare", "-n", "ip", "link", "set", "lo", "up"),
                "unshare -n and ip are not available or not permitted here");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        String script = "ip link set lo up && ip route add unreachable 127.99.0.0/16 table local && exec \"$0\" "
                + "-cp \"$1\" io.milink.netprobe.NoRouteProbeMain \"$2\" \"$3\"";
        List<String> unreachable = runInNamespace(script, java, classpath, "127.99.0.1", "5022");
        assertThat(unreachable).contains("5022 UNREACHABLE");
    }

    private static List<String> runInNamespace(String script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("unshare", "-n", "sh", "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private static boolean commandWorks(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
