package io.milink.api.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.milink.api.service.ServiceConfig;
import io.milink.core.spec.LinkSpec;
import io.milink.core.spec.SpecException;
import io.milink.journal.Journal;
import io.milink.journal.JournalAlerts;
import io.milink.journal.JournalUnavailableException;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.RunTarget;
import io.milink.linkmanager.alerts.AlertSettings;
import io.milink.linkmanager.alerts.AlertSettingsLoader;
import io.milink.linkmanager.alerts.CloudEventJson;
import io.milink.linkmanager.alerts.LinkEvent;
import io.milink.linkmanager.alerts.LinkMonitor;
import io.milink.linkmanager.alerts.WebhookDispatcher;
import io.milink.linkmanager.alerts.WebhookSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milink link monitor}: watch the spec's links, raise alerts, journal them and post them to webhooks. */
@Command(name = "monitor", mixinStandardHelpOptions = true, description = {
    "Watch the spec's links until Ctrl+C: read both sides every --interval (the same single SQL Server batch and ARM "
            + "call as link status), raise an alert once when a condition starts (seeding stalled, failed or near "
            + "its six-day cancel, a log backup during seeding, the log filling up, a side disconnected, a "
            + "certificate near expiry) and once more when it clears; print each, keep it in the journal and post it "
            + "to the spec's alerts.webhooks as a signed CloudEvent (docs/monitoring.md, \"Alerts\").",
    "Exit (with --count): 0 no alert open at the end; 1 an alert still open; 2 could not start (spec, secret, "
            + "journal)."})
final class LinkMonitorCommand implements Callable<Integer> {

    /** How long a stopping monitor waits for deliveries still in flight. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Mixin
    LinkCommand.Common common = new LinkCommand.Common();

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "Time between reads: 30s (default), 500ms, 2m, or ISO-8601 (PT30S).")
    String interval;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N reads (then wait for the webhooks).")
    Integer count;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default: one line per event) or json (one CloudEvent per line, as webhooks get it).")
    String output;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where alerts are journaled: DIR/monitor. "
            + "Default: $MILINK_DATA_DIR/monitor, else ~/.milink/monitor.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        boolean json = switch (output) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--output: expected text or json, not "
                    + output);
        };
        Duration every = LinkCommand.ShowStatus.interval(interval);
        if (count != null && count < 1) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--count: expected 1 or more, not " + count);
        }
        LinkSpec linkSpec = LinkTargets.loadSpec(common.specFile);
        AlertSettings settings;
        List<WebhookDispatcher.Endpoint> endpoints = new ArrayList<>();
        try {
            settings = AlertSettingsLoader.load(common.specFile);
            for (AlertSettings.Webhook hook : settings.webhooks()) {
                String secret = AlertSettingsLoader.resolveSecret(hook, System.getenv());
                endpoints.add(new WebhookDispatcher.Endpoint(hook.url(), WebhookSignature.key(secret)));
            }
        } catch (SpecException | IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Its own journal: H2 lets one process hold a journal, and a monitor runs for days beside link create,
        // failover and serve, which use the main one.
        Path directory = (dataDir != null ? dataDir : ServiceConfig.defaultDataDirectory()).resolve("monitor");
        Journal journal;
        try {
            journal = Journal.open(directory);
        } catch (JournalUnavailableException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "another milink link monitor has the journal in "
                    + directory + " open: one monitor per journal; stop it, or give this one another --data-dir", e);
        }
        Clock clock = Clock.systemUTC();
        JournalAlerts alerts = new JournalAlerts(journal);
        WebhookDispatcher webhooks = endpoints.isEmpty() ? null : new WebhookDispatcher(endpoints, settings.retry(),
                LinkMonitor.journaling(alerts, clock, line -> {
                    synchronized (err) {
                        err.println(line);
                        err.flush();
                    }
                }), WebhookDispatcher.defaultClient(settings.retry().timeout()), clock, settings.queue());
        String sqlName = linkSpec.sqlServer().displayName();
        String instanceName = linkSpec.managedInstance().resource().name();
        LinkMonitor monitor = new LinkMonitor(new LinkStatusReader(clock), linkSpec.linkNames(), RunTarget.of(linkSpec),
                settings.thresholds(), alerts, webhooks, e -> {
                    synchronized (out) {
                        out.println(json ? new String(CloudEventJson.body(e), StandardCharsets.UTF_8) : e.line());
                        out.flush();
                    }
                }, clock);
        err.println("Monitoring " + linkSpec.databases().size() + " database(s) of SQL Server " + sqlName
                + " and managed instance " + instanceName + " every " + every.toMillis() / 1000.0 + " s; alerts "
                + "journaled in " + directory + "; " + endpoints.size() + " webhook(s)"
                + (monitor.open().isEmpty() ? "" : "; " + monitor.open().size() + " alert(s) open from before"));
        err.flush();

        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl+C: let the poll loop end, give deliveries in flight a moment, close the journal.
            stopping.set(true);
            try {
                stopped.await(DRAIN.toMillis() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "milink-monitor-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        LinkTargets targets = null;
        try {
            for (int reads = 1; !stopping.get(); reads++) {
                if (targets == null) {
                    try {
                        targets = LinkTargets.open(linkSpec, common.azure);
                    } catch (UserError e) {
                        monitor.unreachable(sqlName, instanceName, e.getMessage());
                    }
                }
                if (targets != null) {
                    LinkMonitor.Poll poll = monitor.poll(targets.session(), sqlName, instanceName);
                    if (poll.failure() != null) {
                        // Open both sides afresh next time: the connection may be what broke.
                        targets.close();
                        targets = null;
                    }
                }
                if (count != null && reads >= count) {
                    break;
                }
                sleep(every, stopping);
            }
        } finally {
            if (targets != null) {
                targets.close();
            }
            if (webhooks != null) {
                if (!webhooks.awaitIdle(DRAIN)) {
                    err.println(webhooks.pending() + " webhook deliveries still waiting are dropped as milink stops "
                            + "(journaled as DROPPED)");
                }
                webhooks.close();
            }
            journal.close();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl+C: the hook is running and waits for us
            }
        }
        return monitor.open().isEmpty() ? ExitCodes.OK : ExitCodes.NOT_READY;
    }

    /** Sleeps {@code every}, waking early when the monitor is stopping. */
    private static void sleep(Duration every, AtomicBoolean stopping) throws InterruptedException {
        long end = System.nanoTime() + every.toNanos();
        while (!stopping.get()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(200, Math.max(1, left / 1_000_000)));
        }
    }
}
