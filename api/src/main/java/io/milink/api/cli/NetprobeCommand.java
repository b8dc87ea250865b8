package io.milink.api.cli;

import io.milink.core.spec.LinkSpec;
import io.milink.core.spec.LinkSpecLoader;
import io.milink.core.spec.SpecException;
import io.milink.core.sql.SqlConnectException;
import io.milink.core.sql.SqlServerConnector;
import io.milink.netprobe.AgentJobProbeRun;
import io.milink.netprobe.AgentJobProbeScript;
import io.milink.netprobe.BlockingPortProbe;
import io.milink.netprobe.Cidr;
import io.milink.netprobe.InboundListener;
import io.milink.netprobe.LearnPages;
import io.milink.netprobe.ListenJson;
import io.milink.netprobe.ListenReport;
import io.milink.netprobe.NetAssessment;
import io.milink.netprobe.NetAssessments;
import io.milink.netprobe.PortInUseException;
import io.milink.netprobe.PortRange;
import io.milink.netprobe.ProbeJson;
import io.milink.netprobe.ProbeOptions;
import io.milink.netprobe.ProbeReport;
import io.milink.netprobe.ProbeReportText;
import io.milink.netprobe.PortSet;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    @Option(names = "--mi-subnet", paramLabel = "CIDR", description = "The managed instance's subnet, e.g. "
            + "10.0.1.0/24: warn when the name resolves outside it (the link needs the VNet-local address).")
    String miSubnet;

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
        Optional<Cidr> subnet;
        try {
            subnet = miSubnet == null ? Optional.empty() : Optional.of(Cidr.parse(miSubnet));
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--mi-subnet: " + e.getMessage(), e);
        }
        if (System.console() != null && !json) {
            // A fully dropped sweep is silent for ceil(ports / concurrency) timeouts; say how long at most.
            long waves = (portSet.size() + options.concurrency() - 1) / options.concurrency();
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "milink: probing %,d port%s of %s, %d at a time, %s timeout: at most about "
                    + "%,d s%n", portSet.size(), portSet.size() == 1 ? "" : "s", host.strip(), options.concurrency(),
                    timeout.strip(), options.connectTimeout().multipliedBy(waves).toSeconds() + 1);
            err.flush();
        }
        ProbeReport report;
        try (BlockingPortProbe probe = new BlockingPortProbe()) {
            report = probe.probe(host, portSet, options);
        }
        if (subnet.isPresent() && report.resolved()) {
            NetAssessment dns = NetAssessments.dns(report.dns(), subnet);
            if (dns.outcome() == NetAssessment.Outcome.WARN) {
                report = report.withDnsWarning(dns.evidence() + ": " + dns.remedy());
            }
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

    /**
     * {@code milink netprobe listen}: a short-lived listener that records who connects, for testing the managed
     * instance → SQL Server direction before a mirroring endpoint exists (reference §2.5). Exit 0 when someone
     * connected, 1 when nobody did, 2 when the port is taken or the input is bad.
     */
    @Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Listen on a port for a while and record who connects (address, time).",
                "Run it on the SQL Server host before a mirroring endpoint exists, then connect from the managed "
                    + "instance side (its Agent job, or any host in its subnet). Connections are accepted and "
                    + "closed at once; nothing is read or sent.",
                "Exit code: 0 someone connected, 1 nobody did, 2 the port is taken or bad input."})
    public static final class Listen implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--port", paramLabel = "N", defaultValue = "5022",
                description = "Port to listen on. Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
                description = "Address to listen on. Default: ${DEFAULT-VALUE} (every interface).")
        String bind;

        @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s",
                description = "How long to listen, at most 60m; it stops by itself. Default: ${DEFAULT-VALUE}.")
        String duration;

        @Option(names = {"--output", "-o"}, paramLabel = "FORMAT", defaultValue = "text",
                description = "text, or json: the session as one JSON object at the end (for preflight "
                        + "--inbound-result). Default: ${DEFAULT-VALUE}.")
        String output;

        @Override
        public Integer call() {
            Duration howLong = parseDuration("--duration", duration);
            if (howLong.isZero() || howLong.isNegative() || howLong.compareTo(InboundListener.MAX_DURATION) > 0) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--duration must be between 1ms and 60m, not '"
                        + duration + "'");
            }
            if (port < 0 || port > PortRange.MAX_PORT) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--port must be 1 to 65535 (0 picks a free one), "
                        + "not " + port);
            }
            boolean json = switch (output.toLowerCase(Locale.ROOT)) {
                case "json" -> true;
                case "text" -> false;
                default -> throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--output must be text or json, not '"
                        + output + "'");
            };
            PrintWriter out = spec.commandLine().getOut();
            // With --output json, stdout carries only the JSON document; progress goes to stderr.
            PrintWriter progress = json ? spec.commandLine().getErr() : out;
            ListenReport report;
            try (InboundListener listener = InboundListener.bind(bind, port)) {
                progress.printf("listening on %s:%d for %s; connect from the managed instance side now%n", bind,
                        listener.port(), duration.strip());
                progress.flush();
                report = listener.runFor(howLong, c -> {
                    progress.printf("  %s  connection from %s:%d (%s)%n", c.at(), c.address(), c.sourcePort(),
                            c.scope().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                    progress.flush();
                });
            } catch (PortInUseException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
            } catch (IOException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot listen on " + bind + ":" + port + ": "
                        + e.getMessage(), e);
            }
            if (json) {
                out.println(ListenJson.write(report));
                out.flush();
                return report.anyConnected() ? ExitCodes.OK : ExitCodes.NOT_READY;
            }
            int count = report.connections().size();
            out.printf("stopped after %.1f s: %d connection%s%s%n", report.listenedFor().toMillis() / 1000.0, count,
                    count == 1 ? "" : "s", report.truncated() ? " recorded (more were not recorded)" : "");
            out.println(report.anyConnected()
                    ? "A connection arrived: TCP " + report.port() + " reaches this host from the addresses above "
                        + "(through every firewall on their path). This does not prove the mirroring protocol "
                        + "passes a firewall that inspects packets."
                    : "Nobody connected. If the other side tried, something between it and this host dropped or "
                        + "refused TCP " + report.port() + ": the host firewall, a firewall in front of SQL Server, or "
                        + "the managed instance subnet's outbound NSG " + LearnPages.see(LearnPages.PREPARE) + ".");
            out.flush();
            return report.anyConnected() ? ExitCodes.OK : ExitCodes.NOT_READY;
        }
    }

    /**
     * {@code milink netprobe agent-job}: prints the documented SQL Agent job probe (reference §2.4) to run on SQL
     * Server, so the test runs from SQL Server's own host; with {@code --run}, runs it through the spec's SQL Server
     * connection and reports each port. Exit 0 (printed, or every port reachable), 1 some port not reachable, 2 bad
     * input or the run could not complete.
     */
    @Command(name = "agent-job", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Print the T-SQL of the documented SQL Agent job probe: Test-NetConnection from the SQL "
                    + "Server host to the managed instance on 5022 and on one redirect port, then the job is deleted.",
                "With --run --spec FILE: create the job through the spec's SQL Server connection, start it, wait for "
                    + "it, report each port from the job history, and delete the job.",
                "Get --mi-host, --redirect-host and --redirect-port on the managed instance from "
                    + "sys.dm_hadr_fabric_config_parameters (DnsRecordName, ClusterName, HadrPort) and the fabric "
                    + "replica views; they change after an MI failover, so regenerate before each test.",
                "SQL Server on Linux: Agent cannot run PowerShell steps. The script stops with a message; --run "
                    + "creates nothing and probes from milink's host instead, saying so.",
                "Exit code: 0 printed (or, with --run, every port reachable), 1 some port not reachable, 2 bad input "
                    + "or the run could not complete."})
    public static final class AgentJob implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--mi-host", required = true, paramLabel = "FQDN",
                description = "The managed instance's FQDN (DnsRecordName).")
        String miHost;

        @Option(names = "--redirect-host", paramLabel = "FQDN",
                description = "The current node, <node>.<cluster>. Default: the --mi-host.")
        String redirectHost;

        @Option(names = "--redirect-port", required = true, paramLabel = "N",
                description = "The node's HadrPort, in 11000-11999.")
        int redirectPort;

        @Option(names = "--job-name", paramLabel = "NAME", defaultValue = AgentJobProbeScript.DEFAULT_JOB_NAME,
                description = "SQL Agent job name. Default: ${DEFAULT-VALUE}.")
        String jobName;

        @Option(names = "--run", description = "Run the probe through SQL Server (needs --spec) instead of printing "
                + "it.")
        boolean run;

        @Option(names = "--spec", paramLabel = "FILE", description = "With --run: the link spec whose sqlServer: "
                + "section says how to connect (a sysadmin login: the job is created in msdb).")
        Path specFile;

        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = AgentJobProbeScript.WAIT_SECONDS + "s",
                description = "With --run: how long to wait for the job (a dropped port costs Test-NetConnection "
                        + "about 21 s). Default: ${DEFAULT-VALUE}.")
        String waitFor;

        @Override
        public Integer call() throws InterruptedException {
            String redirect = redirectHost == null ? miHost : redirectHost;
            String script;
            try {
                script = AgentJobProbeScript.generate(miHost, redirect, redirectPort, jobName);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!run) {
                if (specFile != null) {
                    throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--spec is for --run; add --run to execute "
                            + "the probe, or drop --spec to print it");
                }
                out.print(script);
                out.flush();
                return ExitCodes.OK;
            }
            if (specFile == null) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--run needs --spec FILE (the SQL Server to run "
                        + "the job on); without --run the probe is printed for SSMS or sqlcmd");
            }
            Duration wait = parseDuration("--wait", waitFor);
            if (wait.isNegative() || wait.isZero() || wait.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--wait must be between 1ms and 10m, not '"
                        + waitFor + "'");
            }
            LinkSpec linkSpec;
            try {
                linkSpec = LinkSpecLoader.load(specFile);
            } catch (SpecException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
            }
            List<AgentJobProbeRun.Target> targets = List.of(
                    new AgentJobProbeRun.Target(miHost, AgentJobProbeScript.MIRRORING_PORT),
                    new AgentJobProbeRun.Target(redirect, redirectPort));
            AgentJobProbeRun.Result result;
            try (Connection connection = SqlServerConnector.forTarget(linkSpec.sqlServer()).connect();
                 BlockingPortProbe local = new BlockingPortProbe()) {
                result = new AgentJobProbeRun(wait, Duration.ofSeconds(2)).run(connection, targets, jobName,
                        (host, ports) -> local.probe(host, ports, ProbeOptions.defaults()));
            } catch (SqlConnectException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot connect to "
                        + linkSpec.sqlServer().displayName() + ": " + e.getMessage(), e);
            } catch (SQLException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "SQL Server refused the Agent job probe (error "
                        + e.getErrorCode() + "): " + e.getMessage() + ". It needs a sysadmin login and SQL Server "
                        + "Agent running; without them, print the probe (drop --run) or run 'milink netprobe --host' "
                        + "on the SQL Server host", e);
            }
            printResult(out, result);
            return result.allReachable() ? ExitCodes.OK : ExitCodes.NOT_READY;
        }

        private static void printResult(PrintWriter out, AgentJobProbeRun.Result result) {
            out.println(result.testedFrom() == AgentJobProbeRun.TestedFrom.SQL_SERVER_HOST
                    ? "agent-job probe: Test-NetConnection run by SQL Server Agent on SQL Server's host ("
                        + result.testedHost() + ")"
                    : "agent-job probe: FALLBACK, probed from milink's host (" + result.testedHost() + "), not from "
                        + "SQL Server's host");
            for (AgentJobProbeRun.PortOutcome p : result.ports()) {
                String what = switch (p.outcome()) {
                    case REACHABLE -> "reachable";
                    case NOT_REACHABLE -> "NOT reachable";
                    case STEP_FAILED -> "step FAILED (nothing was tested)";
                    case NOT_RUN -> "not run";
                };
                out.printf(Locale.ROOT, "  %s:%d: %s%s (%s)%n", p.target().host(), p.target().port(), what,
                        p.remoteAddress() == null || p.remoteAddress().isEmpty() ? ""
                                : ", remote address " + p.remoteAddress(), oneLine(p.detail()));
            }
            if (result.testedFrom() == AgentJobProbeRun.TestedFrom.SQL_SERVER_HOST) {
                out.println(result.finished() ? "job: " + result.jobOutcome()
                        : "job: did not finish in time (is SQL Server Agent running?); it was stopped");
                out.println(result.jobDeleted() ? "job deleted." : "job NOT deleted: delete it with "
                        + "msdb.dbo.sp_delete_job.");
            }
            out.println(result.caveat());
            out.println(result.allReachable() ? "ALL REACHABLE" : "NOT ALL REACHABLE: pass needs "
                    + "TcpTestSucceeded : True on every port, from an address in the managed instance subnet");
            out.flush();
        }

        private static String oneLine(String text) {
            String t = text == null ? "" : text.replaceAll("\\s+", " ").strip();
            return t.length() > 400 ? t.substring(0, 400) + "…" : t;
        }
    }
}
