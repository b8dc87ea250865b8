package io.milink.simulator.sqlserver.scenario;

/**
 * A scenario value the model's own parsing rejects. Its message says what was expected and never quotes the value,
 * so {@link ScenarioLoader} can pass it on unchanged (a file that is not a scenario may hold a secret).
 */
final class ScenarioValueException extends IllegalArgumentException {

    ScenarioValueException(String message) {
        super(message);
    }
}
