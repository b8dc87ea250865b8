package io.milink.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A harness (not a test): {@link FailoverTrials} many times, with the counts. Exits 1 when any trial broke a promise
 * (a failover completed with unequal hardened LSNs, or a refusal named no gate).
 *
 * <p>Usage: {@code bench/run.sh FailoverTrialsHarness [trials=1000] [seed=random]}; {@code seed} replays a run.
 */
public final class FailoverTrialsHarness {

    private FailoverTrialsHarness() {
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        if (trials < 1) {
            throw new IllegalArgumentException("usage: FailoverTrialsHarness [trials=1000 (at least 1)] [seed]");
        }
        System.out.printf(Locale.ROOT, "FailoverTrialsHarness: %d trials, seed %d%n", trials, seed);
        long started = System.nanoTime();
        Map<FailoverTrials.Outcome, Integer> outcomes = new EnumMap<>(FailoverTrials.Outcome.class);
        Map<String, Integer> gates = new TreeMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        List<FailoverTrials.Trial> violations = new ArrayList<>();
        List<FailoverTrials.Trial> all = FailoverTrials.run(trials, seed, t -> {
            outcomes.merge(t.outcome(), 1, Integer::sum);
            if (t.gate() != null) {
                gates.merge(t.gate(), 1, Integer::sum);
            }
            if (t.outcome() == FailoverTrials.Outcome.ERROR) {
                errors.merge(errorKind(t.detail()), 1, Integer::sum);
            }
            if (t.violation() != null) {
                violations.add(t);
                System.out.println(t);
            }
            if ((t.index() + 1) % 50 == 0) {
                System.out.printf(Locale.ROOT, "  %d trials, %.0f s: %s, gates %s, violations %d%n", t.index() + 1,
                        (System.nanoTime() - started) / 1e9, outcomes, gates, violations.size());
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%d trials in %.1f s (%.2f s per trial)%n", all.size(), seconds,
                seconds / all.size());
        System.out.printf(Locale.ROOT, "completed: %d (each checked against the link world's own role change: equal "
                + "hardened LSNs)%n", outcomes.getOrDefault(FailoverTrials.Outcome.COMPLETED, 0));
        System.out.printf(Locale.ROOT, "refused, naming the gate: %d %s%n",
                outcomes.getOrDefault(FailoverTrials.Outcome.REFUSED_BY_GATE, 0), gates);
        System.out.printf(Locale.ROOT, "errors (a side failed a call mid-run): %d %s%n",
                outcomes.getOrDefault(FailoverTrials.Outcome.ERROR, 0), errors);
        all.stream().filter(t -> t.outcome() == FailoverTrials.Outcome.ERROR).limit(5)
                .forEach(t -> System.out.println("  e.g. " + t + ": " + t.detail()));
        System.out.printf(Locale.ROOT, "violations (completed with unequal hardened LSNs, or a refusal naming no gate):"
                + " %d%n", violations.size());
        if (!violations.isEmpty()) {
            System.exit(1);
        }
    }

    /** The error's class and its first words, to group alike errors. */
    private static String errorKind(String detail) {
        String[] words = detail.split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, 6))).replaceAll("[0-9]{6,}", "N");
    }
}
