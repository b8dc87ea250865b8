package io.milink.api.cli;

import java.util.Collection;

import io.milink.core.spec.LinkSpec;
import io.milink.journal.Journal;
import io.milink.journal.JournalLinkRuns;
import io.milink.journal.JournalLocation;
import io.milink.journal.JournalUnavailableException;
import io.milink.journal.LinkRun;
import io.milink.journal.LinkRunBusyException;
import io.milink.linkmanager.InstancePrimaryRecord;
import io.milink.linkmanager.RunTarget;

/**
 * A link command's run, journaled in the data directory (the one {@code milink serve} uses): opens the journal, takes
 * the lease on the spec's managed instance, records how the run ended, and releases both when closed (as soon as the
 * objects are made: a seeding wait of hours holds neither). Refuses, with what to do, when the journal or the lease is
 * held by another run.
 */
final class JournaledLinkRun implements AutoCloseable {

    private final Journal journal;
    private final LinkRun run;
    private boolean closed;

    private JournaledLinkRun(Journal journal, LinkRun run) {
        this.journal = journal;
        this.run = run;
    }

    /** @param where the --data-dir or --journal options: the journal the service uses */
    static JournaledLinkRun begin(RunJournalOptions where, LinkSpec spec, String kind, Collection<String> waivers) {
        JournalLocation location = where.location(System.getenv());
        Journal journal;
        try {
            journal = Journal.open(location);
        } catch (JournalUnavailableException e) {
            if (location instanceof JournalLocation.PostgreSql) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "nothing was changed: " + e.getMessage(), e);
            }
            // Not "use another --data-dir": a journal elsewhere would not know this one's runs and their operations.
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "nothing was changed: another milink process (a link "
                    + "create or delete, or milink serve) has the journal in " + where.dataDirectory() + " open; "
                    + "wait for it to finish, then run this again.", e);
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

    /**
     * When the journal says the spec's instance became primary, read without taking the lease or creating a journal
     * (for a dry run). Empty when the data directory has no journal, or another process holds it open: the dry run
     * then judges as without a record, and says what is missing as the real run would.
     */
    static java.util.Optional<java.time.Instant> lastInstancePrimary(RunJournalOptions where, LinkSpec spec) {
        JournalLocation location = where.location(System.getenv());
        if (location instanceof JournalLocation.H2File file && !Journal.existsIn(file.directory())) {
            return java.util.Optional.empty();
        }
        try (Journal journal = Journal.open(location)) {
            return InstancePrimaryRecord.last(new JournalLinkRuns(journal), RunTarget.of(spec));
        } catch (JournalUnavailableException e) {
            return java.util.Optional.empty();
        }
    }

    LinkRun run() {
        return run;
    }

    /** The run did what it set out to do; nothing once closed (it was recorded then). */
    void succeeded() {
        if (!closed) {
            run.succeeded();
        }
    }

    /**
     * The run stopped on {@code failure}; a journal that cannot record it must not hide the failure itself, so its
     * error travels as a suppressed one.
     */
    void failed(Exception failure) {
        if (closed) {
            return;
        }
        try {
            run.failed(failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage());
        } catch (RuntimeException journalError) {
            failure.addSuppressed(journalError);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run.close();
        } finally {
            journal.close();
        }
    }
}
