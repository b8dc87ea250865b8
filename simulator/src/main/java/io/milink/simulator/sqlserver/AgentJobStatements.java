package io.milink.simulator.sqlserver;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.StatementKind;
import io.milink.simulator.sqlserver.state.AgentJobsState;

/**
 * SQL Server Agent's job procedures in msdb, as Microsoft Learn documents them ("sp_add_job", "sp_add_jobstep",
 * "sp_add_jobserver", "sp_start_job", "sp_stop_job", "sp_delete_job" (Transact-SQL)): they live in msdb
 * ({@code msdb.dbo.sp_x}, or {@code dbo.sp_x} with msdb current), are for sysadmin here (the SQLAgent roles are not
 * modelled), and sp_start_job only asks Agent to run the job and returns at once ("Instructs SQL Server Agent to
 * execute a job immediately"): the job runs on its own thread ({@link AgentJobRunner}) and its steps reach
 * msdb.dbo.sysjobhistory as they complete.
 *
 * <p>Errors use the numbers msdb's procedures raise (14261 exists, 14262 does not exist, 14294 neither id nor name,
 * 14256 no job server, 14234 invalid subsystem, 14269 already targeted, 22022 Agent refused), texts from
 * sys.messages as remembered, not copied from a cited page: UNCONFIRMED word for word.
 */
final class AgentJobStatements {

    static final Set<String> PROCEDURES = Set.of("sp_add_job", "sp_add_jobstep", "sp_add_jobserver", "sp_start_job",
            "sp_stop_job", "sp_delete_job");

    /** Positional parameter order, as each page's syntax lists them (only the leading ones milink or a user needs). */
    private static final Map<String, List<String>> ORDER = Map.of(
            "sp_add_job", List.of("@job_name", "@enabled", "@description", "@start_step_id"),
            "sp_add_jobstep", List.of("@job_id", "@job_name", "@step_id", "@step_name", "@subsystem", "@command"),
            "sp_add_jobserver", List.of("@job_id", "@job_name", "@server_name"),
            "sp_start_job", List.of("@job_name", "@job_id", "@error_flag", "@server_name", "@step_name"),
            "sp_stop_job", List.of("@job_name", "@job_id"),
            "sp_delete_job", List.of("@job_id", "@job_name", "@originating_server", "@delete_history"));

    /** Subsystems sp_enum_sqlagent_subsystems lists on Windows; on Linux Agent runs T-SQL steps only (the docs). */
    private static final Set<String> WINDOWS_SUBSYSTEMS = Set.of("TSQL", "POWERSHELL", "CMDEXEC", "SSIS",
            "ANALYSISQUERY", "ANALYSISCOMMAND", "SNAPSHOT", "LOGREADER", "DISTRIBUTION", "MERGE", "QUEUEREADER");

    private final InstanceSession session;

    AgentJobStatements(InstanceSession session) {
        this.session = session;
    }

    /** The Agent procedure {@code parts} names in the session's context, or null when it is not one. */
    static String agentProcedure(List<String> parts, String currentDatabase) {
        String name = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
        if (!PROCEDURES.contains(name)) {
            return null;
        }
        if (parts.size() == 3) {
            String schema = parts.get(1).toLowerCase(Locale.ROOT);
            return parts.get(0).equalsIgnoreCase("msdb") && (schema.equals("dbo") || schema.isEmpty()) ? name : null;
        }
        boolean schemaOk = parts.size() == 1 || parts.get(0).equalsIgnoreCase("dbo");
        return schemaOk && "msdb".equalsIgnoreCase(currentDatabase) ? name : null;
    }

    /** Runs one procedure; the caller holds the state lock. */
    void execute(String procedure, List<Object> positional, Map<String, Object> named) {
        if (!session.sysadmin) {
            throw error(229, 14, "The EXECUTE permission was denied on the object '" + procedure + "', database "
                    + "'msdb', schema 'dbo'.", procedure);
        }
        Map<String, Object> args = new HashMap<>();
        List<String> order = ORDER.get(procedure);
        for (int i = 0; i < positional.size() && i < order.size(); i++) {
            args.put(order.get(i), positional.get(i));
        }
        named.forEach((k, v) -> args.put(k.toLowerCase(Locale.ROOT), v));
        AgentJobsState agent = session.state.agentJobs;
        switch (procedure) {
            case "sp_add_job" -> addJob(agent, args);
            case "sp_add_jobstep" -> addJobStep(agent, args);
            case "sp_add_jobserver" -> addJobServer(agent, args);
            case "sp_start_job" -> startJob(agent, args);
            case "sp_stop_job" -> stopJob(agent, args);
            case "sp_delete_job" -> deleteJob(agent, args);
            default -> throw new IllegalStateException(procedure);
        }
        session.state.changed();
        session.done(StatementKind.EXECUTE);
    }

