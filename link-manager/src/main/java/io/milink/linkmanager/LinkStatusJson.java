package io.milink.linkmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.milink.linkmanager.LinkStatus.DatabaseStatus;

/**
 * {@code milink link status --output json} (docs/monitoring.md, "JSON"):
 *
 * <pre>
 * {link: {sqlServer, managedInstance, observedAt, healthy},
 *  databases: [{name, distributedAvailabilityGroup, phase, healthy, synchronizationState, synchronizationHealth,
 *               sqlServerRole, managedInstanceRole, replicationMode: {sqlServer, managedInstance}, replicaState,
 *               seedingPercent, seeding?: {transferredBytes, databaseSizeBytes, bytesPerSecond, etaSeconds},
 *               logSendQueueKb, redoQueueKb, lagSeconds, lastHardenedLsn: {sqlServer, managedInstance},
 *               lastCommitTime, log: {usedPercent, reuseWait}, seedingStartedAt, lastLogBackupAt,
 *               certificates: [{role, name, expiresAt}], reasons: [], ready, notReadyBecause: []}],
 *  ready}
 * </pre>
 * Absent values are JSON nulls, not missing fields, so a reader finds every field.
 */
public final class LinkStatusJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LinkStatusJson() {
    }

    public static ObjectNode toJson(LinkStatus status) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode link = root.putObject("link");
        link.put("sqlServer", status.sqlServer());
        link.put("managedInstance", status.managedInstance());
        link.put("observedAt", status.observedAt().toString());
        link.put("healthy", status.healthy());
        var databases = root.putArray("databases");
        for (DatabaseStatus d : status.databases()) {
            ObjectNode db = databases.addObject();
            db.put("name", d.name());
            db.put("distributedAvailabilityGroup", d.link());
            db.put("phase", d.phase().label());
            db.put("healthy", d.healthy());
            db.put("synchronizationState", d.synchronizationState());
            db.put("synchronizationHealth", d.synchronizationHealth());
            db.put("sqlServerRole", d.sqlServerRole());
            db.put("managedInstanceRole", d.managedInstanceRole());
            ObjectNode mode = db.putObject("replicationMode");
            mode.put("sqlServer", d.replicationMode().sqlServer());
            mode.put("managedInstance", d.replicationMode().managedInstance());
            db.put("replicaState", d.replicaState());
            db.put("seedingPercent", d.seedingPercent());
            if (d.seeding() == null) {
                db.putNull("seeding");
            } else {
                ObjectNode s = db.putObject("seeding");
                s.put("transferredBytes", d.seeding().transferredBytes());
                s.put("databaseSizeBytes", d.seeding().databaseSizeBytes());
                s.put("bytesPerSecond", d.seeding().bytesPerSecond());
                s.put("etaSeconds", d.seeding().etaSeconds());
            }
            db.put("logSendQueueKb", d.logSendQueueKb());
            db.put("redoQueueKb", d.redoQueueKb());
            db.put("lagSeconds", d.lagSeconds());
            ObjectNode lsn = db.putObject("lastHardenedLsn");
            lsn.put("sqlServer", d.lastHardenedLsn().sqlServer());
            lsn.put("managedInstance", d.lastHardenedLsn().managedInstance());
            db.put("lastCommitTime", d.lastCommitTime() == null ? null : d.lastCommitTime().toString());
            ObjectNode log = db.putObject("log");
            log.put("usedPercent", d.signals().logUsedPercent());
            log.put("reuseWait", d.signals().logReuseWait());
            db.put("seedingStartedAt", text(d.signals().seedingStartedAt()));
            db.put("lastLogBackupAt", text(d.signals().lastLogBackupAt()));
            var certificates = db.putArray("certificates");
            for (LinkStatus.CertificateValidity c : d.signals().certificates()) {
                ObjectNode cert = certificates.addObject();
                cert.put("role", c.role().id());
                cert.put("name", c.name());
                cert.put("expiresAt", c.expiry().toString());
            }
            var reasons = db.putArray("reasons");
            d.reasons().forEach(reasons::add);
            db.put("ready", d.readiness().ready());
            var blocked = db.putArray("notReadyBecause");
            d.readiness().blockedBy().forEach(blocked::add);
        }
        root.put("ready", status.ready());
        return root;
    }

    private static String text(java.time.Instant at) {
        return at == null ? null : at.toString();
    }

    /** Indented, for a person. */
    public static String render(LinkStatus status) {
        return render(status, true);
    }

    /** @param pretty false gives one line per status (JSON Lines), as {@code --watch} prints them */
    public static String render(LinkStatus status, boolean pretty) {
        try {
            return pretty ? JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(status))
                    : JSON.writeValueAsString(toJson(status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
