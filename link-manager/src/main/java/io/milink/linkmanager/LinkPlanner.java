package io.milink.linkmanager;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.milink.certs.AzureRootBundle;
import io.milink.certs.AzureRootCa;
import io.milink.certs.CertificateTsql;
import io.milink.core.Tsql;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.azure.LinkRequests;

/**
 * Compares what both sides have ({@link SqlServerObservation}, {@link InstanceObservation}) with what the link
 * needs ({@link DesiredLink}) and lists, in the order the documentation creates them (Doc, "Configure a link with
 * scripts", mi-link-workflow.md §3), each object with what must happen to it. Pure: no I/O, so a plan is the same
 * however often it is made from the same observations.
 */
public final class LinkPlanner {

    private static final AzureRootBundle ROOTS = AzureRootBundle.load();

    private LinkPlanner() {
    }

    public static LinkPlan plan(DesiredLink desired, SqlServerObservation sql, InstanceObservation mi) {
        List<PlannedStep> steps = new ArrayList<>();
        steps.add(hadr(sql));
        steps.add(masterKey(desired, sql));
        CertificateHandOff certificate = new CertificateHandOff();
        steps.add(linkCertificate(desired, sql, certificate));
        steps.add(trustCertificate(desired, sql, mi, certificate));
        steps.add(instanceCertificate(sql, mi));
        for (AzureRootCa root : ROOTS.roots()) {
            steps.add(root(root, sql));
        }
        steps.add(endpoint(desired, sql));
        for (DesiredLink.DatabaseLink db : desired.databases()) {
            steps.add(availabilityGroup(desired, db, sql));
            steps.add(distributedGroup(desired, db, sql, mi));
            steps.add(instanceLink(desired, db, mi));
        }
        return new LinkPlan(steps);
    }

