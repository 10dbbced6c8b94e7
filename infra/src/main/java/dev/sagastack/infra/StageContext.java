package dev.sagastack.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the stage from CDK context. Values given with {@code -c key=value} arrive as strings,
 * values from cdk.json may be JSON booleans; both are accepted, anything else is an error.
 */
public final class StageContext {

    public static final String STAGE = "stage";
    public static final String DAX = "dax";
    public static final String AURORA = "aurora";
    public static final String JWT_ISSUER = "jwtIssuer";
    public static final String JWT_AUDIENCE = "jwtAudience";
    public static final String ALARM_EMAIL = "alarmEmail";

    private StageContext() {
    }

    public static StageConfig read(Function<String, Object> context) {
        StageConfig stage = StageConfig.named(text(context, STAGE).orElse("dev"));
        stage = stage.withDax(flag(context, DAX, true)).withAurora(flag(context, AURORA, true));
        Optional<String> issuer = text(context, JWT_ISSUER);
        Optional<String> audience = text(context, JWT_AUDIENCE);
        if (issuer.isPresent() != audience.isPresent()) {
            throw new IllegalArgumentException("set both -c " + JWT_ISSUER + " and -c " + JWT_AUDIENCE + ", or neither");
        }
        if (issuer.isPresent()) {
            List<String> audiences = Arrays.stream(audience.get().split(","))
                    .map(String::trim).filter(a -> !a.isEmpty()).toList();
            stage = stage.withJwt(new StageConfig.JwtAuthorization(issuer.get(), audiences));
        }
        Optional<String> email = text(context, ALARM_EMAIL);
        if (email.isPresent()) {
            stage = stage.withAlarmEmail(email.get());
        }
        return stage;
    }

    private static Optional<String> text(Function<String, Object> context, String key) {
        Object value = context.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("context '" + key + "' must be a string, got: " + value);
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    private static boolean flag(Function<String, Object> context, String key, boolean defaultValue) {
        Object value = context.apply(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new IllegalArgumentException("context '" + key + "' must be true or false, got: " + value);
    }
}
