package io.milink.api.service.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quick check of the reads' parameters against the bundled contract: it vouches only for values the general JSON
 * Schema validator accepts too (so nothing the contract refuses gets through), it does vouch for the common valid
 * ones (so the reads of links and operations skip the general validator), and every parameter the status reads have
 * gets one.
 */
class ParameterValidationTest {

    private static Vertx vertx;
    private static OpenAPIContract contract;

    @BeforeAll
    static void load() {
        vertx = Vertx.vertx();
        contract = ServiceContract.load(vertx).contract();
    }

    @AfterAll
    static void close() {
        vertx.close().await();
    }

    private static List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Path path : contract.getPaths()) {
            for (Operation operation : path.getOperations()) {
                all.addAll(operation.getParameters());
            }
        }
        return all;
    }

    private static Operation operation(String operationId) {
        return contract.operation(operationId);
    }

    @Test
    void everyParameterOfTheStatusReadsAndTheListsHasAQuickCheck() {
        for (String operationId : List.of("getLink", "getOperation", "listPreflights", "getPreflightChecklist",
                "getLinkPlan", "getLinkScript")) {
            ParameterValidation validation = new ParameterValidation(contract, operation(operationId),
                    (ctx, op) -> { throw new AssertionError("not called here"); });
            assertThat(validation.quicklyChecked()).as(operationId)
                    .containsExactlyInAnyOrderElementsOf(operation(operationId).getParameters().stream()
                            .map(Parameter::getName).toList());
        }
    }

    @Test
    void theQuickCheckVouchesOnlyForValuesTheGeneralValidatorAcceptsAndForTheUsualValidOnes() {
        List<String> values = new ArrayList<>(List.of("", " ", "DAG_Sales", "DAG-Sales.2", "_DAG", ".x", "-x", "a b",
                "a/b", "a%20b", "Säles", "\uD83D\uDE00", "x".repeat(128), "x".repeat(129), "x".repeat(300), "0", "1",
                "-1", "50", "500", "501", "1.5", "1e2", "abc", "99999999999", "md", "html", "csv", "junit", "pdf", "MD",
                "md ", "\"etag\"", "W/\"etag\"", "*", "pipeline-42", "a\nb", "null", "true", "[]", "{}"));
        Random random = new Random(20261207);
        String alphabet = "azAZ09_.-: %/\"'\\\u00e4\u20ac\uD83D\uDE00\n";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(12) + (random.nextInt(20) == 0 ? 250 : 0);
            for (int j = 0; j < length; j++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(value.toString());
        }
        int vouched = 0;
        for (Parameter parameter : parameters()) {
            SimpleSchemaCheck quick = SimpleSchemaCheck.of(parameter.getSchema()).orElse(null);
            if (quick == null) {
                continue;
            }
            Validator general = contract.getSchemaRepository().validator(parameter.getSchema());
            ParameterTransformer transformer = parameter.getStyle() == Style.FORM ? new FormTransformer()
                    : new SimpleTransformer();
            for (String raw : values) {
                Object transformed;
                try {
                    transformed = transformer.transform(parameter, raw);
                } catch (RuntimeException refusedBeforeValidation) {
                    continue;
                }
                if (quick.accepts(transformed)) {
                    vouched++;
                    assertThat(general.validate(transformed).getValid())
                            .as("%s '%s' vouched for by the quick check", parameter.getName(), raw).isTrue();
                }
            }
        }
        assertThat(vouched).as("values the quick check let through").isGreaterThan(1_000);

        Parameter name = operation("getLink").getParameters().get(0);
        SimpleSchemaCheck linkName = SimpleSchemaCheck.of(name.getSchema()).orElseThrow();
        assertThat(linkName.accepts("DAG_Sales")).isTrue();
        assertThat(linkName.accepts("x".repeat(128))).isTrue();
        assertThat(linkName.accepts("x".repeat(129))).isFalse();
        assertThat(linkName.accepts("bad name")).isFalse();
    }
}
