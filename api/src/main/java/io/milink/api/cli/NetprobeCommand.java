package io.milink.api.cli;

import io.milink.netprobe.BlockingPortProbe;
import io.milink.netprobe.ProbeJson;
import io.milink.netprobe.ProbeOptions;
import io.milink.netprobe.ProbeReport;
import io.milink.netprobe.ProbeReportText;
import io.milink.netprobe.PortSet;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milink netprobe}: are the link's ports reachable from this host? A parallel TCP sweep of 5022 and
 * 11000–11999 (reference §2.2) with a verdict per port. Exit 0 all open, 1 any not open, 2 bad input or a host that
 * does not resolve.
 */
@Command(name = "netprobe", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {NetprobeCommand.Listen.class, NetprobeCommand.AgentJob.class},
        description = {"Probe the ports a Managed Instance link needs, from this host, in parallel.",
            "Each port is OPEN (connected), CLOSED (refused), FILTERED (no answer within the timeout), UNRESOLVED "
                + "(DNS) or UNREACHABLE (no route). A TCP connect proves the port accepts connections, not that "
                + "the mirroring protocol passes a firewall that inspects packets.",
            "Exit code: 0 every port open, 1 some port not open, 2 bad input or the host does not resolve."})
public final class NetprobeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "The managed instance's VNet-local FQDN or address "
            + "(or any host to test). Only this host is contacted.")
    String host;

    @Option(names = "--ports", paramLabel = "LIST", defaultValue = PortSet.LINK_DEFAULT,
            description = "Ports and ranges, e.g. 5022,11000-11999. Default: ${DEFAULT-VALUE}.")
    String ports;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "Per-connect timeout: 500ms, 3s, 1m. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ProbeOptions.DEFAULT_CONCURRENCY,
            description = "Connects in flight at once (1-" + ProbeOptions.MAX_CONCURRENCY + "). "
                    + "Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = {"--output", "-o"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    String output;

    @Override
    public Integer call() throws InterruptedException {
        if (host == null || host.isBlank()) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "say which host to probe: --host "
                    + "<managed instance FQDN or address> (or 'netprobe listen' / 'netprobe agent-job')");
        }
        boolean json = switch (output.toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "text" -> false;
            default -> throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--output must be text or json, not '"
                    + output + "'");
        };
        PortSet portSet;
        ProbeOptions options;
        try {
            portSet = PortSet.parse(ports);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--ports: " + e.getMessage(), e);
        }
        try {
            options = new ProbeOptions(parseDuration("--timeout", timeout), concurrency);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
        ProbeReport report;
        try (BlockingPortProbe probe = new BlockingPortProbe()) {
            report = probe.probe(host, portSet, options);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ProbeJson.write(report));
        } else {
            ProbeReportText.lines(report).forEach(out::println);
        }
        out.flush();
        if (!report.resolved()) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "'" + host.strip() + "' does not resolve from this "
                    + "host; nothing was probed. Check the name, or pass the managed instance's VNet-local address");
        }
        return report.allOpen() ? ExitCodes.OK : ExitCodes.NOT_READY;
    }

    /**
     * {@code 500ms}, {@code 3s}, {@code 2m}; a bare number is seconds.
     *
     * @throws UserError when the text is not a duration
     */
    static Duration parseDuration(String option, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip())
                        * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).strip()) * 60);
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, option + " must be a duration such as 500ms, 3s or "
                    + "1m, not '" + text + "'", e);
        }
    }

    /** Placeholder replaced below. */
    @Command(name = "listen")
    static final class Listen implements Callable<Integer> {
        @Override
        public Integer call() {
            return ExitCodes.OK;
        }
    }

    /** Placeholder replaced below. */
    @Command(name = "agent-job")
    static final class AgentJob implements Callable<Integer> {
        @Override
        public Integer call() {
            return ExitCodes.OK;
        }
    }
}