    private void addJob(AgentJobsState agent, Map<String, Object> args) {
        String name = string(args.get("@job_name"));
        if (name == null || name.isBlank()) {
            throw error(14234, 16, "The specified '@job_name' is invalid.", "sp_add_job");
        }
        if (agent.byName(name) != null) {
            throw error(14261, 16, "The specified @job_name ('" + name + "') already exists.", "sp_add_job");
        }
        UUID id = UUID.randomUUID();
        agent.jobs.put(id, new AgentJobsState.Job(id, name, integer(args.get("@enabled"), 1) != 0,
                string(args.get("@description")), integer(args.get("@start_step_id"), 1), Instant.now(),
                session.login));
    }

    private void addJobStep(AgentJobsState agent, Map<String, Object> args) {
        AgentJobsState.Job job = job(agent, args, "sp_add_jobstep");
        String subsystem = string(args.get("@subsystem"));
        subsystem = subsystem == null ? "TSQL" : subsystem;
        boolean known = session.instance.server().linux() ? subsystem.equalsIgnoreCase("TSQL")
                : WINDOWS_SUBSYSTEMS.contains(subsystem.toUpperCase(Locale.ROOT));
        if (!known) {
            throw error(14234, 16, "The specified '@subsystem' is invalid (valid values are returned by "
                    + "sp_enum_sqlagent_subsystems).", "sp_add_jobstep");
        }
        int stepId = integer(args.get("@step_id"), job.steps.size() + 1);
        if (stepId < 1 || stepId > job.steps.size() + 1 || job.step(stepId) != null) {
            throw error(14266, 16, "The specified '@step_id' is invalid (valid values are: 1.."
                    + (job.steps.size() + 1) + ").", "sp_add_jobstep");
        }
        String stepName = string(args.get("@step_name"));
        if (stepName == null) {
            throw error(14234, 16, "The specified '@step_name' is invalid.", "sp_add_jobstep");
        }
        job.steps.add(new AgentJobsState.Step(stepId, stepName, canonicalSubsystem(subsystem),
                string(args.get("@command")), integer(args.get("@on_success_action"), 1),
                integer(args.get("@on_success_step_id"), 0), integer(args.get("@on_fail_action"), 2),
                integer(args.get("@on_fail_step_id"), 0), string(args.get("@database_name"))));
    }

    private void addJobServer(AgentJobsState agent, Map<String, Object> args) {
        AgentJobsState.Job job = job(agent, args, "sp_add_jobserver");
        String server = string(args.get("@server_name"));
        server = server == null || server.equalsIgnoreCase("(local)") ? "(local)" : server;
        if (!server.equals("(local)") && !server.equalsIgnoreCase(session.instance.server().serverName())) {
            throw notModelled("a job targeted at another server (multiserver administration)");
        }
        if (!job.servers.isEmpty()) {
            throw error(14269, 16, "Job '" + job.name + "' is already targeted at server '"
                    + session.instance.server().serverName() + "'.", "sp_add_jobserver");
        }
        job.servers.add(server);
    }

