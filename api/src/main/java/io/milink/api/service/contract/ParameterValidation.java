package io.milink.api.service.contract;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Validates the parameters of an operation without a request body (every read) against the contract, on the event
 * loop, with each parameter's schema validator built once (and, for the simple schemas parameters have, a quick check
 * that lets a valid value through without the general validator: {@link SimpleSchemaCheck}). The same checks and the same exceptions as vertx-openapi's
 * own request validator, which RouterBuilder runs by default: that one hands every request to a worker thread and
 * back ({@code executeBlocking}, ordered per context, so a busy route's validations also wait for each other) and
 * builds each schema's validator anew per request (a copy of the contract's whole schema lookup map), which made
 * validation the largest single cost of a status read. Validating a few path, query or header values is microseconds
 * of work, which belongs on the event loop. Operations with a body keep the stock validator.
 */
public final class ParameterValidation implements Handler<RoutingContext> {

    /**
     * One parameter of the operation, with its schema's validator and, for a simple schema, its quick check (null
     * otherwise), built when the router is.
     */
    private record Checked(Parameter parameter, ParameterTransformer transformer, Validator validator,
                           SimpleSchemaCheck quick) {
    }

    private static final Map<Style, ParameterTransformer> TRANSFORMERS = transformers();

    private final Operation operation;
    private final List<Checked> parameters;
    private final BiFunction<RoutingContext, Operation, Future<ValidatableRequest>> extractor;

    /**
     * @param extractor how the route's request becomes what is validated (the same extractor RouterBuilder is given)
     * @throws IllegalArgumentException for an operation with a request body: those keep the stock validator
     */
    public ParameterValidation(OpenAPIContract contract, Operation operation,
                               BiFunction<RoutingContext, Operation, Future<ValidatableRequest>> extractor) {
        if (operation.getRequestBody() != null) {
            throw new IllegalArgumentException(operation.getOperationId() + " has a request body");
        }
        this.operation = operation;
        this.extractor = extractor;
        this.parameters = operation.getParameters().stream()
                .map(p -> new Checked(p, TRANSFORMERS.get(p.getStyle()),
                        contract.getSchemaRepository().validator(p.getSchema()),
                        SimpleSchemaCheck.of(p.getSchema()).orElse(null)))
                .toList();
    }

    /** The parameters of the operation whose schema has a quick check (tests make sure the contract's all have). */
    List<String> quicklyChecked() {
        return parameters.stream().filter(c -> c.quick() != null).map(c -> c.parameter().getName()).toList();
    }

    /** Whether this handler can validate the operation: it has no request body. */
    public static boolean covers(Operation operation) {
        return operation.getRequestBody() == null;
    }

    @Override
    public void handle(RoutingContext ctx) {
        extractor.apply(ctx, operation).onComplete(extracted -> {
            if (extracted.failed()) {
                fail(ctx, extracted.cause());
                return;
            }
            ValidatedRequest validated;
            try {
                validated = validate(extracted.result());
            } catch (RuntimeException e) {
                fail(ctx, e);
                return;
            }
            ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
            ctx.next();
        });
    }

    /** As RouterBuilder fails a route whose request did not validate: a refusal is a 400 with its cause. */
    private static void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ValidatorException) {
            ctx.fail(new HttpException(400, failure.getMessage(), failure));
        } else {
            ctx.fail(failure);
        }
    }

    ValidatedRequest validate(ValidatableRequest request) {
        Map<String, RequestParameter> cookies = new HashMap<>();
        Map<String, RequestParameter> headers = new HashMap<>();
        Map<String, RequestParameter> path = new HashMap<>();
        Map<String, RequestParameter> query = new HashMap<>();
        for (Checked checked : parameters) {
            Parameter p = checked.parameter();
            switch (p.getIn()) {
                case COOKIE -> cookies.put(p.getName(), validate(checked, request.getCookies().get(p.getName())));
                case HEADER -> headers.put(p.getName(), validate(checked, request.getHeaders().get(p.getName())));
                case PATH -> path.put(p.getName(), validate(checked, request.getPathParameters().get(p.getName())));
                case QUERY -> query.put(p.getName(), validate(checked, request.getQuery().get(p.getName())));
                default -> throw new IllegalStateException("a parameter in " + p.getIn());
            }
        }
        return new Validated(cookies, headers, path, query);
    }

    private static RequestParameter validate(Checked checked, RequestParameter value) {
        Parameter parameter = checked.parameter();
        if (value == null || value.isNull()) {
            if (parameter.isRequired()) {
                throw ValidatorException.createMissingRequiredParameter(parameter);
            }
            return Value.NULL;
        }
        if (checked.transformer() == null) {
            throw ValidatorException.createUnsupportedValueFormat(parameter);
        }
        Object transformed = checked.transformer().transform(parameter, String.valueOf(value.get()));
        if (checked.quick() != null && checked.quick().accepts(transformed)) {
            return new Value(transformed);
        }
        OutputUnit result = checked.validator().validate(transformed);
        try {
            result.checkValidity();
        } catch (JsonSchemaValidationException e) {
            throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
        }
        return new Value(transformed);
    }

    private static Map<Style, ParameterTransformer> transformers() {
        Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);
        transformers.put(Style.SIMPLE, new SimpleTransformer());
        transformers.put(Style.LABEL, new LabelTransformer());
        transformers.put(Style.MATRIX, new MatrixTransformer());
        transformers.put(Style.FORM, new FormTransformer());
        return transformers;
    }

    /** A validated value, as the handlers read it through {@link ValidatedRequest}. */
    private record Value(Object get) implements RequestParameter {
        static final Value NULL = new Value(null);
    }

    private record Validated(Map<String, RequestParameter> getCookies, Map<String, RequestParameter> getHeaders,
                             Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery)
            implements ValidatedRequest {
        @Override
        public RequestParameter getBody() {
            return Value.NULL;
        }
    }
}
