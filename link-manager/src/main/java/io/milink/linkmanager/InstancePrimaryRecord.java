package io.milink.linkmanager;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import io.milink.journal.LinkRun;

/**
 * When a failover made the managed instance the link's primary, kept as a journal step of its own, so that a later
 * run (a cutover run again, a {@code link delete}) knows which of the instance's backups came after it. The instant
 * is the clock of the run that saw the roles swapped, taken after it verified them: a backup that finished later
 * certainly came after the failover.
 */
public final class InstancePrimaryRecord {

    /** The journal step id. */
    public static final String STEP = "instance-primary";

    private static final String AT = " at ";

    private InstancePrimaryRecord() {
    }

    /** Records it in {@code run} as a finished step. */
    public static void record(LinkRun run, List<String> databases, Instant at) {
        run.stepStarted(STEP, "FAILOVER", "the managed instance became the primary of " + String.join(", ", databases)
                + AT + at);
        run.stepFinished(STEP);
    }

    /** The last such instant this target's journal holds; empty when milink never recorded one. */
    public static Optional<Instant> last(LinkRun run) {
        return run.lastFinishedShown(STEP).flatMap(InstancePrimaryRecord::parse);
    }

    /** The same, read without a run (a dry run takes no lease): from the journal's runs on {@code target}. */
    public static Optional<Instant> last(io.milink.journal.JournalLinkRuns runs, String target) {
        return runs.lastFinishedShown(target, STEP).flatMap(InstancePrimaryRecord::parse);
    }

    static Optional<Instant> parse(String shown) {
        int at = shown.lastIndexOf(AT);
        if (at < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(shown.substring(at + AT.length()).trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
