package io.milink.simulator.link;

/** The role of one side of a link. */
public enum LinkRole { PRIMARY, SECONDARY }
