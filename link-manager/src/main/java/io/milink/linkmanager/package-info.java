/**
 * The link's life on both sides (see ../shared/design/ARCHITECTURE.md, "Orchestration"): observe SQL Server and the
 * managed instance, plan each object of the link ({@link io.milink.linkmanager.LinkPlanner}), apply the plan's
 * idempotent steps under a journaled run ({@link io.milink.linkmanager.LinkEngine}), render the same plan as a script
 * ({@link io.milink.linkmanager.LinkScript}), list and adopt existing links, remove them, and read their status from
 * both sides ({@link io.milink.linkmanager.LinkStatusReader}), and fail them over, planned
 * ({@link io.milink.linkmanager.PlannedFailover}) or forced ({@link io.milink.linkmanager.ForcedFailover}).
 */
package io.milink.linkmanager;
