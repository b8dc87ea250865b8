package io.milink.linkmanager;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run that keeps, in memory, what each finished step showed, across the runs of one test (the journal's
 * {@code lastFinishedShown} without a journal): how a second cutover run learns the first one's failover.
 */
final class RememberingRun extends UnjournaledRun {

    private final Map<String, String> started = new LinkedHashMap<>();
    private final Map<String, String> finished = new LinkedHashMap<>();

    @Override
    public void stepStarted(String stepId, String change, String shown) {
        started.put(stepId, shown);
    }

    @Override
    public void stepFinished(String stepId) {
        finished.put(stepId, started.get(stepId));
    }

    @Override
    public Optional<String> lastFinishedShown(String stepId) {
        return Optional.ofNullable(finished.get(stepId));
    }

    /** The ids of the steps that finished, in the order they first finished. */
    java.util.Set<String> finishedSteps() {
        return finished.keySet();
    }
}
