package io.milink.api.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.core.spec.LinkSpec;
import io.milink.journal.LinkRun;
import io.milink.linkmanager.DesiredLinks;
import io.milink.linkmanager.LinkEngine;
import io.milink.linkmanager.LinkPlanner;
import io.milink.linkmanager.LinkSession;
import io.milink.preflight.Preflight;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.Verdict;

/**
 * Making a link's objects, as {@code milink link create} and {@code POST /v1/links} both do: say which stopped run
 * this one continues, wait for the ARM operations it left in flight, plan, run preflight for the databases whose link
 * is still to create (any FAIL not waived refuses the run), then let the engine apply the plan under the journaled
 * run. The seeding wait comes after, outside the run's lease, and is the caller's.
 */
public final class LinkCreateSequence {

    /** What the person or the client watching sees, one sentence at a time, besides the engine's step progress. */
    public interface Narration {
        void say(String sentence);

        LinkEngine.Progress progress();
    }

    /** Collects the readiness facts of the databases still to link, the way the caller reaches SQL Server. */
    @FunctionalInterface
    public interface PreflightFacts {
        Facts collect(Preflight preflight, List<String> databases);
    }

    /** Preflight found what would break the link; nothing was changed. The message lists each finding. */
    public static final class PreflightRefused extends Exception {
        public PreflightRefused(String message) {
            super(message);
        }
    }

    private LinkCreateSequence() {
    }

    /**
     * Preflight for the databases still to link, then the engine's run.
     *
     * @param waivers  the checks whose FAIL does not refuse the run
     * @param waiveHow how the caller waives a check, for the refusal's message ({@code --accept CHECK_ID})
     * @throws PreflightRefused                           a FAIL or ERROR not waived; nothing was changed
     * @throws io.milink.linkmanager.LinkBlockedException an object cannot be made; nothing ran
     * @throws io.milink.linkmanager.LinkFailedException  a link failed on the instance as soon as it was created
     */
    public static LinkEngine.Result run(LinkSession session, LinkSpec spec, LinkRun run, Collection<String> waivers,
                                        String waiveHow, PreflightFacts facts, Narration narration) throws Exception {
        run.unfinishedBefore().filter(previous -> previous.kind().equals("create")).ifPresent(previous ->
                narration.say("Continuing the create run of " + previous.startedAt() + ", which "
                        + (previous.state().equals("FAILED") ? "failed" : "stopped") + " "
                        + previous.whereItStopped() + "."));
        // Operations a stopped run left in flight end first: the plan (and the preflight gate) see their result.
        LinkEngine.awaitPendingOperations(session, run, narration.progress());
        // Which links exist decides who goes through preflight: one ARM read. The engine observes both sides whole
        // right after the gate, and plans from that.
        List<DistributedAvailabilityGroup> onInstance = session.arm().links().list();
        List<String> fresh = new ArrayList<>();
        List<String> continued = new ArrayList<>();
        for (DatabaseLinkNames names : spec.linkNames()) {
            Optional<DistributedAvailabilityGroup> link = onInstance.stream()
                    .filter(l -> l.name().equalsIgnoreCase(names.distributedAvailabilityGroup())).findFirst();
            if (link.isEmpty()) {
                fresh.add(names.database());
                continue;
            }
            continued.add(names.database());
            link.get().databases().stream().filter(LinkPlanner::creationFailed).findFirst().ifPresent(failed ->
                    narration.say("The link " + link.get().name() + " failed on the instance ("
                            + LinkPlanner.describeFailure(failed) + "): this run drops it on both sides and creates it"
                            + " again, which is how a failed link is fixed; seeding starts over."));
        }
        if (!continued.isEmpty()) {
            narration.say("Preflight skipped for " + String.join(", ", continued) + ": their link already exists"
                    + " on the instance; continuing from what is there.");
        }
        if (!fresh.isEmpty()) {
            gate(facts, fresh, waivers, waiveHow, narration);
        }
        LinkEngine.Result result = LinkEngine.create(session, DesiredLinks.from(spec), run, narration.progress());
        narration.say(result.applied().isEmpty() ? "Every object of the link was already in place."
                : "Created or changed " + result.applied().size() + " object(s); both sides are as planned.");
        return result;
    }

    /** Preflight as the first step: any FAIL not waived refuses the run, naming each finding and its fix. */
    private static void gate(PreflightFacts facts, List<String> databases, Collection<String> waivers,
                             String waiveHow, Narration narration) throws PreflightRefused {
        Preflight preflight = Preflight.standard();
        judge(preflight.evaluate(facts.collect(preflight, databases)), databases, waivers, waiveHow, narration);
    }

    /**
     * What the gate makes of a report: a FAIL or ERROR not waived refuses, each named with its evidence; a report that
     * could not check a part the link needs refuses whatever is waived (a check that did not run cannot be waived);
     * otherwise the run goes on, and the narration says which checks were waived.
     */
    static void judge(Report report, List<String> databases, Collection<String> waivers, String waiveHow,
                      Narration narration) throws PreflightRefused {
        Set<String> waived = new TreeSet<>(waivers);
        List<Finding> failing = report.findings().stream().filter(f -> f.status() == Status.FAIL
                || f.status() == Status.ERROR).filter(f -> !waived.contains(f.id())).toList();
        if (!failing.isEmpty()) {
            StringBuilder why = new StringBuilder("preflight found what would break the link; nothing was "
                    + "changed. Fix these (or waive one with " + waiveHow + "):");
            for (Finding f : failing) {
                why.append("\n  - ").append(f.id()).append(" (").append(f.target()).append("): ")
                        .append(f.evidence());
            }
            throw new PreflightRefused(why.toString());
        }
        if (report.verdict() == Verdict.INCOMPLETE) {
            // A part the link needs was not checked (its anchor check skipped): no finding blocks, yet nothing says
            // the link can work, and a check that did not run cannot be waived.
            StringBuilder why = new StringBuilder("preflight could not check everything the link needs; nothing was "
                    + "changed. Not checked:");
            for (var part : report.notChecked()) {
                why.append("\n  - ").append(part.part().description()).append(": ").append(part.reason());
            }
            throw new PreflightRefused(why.toString());
        }
        narration.say("Preflight: no blocking finding for " + String.join(", ", databases)
                + (waived.isEmpty() ? "" : " (waived: " + String.join(", ", waived) + ")") + ".");
    }
}
