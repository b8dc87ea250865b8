package io.milink.simulator.sqlserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.milink.simulator.engine.StatementKind;
import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.state.AvailabilityGroupState;
import io.milink.simulator.sqlserver.state.DistributedReplication;
import io.milink.simulator.sqlserver.state.HadrState;
import io.milink.simulator.sqlserver.state.InstanceState;
import io.milink.simulator.sqlserver.state.ReplicaState;

/**
 * CREATE, ALTER and DROP AVAILABILITY GROUP, plain and distributed (Microsoft Learn, "CREATE AVAILABILITY GROUP
 * (Transact-SQL)", "ALTER AVAILABILITY GROUP (Transact-SQL)", "DROP AVAILABILITY GROUP (Transact-SQL)",
 * "Configure distributed availability groups", and the Managed Instance link script pages). The twin checks syntax,
 * transaction, database context, permission, HADR, existence and version; what a distributed group's replication
 * does (role changes, mode changes, drop) is asked of the instance's {@link DistributedReplication}.
 */
final class AvailabilityGroupStatements {

    /** T-SQL FAILOVER of a distributed availability group: SQL Server 2022 CU13 (KB5036432). */
    static final String DISTRIBUTED_FAILOVER_BUILD = "16.0.4125.3";

    /** TCP://host:port, as ENDPOINT_URL and LISTENER_URL take it (host: name, IPv4 or [IPv6]). */
    private static final Pattern TCP_URL = Pattern.compile("(?i)tcp://(\\[[0-9a-f:.]+\\]|[a-z0-9._-]+):(\\d{1,5})");

    private final InstanceSession session;

    AvailabilityGroupStatements(InstanceSession session) {
        this.session = session;
    }

    private HadrState hadr() {
        return session.state.hadr;
    }

    private DistributedReplication replication() {
        return session.instance.replication();
    }

    // ------------------------------------------------------------------ parsed shapes

    /** One REPLICA ON entry or one member of AVAILABILITY GROUP ON; null fields were not written. */
    private static final class ReplicaSpec {
        final String name;
        String url;
        ReplicaState.AvailabilityMode availabilityMode;
        ReplicaState.FailoverMode failoverMode;
        ReplicaState.SeedingMode seedingMode;
        Integer sessionTimeout;
        Integer backupPriority;
        String secondaryAllowConnections;
        String primaryAllowConnections;

        ReplicaSpec(String name) {
            this.name = name;
        }
    }

    /** CREATE AVAILABILITY GROUP's WITH options. */
    private static final class GroupOptions {
        final Map<String, String> values = new LinkedHashMap<>();
        boolean distributed;
        boolean basic;
    }

    // ------------------------------------------------------------------ CREATE

    /**
     * CREATE AVAILABILITY GROUP name [WITH (option, …)] { FOR [DATABASE db, …] REPLICA ON 'server' WITH (…), … |
     * AVAILABILITY GROUP ON 'ag' WITH (…), 'ag2' WITH (…) }
     */
    void create(int from, int to) {
        HadrSyntax s = new HadrSyntax(session, from, to);
        String name = s.identifier();
        GroupOptions options = new GroupOptions();
        if (s.acceptWord("WITH")) {
            parseGroupOptions(s, options);
        }
        if (s.isWord("AVAILABILITY")) {
            s.word("AVAILABILITY");
            s.word("GROUP");
            s.word("ON");
            List<ReplicaSpec> members = parseReplicas(s, true);
            s.end();
            if (!options.distributed) {
                throw TsqlException.statement(19498);
            }
            createDistributed(name, members);
            return;
        }
        if (options.distributed) {
            throw s.unexpected();
        }
        s.word("FOR");
        List<String> databases = new ArrayList<>();
        if (s.acceptWord("DATABASE")) {
            do {
                databases.add(s.identifier());
            } while (s.acceptSymbol(","));
        }
        s.word("REPLICA");
        s.word("ON");
        List<ReplicaSpec> replicas = parseReplicas(s, false);
        if (s.isWord("LISTENER")) {
            throw TsqlException.notSupported("CREATE AVAILABILITY GROUP ... LISTENER");
        }
        s.end();
        createPlain(name, options, databases, replicas);
    }

