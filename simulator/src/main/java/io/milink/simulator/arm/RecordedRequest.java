package io.milink.simulator.arm;

/**
 * A request as the ARM twin received it, before any check: what lets a product test prove the bodies it sent
 * match the contracts (a real client's wire output, not its intentions). The Authorization header is not kept.
 *
 * @param method HTTP method
 * @param path   the path, without the query
 * @param query  the query string, or null
 * @param body   the body as text, or null when the request had none
 */
public record RecordedRequest(String method, String path, String query, String body) {
}
