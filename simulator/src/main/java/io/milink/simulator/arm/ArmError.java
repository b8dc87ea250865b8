package io.milink.simulator.arm;

import java.util.Objects;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An error as ARM sends it: an HTTP status and the {@code ErrorResponse} body
 * {@code {"error":{"code","message","target","details":[]}}} (common-types/resource-management/v5/types.json,
 * referenced as every operation's {@code default} response in the 2025-01-01 contracts).
 *
 * @param target null when the error is not about one field
 */
public record ArmError(int status, String code, String message, String target) {

    public ArmError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static ArmError of(int status, String code, String message) {
        return new ArmError(status, code, message, null);
    }

    /** The {@code error} object alone, as an {@code Azure-AsyncOperation} status resource embeds it. */
    public JsonObject errorDetail() {
        JsonObject error = new JsonObject().put("code", code).put("message", message);
        if (target != null) {
            error.put("target", target);
        }
        return error.put("details", new JsonArray());
    }

    public JsonObject body() {
        return new JsonObject().put("error", errorDetail());
    }

    // The codes and texts below are the ones the 2025-01-01 contracts list in their `default` descriptions
    // (arm-api.md §5), except where noted.

    /** ARM's own answer to a request without {@code api-version} (not in the RP contracts; ARM front door). */
    public static ArmError missingApiVersion() {
        return of(400, "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.");
    }

    /** ARM front door's answer to a request without an Authorization header (text as ARM returns it). */
    public static ArmError authorizationHeaderMissing() {
        return of(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    }

    /** ARM front door's answer to an Authorization header that is not a bearer token. */
    public static ArmError invalidAuthenticationToken() {
        return of(401, "InvalidAuthenticationToken", "The access token is invalid.");
    }

    public static ArmError managedInstanceStoppingOrStopped() {
        return of(400, "ManagedInstanceStoppingOrStopped",
                "Conflicting operation submitted while instance is in stopping/stopped state");
    }

    public static ArmError managedInstanceStarting() {
        return of(400, "ManagedInstanceStarting",
                "Conflicting operation submitted while instance is in starting state");
    }

    /** ARM's text for a missing tracked resource. */
    public static ArmError managedInstanceNotFound(String resourceGroup, String name) {
        return of(404, "ResourceNotFound", "The Resource 'Microsoft.Sql/managedInstances/" + name
                + "' under resource group '" + resourceGroup + "' was not found. For more details please go to"
                + " https://aka.ms/ARMResourceNotFoundFix");
    }

    public static ArmError resourceGroupNotFound(String resourceGroup) {
        return of(404, "ResourceGroupNotFound", "Resource group '" + resourceGroup + "' could not be found.");
    }

    public static ArmError subscriptionNotFound(String subscriptionId) {
        return of(404, "SubscriptionNotFound", "The subscription '" + subscriptionId + "' could not be found.");
    }

    /** A missing child resource (trust certificate, link, endpoint certificate type, database). */
    public static ArmError childNotFound() {
        return of(404, "ResourceNotFound", "The requested resource was not found.");
    }

    public static ArmError invalidPublicBlob(String reason) {
        return new ArmError(400, "InvalidPublicBlob",
                "Invalid public blob specified, reason: '" + reason + "'.", "publicBlob");
    }

    public static ArmError missingPublicBlob() {
        return new ArmError(400, "MissingPublicBlob", "The public blob is missing.", "publicBlob");
    }

    public static ArmError certificateAlreadyExists() {
        return of(400, "CertificateAlreadyExists", "A certificate with a given name already exists or this"
                + " certificate already has been added to the database.");
    }

    public static ArmError managedDatabaseNameInUse(String database) {
        return of(400, "ManagedDatabaseNameInUse",
                "Database '" + database + "' already exists. Choose a different database name.");
    }

    /** A twin bug, labelled as the twin's so nobody mistakes it for Azure's behaviour. */
    public static ArmError twinInternalError(String detail) {
        return of(500, "TwinInternalError", "The ARM twin failed: " + detail);
    }
}
