package io.milink.api.cli;

import io.milink.api.rehearsal.TwinRehearsal;
import io.milink.api.rehearsal.ScenarioArgument;
import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.Encryption;
import io.milink.core.spec.LinkSpec;
import io.milink.core.spec.LinkSpecLoader;
import io.milink.core.spec.ManagedInstanceTarget;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SpecException;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.PinnedCertificate;
import io.milink.core.sql.SqlServerConnector;
import io.milink.preflight.Preflight;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.FactsJson;
import io.milink.core.UnreadableFile;
import io.milink.preflight.inventory.InventoryBatch;
import io.milink.preflight.inventory.InventoryException;
import io.milink.preflight.inventory.SqlcmdResults;
import io.milink.preflight.inventory.NetworkInventory;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportFormat;
import io.milink.preflight.report.Scope;
import io.milink.netprobe.ListenJson;
import io.milink.netprobe.ListenReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milink preflight}: is this SQL Server ready for a Managed Instance link, and if not, exactly what to run.
 * Exit 0 ready, 1 not ready, 2 could not complete, 3 incomplete (a part the link needs was not checked).
 */
@Command(name = "preflight", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a SQL Server's readiness for a Managed Instance link and print the report.",
            "READY needs SQL Server, at least one --database and the managed instance (--mi, or the spec's) checked; "
                    + "--scope sql-server asks for SQL Server and its databases alone.",
            "Exit code: 0 ready, 1 not ready (a check FAILed), 2 could not complete (a check could not run, such as "
                    + "the connection, or bad input), 3 incomplete (nothing failed, but a part the link needs was not "
                    + "checked)."})
