/**
 * Monitoring many links at once (docs/monitoring.md, "Many links"): a {@link io.milink.linkmanager.fleet.LinkFleet}
 * of SQL Servers, managed instances and the links between them, polled by
 * {@link io.milink.linkmanager.fleet.LinkFleetPoller} with one request per source per poll, each poll handed to a
 * listener as every link's {@link io.milink.linkmanager.fleet.LinkReading}.
 */
package io.milink.linkmanager.fleet;
