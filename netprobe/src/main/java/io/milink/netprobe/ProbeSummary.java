package io.milink.netprobe;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The verdicts of a sweep collapsed for a human or a check: how many ports were probed, whether all are OPEN, the
 * count per verdict (every verdict present, zero included), and runs of consecutive ports with the same verdict.
 * {@link #of(List)} is a pure function of the port results, so preflight can compute it from saved results.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeSummary(int probed, boolean allOpen, Map<ProbeVerdict, Integer> counts, List<PortGroup> groups,
                           SweepFacts sweep) {

    public ProbeSummary {
        counts = Collections.unmodifiableMap(new EnumMap<>(counts));
        groups = List.copyOf(groups);
    }

    /** The summary of these results (in any order; grouped by ascending port). */
    public static ProbeSummary of(List<PortResult> results) {
        List<PortResult> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Integer.compare(a.port(), b.port()));
        Map<ProbeVerdict, Integer> counts = new EnumMap<>(ProbeVerdict.class);
        for (ProbeVerdict v : ProbeVerdict.values()) {
            counts.put(v, 0);
        }
        List<PortGroup> groups = new ArrayList<>();
        PortGroup current = null;
        for (PortResult r : sorted) {
            counts.merge(r.verdict(), 1, Integer::sum);
            if (current != null && current.verdict() == r.verdict() && r.port() == current.to() + 1) {
                current = new PortGroup(current.from(), r.port(), r.verdict(), current.count() + 1);
            } else {
                if (current != null) {
                    groups.add(current);
                }
                current = new PortGroup(r.port(), r.port(), r.verdict(), 1);
            }
        }
        if (current != null) {
            groups.add(current);
        }
        boolean allOpen = !sorted.isEmpty() && counts.get(ProbeVerdict.OPEN) == sorted.size();
        return new ProbeSummary(sorted.size(), allOpen, counts, groups, null);
    }

    public ProbeSummary withSweep(SweepFacts facts) {
        return new ProbeSummary(probed, allOpen, counts, groups, facts);
    }

    public int count(ProbeVerdict verdict) {
        return counts.getOrDefault(verdict, 0);
    }

    /** The groups that are not OPEN: what a finding's evidence lists. */
    public List<PortGroup> notOpen() {
        return groups.stream().filter(g -> g.verdict() != ProbeVerdict.OPEN).toList();
    }

    /** One line per group: {@code 5022: open}, {@code 11000–11999: 1,000 filtered}. */
    public List<String> lines() {
        return groups.stream().map(PortGroup::describe).toList();
    }
}
