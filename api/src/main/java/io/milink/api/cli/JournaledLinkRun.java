package io.milink.api.cli;

import java.nio.file.Path;
import java.util.Collection;

import io.milink.api.service.ServiceConfig;
import io.milink.core.spec.LinkSpec;
import io.milink.journal.Journal;
import io.milink.journal.JournalLinkRuns;
import io.milink.journal.JournalUnavailableException;
import io.milink.journal.LinkRun;
import io.milink.journal.LinkRunBusyException;
import io.milink.linkmanager.RunTarget;

/**
 * A link command's run, journaled in the data directory (the one {@code milink serve} uses): opens the journal, takes
 * the lease on the spec's SQL Server and instance, and releases both when closed. Refuses, with what to do, when the
 * journal or the lease is held by another run.
 */
final class JournaledLinkRun implements AutoCloseable {

    private final Journal journal;
    private final LinkRun run;

    private JournaledLinkRun(Journal journal, LinkRun run) {
        this.journal = journal;
        this.run = run;
    }

    /** @param dataDir the --data-dir option, or null for the default ($MILINK_DATA_DIR, else ~/.milink) */
    static JournaledLinkRun begin(Path dataDir, LinkSpec spec, String kind, Collection<String> waivers) {
        Path directory = dataDir != null ? dataDir : ServiceConfig.defaultDataDirectory();
        Journal journal;
        try {
            journal = Journal.open(directory);
        } catch (JournalUnavailableException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "nothing was changed: " + e.getMessage(), e);
        }
        try {
            return new JournaledLinkRun(journal, new JournalLinkRuns(journal).begin(RunTarget.of(spec), kind, waivers));
        } catch (LinkRunBusyException e) {
            journal.close();
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "nothing was changed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    LinkRun run() {
        return run;
    }

    @Override
    public void close() {
        try {
            run.close();
        } finally {
            journal.close();
        }
    }
}