    private void startJob(AgentJobsState agent, Map<String, Object> args) {
        AgentJobsState.Job job = job(agent, args, "sp_start_job");
        if (job.servers.isEmpty()) {
            throw error(14256, 16, "Cannot start job '" + job.name + "' (ID " + job.id.toString().toUpperCase(
                    Locale.ROOT) + ") because it does not have any job server or servers defined. Associate the job "
                    + "with a job server by calling sp_add_jobserver.", "sp_start_job");
        }
        if (job.running) {
            throw error(22022, 16, "SQLServerAgent Error: Request to run job " + job.name + " (from User "
                    + session.login + ") refused because the job is already running from a request by User "
                    + session.login + ".", "");
        }
        int startStep = job.startStepId;
        String stepName = string(args.get("@step_name"));
        if (stepName != null) {
            startStep = job.steps.stream().filter(s -> s.name().equalsIgnoreCase(stepName)).findFirst()
                    .map(AgentJobsState.Step::id).orElseThrow(() -> error(14262, 16, "The specified @step_name ('"
                            + stepName + "') does not exist.", "sp_start_job"));
        }
        job.running = true;
        job.stopRequested = false;
        AgentJobsState.Activity activity = new AgentJobsState.Activity(job.id);
        activity.runRequested = Instant.now();
        activity.runRequestedSource = "4"; // SOURCE_USER: on demand (dbo.sysjobactivity)
        agent.activity.put(job.id, activity);
        new AgentJobRunner(session.state, job, activity, startStep, session.login, agentAccount(),
                session.instance.server().serverName(), PowerShellStepModel.CONNECT_TIMEOUT).start();
        session.sink.message(new ServerMessage(14243, 1, 0, "Job '" + job.name + "' started successfully.",
                "sp_start_job", session.line));
    }

    private void stopJob(AgentJobsState agent, Map<String, Object> args) {
        AgentJobsState.Job job = job(agent, args, "sp_stop_job");
        if (!job.running) {
            throw error(22022, 16, "SQLServerAgent Error: Request to stop job " + job.name + " (from User "
                    + session.login + ") refused because the job is not currently running.", "");
        }
        job.stopRequested = true;
        job.stoppedBy = session.login;
        session.sink.message(new ServerMessage(14254, 1, 0, "Job '" + job.name + "' stopped successfully.",
                "sp_stop_job", session.line));
    }

    private void deleteJob(AgentJobsState agent, Map<String, Object> args) {
        AgentJobsState.Job job = job(agent, args, "sp_delete_job");
        // A running job is asked to stop; its runner writes nothing once the job is gone.
        job.stopRequested = true;
        agent.jobs.remove(job.id);
        agent.activity.remove(job.id);
        if (integer(args.get("@delete_history"), 1) != 0) {
            agent.history.removeIf(h -> h.jobId().equals(job.id));
        }
    }

    /** Exactly one of @job_id and @job_name, naming an existing job. */
    private AgentJobsState.Job job(AgentJobsState agent, Map<String, Object> args, String procedure) {
        Object id = args.get("@job_id");
        String name = string(args.get("@job_name"));
        if ((id == null) == (name == null)) {
            throw error(14294, 16, "Supply either @job_id or @job_name to identify the job.", procedure);
        }
        if (id != null) {
            UUID uuid;
            try {
                uuid = id instanceof UUID u ? u : UUID.fromString(id.toString().strip());
            } catch (IllegalArgumentException e) {
                throw error(8169, 16, "Conversion failed when converting from a character string to "
                        + "uniqueidentifier.", procedure);
            }
            AgentJobsState.Job job = agent.jobs.get(uuid);
            if (job == null) {
                throw error(14262, 16, "The specified @job_id ('" + uuid.toString().toUpperCase(Locale.ROOT)
                        + "') does not exist.", procedure);
            }
            return job;
        }
        AgentJobsState.Job job = agent.byName(name);
        if (job == null) {
            throw error(14262, 16, "The specified @job_name ('" + name + "') does not exist.", procedure);
        }
        return job;
    }

    /** The account Agent runs PowerShell steps as: its per-service SID, by default (Microsoft Learn). */
    private String agentAccount() {
        String instance = session.instance.server().serviceInstanceName();
        return instance.equals("MSSQLSERVER") ? "NT Service\\SQLSERVERAGENT" : "NT Service\\SQLAgent$" + instance;
    }

    private static String canonicalSubsystem(String subsystem) {
        return subsystem.equalsIgnoreCase("PowerShell") ? "PowerShell" : subsystem.toUpperCase(Locale.ROOT);
    }

    private TsqlException error(int number, int severity, String text, String procedure) {
        return new TsqlException(new ServerMessage(number, 1, severity, text, procedure, session.line),
                TsqlException.Scope.STATEMENT);
    }

    private static TsqlException notModelled(String what) {
        return TsqlException.notSupported(what);
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    private static int integer(Object o, int otherwise) {
        if (o == null) {
            return otherwise;
        }
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return Integer.parseInt(o.toString().strip());
    }
}