    /**
     * Always On availability groups (mi-link-workflow.md §1.6): without them SQL Server creates no availability group,
     * and turning them on restarts the service, which milink does not do on its own.
     */
    private static PlannedStep hadr(SqlServerObservation sql) {
        String id = "sql.hadr";
        String title = "Always On availability groups enabled on SQL Server";
        if (sql.hadrEnabled()) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "enabled");
        }
        String server = sql.serverName() == null ? "<server\\instance>" : sql.serverName().replace("'", "''");
        return PlannedStep.blocked(id, Side.SQL_SERVER, title, "disabled (SERVERPROPERTY('IsHadrEnabled') = 0)",
                "Always On availability groups are disabled, so SQL Server can create no availability group for the"
                        + " link. Enable them, which restarts the SQL Server service (plan the moment): on Windows in"
                        + " SQL Server Configuration Manager (the service's Properties, Always On Availability Groups"
                        + " tab) or with Enable-SqlAlwaysOn -ServerInstance '" + server + "' -Force (SqlServer"
                        + " PowerShell module); on Linux with 'sudo /opt/mssql/bin/mssql-conf set hadr.hadrenabled 1'"
                        + " and 'sudo systemctl restart mssql-server'. SQL Server 2016 must first be a node of a"
                        + " (single-node) failover cluster. 'milink preflight' (check sql.hadr) prints the exact"
                        + " commands for this server. Then run this again.");
    }

    private static PlannedStep masterKey(DesiredLink desired, SqlServerObservation sql) {
        String id = "sql.masterKey";
        String title = "database master key in master";
        if (sql.masterKey()) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "exists");
        }
        if (desired.masterKeyPassword() == null) {
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, "missing", "SQL Server has no database master key,"
                    + " which protects the link certificate's private key. Create it (CREATE MASTER KEY ENCRYPTION BY"
                    + " PASSWORD = '…' in master and keep the password safe), or name where milink reads its password:"
                    + " link.masterKeyPasswordEnv or link.masterKeyPasswordFile in the spec.");
        }
        return new PlannedStep(id, Side.SQL_SERVER, title, "missing", Change.CREATE, null,
                new CreateMasterKey(desired.masterKeyPassword()));
    }

    private static PlannedStep linkCertificate(DesiredLink desired, SqlServerObservation sql,
                                               CertificateHandOff handOff) {
        String id = "sql.certificate";
        String title = "link certificate [" + desired.certificateName() + "]";
        Optional<SqlServerObservation.Certificate> c = sql.certificate(desired.certificateName());
        if (c.isEmpty()) {
            return new PlannedStep(id, Side.SQL_SERVER, title, "missing", Change.CREATE, null,
                    new CreateLinkCertificate(desired.certificateName(), desired.certificateExpiry(), handOff));
        }
        if (!"MK".equalsIgnoreCase(c.get().privateKeyEncryption())) {
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, "exists, private key " + c.get().privateKeyEncryption(),
                    "A certificate of that name exists but its private key is not protected by the master key, so the"
                            + " endpoint would refuse it (error 28055). Name another certificate in names.certificate.");
        }
        return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "exists, thumbprint " + c.get().thumbprintHex());
    }

    private static PlannedStep trustCertificate(DesiredLink desired, SqlServerObservation sql, InstanceObservation mi,
                                                CertificateHandOff handOff) {
        String id = "arm.trustCertificate";
        String title = "SQL Server's certificate trusted by the instance (serverTrustCertificates/"
                + desired.certificateName() + ")";
        Optional<SqlServerObservation.Certificate> c = sql.certificate(desired.certificateName());
        UploadTrustCertificate upload = new UploadTrustCertificate(desired.certificateName(), mi.ref().resourceGroup(),
                mi.name(), handOff);
        if (c.isEmpty()) {
            return new PlannedStep(id, Side.MANAGED_INSTANCE, title, "not uploaded (the certificate is created first)",
                    Change.CREATE, null, upload);
        }
        var uploaded = mi.trustCertificateByThumbprint(c.get().thumbprintHex());
        if (uploaded.isPresent()) {
            return PlannedStep.unchanged(id, Side.MANAGED_INSTANCE, title, "uploaded as " + uploaded.get().name());
        }
        if (mi.trustCertificates().stream().anyMatch(t -> t.name().equalsIgnoreCase(desired.certificateName()))) {
            return PlannedStep.blocked(id, Side.MANAGED_INSTANCE, title, "another certificate has that name",
                    "The instance has a trust certificate named " + desired.certificateName() + " that is not SQL"
                            + " Server's current one (ARM refuses a second under that name: CertificateAlreadyExists)."
                            + " Delete it (az sql mi partner-cert delete) or name another certificate.");
        }
        return new PlannedStep(id, Side.MANAGED_INSTANCE, title, "not uploaded", Change.CREATE, null, upload);
    }

    private static PlannedStep instanceCertificate(SqlServerObservation sql, InstanceObservation mi) {
        String id = "sql.instanceCertificate";
        String title = "the instance's endpoint certificate imported as [" + mi.fqdn() + "]";
        String thumbprint = mi.endpointCertificate().thumbprint().hex();
        Optional<SqlServerObservation.Certificate> c = sql.certificate(mi.fqdn());
        if (c.isPresent() && c.get().thumbprintHex().equalsIgnoreCase(thumbprint)) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "imported, thumbprint " + thumbprint);
        }
        return new PlannedStep(id, Side.SQL_SERVER, title, c.isPresent() ? "a stale copy (Azure rotated it)" : "missing",
                c.isPresent() ? Change.UPDATE : Change.CREATE, null,
                new TsqlBatch(CertificateTsql.refreshManagedInstanceCertificate(mi.fqdn(), mi.endpointCertificate())));
    }

    private static PlannedStep root(AzureRootCa root, SqlServerObservation sql) {
        String id = "sql.rootCa[" + root.id() + "]";
        String title = "Azure root " + root.sqlServerName() + " registered for " + CertificateTsql.AZURE_DNS_PATTERN;
        Optional<SqlServerObservation.Certificate> c = sql.certificateByThumbprint(root.thumbprint().hex());
        if (c.isEmpty()) {
            return new PlannedStep(id, Side.SQL_SERVER, title, "missing", Change.CREATE, null,
                    new TsqlBatch(CertificateTsql.importRootCa(root)));
        }
        if (sql.registrations() == null) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "imported as " + c.get().name()
                    + " (this build cannot list issuer registrations)");
        }
        boolean registered = sql.registrations().stream().anyMatch(r -> r.certificateName().equalsIgnoreCase(
                c.get().name()) && r.dnsName().equalsIgnoreCase(CertificateTsql.AZURE_DNS_PATTERN));
        if (registered) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "imported as " + c.get().name() + ", registered");
        }
        return new PlannedStep(id, Side.SQL_SERVER, title, "imported as " + c.get().name() + ", not registered",
                Change.UPDATE, null, new TsqlBatch(CertificateTsql.importRootCa(root)));
    }

    /**
     * The mirroring endpoint (Doc §3.7): created when there is none; otherwise altered to authenticate with the link
     * certificate and encrypt with AES, keeping its Windows authentication and other algorithms for the availability
     * groups already on it.
     */
    private static PlannedStep endpoint(DesiredLink desired, SqlServerObservation sql) {
        String id = "sql.endpoint";
        SqlServerObservation.Endpoint e = sql.endpoint();
        if (e == null) {
            return new PlannedStep(id, Side.SQL_SERVER, "database mirroring endpoint [" + desired.endpointName() + "]",
                    "missing", Change.CREATE, null, new TsqlBatch("USE [master];\nCREATE ENDPOINT "
                    + Tsql.quoteName(desired.endpointName()) + " STATE = STARTED AS TCP (LISTENER_PORT = "
                    + desired.endpointPort() + ", LISTENER_IP = ALL)\n    FOR DATABASE_MIRRORING (ROLE = ALL, "
                    + "AUTHENTICATION = CERTIFICATE " + Tsql.quoteName(desired.certificateName())
                    + ", ENCRYPTION = REQUIRED ALGORITHM AES);"));
        }
        String title = "database mirroring endpoint [" + e.name() + "]";
        String observed = e.state() + ", port " + e.port() + ", " + e.connectionAuth()
                + (e.certificateName() == null ? "" : " [" + e.certificateName() + "]") + ", encryption "
                + (e.encryptionEnabled() ? e.encryptionAlgorithm() : "off");
        if (e.port() != desired.endpointPort()) {
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, observed, "The endpoint listens on port " + e.port()
                    + ", not " + desired.endpointPort() + "; other availability groups may use it. Set "
                    + "names.endpointPort: " + e.port() + " in the spec (and open that port), or move the endpoint.");
        }
        if (e.certificateName() != null && !e.certificateName().equalsIgnoreCase(desired.certificateName())) {
            // ALTER ENDPOINT takes one certificate: switching it cuts off every partner that authenticates with the
            // current one (another link, an availability group replica on another server).
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, observed, "The endpoint already authenticates with"
                    + " certificate [" + e.certificateName() + "], not the link's [" + desired.certificateName()
                    + "]; an endpoint has one certificate, and switching it would break the links and availability"
                    + " group replicas that connect with [" + e.certificateName() + "]. Link with that certificate:"
                    + " set names.certificate: " + e.certificateName() + " in the spec (its private key must be"
                    + " protected by the master key; milink uploads it to the instance). Or, once nothing connects"
                    + " with [" + e.certificateName() + "] any more, switch the endpoint to ["
                    + desired.certificateName() + "] yourself and run this again.");
        }
        if (e.readyFor(desired.certificateName(), desired.endpointPort())) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, observed);
        }
        String auth = e.connectionAuth().toUpperCase(Locale.ROOT);
        String windows = auth.contains("KERBEROS") ? "WINDOWS KERBEROS " : auth.contains("NTLM") ? "WINDOWS NTLM "
                : auth.contains("NEGOTIATE") ? "WINDOWS NEGOTIATE " : "";
        String algorithm = e.encryptionAlgorithm().toUpperCase(Locale.ROOT).replace("NONE", "").trim();
        algorithm = algorithm.contains("AES") ? algorithm : algorithm.isEmpty() ? "AES" : "AES " + algorithm;
        return new PlannedStep(id, Side.SQL_SERVER, title, observed, Change.UPDATE, null, new TsqlBatch(
                "USE [master];\nALTER ENDPOINT " + Tsql.quoteName(e.name()) + " STATE = STARTED\n"
                        + "    FOR DATABASE_MIRRORING (AUTHENTICATION = " + windows + "CERTIFICATE "
                        + Tsql.quoteName(desired.certificateName()) + ", ENCRYPTION = REQUIRED ALGORITHM " + algorithm
                        + ");"));
    }

    private static PlannedStep availabilityGroup(DesiredLink desired, DesiredLink.DatabaseLink db,
                                                 SqlServerObservation sql) {
        String id = "sql.availabilityGroup[" + db.database() + "]";
        String title = "availability group [" + db.availabilityGroup() + "] holding [" + db.database() + "]";
        Optional<SqlServerObservation.Group> group = sql.group(db.availabilityGroup());
        Optional<SqlServerObservation.Group> holding = sql.groups().stream().filter(g -> !g.distributed()
                && g.databases().stream().anyMatch(db.database()::equalsIgnoreCase)).findFirst();
        if (group.isPresent() && group.get().databases().stream().anyMatch(db.database()::equalsIgnoreCase)) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "exists");
        }
        if (holding.isPresent()) {
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, "the database is in [" + holding.get().name() + "]",
                    "A database is in one availability group at most. Link it through that group: set "
                            + "names.availabilityGroup: " + holding.get().name() + " in the spec.");
        }
        if (group.isPresent()) {
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, "exists without the database",
                    "An availability group of that name exists without [" + db.database() + "]; a link's group holds"
                            + " its one database. Name another group in names.availabilityGroup.");
        }
        String clusterType = sql.majorVersion() <= 13 ? "" : "    WITH (CLUSTER_TYPE = NONE)\n";
        return new PlannedStep(id, Side.SQL_SERVER, title, "missing", Change.CREATE, null, new TsqlBatch(
                "USE [master];\nCREATE AVAILABILITY GROUP " + Tsql.quoteName(db.availabilityGroup()) + "\n" + clusterType
                        + "    FOR DATABASE " + Tsql.quoteName(db.database()) + "\n    REPLICA ON "
                        + Tsql.literal(sql.serverName()) + " WITH (ENDPOINT_URL = " + Tsql.literal(desired.endpointUrl())
                        + ", FAILOVER_MODE = MANUAL, AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, SEEDING_MODE = AUTOMATIC);"));
    }

    /** The DAG as the docs write it (§3.9): SQL Server's AG, and the instance's with the special listener URL. */
    private static PlannedStep distributedGroup(DesiredLink desired, DesiredLink.DatabaseLink db,
                                                SqlServerObservation sql, InstanceObservation mi) {
        String id = "sql.distributedAvailabilityGroup[" + db.database() + "]";
        String title = "distributed availability group [" + db.distributedAvailabilityGroup() + "]";
        String listener = "tcp://" + mi.fqdn() + ":5022;Server=[" + mi.name() + "]";
        Optional<SqlServerObservation.Group> dag = sql.group(db.distributedAvailabilityGroup());
        if (dag.isPresent()) {
            boolean members = dag.get().distributed()
                    && dag.get().replicas().stream().anyMatch(r -> r.name().equalsIgnoreCase(db.availabilityGroup()))
                    && dag.get().replicas().stream().anyMatch(r -> r.name().equalsIgnoreCase(
                            db.instanceAvailabilityGroup()) && listener.equalsIgnoreCase(r.endpointUrl()));
            if (members) {
                Optional<DistributedAvailabilityGroup.LinkDatabase> failed = failedCreation(db, mi);
                if (failed.isPresent()) {
                    // Dropped and made again before the instance's link is: however a run stops between the steps,
                    // the next one finds a group newer than the link it creates, never the failed link's.
                    String dropAndCreate = "USE [master];\nIF EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = "
                            + Tsql.literal(db.distributedAvailabilityGroup()) + ")\n    DROP AVAILABILITY GROUP "
                            + Tsql.quoteName(db.distributedAvailabilityGroup()) + ";\n"
                            + createDistributedGroup(desired, db, listener);
                    return new PlannedStep(id, Side.SQL_SERVER, title, "exists; the instance's link failed ("
                            + describeFailure(failed.get()) + ")", Change.REPLACE, null, new TsqlBatch(dropAndCreate));
                }
                return distributedGroupModes(desired, id, title, dag.get());
            }
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, "exists with other members",
                    "A group of that name exists but does not join [" + db.availabilityGroup() + "] with ["
                            + db.instanceAvailabilityGroup() + "] at " + listener + ". milink does not change a"
                            + " group another tool made: name another in names.distributedAvailabilityGroup.");
        }
        return new PlannedStep(id, Side.SQL_SERVER, title, "missing", Change.CREATE, null, new TsqlBatch(
                "USE [master];\n" + createDistributedGroup(desired, db, listener)));
    }

    private static String createDistributedGroup(DesiredLink desired, DesiredLink.DatabaseLink db, String listener) {
        String mode = desired.synchronousCommit() ? "SYNCHRONOUS_COMMIT" : "ASYNCHRONOUS_COMMIT";
        return "CREATE AVAILABILITY GROUP " + Tsql.quoteName(db.distributedAvailabilityGroup())
                + "\n    WITH (DISTRIBUTED)\n    AVAILABILITY GROUP ON\n        "
                + Tsql.literal(db.availabilityGroup()) + " WITH (LISTENER_URL = "
                + Tsql.literal(desired.endpointUrl()) + ", AVAILABILITY_MODE = " + mode
                + ", FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC, SESSION_TIMEOUT = 20),\n        "
                + Tsql.literal(db.instanceAvailabilityGroup()) + " WITH (LISTENER_URL = "
                + Tsql.literal(listener) + ", AVAILABILITY_MODE = " + mode
                + ", FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC);";
    }

    /**
     * SQL Server's side of the replication mode: both members of the distributed group in the desired availability
     * mode, changed with MODIFY AVAILABILITY GROUP ON as the failover page does it (mi-link-workflow.md §5.2), naming
     * the members as the group has them.
     */
    private static PlannedStep distributedGroupModes(DesiredLink desired, String id, String title,
                                                     SqlServerObservation.Group dag) {
        String mode = desired.synchronousCommit() ? "SYNCHRONOUS_COMMIT" : "ASYNCHRONOUS_COMMIT";
        String observed = "exists, " + dag.replicas().stream().map(r -> r.name() + " " + r.availabilityMode())
                .collect(java.util.stream.Collectors.joining(", "));
        if (dag.replicas().stream().allMatch(r -> mode.equalsIgnoreCase(r.availabilityMode()))) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "exists");
        }
        StringBuilder alter = new StringBuilder("USE [master];\nALTER AVAILABILITY GROUP ")
                .append(Tsql.quoteName(dag.name())).append(" MODIFY AVAILABILITY GROUP ON");
        for (int i = 0; i < dag.replicas().size(); i++) {
            alter.append(i == 0 ? "\n    " : ",\n    ").append(Tsql.literal(dag.replicas().get(i).name()))
                    .append(" WITH (AVAILABILITY_MODE = ").append(mode).append(')');
        }
        return new PlannedStep(id, Side.SQL_SERVER, title, observed, Change.UPDATE, null,
                new TsqlBatch(alter.append(';').toString()));
    }

    private static PlannedStep instanceLink(DesiredLink desired, DesiredLink.DatabaseLink db, InstanceObservation mi) {
        String id = "arm.link[" + db.database() + "]";
        String title = "link " + db.distributedAvailabilityGroup() + " on the instance (distributedAvailabilityGroups)";
        Optional<DistributedAvailabilityGroup> link = mi.link(db.distributedAvailabilityGroup());
        if (link.isPresent()) {
            boolean same = db.availabilityGroup().equalsIgnoreCase(link.get().partnerAvailabilityGroupName())
                    && db.instanceAvailabilityGroup().equalsIgnoreCase(link.get().instanceAvailabilityGroupName());
            String observed = "exists" + (link.get().databases().isEmpty() ? ""
                    : ", " + link.get().databases().get(0).replicaState());
            if (!same) {
                return PlannedStep.blocked(id, Side.MANAGED_INSTANCE, title, "exists for other groups",
                        "The instance has a link of that name for [" + link.get().partnerAvailabilityGroupName()
                                + "] and [" + link.get().instanceAvailabilityGroupName() + "]; name another"
                                + " distributed group.");
            }
            Optional<DistributedAvailabilityGroup.LinkDatabase> failed = failedCreation(db, mi);
            if (failed.isPresent()) {
                return replaceFailedLink(desired, db, mi, id, title, failed.get());
            }
            LinkRequests.ReplicationMode mode = replicationMode(desired);
            String current = link.get().replicationMode();
            if (current == null || current.equalsIgnoreCase(mode.wire())) {
                // A link that reports no mode cannot be compared; changing it on every run would never settle.
                return PlannedStep.unchanged(id, Side.MANAGED_INSTANCE, title, observed);
            }
            return new PlannedStep(id, Side.MANAGED_INSTANCE, title, "exists, replication mode " + current,
                    Change.UPDATE, null, new ChangeReplicationMode(db.distributedAvailabilityGroup(), mode,
                    mi.ref().resourceGroup(), mi.name()));
        }
        if (mi.databases().stream().anyMatch(db.database()::equalsIgnoreCase)) {
            return PlannedStep.blocked(id, Side.MANAGED_INSTANCE, title, "missing",
                    "The instance already has a database named " + db.database() + " (ARM refuses the link:"
                            + " ManagedDatabaseNameInUse). Drop or rename it there first.");
        }
        return new PlannedStep(id, Side.MANAGED_INSTANCE, title, "missing", Change.CREATE, null,
                createInstanceLink(desired, db, mi));
    }

    private static CreateInstanceLink createInstanceLink(DesiredLink desired, DesiredLink.DatabaseLink db,
                                                         InstanceObservation mi) {
        LinkRequests.LinkCreation creation = new LinkRequests.LinkCreation(db.instanceAvailabilityGroup(),
                db.availabilityGroup(), desired.endpointUrl(), List.of(db.database()), LinkRequests.LinkRole.SECONDARY,
                desired.failoverModeManual() ? LinkRequests.FailoverMode.MANUAL : LinkRequests.FailoverMode.NONE,
                replicationMode(desired));
        return new CreateInstanceLink(db.distributedAvailabilityGroup(), creation, mi.ref().resourceGroup(), mi.name());
    }

    /**
     * A link whose creation or seeding failed is dropped and created again, as the documentation fixes it
     * (mi-link-workflow.md §7.4). Only while the instance has no database of that name: the failed link never made
     * one, so nothing on the instance is lost; a database there is something milink did not expect, and it is left
     * to a person.
     */
    private static PlannedStep replaceFailedLink(DesiredLink desired, DesiredLink.DatabaseLink db,
                                                 InstanceObservation mi, String id, String title,
                                                 DistributedAvailabilityGroup.LinkDatabase failed) {
        String observed = "exists, failed (" + describeFailure(failed) + ")";
        if (mi.databases().stream().anyMatch(db.database()::equalsIgnoreCase)) {
            return PlannedStep.blocked(id, Side.MANAGED_INSTANCE, title, observed, "The link failed, but the instance"
                    + " has a database named " + db.database() + ", so milink does not drop and recreate the link"
                    + " (that is how a failed seeding is fixed, and it would reseed over that database). Look at the"
                    + " database on the instance; if it is not needed, remove the link with 'milink link delete' and"
                    + " the database on the instance, then run create again.");
        }
        return new PlannedStep(id, Side.MANAGED_INSTANCE, title, observed, Change.REPLACE, null,
                new ReplaceInstanceLink(new DeleteInstanceLink(db.distributedAvailabilityGroup(),
                        mi.ref().resourceGroup(), mi.name()), createInstanceLink(desired, db, mi), failed));
    }

    /**
     * The database of the instance's link for {@code db} whose creation or seeding failed, or empty: one in
     * {@code LinkInitError} or {@code LinkCreationError}, the states of a failed creation or seeding
     * (mi-link-workflow.md §4.3, §7.1; "Error" in any other state is about a later operation, such as a failover, on
     * a link that replicated, and is never a reason to reseed).
     */
    static Optional<DistributedAvailabilityGroup.LinkDatabase> failedCreation(DesiredLink.DatabaseLink db,
                                                                              InstanceObservation mi) {
        Optional<DistributedAvailabilityGroup> link = mi.link(db.distributedAvailabilityGroup());
        if (link.isEmpty() || !db.availabilityGroup().equalsIgnoreCase(link.get().partnerAvailabilityGroupName())
                || !db.instanceAvailabilityGroup().equalsIgnoreCase(link.get().instanceAvailabilityGroupName())) {
            return Optional.empty();
        }
        return link.get().databases().stream().filter(LinkPlanner::creationFailed).findFirst();
    }

    /** Whether the instance reports that the link of this database failed to be created or seeded. */
    public static boolean creationFailed(DistributedAvailabilityGroup.LinkDatabase database) {
        String state = database.replicaState() == null ? "" : database.replicaState().trim();
        return state.equalsIgnoreCase("LinkInitError") || state.equalsIgnoreCase("LinkCreationError");
    }

    /** "LinkCreationError: the instance's most recent link error", of a database {@link #creationFailed}. */
    public static String describeFailure(DistributedAvailabilityGroup.LinkDatabase database) {
        String error = database.mostRecentLinkError();
        return database.replicaState().trim() + (error == null || error.isBlank() ? "" : ": " + error.trim());
    }

    private static LinkRequests.ReplicationMode replicationMode(DesiredLink desired) {
        return desired.synchronousCommit() ? LinkRequests.ReplicationMode.SYNC : LinkRequests.ReplicationMode.ASYNC;
    }
}
