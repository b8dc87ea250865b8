package io.milink.api.cli;

import java.io.PrintWriter;
import java.util.List;

import io.milink.linkmanager.FailoverGates.Blocker;
import io.milink.linkmanager.PlannedFailover;

/**
 * A failover's or cutover's gates printed as they pass ("> gate", "  passed: …", "  not yet: …"), remembering the
 * step in progress so an error can say where the run stopped.
 */
final class GateProgress implements PlannedFailover.Progress {

    private final PrintWriter out;
    private volatile String current = "reading SQL Server and the managed instance";

    GateProgress(PrintWriter out) {
        this.out = out;
    }

    /** The gate or step in progress, for "stopped at '…'". */
    String current() {
        return current;
    }

    /** A step outside the gates (e.g. forcing the failover) is now in progress. */
    void at(String step) {
        current = step;
    }

    @Override
    public void gate(String name) {
        current = name;
        out.println("> " + name);
        out.flush();
    }

    @Override
    public void passed(String detail) {
        out.println("  passed: " + detail);
        out.flush();
    }

    @Override
    public void waiting(List<Blocker> blockers) {
        blockers.forEach(b -> out.println("  not yet: " + b));
        out.flush();
    }

    @Override
    public void note(String line) {
        out.println(line);
        out.flush();
    }

    /**
     * Asks on the terminal for the link's name to be typed; false without a terminal (a pipeline, a service), where
     * there is no one to ask and {@code --yes} is needed.
     */
    static boolean nameTyped(String question, String name) {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s", question.replace("%s", name));
        return answer != null && answer.replace(" ", "").equals(name);
    }
}
