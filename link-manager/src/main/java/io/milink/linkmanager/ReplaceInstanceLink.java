package io.milink.linkmanager;

import java.util.ArrayList;
import java.util.List;

import io.milink.core.azure.AcceptedOperation;
import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * A link whose creation or seeding failed, removed from the instance and created again: the documented remedy
 * (mi-link-workflow.md §7.4, "drop and recreate the link"). The DELETE and the PUT are each an operation Azure
 * accepts and the engine journals, so a run stopped between them waits for the DELETE, finds no link, and plans a
 * plain create.
 *
 * @param failed the failed database as the instance reported it, for the messages (not part of what runs)
 */
record ReplaceInstanceLink(DeleteInstanceLink removal, CreateInstanceLink creation,
                           DistributedAvailabilityGroup.LinkDatabase failed) implements StepAction {

    @Override
    public String shown() {
        return removal.shown() + "\n" + creation.shown();
    }

    @Override
    public List<String> script() {
        List<String> lines = new ArrayList<>(List.of(
                "# Azure CLI: remove the link whose creation or seeding failed (the instance has no copy of the"
                        + " database yet)", removal.command()));
        lines.addAll(creation.script());
        return lines;
    }

    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws Exception {
        removal.apply(session, accepted);
        creation.apply(session, accepted);
    }
}