public final class PreflightCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(names = "--spec", paramLabel = "FILE", description = "A link spec (YAML): the server, login and "
                + "databases (docs/spec.md).")
        Path specFile;

        @Option(names = "--scenario", paramLabel = "FILE|NAME", description = "Rehearse against a SQL Server twin "
                + "started from this scenario (file or built-in name), logged in with its first sysadmin login (else "
                + "its first login).")
        String scenario;

        @Option(names = "--facts", paramLabel = "FILE", description = "Recompute the report offline from a facts "
                + "file saved with --facts-out; nothing is contacted.")
        Path factsFile;

        @Option(names = "--server", paramLabel = "HOST", description = "The SQL Server's host name or address.")
        String server;

        @Option(names = "--inventory-results", paramLabel = "FILE", description = "For a server milink cannot "
                + "reach: the output of a DBA's run of the --print-inventory-sql batch, made with: sqlcmd -i "
                + "inventory.sql -o inventory.txt -W -s \"|\" -k1 (docs/cli.md). Give the same --database names.")
        Path inventoryResults;
    }

    @Option(names = "--port", paramLabel = "N", description = "With --server: TCP port (default 1433).")
    Integer port;

    @Option(names = "--instance", paramLabel = "NAME", description = "With --server: a named instance.")
    String instance;

    @Option(names = "--auth", paramLabel = "sql|integrated|entra", defaultValue = "sql",
            description = "With --server: how to log in. Default: ${DEFAULT-VALUE}.")
    String auth;

    @Option(names = "--user", paramLabel = "LOGIN", description = "With --server and --auth sql: the login.")
    String user;

    @Option(names = "--password-env", paramLabel = "VARIABLE",
            description = "With --auth sql: the environment variable that holds the password.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "With --auth sql: a file that holds the password.")
    Path passwordFile;

    @Option(names = "--encrypt", paramLabel = "strict|true|false", defaultValue = "strict",
            description = "With --server: the driver's encryption. Default: ${DEFAULT-VALUE}.")
    String encrypt;

    @Option(names = "--trust-server-certificate", description = "With --server: accept any server certificate "
            + "(test systems only; strict ignores it).")
    boolean trustServerCertificate;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "With --server or --spec: how long "
            + "connecting and logging in to SQL Server may take (whole seconds, 1s to 10m: 5s, 30s, 2m). Default: "
            + SqlServerConnector.DEFAULT_LOGIN_TIMEOUT_SECONDS + "s.")
    String connectTimeout;

    @Option(names = "--mi", paramLabel = "RESOURCE_ID", description = "With --server, --spec or "
            + "--inventory-results: the managed "
            + "instance's Azure resource id, read over Azure Resource Manager, signed in as --azure-auth says "
            + "(mi.* and cert.mi.* checks; docs/azure.md). Overrides the spec's managedInstance resource.")
    String miResourceId;

    @Mixin
    AzureSignInOptions azure = new AzureSignInOptions();

    @Option(names = "--mi-host", paramLabel = "FQDN", description = "The managed instance's host name: probe "
            + "5022 and 11000-11999 to it, its DNS and the SQL Server endpoint port from this host (net.* checks). "
            + "Overrides the spec's managedInstance.fqdn.")
    String miHost;

    @Option(names = "--mi-subnet", paramLabel = "CIDR", description = "With --mi-host: the managed instance "
            + "subnet, to flag a name that resolves outside it.")
    String miSubnet;

    @Option(names = "--server-certificate", paramLabel = "FILE", description = "With --server: the server's "
            + "certificate (PEM or DER) to pin; what strict encryption needs for a self-signed certificate.")
    Path serverCertificate;

    @Option(names = "--host-name-in-certificate", paramLabel = "NAME", description = "With --server: the name "
            + "the server certificate was issued for, when it differs from the host.")
    String hostNameInCertificate;

    @Option(names = "--database", paramLabel = "NAME", description = "A database to link; repeat for several. "
            + "Replaces the spec's list.")
    List<String> databases = new ArrayList<>();

    @Option(names = "--scope", paramLabel = "link|sql-server", defaultValue = "link", description = "link: the "
            + "whole link, READY only when SQL Server, its databases and the managed instance were checked. "
            + "sql-server: SQL Server and its databases alone (no --mi); READY then says the managed instance was "
            + "not checked. Default: ${DEFAULT-VALUE}.")
    String scope;

    @Option(names = "--availability-group", paramLabel = "NAME", description = "The availability group the link is "
            + "to use, when a database already is in one (db.availabilityGroup). Overrides the spec's "
            + "names.availabilityGroup.")
    String availabilityGroup;

    @Option(names = {"--output", "-o"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, md, html, csv or junit. Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path out;

    @Option(names = "--inbound-result", paramLabel = "FILE", description = "A saved 'milink netprobe listen "
            + "--output json' session on the SQL Server host: net.inbound passes when the managed instance side "
            + "connected during it. Needs a managed instance (--mi-host, the spec, or facts that have one); not with "
            + "--inventory-results.")
    Path inboundResult;

    @Option(names = "--facts-out", paramLabel = "FILE", description = "Also save the collected facts (JSON), to "
            + "recompute the report later with --facts.")
    Path factsOut;

    @Option(names = "--print-inventory-sql", description = "Print the read-only inventory batch for the --database "
            + "names (or the --spec's) and exit: to review it, or for a DBA to run with sqlcmd and hand back for "
            + "--inventory-results.")
    boolean printInventorySql;

    /** The SQL Server this run logged in to, as the flags or the spec gave it; null for saved facts or a rehearsal. */
    private SqlServerTarget contacted;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        var format = ReportOutput.format(output);
        Scope chosenScope = chosenScope();
        refuseRepeatedDatabases();
        if (connectTimeout != null && (source == null || (source.server == null && source.specFile == null))) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--connect-timeout is for a SQL Server milink connects "
                    + "to: use it with --server or --spec");
        }
        connectTimeoutSeconds();
        if (printInventorySql) {
            List<String> fromSpec = source != null && source.specFile != null ? loadSpec().databases() : List.of();
            stdout.print(InventoryBatch.forDatabases(databasesOr(fromSpec)));
            stdout.flush();
            return ExitCodes.OK;
        }
        if (source == null) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "say what to check: --spec FILE, --server HOST, "
                    + "--scenario NAME (a rehearsal on a twin), --facts FILE or --inventory-results FILE (offline)");
        }
        Preflight preflight = Preflight.standard();
        // Read the saved session first: a bad file should not cost a whole collection.
        ListenReport inbound = readInbound();
        Facts facts = withInbound(collect(preflight, chosenScope), inbound);
        if (availabilityGroup != null) {
            facts = withAvailabilityGroupFlag(facts, availabilityGroup);
        }
        if (factsOut != null) {
            writeFacts(facts);
        }
        Report report = preflight.evaluate(facts, chosenScope);
        if (!facts.connection().connected() && format != ReportFormat.JSON) {
            // Every other check SKIPs: the cause and the fix are the whole answer; JSON keeps the full report.
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, FailedConnectionMessage.of(report,
                    facts.connection().failure(), contacted, source.specFile != null));
        }
        ReportOutput.write(report, format, out, stdout);
        return ReportOutput.exitCode(report);
    }

    /**
     * --connect-timeout in whole seconds (the driver's login timeout counts seconds), or the default.
     *
     * @throws UserError for a value that is not a duration, not whole seconds, or outside 1s-10m
     */
    private int connectTimeoutSeconds() {
        if (connectTimeout == null) {
            return SqlServerConnector.DEFAULT_LOGIN_TIMEOUT_SECONDS;
        }
        java.time.Duration timeout = NetprobeCommand.parseDuration("--connect-timeout", connectTimeout);
        if (timeout.compareTo(java.time.Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_CONNECT_TIMEOUT) > 0
                || timeout.toMillisPart() != 0) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--connect-timeout must be whole seconds from 1s to "
                    + "10m (the driver's login timeout counts seconds), not '" + connectTimeout + "'");
        }
        return (int) timeout.toSeconds();
    }

    /** Long enough for any login; a longer wait is a hung network, not a slow one. */
    private static final java.time.Duration MAX_CONNECT_TIMEOUT = java.time.Duration.ofMinutes(10);

    /**
     * --scope; sql-server takes none of the managed instance's flags, which would ask for what it leaves out (a
     * spec's managedInstance is simply not read).
     */
    private Scope chosenScope() {
        Scope chosen;
        try {
            chosen = Scope.parse(scope);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--scope: " + e.getMessage(), e);
        }
        if (chosen == Scope.SQL_SERVER) {
            List<String> managedInstanceFlags = new ArrayList<>();
            if (miResourceId != null) {
                managedInstanceFlags.add("--mi");
            }
            if (miHost != null) {
                managedInstanceFlags.add("--mi-host");
            }
            if (miSubnet != null) {
                managedInstanceFlags.add("--mi-subnet");
            }
            if (inboundResult != null) {
                managedInstanceFlags.add("--inbound-result");
            }
            if (!managedInstanceFlags.isEmpty()) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--scope sql-server checks SQL Server and its "
                        + "databases alone, so it takes no " + String.join(", ", managedInstanceFlags) + ": drop "
                        + (managedInstanceFlags.size() == 1 ? "it" : "them") + ", or drop --scope to check the whole "
                        + "link");
            }
        }
        return chosen;
    }

    /**
     * The same database twice (in any case: names compare case-insensitively, as a spec's databases: list does) would
     * be checked twice and get two links of one name; refused as the spec refuses it.
     */
    private void refuseRepeatedDatabases() {
        for (int i = 0; i < databases.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (databases.get(i).equalsIgnoreCase(databases.get(j))) {
                    String twice = databases.get(j).equals(databases.get(i)) ? "--database " + databases.get(i)
                            + " is given twice" : "--database " + databases.get(j) + " and --database "
                            + databases.get(i) + " name the same database (names compare case-insensitively)";
                    throw new UserError(ExitCodes.COULD_NOT_COMPLETE, twice + "; give each database once");
                }
            }
        }
    }

    /** The saved listening session of --inbound-result, or null; refused early when it cannot be used. */
    private ListenReport readInbound() {
        if (inboundResult == null) {
            return null;
        }
        if (source.inventoryResults != null) {
            // --inventory-results refuses --mi-host (refuseLiveManagedInstanceFlags): the usual hint would be circular.
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--inbound-result cannot be assessed with "
                    + "--inventory-results: saved sqlcmd results carry no network facts to add it to; run preflight "
                    + "with --spec (managedInstance.fqdn) or --server HOST --mi-host FQDN and --inbound-result");
        }
        boolean miNamedElsewhere = source.specFile != null || source.factsFile != null;
        if (miHost == null && !miNamedElsewhere) {
            throw noManagedInstanceForInbound();
        }
        try {
            return ListenJson.read(Files.readString(inboundResult, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot read --inbound-result " + inboundResult + ": "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--inbound-result " + inboundResult + ": "
                    + e.getMessage() + " (write it with 'milink netprobe listen --output json')", e);
        }
    }

    /** Adds the saved listening session to the network facts, so net.inbound can be assessed. */
    private static Facts withInbound(Facts facts, ListenReport session) {
        if (session == null) {
            return facts;
        }
        if (facts.network() == null) {
            throw noManagedInstanceForInbound();
        }
        return facts.withNetwork(facts.network().withInbound(session));
    }

    private static UserError noManagedInstanceForInbound() {
        return new UserError(ExitCodes.COULD_NOT_COMPLETE, "--inbound-result needs a managed instance to check "
                + "against: add --mi-host FQDN (and --mi-subnet CIDR, so only connections from its subnet count)");
    }

    /**
     * --facts recomputes saved facts and contacts nothing, so it takes no live managed instance; --inventory-results
     * takes --mi (ARM is reachable from here) but not --mi-host, whose probes would test this host, not SQL
     * Server's. Refused before any file is read.
     */
    private void refuseLiveManagedInstanceFlags() {
        if (source.factsFile != null && (miResourceId != null || miHost != null || miSubnet != null)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--facts recomputes saved facts and contacts nothing, "
                    + "so it takes no --mi/--mi-host/--mi-subnet: collect again (--spec or --server) to read them live");
        }
        if (source.inventoryResults != null && (miHost != null || miSubnet != null)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--inventory-results takes --mi but not "
                    + "--mi-host/--mi-subnet: probes from this host would not test SQL Server's network; run "
                    + "'milink netprobe' on the SQL Server host instead (docs/cli.md)");
        }
    }

    private Facts collect(Preflight preflight, Scope chosenScope) {
        refuseLiveManagedInstanceFlags();
        if (source.factsFile != null) {
            try {
                return FactsJson.read(Files.readString(source.factsFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE,
                        UnreadableFile.message("facts file", source.factsFile, e), e);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, source.factsFile + ": " + e.getMessage()
                        + "; give a file saved with --facts-out", e);
            }
        }
        if (source.inventoryResults != null) {
            Facts saved = readInventoryResults(preflight, source.inventoryResults);
            ManagedInstanceClient live = managedInstanceClient(null);
            return live == null ? saved : preflight.withManagedInstance(saved, live);
        }
        if (source.scenario != null) {
            return TwinRehearsal.collect(preflight, ScenarioArgument.resolve(source.scenario), databasesOr(List.of()),
                    managedInstance(null));
        }
        LinkSpec linkSpec = source.specFile != null ? loadSpec() : specFromFlags();
        if (source.specFile != null && linkSpec.sqlServer().serverCertificate() != null) {
            try {
                PinnedCertificate.check(linkSpec.sqlServer().serverCertificate(), source.specFile
                        + ": sqlServer.serverCertificate");
            } catch (SpecException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
            }
        }
        List<String> dbs = databasesOr(linkSpec.databases());
        if (!dbs.equals(linkSpec.databases())) {
            // --database replaces the spec's list: its names must fit the new one (a literal serves one database).
            try {
                linkSpec = linkSpec.withDatabases(dbs);
            } catch (SpecException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, source.specFile + " with --database: "
                        + e.getMessage(), e);
            }
        }
        contacted = linkSpec.sqlServer();
        SqlServerConnector connector = new SqlServerConnector(contacted, System.getenv(), connectTimeoutSeconds());
        try {
            // --scope sql-server reads no managed instance, not even the spec's.
            ManagedInstanceTarget fromSpec = chosenScope == Scope.SQL_SERVER ? null : linkSpec.managedInstance();
            // probeNetwork: false probes nothing, not even ARM's name; naming a host with --mi-host asks to probe it.
            boolean probe = fromSpec == null || fromSpec.probeNetwork() || miHost != null;
            Facts facts = preflight.collect(connector, linkSpec.sqlServer().displayName(), dbs,
                    probe ? managedInstance(fromSpec) : null, probe ? NetworkInventory.standard() : null,
                    managedInstanceClient(fromSpec));
            return withChosenNames(facts, linkSpec.names());
        } catch (SpecException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
    }

    /** A DBA's sqlcmd run of the printed batch, read back: the same facts the live inventory would give. */
    private Facts readInventoryResults(Preflight preflight, Path file) {
        String text;
        try {
            text = SqlcmdResults.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, UnreadableFile.message("inventory results", file, e),
                    e);
        }
        try {
            return preflight.fromInventoryResults(SqlcmdResults.parse(text), databasesOr(List.of()));
        } catch (IllegalArgumentException | InventoryException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, file + ": " + e.getMessage(), e);
        }
    }

    private LinkSpec loadSpec() {
        try {
            return LinkSpecLoader.load(source.specFile);
        } catch (SpecException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
    }

    private LinkSpec specFromFlags() {
        try {
            SqlAuthentication authentication = switch (auth) {
                case "sql" -> {
                    if (user == null || (passwordEnv == null) == (passwordFile == null)) {
                        throw new SpecException("--auth sql needs --user and exactly one of --password-env or "
                                + "--password-file (a password is never accepted on the command line)");
                    }
                    yield new SqlAuthentication.SqlLogin(user, passwordEnv != null
                            ? new SecretSource.EnvironmentVariable(passwordEnv) : new SecretSource.File(passwordFile));
                }
                case "integrated" -> new SqlAuthentication.Integrated();
                case "entra" -> new SqlAuthentication.Entra();
                default -> throw new SpecException("--auth must be sql, integrated or entra, not '" + auth + "'");
            };
            Encryption encryption = switch (encrypt) {
                case "strict" -> Encryption.STRICT;
                case "true" -> Encryption.TRUE;
                case "false" -> Encryption.FALSE;
                default -> throw new SpecException("--encrypt must be strict, true or false, not '" + encrypt + "'");
            };
            if (serverCertificate != null) {
                PinnedCertificate.check(serverCertificate, "--server-certificate");
            }
            // Said in the flags' terms: SqlServerTarget would name the spec's fields.
            if (port != null && instance != null) {
                throw new SpecException("--port and --instance cannot be used together: a named instance's port is "
                        + "found through SQL Server Browser; give --instance NAME, or --port N for a fixed port");
            }
            if (port != null && (port < 1 || port > 65_535)) {
                throw new SpecException("--port " + port + " is not a TCP port (1-65535)");
            }
            SqlServerTarget target = new SqlServerTarget(source.server, instance == null && port == null ? 1433
                    : port, instance, authentication, encryption, trustServerCertificate, hostNameInCertificate,
                    serverCertificate);
            return new LinkSpec(target, databases, null);
        } catch (SpecException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
    }

    /**
     * The managed instance over ARM when --mi or the spec's managedInstance names one (--mi wins; the mi.* checks
     * SKIP otherwise), signed in as the --azure-* flags say, else as the spec's managedInstance.azureAuth says.
     */
    private ManagedInstanceClient managedInstanceClient(ManagedInstanceTarget fromSpec) {
        try {
            ManagedInstanceRef ref = chosenResource(miResourceId, fromSpec == null ? null : fromSpec.resource());
            if (ref == null) {
                return null;
            }
            var signIn = azure.resolve(fromSpec == null ? null : fromSpec.azureAuth());
            return AzureConnections.managedInstance(ref, signIn, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--mi/--azure-auth: " + e.getMessage(), e);
        }
    }

    /** The spec's names: for the checks that compare them with what exists (mi.existingLink). */
    static Facts withChosenNames(Facts facts, io.milink.core.spec.LinkNames names) {
        Facts.RequestedNames chosen = Facts.RequestedNames.chosenIn(names);
        return chosen == null ? facts : facts.withRequestedNames(chosen);
    }

    /**
     * The facts with --availability-group's name, checked as the spec's names.availabilityGroup is: a template with
     * {database}, or one name for one database.
     */
    static Facts withAvailabilityGroupFlag(Facts facts, String availabilityGroup) {
        Facts.RequestedNames spec = facts.requestedNames();
        try {
            new io.milink.core.spec.LinkNames(availabilityGroup, spec == null ? null
                    : spec.distributedAvailabilityGroup(), null, null).resolve(facts.requestedDatabases());
            return facts.withAvailabilityGroup(availabilityGroup);
        } catch (SpecException | IllegalArgumentException e) {
            // The rules are the spec's names.availabilityGroup's; the message names the flag instead.
            String why = e.getMessage().replaceFirst("^names\\.availabilityGroup: ", "")
                    .replaceFirst("but the spec links (\\d+) databases", "but $1 databases are to be linked");
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--availability-group " + availabilityGroup + ": "
                    + why, e);
        }
    }

    /** --mi when given, else the spec's resource, else none. */
    static ManagedInstanceRef chosenResource(String miFlag, ManagedInstanceRef fromSpec) {
        return miFlag != null ? ManagedInstanceRef.parse(miFlag) : fromSpec;
    }

    /** The flags' managed instance, else the spec's, else none (the net.* checks then SKIP). */
    private ManagedInstanceTarget managedInstance(ManagedInstanceTarget fromSpec) {
        if (miSubnet != null) {
            try {
                io.milink.netprobe.Cidr.parse(miSubnet);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--mi-subnet: " + e.getMessage(), e);
            }
        }
        if (miHost != null) {
            return new ManagedInstanceTarget(miHost, miSubnet != null ? miSubnet
                    : fromSpec == null ? null : fromSpec.subnet());
        }
        // A spec may name only the Azure resource: then there is no host to probe.
        boolean specHasHost = fromSpec != null && fromSpec.fqdn() != null;
        if (miSubnet != null && !specHasHost) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--mi-subnet needs --mi-host (or managedInstance.fqdn "
                    + "in the spec)");
        }
        return !specHasHost ? null
                : new ManagedInstanceTarget(fromSpec.fqdn(), miSubnet != null ? miSubnet : fromSpec.subnet());
    }

    private List<String> databasesOr(List<String> fallback) {
        return databases.isEmpty() ? fallback : databases;
    }

    private void writeFacts(Facts facts) {
        try {
            Files.writeString(factsOut, FactsJson.write(facts), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, io.milink.core.UnwritableFile.message("the facts",
                    factsOut, e), e);
        }
    }
}
