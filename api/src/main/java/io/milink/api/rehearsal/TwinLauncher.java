package io.milink.api.rehearsal;

import io.milink.simulator.sqlserver.scenario.ScenarioException;
import io.milink.simulator.SqlServerTwin;

import java.io.IOException;
import java.net.BindException;

/** Starts a twin for a command, turning scenario and port problems into messages a user can act on. */
public final class TwinLauncher {

    private TwinLauncher() {
    }

    public static SqlServerTwin start(ScenarioArgument source, String bindHost, int port, boolean tls) {
        try {
            return SqlServerTwin.builder()
                    .scenarioYaml(source.yaml(), source.displayName())
                    .bindHost(bindHost)
                    .port(port)
                    .tls(tls)
                    .start();
        } catch (ScenarioException e) {
            throw new RehearsalFailed(e.getMessage(), e);
        } catch (BindException e) {
            throw new RehearsalFailed("cannot listen on " + bindHost + ":" + port + " (" + e.getMessage()
                    + "). Pick another --port, or --port 0 for any free port.", e);
        } catch (IOException e) {
            throw new RehearsalFailed("cannot start the twin on " + bindHost + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }
}
