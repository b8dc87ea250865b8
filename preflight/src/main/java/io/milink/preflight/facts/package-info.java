/**
 * Facts: what the inventory saw, as plain immutable records serialisable to JSON. Checks read only these, so a
 * report can be recomputed from a saved facts file, and facts can come from a DBA's run of the printed inventory
 * batch as well as from a live connection.
 *
 * <p>{@code null} in a fact means "not seen" (for example a column the server's version does not have), never
 * "false".
 */
package io.milink.preflight.facts;
