/**
 * Reachability of the ports a Managed Instance link needs (shared/reference/mi-link-workflow.md §2): a parallel,
 * non-blocking TCP sweep on a Vert.x event loop ({@link io.milink.netprobe.PortProbe}) or on the calling thread with
 * plain java.nio ({@link io.milink.netprobe.SelectorPortProbe}), behind the blocking facade
 * {@link io.milink.netprobe.BlockingPortProbe} the CLI and preflight use, the DNS facts of the target ({@link io.milink.netprobe.HostResolver}),
 * a short-lived inbound listener ({@link io.milink.netprobe.InboundListener}) and the documented SQL Agent job probe
 * ({@link io.milink.netprobe.AgentJobProbeScript}). Results are plain records that serialise to the JSON contract in
 * docs/network.md; {@link io.milink.netprobe.ProbeSummary#of} is the pure function preflight turns into findings.
 */
package io.milink.netprobe;
