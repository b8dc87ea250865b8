package io.milink.api.cli;

import io.milink.api.rehearsal.TwinRehearsal;
import io.milink.api.rehearsal.ScenarioArgument;
import io.milink.preflight.Preflight;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportFormat;
import io.milink.preflight.report.Scope;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milink demo}: the main job rehearsed on the built-in twins. By default the link's whole life
 * ({@link LinkLifeRehearsal}): readiness, plan, create with seeding, status, a planned failover and back, removal.
 * With {@code --only preflight} (or {@code --scenario}) the readiness checks alone: for each scenario it starts a SQL Server twin,
 * connects with the real Microsoft JDBC driver over TDS 8.0 with the twin's certificate pinned, runs the full
 * preflight, and prints the report. Nothing outside this process is touched.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Rehearse the link's whole life on built-in twins of SQL Server and Azure: readiness, plan, "
            + "create with seeding, status, a planned failover and back, removal.",
            "With --only preflight: the readiness checks alone, on a ready server and one that is not.",
            "No real SQL Server or Azure subscription is touched. Exit 0 when every step did what it should, 1 "
                    + "naming the step that did not."})
public final class DemoCommand implements Callable<Integer> {

    /** A scenario, the databases the demo links on it, and what it checks. */
    record Rehearsal(String scenario, List<String> databases, Scope scope, String story) {
    }

    static final List<Rehearsal> DEFAULT = List.of(
            new Rehearsal("ready-2022", List.of("Sales", "Inventory"), Scope.LINK,
                    "A SQL Server 2022 prepared as the documentation asks, and its managed instance (read over Azure "
                            + "Resource Manager from the ARM twin). As on Azure, ARM serves the endpoint certificate "
                            + "alone and SQL Server holds the registered roots but not its intermediate, so "
                            + "cert.mi.chain passes and names the hop it could not verify offline."),
            new Rehearsal("hadr-off-no-master-key", List.of("Payroll"), Scope.SQL_SERVER,
                    "A SQL Server 2022 nobody prepared yet: every failed item comes with the fix to run. This "
                            + "scenario describes no managed instance, so it is checked as --scope sql-server does: "
                            + "SQL Server and its databases alone."));

    @Spec
    CommandSpec spec;

    @Option(names = "--only", paramLabel = "PART",
            description = "preflight: rehearse the readiness checks alone (a ready and an unprepared twin).")
    String only;

    @Option(names = "--scenario", paramLabel = "FILE|NAME",
            description = "Rehearse preflight on this scenario only (file or built-in name; see milink twin --list).")
    String scenario;

    @Option(names = "--database", paramLabel = "NAME",
            description = "With --scenario: a database to check; repeat for several.")
    List<String> databases = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (only != null && !only.equals("preflight")) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--only: expected preflight, not " + only);
        }
        if (only == null && scenario == null) {
            return new LinkLifeRehearsal(out, spec.commandLine().getErr()).run();
        }
        List<Rehearsal> rehearsals = scenario == null ? DEFAULT
                : List.of(new Rehearsal(scenario, databases, Scope.LINK, "The scenario you chose."));
        out.println("milink demo: readiness checks rehearsed on built-in twins of SQL Server and Azure Resource Manager.");
        out.println("The SQL Server twin speaks TDS: milink connects with the Microsoft JDBC driver exactly as to a real");
        out.println("SQL Server (TLS, TDS 8.0) and reads the instance in one round trip. Where a scenario describes a managed");
        out.println("instance, the ARM twin serves it over HTTPS to the Azure SDK's own pipeline, as Azure would. Then every");
        out.println("check runs.");
        for (Rehearsal rehearsal : rehearsals) {
            ScenarioArgument source = ScenarioArgument.resolve(rehearsal.scenario());
            out.println();
            out.println("=".repeat(100));
            out.printf("Scenario '%s': %s%n", source.displayName(), rehearsal.story());
            out.println("=".repeat(100));
            Report report = rehearse(source, rehearsal.databases(), rehearsal.scope());
            ReportOutput.write(report, ReportFormat.TEXT, null, out);
        }
        out.println();
        out.println("What next, against your own server and managed instance:");
        out.println("  ./milink preflight --server HOST --user LOGIN --password-env VAR --database DB --mi RESOURCE_ID");
        out.println("        (--mi reads the managed instance over Azure Resource Manager: state, collation, update policy,");
        out.println("        capacity, failover group, links, TDE, permissions; docs/azure.md. READY needs it, SQL Server and");
        out.println("        a database checked. The net.* checks also probe 5022 and 11000-11999 to the host name ARM");
        out.println("        reports; --mi-host MI_FQDN names another (docs/network.md). Run it on the SQL Server host: the");
        out.println("        probes test the network of the machine milink runs on.)");
        out.println("  ./milink preflight --server HOST ... --database DB --scope sql-server   (SQL Server and its databases alone)");
        out.println("  ./milink preflight --spec link.yaml --output html --out readiness.html   (docs/spec.md)");
        out.println("  ./milink preflight --print-inventory-sql --database DB   (the read-only T-SQL milink runs)");
        out.println("  ./milink preflight --inventory-results inventory.txt --database DB [--mi RESOURCE_ID]");
        out.println("        (a server milink cannot reach: a DBA's sqlcmd run of the batch above; docs/cli.md)");
        out.println("Above, the SQL Server findings came from the SQL Server twin over TDS, and the mi.* and cert.mi.*");
        out.println("findings of a scenario with a managed instance from the ARM twin over HTTPS. The net.* checks SKIP");
        out.println("in a rehearsal: the twins' names are fictitious, so no real network is probed.");
        out.flush();
        return ExitCodes.OK;
    }

    private static Report rehearse(ScenarioArgument source, List<String> databases, Scope scope) {
        Preflight preflight = Preflight.standard();
        return preflight.evaluate(TwinRehearsal.collect(preflight, source, databases), scope);
    }
}
