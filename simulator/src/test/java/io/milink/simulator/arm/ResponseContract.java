package io.milink.simulator.arm;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides what a twin response is checked against, and fails the test when it does not match:
 * <ul>
 *   <li>errors: {@code ErrorResponse} (common-types v5), strictly, with a non-empty code and message;</li>
 *   <li>operations in the 2025-01-01 files: the declared status, headers and schema;</li>
 *   <li>Location polls: 202 without body, or the final body against the resource's GET schema;</li>
 *   <li>managed instance GET: the SQL common v1 {@code TrackedResource}/{@code Sku} definitions, and each
 *       {@code properties} field against the ManagedInstanceGet example's field of that name (the 2025-01-01
 *       ManagedInstances.json was not saved; arm-api.md §2.4);</li>
 *   <li>everything else (databases, permissions, metrics, failover groups, async-operation status): routes with
 *       no contract file here; only the list envelope / status enum is checked, and the result says so.</li>
 * </ul>
 */
final class ResponseContract {

    /** ManagedInstanceProperties fields arm-api.md §2.4 lists that the saved example does not show. */
    private static final Set<String> MI_FIELDS_FROM_ARM_API_NOTES = Set.of("zoneRedundant", "isGeneralPurposeV2",
            "databaseFormat");

    private final OpenApiContracts contracts;

    ResponseContract(OpenApiContracts contracts) {
        this.contracts = contracts;
    }

    /** @return what the response was validated against */
    String check(String method, String path, ArmTestClient.Response r) {
        List<String> problems = new ArrayList<>();
        String against;
        if (r.status() >= 400) {
            against = "ErrorResponse";
            if (r.body() == null) {
                problems.add("error without body");
            } else {
                problems.addAll(contracts.validate(OpenApiContracts.ERROR_RESPONSE, r.body()));
                if (r.body().path("error").path("code").asText("").isEmpty()
                        || r.body().path("error").path("message").asText("").isEmpty()) {
                    problems.add("error code or message empty");
                }
            }
        } else if (path.contains("OperationResults/")) {
            against = "Location poll";
            if (r.status() == 202) {
                if (r.body() != null) {
                    problems.add("202 poll with a body");
                }
                if (r.header("Location") == null) {
                    problems.add("202 poll without Location");
                }
            } else if (r.body() != null) {
                String get = path.contains("distributedAvailabilityGroups") ? "DistributedAvailabilityGroups_Get"
                        : "ServerTrustCertificates_Get";
                against += " -> " + get;
                problems.addAll(contracts.validateResponse(contracts.byId(get), 200, r.headers(), r.body()));
            }
        } else if (path.contains("AzureAsyncOperation/")) {
            against = "Azure-AsyncOperation status (no contract file)";
            if (!Set.of("InProgress", "Succeeded", "Failed", "Canceled").contains(r.body().path("status").asText())) {
                problems.add("status " + r.body().path("status") + " is not an ARM operation status");
            }
        } else {
            Optional<OpenApiContracts.Operation> op = contracts.find(method, path);
            if (op.isPresent()) {
                against = op.get().operationId();
                problems.addAll(contracts.validateResponse(op.get(), r.status(), r.headers(), r.body()));
            } else if (method.equals("GET") && path.matches("(?i).*/providers/Microsoft\\.Sql/managedInstances/[^/]+")) {
                against = "ManagedInstance (common v1 + ManagedInstanceGet example)";
                problems.addAll(checkManagedInstance(r.body()));
            } else {
                against = "no contract file (envelope only)";
                if (r.body() == null || !r.body().has("value") || !r.body().get("value").isArray()) {
                    problems.add("list body without a 'value' array");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(method + " " + path + " -> " + r.status() + " does not match " + against + ": "
                    + problems + "\nbody: " + r.body());
        }
        return against;
    }

    private List<String> checkManagedInstance(JsonNode body) {
        List<String> problems = new ArrayList<>();
        String common = "sql/resource-manager/common/v1/types.json";
        com.fasterxml.jackson.databind.node.ObjectNode envelope = body.deepCopy();
        envelope.remove(List.of("sku", "properties", "identity"));
        problems.addAll(contracts.validate(common + "#/definitions/TrackedResource", envelope));
        problems.addAll(contracts.validate(common + "#/definitions/Sku", body.path("sku")));
        JsonNode example = contracts.document(
                "sql/resource-manager/Microsoft.Sql/stable/2023-08-01/examples/ManagedInstanceGet.json")
                .path("responses").path("200").path("body").path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode expected = example.get(field.getKey());
            if (expected == null) {
                if (!MI_FIELDS_FROM_ARM_API_NOTES.contains(field.getKey())) {
                    problems.add("properties." + field.getKey() + " is neither in the example nor in arm-api.md §2.4");
                }
            } else if (expected.getNodeType() != field.getValue().getNodeType()) {
                problems.add("properties." + field.getKey() + " is " + field.getValue().getNodeType()
                        + ", the example has " + expected.getNodeType());
            }
        }
        return problems;
    }
}
