package io.milink.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * A timed harness (not a test): how long whole {@code ./milink} processes take, as a user starts them, against a
 * JVM hello-world started the same way in the same run. Each round runs every command once, in turn, so a machine
 * that gets busier or quieter affects all of them alike; the figures are wall-clock medians over the rounds.
 *
 * <ul>
 *   <li>{@code hello}: {@code java -cp … HelloWorld}, the floor any JVM program pays;</li>
 *   <li>{@code version}: {@code ./milink --version};</li>
 *   <li>{@code rehearsal}: {@code ./milink preflight --scenario ready-2022 --database Sales} (twins in-process);</li>
 *   <li>{@code sweep}: {@code ./milink netprobe --host 127.0.0.1 --timeout T} over 1,001 loopback ports that drop
 *       every SYN (listeners whose accept queue this harness keeps full), so every port waits the whole timeout.
 *       Its overhead is what it costs beyond the hello-world and one timeout: a parallel sweep should pay the
 *       timeout once.</li>
 *   <li>{@code demo} (with {@code demo=on}): {@code ./milink demo}, the link's whole life on the twins, whose goal is
 *       under a minute.</li>
 * </ul>
 *
 * <p>{@code mode=after} runs the launcher as it is; {@code mode=before} turns off what makes start-up fast (the
 * class-data archive, the client-compiler-only JIT, the twins' reused keys) to show what they are worth;
 * {@code mode=both} alternates the two in each round.
 *
 * <p>Usage: {@code ./bench/run.sh StartupBench [rounds=7] [mode=both] [timeout=2s] [ports=1001] [demo=off]}
 */
public final class StartupBench {

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("rounds", "7", "mode", "both", "timeout", "2s",
                "ports", "1001", "demo", "off"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !options.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + arg + "; expected rounds=, mode=, timeout=, "
                        + "ports=, demo=");
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int rounds = Integer.parseInt(options.get("rounds"));
        String mode = options.get("mode");
        Duration timeout = Duration.ofMillis(parseMillis(options.get("timeout")));
        int portCount = Integer.parseInt(options.get("ports"));
        List<String> modes = switch (mode) {
            case "both" -> List.of("before", "after");
            case "before", "after" -> List.of(mode);
            default -> throw new IllegalArgumentException("mode is before, after or both");
        };

        Path root = Path.of(System.getProperty("user.dir"));
        Path launcher = root.resolve("milink");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("run this from the repository's root (./bench/run.sh StartupBench)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");

        try (DroppingPorts dropping = DroppingPorts.open(portCount)) {
            System.out.printf(Locale.ROOT, "%d loopback ports drop SYNs (checked on %d of them); %d rounds; %s%n",
                    dropping.ports().size(), dropping.checked(), rounds, String.join(" and ", modes));
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put("hello", List.of(java, "-cp", classPath, HelloWorld.class.getName()));
            commands.put("version", List.of(launcher.toString(), "--version"));
            commands.put("rehearsal", List.of(launcher.toString(), "preflight", "--scenario", "ready-2022",
                    "--database", "Sales"));
            commands.put("sweep", List.of(launcher.toString(), "netprobe", "--host", "127.0.0.1", "--ports",
                    dropping.portList(), "--timeout", timeout.toMillis() + "ms"));
            if (options.get("demo").equals("on")) {
                commands.put("demo", List.of(launcher.toString(), "demo"));
            }

            // One untimed run of each, so the launcher's one-off build and archive are not timed.
            for (String m : modes) {
                for (List<String> command : commands.values()) {
                    run(command, m, root);
                }
            }
            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (String m : modes) {
                    for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                        String key = command.getKey().equals("hello") ? "hello" : command.getKey() + " (" + m + ")";
                        seconds.computeIfAbsent(key, k -> new ArrayList<>()).add(run(command.getValue(), m, root));
                    }
                }
            }
            report(seconds, timeout);
        }
    }

    private static void report(Map<String, List<Double>> seconds, Duration timeout) {
        double hello = median(seconds.get("hello"));
        System.out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s%n", "command", "median s", "min s", "max s",
                "× hello");
        for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
            List<Double> s = e.getValue();
            System.out.printf(Locale.ROOT, "%-22s %9.3f %9.3f %9.3f %9.2f%n", e.getKey(), median(s),
                    s.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    s.stream().mapToDouble(Double::doubleValue).max().orElse(0), median(s) / hello);
        }
        for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
            if (e.getKey().startsWith("sweep")) {
                double overhead = median(e.getValue()) - hello - timeout.toMillis() / 1000.0;
                System.out.printf(Locale.ROOT, "%s: overhead beyond the hello-world and one %d ms timeout: %.3f s%n",
                        e.getKey(), timeout.toMillis(), overhead);
            }
        }
    }

    /** Runs one process to its end, its output discarded, and returns its wall-clock seconds. */
    private static double run(List<String> command, String mode, Path root) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (mode.equals("before")) {
            builder.environment().put("MILINK_CDS", "off");
            builder.environment().put("MILINK_TWIN_KEY_CACHE", "off");
            builder.environment().put("MILINK_JAVA_OPTS", "-XX:TieredStopAtLevel=4");
        }
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + " did not end within 10 minutes");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long parseMillis(String text) {
        if (text.endsWith("ms")) {
            return Long.parseLong(text.substring(0, text.length() - 2));
        }
        if (text.endsWith("s")) {
            return Long.parseLong(text.substring(0, text.length() - 1)) * 1000;
        }
        throw new IllegalArgumentException("timeout like 2s or 500ms");
    }

    /** A JVM that prints one line: the floor of any Java command's start-up. */
    public static final class HelloWorld {
        public static void main(String[] args) {
            System.out.println("hello, world");
        }
    }

    /**
     * Loopback ports that drop every SYN: each is a listener with the smallest accept queue, filled with two
     * connections nobody accepts. On Linux a full accept queue makes the kernel drop new SYNs (with
     * {@code net.ipv4.tcp_abort_on_overflow} at its default 0), which is how a firewall's DROP looks to a client.
     */
    private static final class DroppingPorts implements AutoCloseable {
        private final List<ServerSocket> listeners = new ArrayList<>();
        private final List<Socket> fillers = new ArrayList<>();
        private int checked;

        static DroppingPorts open(int count) throws IOException {
            DroppingPorts ports = new DroppingPorts();
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try {
                for (int i = 0; i < count; i++) {
                    ServerSocket listener = new ServerSocket(0, 1, loopback);
                    ports.listeners.add(listener);
                    for (int f = 0; f < 2; f++) {
                        Socket filler = new Socket();
                        filler.connect(new InetSocketAddress(loopback, listener.getLocalPort()), 1000);
                        ports.fillers.add(filler);
                    }
                }
                // A few ports checked: a third connect must time out, or the numbers would measure refusals.
                for (int i = 0; i < ports.listeners.size(); i += Math.max(1, count / 10)) {
                    try (Socket probe = new Socket()) {
                        probe.connect(new InetSocketAddress(loopback, ports.listeners.get(i).getLocalPort()), 300);
                        throw new IllegalStateException("port " + ports.listeners.get(i).getLocalPort()
                                + " accepted a third connection: this kernel does not drop SYNs on a full queue");
                    } catch (SocketTimeoutException expected) {
                        ports.checked++;
                    }
                }
                return ports;
            } catch (IOException | RuntimeException e) {
                ports.close();
                throw e;
            }
        }

        List<Integer> ports() {
            return listeners.stream().map(ServerSocket::getLocalPort).toList();
        }

        int checked() {
            return checked;
        }

        String portList() {
            StringJoiner list = new StringJoiner(",");
            ports().forEach(p -> list.add(Integer.toString(p)));
            return list.toString();
        }

        @Override
        public void close() {
            for (Socket s : fillers) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            for (ServerSocket s : listeners) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
