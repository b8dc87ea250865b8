package io.milink.linkmanager;

/** What a plan does to one object. */
public enum Change {
    /** It is as the link needs it. */
    NONE,
    /** It is missing and will be created. */
    CREATE,
    /** It exists but not as the link needs it, and will be changed. */
    UPDATE,
    /** It exists and will be removed (removal plans only). */
    DELETE,
    /**
     * It exists but failed, and will be removed and made again: a link whose creation or seeding failed, which the
     * documentation fixes by dropping the link on both sides and creating it again (mi-link-workflow.md §7.4).
     */
    REPLACE,
    /** It cannot be made as things are: {@link PlannedStep#reason()} says what to do first. */
    BLOCKED
}
