/**
 * Rehearsals on the built-in twins, shared by the CLI ({@code milink preflight --scenario}, {@code demo},
 * {@code twin}) and the service ({@code POST /v1/preflight} with a scenario): which scenario a value names, starting
 * its twins, and collecting facts from them exactly as from real servers. Depends on neither the CLI nor the service,
 * so both can use it without depending on each other.
 */
package io.milink.api.rehearsal;
