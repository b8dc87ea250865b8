/**
 * What {@code milink link} and the service's link routes share: the create sequence (preflight gate, journaled engine
 * run) over a {@link io.milink.linkmanager.LinkSession} either one opened. Depends on neither the CLI nor the
 * service, so both use it without depending on each other.
 */
package io.milink.api.link;