    private void createPlain(String name, GroupOptions options, List<String> databases, List<ReplicaSpec> replicas) {
        for (ReplicaSpec r : replicas) {
            requireReplicaOptions(r);
        }
        commonChecks("CREATE AVAILABILITY GROUP");
        session.requireSysadmin();
        if (hadr().group(name) != null) {
            throw TsqlException.statement(41042, name);
        }
        Set<String> seen = new HashSet<>();
        boolean local = false;
        for (ReplicaSpec r : replicas) {
            if (!seen.add(r.name.toLowerCase(Locale.ROOT))) {
                throw TsqlException.statement(35235, r.name);
            }
            local |= r.name.equalsIgnoreCase(session.server().serverName());
        }
        if (!local) {
            throw TsqlException.statement(35237, name);
        }
        for (ReplicaSpec r : replicas) {
            checkReplica(r, "CREATE AVAILABILITY GROUP", false);
        }
        AvailabilityGroupState g = new AvailabilityGroupState(name, UUID.randomUUID(), false, Instant.now());
        applyGroupOptions(g, options);
        Set<String> dbSeen = new HashSet<>();
        List<InstanceState.DatabaseState> members = new ArrayList<>();
        for (String db : databases) {
            if (!dbSeen.add(db.toLowerCase(Locale.ROOT))) {
                throw TsqlException.statement(35234, db);
            }
            members.add(checkDatabase(db, g));
        }
        for (ReplicaSpec r : replicas) {
            boolean isLocal = r.name.equalsIgnoreCase(session.server().serverName());
            ReplicaState replica = new ReplicaState(UUID.randomUUID(),
                    isLocal ? session.server().serverName() : r.name, isLocal, g.created);
            applyReplica(replica, r);
            if (replica.seedingMode == null) {
                replica.seedingMode = ReplicaState.SeedingMode.MANUAL;
            }
            g.replicas.add(replica);
        }
        for (InstanceState.DatabaseState d : members) {
            g.databases.put(d.name, UUID.randomUUID());
        }
        hadr().add(g);
        session.state.changed();
        session.done(StatementKind.OTHER);
    }

    private void createDistributed(String name, List<ReplicaSpec> members) {
        for (ReplicaSpec m : members) {
            requireReplicaOptions(m);
        }
        commonChecks("CREATE AVAILABILITY GROUP");
        session.requireSysadmin();
        if (hadr().group(name) != null) {
            throw TsqlException.statement(19509, name);
        }
        if (members.size() != 2) {
            throw TsqlException.syntaxNear(members.size() < 2 ? ")" : ",");
        }
        for (ReplicaSpec m : members) {
            checkReplica(m, "CREATE AVAILABILITY GROUP", true);
        }
        AvailabilityGroupState local = null;
        for (ReplicaSpec m : members) {
            AvailabilityGroupState g = hadr().group(m.name);
            if (g != null && !g.distributed) {
                local = g;
                break;
            }
        }
        if (local == null) {
            throw TsqlException.statement(19501);
        }
        if (local.basic) {
            throw TsqlException.statement(19513, local.name);
        }
        String other = members.get(0).name.equalsIgnoreCase(local.name) ? members.get(1).name : members.get(0).name;
        for (AvailabilityGroupState existing : hadr().distributedGroupsOn(local.name)) {
            ReplicaState remote = existing.remoteMember();
            if (remote != null && remote.name.equalsIgnoreCase(other)) {
                throw TsqlException.statement(19507, local.name);
            }
            if (!replication().isPrimary(existing.name)) {
                throw TsqlException.statement(19503, local.name);
            }
        }
        AvailabilityGroupState dag = new AvailabilityGroupState(name, UUID.randomUUID(), true, Instant.now());
        // UNCONFIRMED: what cluster_type_desc SQL Server shows for a distributed group; CLUSTER_TYPE cannot be given.
        dag.clusterType = "NONE";
        for (ReplicaSpec m : members) {
            boolean isLocal = m.name.equalsIgnoreCase(local.name);
            ReplicaState member = new ReplicaState(UUID.randomUUID(), isLocal ? local.name : m.name, isLocal,
                    dag.created);
            applyReplica(member, m);
            if (member.seedingMode == null) {
                member.seedingMode = ReplicaState.SeedingMode.MANUAL;
            }
            dag.replicas.add(member);
        }
        hadr().add(dag);
        session.state.changed();
        session.done(StatementKind.OTHER);
    }

