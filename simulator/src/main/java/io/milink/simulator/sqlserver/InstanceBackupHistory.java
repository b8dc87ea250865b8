package io.milink.simulator.sqlserver;

import java.util.List;

import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.state.DistributedReplication;
import io.milink.simulator.sqlserver.state.InstanceState;

/**
 * What the managed instance's SQL endpoint shows of the link world: the instance's own automatic full backups, as
 * rows of its msdb.dbo.backupset, and the databases they belong to. The instance has no distributed availability
 * group statements of its own in the twin (milink drives the instance over ARM), so those are refused as
 * {@link DistributedReplication#NONE} refuses them. Called under the instance's state lock, the world's lock.
 */
final class InstanceBackupHistory implements DistributedReplication {

    private final SqlServerInstance instance;
    private final LinkWorld world;
    private int mirrored;

    InstanceBackupHistory(SqlServerInstance instance, LinkWorld world) {
        this.instance = instance;
        this.world = world;
    }

    /** Adds the backups the world has finished since the last statement; each once, in the order they finished. */
    @Override
    public void refresh() {
        List<LinkWorld.InstanceBackup> finished = world.instanceBackups();
        if (finished.size() == mirrored) {
            return;
        }
        InstanceState state = instance.state();
        for (LinkWorld.InstanceBackup b : finished.subList(mirrored, finished.size())) {
            InstanceState.DatabaseState d = state.database(b.database());
            if (d == null) {
                d = new InstanceState.DatabaseState(b.database(), state.databases.size() + 1, b.started());
                d.recoveryModel = Scenario.RecoveryModel.FULL;
                d.state = Scenario.DatabaseState.ONLINE;
                d.sizeMb = 64;
                d.logFiles = 1;
                d.logSizeMb = 8;
                d.compatibilityLevel = 160;
                state.databases.put(InstanceState.key(d.name), d);
            }
            long first = b.firstLsn().longValueExact();
            state.backups.add(new InstanceState.BackupRecord(state.nextBackupSetId(), d.name, "D", b.started(),
                    b.finished(), false, true, true, d.sizeMb * 128L, first, b.lastLsn().longValueExact(), first,
                    "FULL", "automatic backup " + b.finished()));
        }
        mirrored = finished.size();
        state.changed();
    }

    @Override
    public void failover(String dagName) {
        NONE.failover(dagName);
    }

    @Override
    public void forceFailover(String dagName) {
        NONE.forceFailover(dagName);
    }

    @Override
    public void demote(String dagName) {
        NONE.demote(dagName);
    }

    @Override
    public void modesChanged(String dagName) {
        NONE.modesChanged(dagName);
    }

    @Override
    public void dropped(String dagName) {
        NONE.dropped(dagName);
    }

    @Override
    public boolean isPrimary(String dagName) {
        return true;
    }
}
