package io.milink.simulator.arm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The 2025-01-01 contract check of requests a client sent to the twin ({@link ArmTwin#receivedRequests()}), for
 * product modules' tests: shipped in the simulator's test-jar so a product test validates the bodies the product
 * really put on the wire, with the same validator that keeps the twin's responses honest ({@link OpenApiContracts}).
 */
public final class ArmRequestContracts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContracts CONTRACTS = new OpenApiContracts();

    private ArmRequestContracts() {
    }

    /** The contract operation a request maps to ({@code DistributedAvailabilityGroups_Failover}, ...), if any. */
    public static Optional<String> operationId(RecordedRequest request) {
        return CONTRACTS.find(request.method(), request.path()).map(OpenApiContracts.Operation::operationId);
    }

    /**
     * What is wrong with one request: no contract operation for it, a body where the contract declares none (or
     * the reverse), a wrong api-version, or a body that does not match the declared schema (types, enums, required
     * properties, undeclared properties), or a property the contract marks read-only (ARM would ignore it). Empty
     * when it conforms.
     */
    public static List<String> problems(RecordedRequest request) {
        List<String> problems = new ArrayList<>();
        String where = request.method() + " " + request.path();
        Optional<OpenApiContracts.Operation> op = CONTRACTS.find(request.method(), request.path());
        if (op.isEmpty()) {
            problems.add(where + ": no operation in the 2025-01-01 contracts");
            return problems;
        }
        if (request.query() == null || !request.query().contains("api-version=2025-01-01")) {
            problems.add(where + ": api-version is not 2025-01-01 (query: " + request.query() + ")");
        }
        boolean declaresBody = !CONTRACTS.validateRequest(op.get(), JSON.createObjectNode()).stream()
                .anyMatch(p -> p.endsWith("declares no request body"));
        if (request.body() == null) {
            if (declaresBody) {
                problems.add(where + ": the contract requires a body, none was sent");
            }
            return problems;
        }
        if (!declaresBody) {
            problems.add(where + ": the contract declares no body, one was sent");
            return problems;
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            problems.add(where + ": the body is not JSON: " + e.getMessage());
            return problems;
        }
        problems.addAll(CONTRACTS.validateRequest(op.get(), body));
        problems.addAll(CONTRACTS.readOnlyPropertiesIn(op.get(), body));
        return problems;
    }
}