    /** AVAILABILITY_MODE and FAILOVER_MODE are required (41198, 41197), and a replica needs its ENDPOINT_URL (35236). */
    private static void requireReplicaOptions(ReplicaSpec r) {
        if (r.url == null) {
            // A member without LISTENER_URL: the replica's error, UNCONFIRMED for distributed groups.
            throw TsqlException.statement(35236, r.name);
        }
        if (r.availabilityMode == null) {
            throw TsqlException.statement(41198, r.name);
        }
        if (r.failoverMode == null) {
            throw TsqlException.statement(41197, r.name);
        }
    }

    /** The checks every availability group DDL statement starts with. */
    private void commonChecks(String statement) {
        // "DROP AVAILABILITY GROUP cannot be executed as part of batches or within transactions" (DROP AVAILABILITY
        // GROUP, Limitations); the twin applies the transaction rule to CREATE and ALTER too.
        if (session.trancount > 0) {
            throw TsqlException.statement(226, statement);
        }
        if (!session.database.equalsIgnoreCase("master")) {
            throw TsqlException.statement(35208);
        }
        if (!session.server().hadrEnabled()) {
            throw TsqlException.statement(35221);
        }
    }

    /** Values SQL Server checks on a replica or member (35232, 19499, 35211, 35277, 35214, 35209). */
    private void checkReplica(ReplicaSpec r, String operation, boolean member) {
        if (r.url != null) {
            if (member) {
                checkListenerUrl(r.url);
            } else if (!TCP_URL.matcher(r.url).matches() || !validPort(r.url)) {
                throw TsqlException.statement(35232, r.url);
            }
        }
        if (member && r.failoverMode == ReplicaState.FailoverMode.AUTOMATIC) {
            throw TsqlException.statement(35277);
        }
        if (r.availabilityMode == ReplicaState.AvailabilityMode.ASYNCHRONOUS_COMMIT
                && r.failoverMode == ReplicaState.FailoverMode.AUTOMATIC) {
            throw TsqlException.statement(35211, operation, r.name);
        }
        if (r.sessionTimeout != null && r.sessionTimeout < 5) {
            throw TsqlException.statement(35214, operation, r.name, 5);
        }
        if (r.backupPriority != null && (r.backupPriority < 0 || r.backupPriority > 100)) {
            throw TsqlException.statement(35209, operation, r.name, 0, 100);
        }
    }

