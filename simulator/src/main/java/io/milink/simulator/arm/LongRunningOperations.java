package io.milink.simulator.arm;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.vertx.core.json.JsonObject;

/**
 * The twin's long-running operations (arm-api.md §6). An operation advances only when it is polled: the first
 * {@code pollsInProgress} polls (through either its {@code Location} or its {@code Azure-AsyncOperation} URL)
 * answer "still running", the next one completes it. Completing runs the change the request asked for (so the
 * resource changes when the operation succeeds, as a client polling ARM observes it) or, when a fault says so or
 * the change itself is refused (an {@link ArmException} from it, e.g. a link whose prerequisites are missing), ends
 * the operation {@code Failed} with that error.
 */
final class LongRunningOperations {

    enum Status { InProgress, Succeeded, Failed }

    /**
     * One operation.
     *
     * @param kind      the resource type's plural, e.g. {@code distributedAvailabilityGroups}: ARM names the
     *                  operation URLs after it ({@code …/locations/{l}/{kind}OperationResults/{id}})
     * @param onSuccess applies the change and returns the final body for the Location URL (null = no body); an
     *                  {@link ArmException} from it fails the operation with its error
     * @param failure   non-null when the operation is to fail
     */
    static final class Operation {
        final String id = UUID.randomUUID().toString();
        final String kind;
        final Instant startTime = Instant.now();
        private final Supplier<JsonObject> onSuccess;
        private ArmError failure;
        private int pollsLeft;
        private Status status = Status.InProgress;
        private JsonObject result;
        private Instant endTime;
        private final Supplier<Instant> clock;
        private final Instant notBefore;

        private Operation(String kind, int pollsInProgress, Supplier<JsonObject> onSuccess, ArmError failure,
                          Supplier<Instant> clock, Instant notBefore) {
            this.kind = kind;
            this.clock = clock;
            this.notBefore = notBefore;
            this.pollsLeft = pollsInProgress;
            this.onSuccess = onSuccess;
            this.failure = failure;
        }

        /** Advances the operation by one poll and returns its status after it. */
        synchronized Status poll() {
            if (status != Status.InProgress) {
                return status;
            }
            if (pollsLeft > 0) {
                pollsLeft--;
                return status;
            }
            if (notBefore != null && clock.get().isBefore(notBefore)) {
                return status;
            }
            endTime = Instant.now();
            if (failure != null) {
                status = Status.Failed;
                return status;
            }
            try {
                result = onSuccess.get();
                status = Status.Succeeded;
            } catch (ArmException e) {
                failure = e.error();
                status = Status.Failed;
            }
            return status;
        }

        synchronized JsonObject result() {
            return result;
        }

        synchronized ArmError failure() {
            return failure;
        }

        /** The {@code Azure-AsyncOperation} status resource: {@code {id, name, status, startTime, endTime?, error?}}. */
        synchronized JsonObject statusJson(String url) {
            JsonObject json = new JsonObject().put("id", url).put("name", id).put("status", status.name())
                    .put("startTime", startTime.toString());
            if (endTime != null) {
                json.put("endTime", endTime.toString());
            }
            if (status == Status.Failed) {
                json.put("error", failure.errorDetail());
            }
            return json;
        }
    }

    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final int pollsInProgress;

    LongRunningOperations(int pollsInProgress) {
        this.pollsInProgress = pollsInProgress;
    }

    Operation start(String kind, Supplier<JsonObject> onSuccess, ArmError failure) {
        return start(kind, onSuccess, failure, null, null);
    }

    /**
     * An operation that also stays in progress until {@code clock} (the link world's) reaches {@code notBefore}:
     * a slow operation in simulated time.
     */
    Operation start(String kind, Supplier<JsonObject> onSuccess, ArmError failure, Supplier<Instant> clock,
                    Instant notBefore) {
        Operation operation = new Operation(kind, pollsInProgress, onSuccess, failure, clock, notBefore);
        operations.put(operation.id, operation);
        return operation;
    }

    Optional<Operation> find(String kind, String id) {
        return Optional.ofNullable(operations.get(id)).filter(o -> o.kind.equals(kind));
    }
}
