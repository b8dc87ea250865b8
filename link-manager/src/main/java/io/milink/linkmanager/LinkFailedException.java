package io.milink.linkmanager;

import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * The instance's link failed before it replicated ({@code LinkInitError} or {@code LinkCreationError}: its creation or
 * seeding failed). Everything else the link needs stays in place; the failed link does not recover by itself.
 * Creating the link again replaces it (dropped on both sides and made again, the documented remedy,
 * mi-link-workflow.md §7.4), which the plan shows first.
 */
public final class LinkFailedException extends Exception {

    /**
     * @param link   the distributed availability group's name
     * @param failed its database as the instance reports it: state and most recent link error
     */
    public LinkFailedException(String link, DistributedAvailabilityGroup.LinkDatabase failed) {
        super("the link " + link + " failed on the instance: " + failed.databaseName() + " is in "
                + withoutFinalStop(LinkPlanner.describeFailure(failed)) + ". The other objects of the link stay in"
                + " place; a failed link does not recover by itself. Fix the cause first (the error says what; a log"
                + " backup during seeding, errors 1408/1412 on the instance, is a common one), then create the link"
                + " again: the plan shows the failed link dropped on both sides and made again, which is how"
                + " Microsoft's documentation fixes it.");
    }

    private static String withoutFinalStop(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