    /**
     * A member's LISTENER_URL: TCP://host:port, optionally followed (for a managed instance) by ;Server=[mi] and
     * ;Database=[db]. Builds without the Azure Connect pack refuse the ;Server= form with 19499 (a community report,
     * UNCONFIRMED by Microsoft; mi-link-workflow §7.8); the twin takes such a build to be one whose scenario says
     * {@code certificateIssuerProcedure: false}.
     */
    private void checkListenerUrl(String url) {
        String[] parts = url.split(";");
        if (!TCP_URL.matcher(parts[0].trim()).matches() || !validPort(parts[0].trim())) {
            throw TsqlException.statement(19499, url);
        }
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq).trim();
            if (eq < 0 || !(key.equalsIgnoreCase("Server") || key.equalsIgnoreCase("Database"))
                    || part.substring(eq + 1).isBlank()) {
                throw TsqlException.statement(19499, url);
            }
            if (!session.instance.certificateIssuerProcedure()) {
                throw TsqlException.statement(19499, url);
            }
        }
    }

    private static boolean validPort(String url) {
        var m = TCP_URL.matcher(url);
        if (!m.matches()) {
            return false;
        }
        int port = Integer.parseInt(m.group(2));
        return port >= 1 && port <= 65535;
    }

    /**
     * A database joining an availability group on its primary: it exists (35238), is a user database (35249), is in
     * no other group (35244, 35280), uses the full recovery model (1465) and has a full backup that is not copy-only
     * since its log chain last started (1475; mi-link-workflow §1.7).
     */
    private InstanceState.DatabaseState checkDatabase(String name, AvailabilityGroupState group) {
        InstanceState.DatabaseState d = session.state.database(name);
        if (d == null) {
            throw TsqlException.statement(35238, name, group.name);
        }
        if (d.isSystem()) {
            throw TsqlException.statement(35249, d.name);
        }
        AvailabilityGroupState current = hadr().groupOfDatabase(d.name);
        if (current != null) {
            throw current == group ? TsqlException.statement(35280, d.name, group.name)
                    : TsqlException.statement(35244, d.name, group.name);
        }
        if (d.recoveryModel != Scenario.RecoveryModel.FULL) {
            throw TsqlException.statement(1465, d.name);
        }
        boolean fullBackup = session.state.backups.stream().anyMatch(b -> b.databaseName().equalsIgnoreCase(d.name)
                && b.type().equals("D") && !b.copyOnly() && b.finish().isAfter(d.chainResetAt));
        if (!fullBackup) {
            throw TsqlException.statement(1475, d.name);
        }
        return d;
    }

    // ------------------------------------------------------------------ parsing

    private void parseGroupOptions(HadrSyntax s, GroupOptions options) {
        int major = session.server().majorVersion();
        s.symbol("(");
        do {
            String option = s.keyword();
            switch (option) {
                case "DISTRIBUTED" -> options.distributed = true;
                case "BASIC" -> options.basic = true;
                case "AUTOMATED_BACKUP_PREFERENCE" -> {
                    s.symbol("=");
                    options.values.put(option, s.oneOf("PRIMARY", "SECONDARY_ONLY", "SECONDARY", "NONE"));
                }
                case "FAILURE_CONDITION_LEVEL", "HEALTH_CHECK_TIMEOUT" -> {
                    s.symbol("=");
                    options.values.put(option, String.valueOf(s.number()));
                }
                case "DB_FAILOVER" -> {
                    s.symbol("=");
                    options.values.put(option, s.oneOf("ON", "OFF"));
                }
                case "DTC_SUPPORT" -> {
                    s.symbol("=");
                    options.values.put(option, s.oneOf("PER_DB", "NONE"));
                }
                case "REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT", "CLUSTER_TYPE", "CONTAINED",
                     "REUSE_SYSTEM_DATABASES" -> {
                    // CLUSTER_TYPE and REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT arrived with SQL Server 2017,
                    // CONTAINED with 2022: older parsers do not know the word (UNCONFIRMED: 102 near it).
                    int since = option.equals("CONTAINED") || option.equals("REUSE_SYSTEM_DATABASES") ? 16 : 14;
                    if (major < since) {
                        throw TsqlException.syntaxNear(s.peek(-1).text());
                    }
                    if (option.equals("CONTAINED") || option.equals("REUSE_SYSTEM_DATABASES")) {
                        throw TsqlException.notSupported("CREATE AVAILABILITY GROUP ... WITH (" + option + ")");
                    }
                    s.symbol("=");
                    options.values.put(option, option.equals("CLUSTER_TYPE")
                            ? s.oneOf("WSFC", "EXTERNAL", "NONE") : String.valueOf(s.number()));
                }
                default -> throw TsqlException.syntaxNear(s.peek(-1).text());
            }
        } while (s.acceptSymbol(","));
        s.symbol(")");
        if (options.distributed && (options.basic || !options.values.isEmpty())) {
            throw TsqlException.statement(19497);
        }
    }

    /** 'name' WITH (option, …) [, 'name' WITH (…) …] */
    private List<ReplicaSpec> parseReplicas(HadrSyntax s, boolean members) {
        List<ReplicaSpec> out = new ArrayList<>();
        do {
            ReplicaSpec r = new ReplicaSpec(s.name());
            s.word("WITH");
            parseReplicaOptions(s, r, members);
            out.add(r);
        } while (s.acceptSymbol(","));
        return out;
    }

    private void parseReplicaOptions(HadrSyntax s, ReplicaSpec r, boolean member) {
        s.symbol("(");
        do {
            String option = s.keyword();
            switch (option) {
                case "ENDPOINT_URL", "LISTENER_URL" -> {
                    if (option.equals("LISTENER_URL") != member) {
                        throw TsqlException.syntaxNear(option);
                    }
                    s.symbol("=");
                    r.url = s.string();
                }
                case "AVAILABILITY_MODE" -> {
                    s.symbol("=");
                    r.availabilityMode = ReplicaState.AvailabilityMode.valueOf(member
                            ? s.oneOf("SYNCHRONOUS_COMMIT", "ASYNCHRONOUS_COMMIT")
                            : s.oneOf("SYNCHRONOUS_COMMIT", "ASYNCHRONOUS_COMMIT", "CONFIGURATION_ONLY"));
                }
                case "FAILOVER_MODE" -> {
                    s.symbol("=");
                    r.failoverMode = ReplicaState.FailoverMode.valueOf(s.oneOf("AUTOMATIC", "MANUAL", "EXTERNAL"));
                }
                case "SEEDING_MODE" -> {
                    s.symbol("=");
                    r.seedingMode = ReplicaState.SeedingMode.valueOf(s.oneOf("AUTOMATIC", "MANUAL"));
                }
                case "SESSION_TIMEOUT" -> {
                    s.symbol("=");
                    r.sessionTimeout = (int) s.number();
                }
                case "BACKUP_PRIORITY" -> {
                    if (member) {
                        throw TsqlException.syntaxNear(option);
                    }
                    s.symbol("=");
                    r.backupPriority = (int) s.number();
                }
                case "SECONDARY_ROLE", "PRIMARY_ROLE" -> {
                    if (member) {
                        throw TsqlException.syntaxNear(option);
                    }
                    parseRole(s, r, option.equals("PRIMARY_ROLE"));
                }
                default -> throw TsqlException.syntaxNear(option);
            }
        } while (s.acceptSymbol(","));
        s.symbol(")");
    }

    /** SECONDARY_ROLE (ALLOW_CONNECTIONS = NO | READ_ONLY | ALL [, READ_ONLY_ROUTING_URL = '…']) and PRIMARY_ROLE (…). */
    private static void parseRole(HadrSyntax s, ReplicaSpec r, boolean primary) {
        s.symbol("(");
        do {
            String option = s.optionName();
            switch (option) {
                case "ALLOW_CONNECTIONS" -> {
                    if (primary) {
                        r.primaryAllowConnections = s.oneOf("READ_WRITE", "ALL");
                    } else {
                        r.secondaryAllowConnections = s.oneOf("NO", "READ_ONLY", "ALL");
                    }
                }
                case "READ_ONLY_ROUTING_URL", "READ_WRITE_ROUTING_URL" -> s.string();
                case "READ_ONLY_ROUTING_LIST" -> {
                    if (!s.acceptWord("NONE")) {
                        s.skipParenthesized();
                    }
                }
                default -> throw TsqlException.syntaxNear(option);
            }
        } while (s.acceptSymbol(","));
        s.symbol(")");
    }

    /** WITH options of CREATE (CLUSTER_TYPE defaults to WSFC, as documented). */
    private static void applyGroupOptions(AvailabilityGroupState g, GroupOptions options) {
        g.clusterType = "WSFC";
        g.basic = options.basic;
        options.values.forEach((option, value) -> setOption(g, option, value));
    }

    /** One group option, checked as SQL Server checks it (35228, 35229). */
    private static void setOption(AvailabilityGroupState g, String option, String value) {
        switch (option) {
            case "CLUSTER_TYPE" -> g.clusterType = value;
            case "AUTOMATED_BACKUP_PREFERENCE" -> g.automatedBackupPreference = value;
            case "FAILURE_CONDITION_LEVEL" -> {
                int level = Integer.parseInt(value);
                if (level < 1 || level > 5) {
                    throw TsqlException.statement(35228, g.name, 1, 5);
                }
                g.failureConditionLevel = level;
            }
            case "HEALTH_CHECK_TIMEOUT" -> {
                long ms = Long.parseLong(value);
                if (ms < 15000) {
                    throw TsqlException.statement(35229, g.name, 15000);
                }
                g.healthCheckTimeout = (int) Math.min(Integer.MAX_VALUE, ms);
            }
            case "DB_FAILOVER" -> g.dbFailover = value.equals("ON");
            case "DTC_SUPPORT" -> g.dtcSupport = value.equals("PER_DB");
            case "REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT" ->
                    g.requiredSynchronizedSecondariesToCommit = Integer.parseInt(value);
            default -> throw new IllegalArgumentException(option);
        }
    }

    private static void applyReplica(ReplicaState replica, ReplicaSpec r) {
        if (r.url != null) {
            replica.endpointUrl = r.url;
        }
        if (r.availabilityMode != null) {
            replica.availabilityMode = r.availabilityMode;
        }
        if (r.failoverMode != null) {
            replica.failoverMode = r.failoverMode;
        }
        if (r.seedingMode != null) {
            replica.seedingMode = r.seedingMode;
        }
        if (r.sessionTimeout != null) {
            replica.sessionTimeout = r.sessionTimeout;
        }
        if (r.backupPriority != null) {
            replica.backupPriority = r.backupPriority;
        }
        if (r.secondaryAllowConnections != null) {
            replica.secondaryAllowConnections = r.secondaryAllowConnections;
        }
        if (r.primaryAllowConnections != null) {
            replica.primaryAllowConnections = r.primaryAllowConnections;
        }
    }

    // ------------------------------------------------------------------ ALTER

    /**
     * ALTER AVAILABILITY GROUP name { FAILOVER | FORCE_FAILOVER_ALLOW_DATA_LOSS | SET (option = value, …) |
     * GRANT CREATE ANY DATABASE | DENY CREATE ANY DATABASE | MODIFY AVAILABILITY GROUP ON 'ag' WITH (…), … |
     * MODIFY REPLICA ON 'server' WITH (…) | ADD DATABASE db, … | REMOVE DATABASE db }
     */
    void alter(int from, int to) {
        HadrSyntax s = new HadrSyntax(session, from, to);
        String name = s.identifier();
        String action = s.keyword();
        switch (action) {
            case "FAILOVER", "FORCE_FAILOVER_ALLOW_DATA_LOSS" -> {
                s.end();
                AvailabilityGroupState g = existingForAlter(name);
                failover(g, action.equals("FAILOVER"));
            }
            case "SET" -> alterSet(s, name);
            case "GRANT", "DENY" -> {
                s.word("CREATE");
                s.word("ANY");
                s.word("DATABASE");
                s.end();
                AvailabilityGroupState g = existingForAlter(name);
                g.createAnyDatabaseGranted = action.equals("GRANT");
                changed();
            }
            case "MODIFY" -> {
                if (s.acceptWord("AVAILABILITY")) {
                    s.word("GROUP");
                    s.word("ON");
                    List<ReplicaSpec> members = parseReplicas(s, true);
                    s.end();
                    modifyMembers(existingForAlter(name), members);
                } else {
                    s.word("REPLICA");
                    s.word("ON");
                    List<ReplicaSpec> replicas = parseReplicas(s, false);
                    s.end();
                    modifyReplicas(existingForAlter(name), replicas);
                }
            }
            case "ADD", "REMOVE" -> {
                if (!s.isWord("DATABASE")) {
                    throw TsqlException.notSupported("ALTER AVAILABILITY GROUP ... " + action + " "
                            + HadrSyntax.upper(s.peek().text()));
                }
                s.word("DATABASE");
                List<String> databases = new ArrayList<>();
                do {
                    databases.add(s.identifier());
                } while (action.equals("ADD") && s.acceptSymbol(","));
                s.end();
                AvailabilityGroupState g = existingForAlter(name);
                if (g.distributed) {
                    // A distributed group's databases are its local member's; SQL Server's answer is not modelled.
                    throw TsqlException.notSupported("ALTER AVAILABILITY GROUP ... " + action
                            + " DATABASE on a distributed availability group");
                }
                if (action.equals("ADD")) {
                    Set<String> seen = new HashSet<>();
                    List<InstanceState.DatabaseState> add = new ArrayList<>();
                    for (String db : databases) {
                        if (!seen.add(db.toLowerCase(Locale.ROOT))) {
                            throw TsqlException.statement(35234, db);
                        }
                        add.add(checkDatabase(db, g));
                    }
                    add.forEach(d -> g.databases.put(d.name, UUID.randomUUID()));
                } else {
                    String db = databases.get(0);
                    String key = g.databases.keySet().stream().filter(k -> k.equalsIgnoreCase(db)).findFirst()
                            .orElseThrow(() -> TsqlException.statement(35281, db, g.name));
                    g.databases.remove(key);
                }
                changed();
            }
            case "JOIN", "OFFLINE", "ONLINE", "RESTART", "GRANT_CREATE", "DENY_CREATE", "REMOVE_REPLICA" ->
                    throw TsqlException.notSupported("ALTER AVAILABILITY GROUP ... " + action);
            default -> throw TsqlException.syntaxNear(s.peek(-1).text());
        }
    }

    /** The checks before any ALTER: transaction, master, HADR, then existence or permission (15151). */
    private AvailabilityGroupState existingForAlter(String name) {
        commonChecks("ALTER AVAILABILITY GROUP");
        AvailabilityGroupState g = hadr().group(name);
        if (g == null || !session.sysadmin) {
            throw TsqlException.statement(15151, "alter", "availability group", name);
        }
        return g;
    }

    private void changed() {
        session.state.changed();
        session.done(StatementKind.OTHER);
    }

    /**
     * FAILOVER or FORCE_FAILOVER_ALLOW_DATA_LOSS. A plain group's primary is this instance (41122). A distributed
     * group's T-SQL FAILOVER needs SQL Server 2022 CU13 (mi-link-workflow §1.1, §5.3; before it, "only force failover
     * is supported", 19504); then the replication decides.
     */
    private void failover(AvailabilityGroupState g, boolean planned) {
        if (!g.distributed) {
            throw TsqlException.statement(41122, g.name);
        }
        if (planned) {
            if (!session.server().buildAtLeast(DISTRIBUTED_FAILOVER_BUILD)) {
                throw TsqlException.statement(19504, g.name);
            }
            replication().failover(g.name);
        } else {
            replication().forceFailover(g.name);
        }
        changed();
    }

    /** SET (ROLE = SECONDARY | option = value, …) */
    private void alterSet(HadrSyntax s, String name) {
        s.symbol("(");
        Map<String, String> values = new LinkedHashMap<>();
        do {
            String option = s.optionName();
            switch (option) {
                case "ROLE" -> values.put(option, s.oneOf("SECONDARY"));
                case "AUTOMATED_BACKUP_PREFERENCE" ->
                        values.put(option, s.oneOf("PRIMARY", "SECONDARY_ONLY", "SECONDARY", "NONE"));
                case "FAILURE_CONDITION_LEVEL", "HEALTH_CHECK_TIMEOUT", "REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT" -> {
                    if (option.startsWith("REQUIRED") && session.server().majorVersion() < 14) {
                        throw TsqlException.syntaxNear(option);
                    }
                    values.put(option, String.valueOf(s.number()));
                }
                case "DB_FAILOVER" -> values.put(option, s.oneOf("ON", "OFF"));
                case "DTC_SUPPORT" -> values.put(option, s.oneOf("PER_DB", "NONE"));
                default -> throw TsqlException.syntaxNear(option);
            }
        } while (s.acceptSymbol(","));
        s.symbol(")");
        s.end();
        AvailabilityGroupState g = existingForAlter(name);
        if (values.containsKey("ROLE")) {
            if (!g.distributed) {
                throw TsqlException.statement(19512, g.name);
            }
            replication().demote(g.name);
        }
        values.remove("ROLE");
        values.forEach((option, value) -> setOption(g, option, value));
        changed();
    }

    /**
     * MODIFY AVAILABILITY GROUP ON 'ag' WITH (AVAILABILITY_MODE = …, …), … on a distributed group (19512 on a plain
     * one, 19508 for a name that is not a member). The replication hears of changed availability modes.
     */
    private void modifyMembers(AvailabilityGroupState g, List<ReplicaSpec> members) {
        if (!g.distributed) {
            throw TsqlException.statement(19512, g.name);
        }
        for (ReplicaSpec m : members) {
            if (g.replica(m.name) == null) {
                throw TsqlException.statement(19508, m.name, g.name);
            }
            checkReplica(m, "ALTER AVAILABILITY GROUP", true);
        }
        boolean modes = false;
        for (ReplicaSpec m : members) {
            ReplicaState member = g.replica(m.name);
            modes |= m.availabilityMode != null && m.availabilityMode != member.availabilityMode;
            applyReplica(member, m);
            member.modified = Instant.now();
        }
        if (modes) {
            replication().modesChanged(g.name);
        }
        changed();
    }

    /** MODIFY REPLICA ON 'server' WITH (…) on a plain group (35210 for a name that is not a replica). */
    private void modifyReplicas(AvailabilityGroupState g, List<ReplicaSpec> replicas) {
        for (ReplicaSpec r : replicas) {
            ReplicaState replica = g.distributed ? null : g.replica(r.name);
            if (replica == null) {
                throw TsqlException.statement(35210, r.name, g.name);
            }
            ReplicaSpec merged = new ReplicaSpec(r.name);
            merged.availabilityMode = r.availabilityMode == null ? replica.availabilityMode : r.availabilityMode;
            merged.failoverMode = r.failoverMode == null ? replica.failoverMode : r.failoverMode;
            merged.url = r.url;
            merged.sessionTimeout = r.sessionTimeout;
            merged.backupPriority = r.backupPriority;
            checkReplica(merged, "ALTER AVAILABILITY GROUP", false);
        }
        for (ReplicaSpec r : replicas) {
            ReplicaState replica = g.replica(r.name);
            applyReplica(replica, r);
            replica.modified = Instant.now();
        }
        changed();
    }

    // ------------------------------------------------------------------ DROP

    /**
     * DROP AVAILABILITY GROUP name. A distributed group's replication hears of it first (and may refuse). Dropping a
     * plain group that a distributed group uses is allowed, as no SQL Server error for it is documented; the
     * distributed group stays, without databases, until it is dropped too (the documented order drops the
     * distributed group first, mi-link-workflow §6).
     */
    void drop(int from, int to) {
        HadrSyntax s = new HadrSyntax(session, from, to);
        String name = s.identifier();
        s.end();
        commonChecks("DROP AVAILABILITY GROUP");
        AvailabilityGroupState g = hadr().group(name);
        if (g == null || !session.sysadmin) {
            throw TsqlException.statement(15151, "drop", "availability group", name);
        }
        if (g.distributed) {
            replication().dropped(g.name);
        }
        hadr().remove(g);
        changed();
    }
}
