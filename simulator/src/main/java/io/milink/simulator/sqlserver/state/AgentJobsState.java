package io.milink.simulator.sqlserver.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL Server Agent's jobs as msdb keeps them: msdb.dbo.sysjobs, sysjobsteps, sysjobservers, sysjobhistory and
 * sysjobactivity (Microsoft Learn, "dbo.sysjobs", "dbo.sysjobhistory", "dbo.sysjobactivity"). Read and written under
 * {@link InstanceState#lock()}, like the rest of the state; writers call {@link InstanceState#changed()}.
 */
public final class AgentJobsState {

    public final Map<UUID, Job> jobs = new LinkedHashMap<>();
    public final List<HistoryRow> history = new ArrayList<>();
    public final Map<UUID, Activity> activity = new LinkedHashMap<>();
    private int nextInstanceId = 1;

    public int nextInstanceId() {
        return nextInstanceId++;
    }

    public Job byName(String name) {
        for (Job j : jobs.values()) {
            if (j.name.equalsIgnoreCase(name)) {
                return j;
            }
        }
        return null;
    }

    /** A job (sysjobs), its steps (sysjobsteps) and target servers (sysjobservers). */
    public static final class Job {
        public final UUID id;
        public final String name;
        public final boolean enabled;
        public final String description;
        public final int startStepId;
        public final Instant created;
        public final String owner;
        public final List<Step> steps = new ArrayList<>();
        public final List<String> servers = new ArrayList<>();
        /** Set by sp_stop_job; the running job stops after its current step. */
        public volatile boolean stopRequested;
        public String stoppedBy;
        public boolean running;

        public Job(UUID id, String name, boolean enabled, String description, int startStepId, Instant created,
                   String owner) {
            this.id = id;
            this.name = name;
            this.enabled = enabled;
            this.description = description;
            this.startStepId = startStepId;
            this.created = created;
            this.owner = owner;
        }

        public Step step(int stepId) {
            for (Step s : steps) {
                if (s.id() == stepId) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * A row of sysjobsteps. Actions (sp_add_jobstep): 1 quit with success, 2 quit with failure, 3 go to the next
     * step, 4 go to step {@code on_*_step_id}.
     */
    public record Step(int id, String name, String subsystem, String command, int onSuccessAction,
                       int onSuccessStepId, int onFailAction, int onFailStepId, String databaseName) {
    }

    /** A row of sysjobhistory; step 0 is the job outcome. run_status: 0 failed, 1 succeeded, 2 retry, 3 canceled. */
    public record HistoryRow(int instanceId, UUID jobId, int stepId, String stepName, int sqlMessageId,
                             int sqlSeverity, String message, int runStatus, Instant start, long durationSeconds,
                             String server) {
    }

    /** A row of sysjobactivity: one per job and Agent session, updated as the job runs. */
    public static final class Activity {
        public final UUID jobId;
        public Instant runRequested;
        public String runRequestedSource;
        public Instant started;
        public Integer lastExecutedStepId;
        public Instant lastExecutedStepDate;
        public Instant stopped;
        public Integer jobHistoryId;

        public Activity(UUID jobId) {
            this.jobId = jobId;
        }
    }
}
