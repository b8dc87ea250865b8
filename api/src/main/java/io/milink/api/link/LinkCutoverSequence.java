package io.milink.api.link;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.milink.core.azure.ArmCallException;
import io.milink.core.spec.LinkSpec;
import io.milink.journal.LinkRun;
import io.milink.linkmanager.DesiredLinks;
import io.milink.linkmanager.FirstFullBackupGuard;
import io.milink.linkmanager.LinkEngine;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.MigrationCutover;
import io.milink.linkmanager.PlannedFailover;

/**
 * A migration cutover as {@code milink link cutover} and {@code POST /v1/links/{name}/cutover} both run it: show what
 * it will do, have it confirmed that the application stopped writing, run {@link MigrationCutover} under the
 * journaled run, then say how it ended (cut over, or not yet because the instance's first full backup is not
 * confirmed) and, once the instance is the primary, the application repoint checklist. The caller opens the session
 * (with the instance's SQL endpoint attached, {@link InstanceSqlTarget}) and the run.
 */
public final class LinkCutoverSequence {

    /** What the person or the client watching sees: sentences, the failover's gates, each removal step. */
    public interface Narration {
        void say(String sentence);

        PlannedFailover.Progress gates();

        LinkEngine.Progress removal();
    }

    /**
     * Asked once the preview was told and before anything changes: has the application stopped writing? Throws
     * ({@link PlannedFailover.RefusedException}, saying nothing was changed) when it is not confirmed.
     */
    @FunctionalInterface
    public interface Confirmation {
        void confirm(MigrationCutover.Preview preview) throws Exception;
    }

    /**
     * How it ended.
     *
     * @param conclusion the closing sentence (cut over, or not yet and why), also said to the narration
     */
    public record Outcome(MigrationCutover.Result result, String conclusion) {
        public boolean cutOver() {
            return result.outcome() == MigrationCutover.Outcome.DONE;
        }

        /** Why the instance's first full backup is not confirmed, one line per database; empty once cut over. */
        public List<String> backupsNotConfirmed() {
            return FirstFullBackupGuard.notConfirmed(result.backups()).stream()
                    .map(FirstFullBackupGuard.Verdict::evidence).toList();
        }
    }

    private LinkCutoverSequence() {
    }

    /**
     * @param againHow how the caller runs the cutover again, for the "not yet" sentence ("Run milink link cutover
     *                 again later")
     */
    public static Outcome run(LinkSession session, LinkSpec spec, LinkRun run, MigrationCutover cutover,
                              MigrationCutover.Options options, Confirmation confirmation, String againHow,
                              Narration narration) throws Exception {
        var desire = DesiredLinks.from(spec);
        MigrationCutover.Preview preview = cutover.preview(session, spec.linkNames(), desire, options);
        narration.say("Migration cutover of " + String.join(", ", spec.databases()) + " from SQL Server "
                + spec.sqlServer().displayName() + " to the managed instance, one way: the link is removed at the "
                + "end. It will, in order:");
        preview.steps().forEach(s -> narration.say("  - " + s));
        if (preview.path() != MigrationCutover.Path.FINISH_REMOVAL) {
            narration.say("The application must have stopped writing to SQL Server.");
        }
        confirmation.confirm(preview);
        MigrationCutover.Result result = cutover.run(session, spec.linkNames(), desire, preview, run, options,
                new MigrationCutover.Progress(narration.gates(), narration.removal()));
        String conclusion = conclusion(spec, result, againHow);
        narration.say(conclusion);
        if (result.failedOverAt() != null || result.outcome() == MigrationCutover.Outcome.DONE) {
            repointChecklist(instanceHost(session, spec), result.path()).forEach(narration::say);
        }
        return new Outcome(result, conclusion);
    }

    private static String conclusion(LinkSpec spec, MigrationCutover.Result result, String againHow) {
        if (result.outcome() == MigrationCutover.Outcome.DONE) {
            return "Cut over: the link is removed; " + String.join(", ", spec.databases())
                    + (spec.databases().size() == 1 ? " is" : " are") + " read-write on the managed instance"
                    + (result.lsns().isEmpty() ? "" : "; hardened LSNs at parity: " + result.lsns().entrySet()
                    .stream().map(e -> e.getKey() + " " + e.getValue().sqlServer())
                    .collect(Collectors.joining(", "))) + ".";
        }
        return "Not yet: the link stays until the instance's first full backup of each database is confirmed"
                + (result.failedOverAt() != null ? " (the instance is the primary since " + result.failedOverAt()
                + "; replication to SQL Server goes on meanwhile)" : " (nothing was changed)") + ". " + againHow
                + "; it goes on from here.";
    }

    /**
     * What nothing does for you after the move (Microsoft Learn, "Migrate databases with the link" and "Fail over a
     * link"; mi-link-workflow.md §5.2 step 5, §5.7): the application's connection, and what lives outside the
     * database. The first line is blank, to set the checklist apart.
     */
    public static List<String> repointChecklist(String fqdn, MigrationCutover.Path path) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Application repoint checklist (Microsoft Learn, 'Migrate databases with the link' and 'Fail "
                + "over a link'):");
        lines.add("  1. Connection strings: point the applications at the managed instance, " + fqdn
                + " (port 1433 inside its virtual network); nothing repoints them for you.");
        lines.add("  2. Logins: create the server logins the applications use on the instance and map them to the "
                + "database users; logins are not replicated.");
        lines.add("  3. SQL Server Agent jobs, linked servers, credentials and other server-level objects: "
                + "recreate them on the instance.");
        lines.add("  4. Change data capture, transactional replication, Service Broker routes and log shipping: "
                + "set them up again on the instance.");
        lines.add("  5. " + (path == MigrationCutover.Path.REMOVE_AT_PARITY
                ? "SQL Server's copy of the database no longer replicates and stays read-write: keep every "
                + "application off it (there is no fail back from SQL Server 2016-2019)."
                : "Once the link is removed, SQL Server's copy no longer replicates: keep every application off it."));
        return lines;
    }

    /** The instance's host name: the spec's {@code fqdn}, else what Azure Resource Manager reports. */
    private static String instanceHost(LinkSession session, LinkSpec spec) {
        if (spec.managedInstance() != null && spec.managedInstance().fqdn() != null) {
            return spec.managedInstance().fqdn();
        }
        try {
            String fqdn = session.instance().instance().fqdn();
            return fqdn == null ? "the instance's host name" : fqdn;
        } catch (ArmCallException e) {
            return "the instance's host name";
        }
    }
}
