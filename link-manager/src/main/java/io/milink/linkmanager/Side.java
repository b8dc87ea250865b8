package io.milink.linkmanager;

/** Where a link object lives. */
public enum Side { SQL_SERVER, MANAGED_INSTANCE }
