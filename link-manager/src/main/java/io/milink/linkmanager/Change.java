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
    /** It cannot be made as things are: {@link PlannedStep#reason()} says what to do first. */
    BLOCKED
}
