package io.milink.simulator.sqlserver;

import java.time.Duration;
import java.time.Instant;

import io.milink.simulator.sqlserver.state.AgentJobsState;
import io.milink.simulator.sqlserver.state.InstanceState;

/**
 * SQL Server Agent running one job, on its own daemon thread, after sp_start_job returned. Each step's row reaches
 * msdb.dbo.sysjobhistory when the step completes ("data is updated only after the job step completes", Microsoft
 * Learn, dbo.sysjobhistory); then the job outcome row, step_id 0 named "(Job outcome)"; sysjobactivity follows along
 * (start_execution_date, last_executed_step_id, stop_execution_date, job_history_id).
 *
 * <p>Flow between steps follows sp_add_jobstep's actions: 1 quit with success, 2 quit with failure, 3 go to the
 * next step (after the last step: quit with that step's outcome), 4 go to the given step. PowerShell steps run
 * through {@link PowerShellStepModel}; any other subsystem fails its step with a message that the twin does not
 * model it. sp_stop_job and sp_delete_job take effect after the running step.
 */
final class AgentJobRunner extends Thread {

    private static final String OUTCOME_STEP_NAME = "(Job outcome)";

    private final InstanceState state;
    private final AgentJobsState.Job job;
    private final AgentJobsState.Activity activity;
    private final int startStep;
    private final String invokedBy;
    private final String account;
    private final String server;
    private final Duration connectTimeout;

    AgentJobRunner(InstanceState state, AgentJobsState.Job job, AgentJobsState.Activity activity, int startStep,
                   String invokedBy, String account, String server, Duration connectTimeout) {
        super("twin-sql-agent-" + job.name);
        setDaemon(true);
        this.state = state;
        this.job = job;
        this.activity = activity;
        this.startStep = startStep;
        this.invokedBy = invokedBy;
        this.account = account;
        this.server = server;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void run() {
        Instant jobStart = Instant.now();
        write(() -> activity.started = jobStart);
        AgentJobsState.Step step = job.step(startStep);
        AgentJobsState.Step last = null;
        boolean succeeded = true;
        while (step != null && !job.stopRequested) {
            Instant stepStart = Instant.now();
            boolean ok;
            String message;
            if (step.subsystem().equals("PowerShell")) {
                PowerShellStepModel.Outcome outcome = PowerShellStepModel.run(step.command(), connectTimeout);
                ok = outcome.succeeded();
                message = "Executed as user: " + account + ". " + outcome.output() + ".  Process Exit Code "
                        + (ok ? "0" : "-1") + ".  The step " + (ok ? "succeeded." : "failed.");
            } else {
                ok = false;
                message = "The SQL Server twin does not run " + step.subsystem() + " job steps; it models "
                        + "PowerShell Test-NetConnection steps only.  The step failed.";
            }
            AgentJobsState.Step ran = step;
            long seconds = Duration.between(stepStart, Instant.now()).toSeconds();
            if (!write(() -> {
                state.agentJobs.history.add(new AgentJobsState.HistoryRow(state.agentJobs.nextInstanceId(), job.id,
                        ran.id(), ran.name(), 0, 0, message, ok ? 1 : 0, stepStart, seconds, server));
                activity.lastExecutedStepId = ran.id();
                activity.lastExecutedStepDate = stepStart;
            })) {
                return; // the job was deleted meanwhile
            }
            last = step;
            int action = ok ? step.onSuccessAction() : step.onFailAction();
            int target = ok ? step.onSuccessStepId() : step.onFailStepId();
            succeeded = ok;
            step = switch (action) {
                case 1 -> {
                    succeeded = true;
                    yield null;
                }
                case 2 -> {
                    succeeded = false;
                    yield null;
                }
                case 3 -> job.step(ran.id() + 1);
                case 4 -> job.step(target);
                default -> null;
            };
        }
        boolean stopped = job.stopRequested;
        int status = stopped ? 3 : succeeded ? 1 : 0;
        String lastStep = last == null ? "" : "  The last step to run was step " + last.id() + " (" + last.name()
                + ").";
        String outcome = (stopped ? "The job was stopped prior to completion by User " + job.stoppedBy + "."
                : succeeded ? "The job succeeded." : "The job failed.") + "  The Job was invoked by User "
                + invokedBy + "." + lastStep;
        Instant end = Instant.now();
        write(() -> {
            int id = state.agentJobs.nextInstanceId();
            state.agentJobs.history.add(new AgentJobsState.HistoryRow(id, job.id, 0, OUTCOME_STEP_NAME, 0, 0,
                    outcome, status, jobStart, Duration.between(jobStart, end).toSeconds(), server));
            activity.stopped = end;
            activity.jobHistoryId = id;
            job.running = false;
        });
    }

    /** Applies a change under the state lock; false (and no change) when the job no longer exists. */
    private boolean write(Runnable change) {
        state.lock().lock();
        try {
            if (state.agentJobs.jobs.get(job.id) != job) {
                job.running = false;
                return false;
            }
            change.run();
            state.changed();
            return true;
        } finally {
            state.lock().unlock();
        }
    }
}
