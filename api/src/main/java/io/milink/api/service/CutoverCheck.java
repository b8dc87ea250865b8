package io.milink.api.service;

import io.milink.core.spec.LinkSpec;
import io.milink.linkmanager.DesiredLinks;
import io.milink.linkmanager.FailoverGates;
import io.milink.linkmanager.FirstFullBackupGuard;
import io.milink.linkmanager.LinkBlockedException;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.MigrationCutover;
import io.milink.linkmanager.PlannedFailover;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /v1/links/{name}/cutover/check}: what a cutover would do now ({@link MigrationCutover}'s
 * preview) and what would stop it ({@code blockedBy}: a database that does not replicate, the instance's first full
 * backup) or make it wait ({@code gates}: the failover's gates it reaches by itself, synchronous commit, SYNCHRONIZED,
 * LSN parity). The failover's gates count while a failover or the removal at parity is still ahead (not once the
 * instance is the primary); the instance's first full backup counts where it can be judged before
 * the cutover runs: without the instance's SQL endpoint it never can be, and on the removal at parity any full backup
 * of the database will do. After a failover the backup must be one taken after it, which only the cutover sees.
 * Blocking: reads both sides.
 */
final class CutoverCheck {

    /** Not used by a preview, which neither waits nor fails over; the record wants them. */
    private static final MigrationCutover.Options PREVIEW = new MigrationCutover.Options(new PlannedFailover.Options(
            Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(2), null), Duration.ZERO,
            Duration.ofMinutes(1), false);
    private static final String BACKUP_GATE = "first full backup";

    private CutoverCheck() {
    }

    static JsonObject of(LinkSession session, LinkSpec spec, LinkStatus status) throws Exception {
        JsonArray blocked = new JsonArray();
        MigrationCutover.Preview preview;
        try {
            preview = new MigrationCutover(new LinkStatusReader(Clock.systemUTC()), PlannedFailover.Waiter.system())
                    .preview(session, spec.linkNames(), DesiredLinks.from(spec), PREVIEW);
        } catch (PlannedFailover.RefusedException | LinkBlockedException e) {
            return new JsonObject().put("ready", false).put("steps", new JsonArray()).put("blockedBy", blocked)
                    .put("gates", new JsonArray()).put("refused", e.getMessage());
        }
        boolean instancePrimary = !status.databases().isEmpty() && status.databases().stream()
                .allMatch(d -> "PRIMARY".equals(d.managedInstanceRole()));
        boolean gatesAhead = preview.path() == MigrationCutover.Path.REMOVE_AT_PARITY
                || preview.path() == MigrationCutover.Path.FAILOVER_THEN_REMOVE && !instancePrimary;
        JsonArray waitsFor = new JsonArray();
        if (gatesAhead) {
            // The cutover switches to synchronous commit and waits for SYNCHRONIZED and parity itself: those gates
            // are what it will wait for. A database that does not replicate is one it cannot get past.
            FailoverGates.blockers(status).forEach(b -> (b.gate() == FailoverGates.Gate.REPLICATING ? blocked
                    : waitsFor).add(new JsonObject().put("database", b.database()).put("gate", b.gate().label())
                    .put("why", b.why())));
        }
        if (preview.path() != MigrationCutover.Path.FINISH_REMOVAL && (session.instanceSql() == null
                || preview.path() == MigrationCutover.Path.REMOVE_AT_PARITY)) {
            Map<String, FirstFullBackupGuard.Need> needs = new LinkedHashMap<>();
            spec.databases().forEach(db -> needs.put(db, FirstFullBackupGuard.Need.ANY_FULL_BACKUP));
            FirstFullBackupGuard.notConfirmed(FirstFullBackupGuard.evaluate(session.instanceSql(), needs, null))
                    .forEach(v -> blocked.add(new JsonObject().put("database", v.database()).put("gate", BACKUP_GATE)
                            .put("why", v.evidence())));
        }
        return new JsonObject().put("ready", blocked.isEmpty()).put("path", preview.path().name())
                .put("steps", new JsonArray(preview.steps())).put("blockedBy", blocked).put("gates", waitsFor);
    }
}
