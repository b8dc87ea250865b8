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
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
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
                           SimpleSchemaCheck quick, int pathSegment, boolean plainString) {
    }

    private static final Map<Style, ParameterTransformer> TRANSFORMERS = transformers();

    private final Operation operation;
    private final List<Checked> parameters;
    private final BiFunction<RoutingContext, Operation, Future<ValidatableRequest>> extractor;
    /** Every parameter is a path segment (every read of one thing): read from the path here, not by the extractor. */
    private final boolean onlyPathParameters;

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
                        SimpleSchemaCheck.of(p.getSchema()).orElse(null),
                        p.getIn() == Location.PATH
                                ? RequestUtils.findPathSegment(operation.getAbsoluteOpenAPIPath(), p.getName()) : 0,
                        p.getSchemaType() == SchemaType.STRING
                                && (p.getStyle() == Style.SIMPLE || p.getStyle() == Style.FORM)))
                .toList();
        this.onlyPathParameters = parameters.stream().allMatch(c -> c.parameter().getIn() == Location.PATH);
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
        Map<String, RequestParameter> segments = onlyPathParameters ? plainSegments(ctx.request().path()) : null;
        if (segments != null) {
            validateThenNext(ctx, (in, name) -> segments.get(name));
            return;
        }
        extractor.apply(ctx, operation).onComplete(extracted -> {
            if (extracted.failed()) {
                fail(ctx, extracted.cause());
                return;
            }
            ValidatableRequest request = extracted.result();
            validateThenNext(ctx, (in, name) -> valueIn(request, in, name));
        });
    }

    private void validateThenNext(RoutingContext ctx, RawValues values) {
        ValidatedRequest validated;
        try {
            validated = validate(values);
        } catch (RuntimeException e) {
            fail(ctx, e);
            return;
        }
        ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
        ctx.next();
    }

    /**
     * The path parameters' raw segments, when each is a plain one, which is what the extractor would find: vertx-openapi
     * splits the whole path and looks up each parameter's segment in the template again at every request (a tenth of a
     * status read's time on the event loop in a profile, bench/README.md). Null, so the extractor decides as before,
     * when a segment is empty or percent- or plus-encoded (the extractor decodes those, or refuses them).
     */
    private Map<String, RequestParameter> plainSegments(String path) {
        Map<String, RequestParameter> segments = new HashMap<>(4);
        for (Checked checked : parameters) {
            String segment = PathSegments.plain(path, checked.pathSegment());
            if (segment == null) {
                return null;
            }
            segments.put(checked.parameter().getName(), new Value(segment));
        }
        return segments;
    }

    private static RequestParameter valueIn(ValidatableRequest request, Location in, String name) {
        return switch (in) {
            case COOKIE -> request.getCookies().get(name);
            case HEADER -> request.getHeaders().get(name);
            case PATH -> request.getPathParameters().get(name);
            case QUERY -> request.getQuery().get(name);
        };
    }

    /** Where validation reads each parameter's raw value. */
    @FunctionalInterface
    private interface RawValues {
        RequestParameter of(Location in, String name);
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
        return validate((in, name) -> valueIn(request, in, name));
    }

    private ValidatedRequest validate(RawValues values) {
        Map<String, RequestParameter> cookies = new HashMap<>();
        Map<String, RequestParameter> headers = new HashMap<>();
        Map<String, RequestParameter> path = new HashMap<>();
        Map<String, RequestParameter> query = new HashMap<>();
        for (Checked checked : parameters) {
            Parameter p = checked.parameter();
            switch (p.getIn()) {
                case COOKIE -> cookies.put(p.getName(), validate(checked, values.of(Location.COOKIE, p.getName())));
                case HEADER -> headers.put(p.getName(), validate(checked, values.of(Location.HEADER, p.getName())));
                case PATH -> path.put(p.getName(), validate(checked, values.of(Location.PATH, p.getName())));
                case QUERY -> query.put(p.getName(), validate(checked, values.of(Location.QUERY, p.getName())));
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
        String raw = String.valueOf(value.get());
        // A string in the simple or form style is the value itself. vertx-openapi's transformer first tries the value
        // as JSON, so a link named 1.5 became the number 1.5 and was refused as "not a string", and every name with a
        // dot or a hyphen cost a failed JSON parse (an exception) per request.
        Object transformed = checked.plainString() ? raw : checked.transformer().transform(parameter, raw);
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
