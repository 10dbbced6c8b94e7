package dev.sagastack.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

import java.util.List;
import java.util.Optional;

/**
 * Everything that differs between deployments of sagastack: one value per stage, chosen by the App
 * from context ({@code -c stage=dev|prod}, {@code -c dax=false}, {@code -c aurora=false}) and
 * handed to the stacks as typed props.
 *
 * @param name             stage name, part of stack and resource names
 * @param retainData       prod: RETAIN, deletion protection; dev: everything may be destroyed
 * @param daxEnabled       false: no DAX cluster, functions read DynamoDB directly
 * @param auroraEnabled    false: no Aurora, no RDS Proxy and therefore no order saga (see README "Stages")
 * @param sizing           capacity choices of the stage
 * @param jwt              when present, API routes use this JWT authorizer instead of IAM authorization
 * @param alarmEmail       when present, subscribed to the alarm topic
 */
public record StageConfig(String name, boolean retainData, boolean daxEnabled, boolean auroraEnabled,
                          Sizing sizing, Optional<JwtAuthorization> jwt, Optional<String> alarmEmail) {

    /** Capacity and retention of a stage. */
    public record Sizing(String daxNodeType, int daxReplicationFactor,
                         double auroraMinCapacity, double auroraMaxCapacity, boolean auroraReader,
                         int backupRetentionDays, RetentionDays logRetention, String logLevel,
                         int apiRateLimit, int apiBurstLimit,
                         int inventoryStepConcurrency, int apiConcurrency,
                         boolean endpointsInEveryAz) {
    }

    /** An OIDC issuer whose tokens the HTTP API accepts instead of SigV4 (IAM) signatures. */
    public record JwtAuthorization(String issuer, List<String> audiences) {
        public JwtAuthorization {
            if (!issuer.startsWith("https://")) {
                throw new IllegalArgumentException("jwtIssuer must be an https URL, got: " + issuer);
            }
            audiences = List.copyOf(audiences);
            if (audiences.isEmpty()) {
                throw new IllegalArgumentException("jwtAudience must name at least one audience");
            }
        }
    }

    public StageConfig {
        if (!name.matches("[a-z][a-z0-9]{0,11}")) {
            throw new IllegalArgumentException("stage name must be 1-12 lower-case letters or digits, got: " + name);
        }
    }

    /** Cheap, destroyable: one DAX node, Aurora that pauses when idle, short log retention. */
    public static StageConfig dev() {
        return new StageConfig("dev", false, true, true,
                new Sizing("dax.t3.small", 1, 0, 2, false, 1, RetentionDays.TWO_WEEKS, "DEBUG",
                        50, 100, 5, 10, false),
                Optional.empty(), Optional.empty());
    }

    /** Keeps data: retained, deletion-protected, multi-AZ DAX and Aurora reader, longer logs. */
    public static StageConfig prod() {
        return new StageConfig("prod", true, true, true,
                new Sizing("dax.r5.large", 3, 0.5, 16, true, 14, RetentionDays.THREE_MONTHS, "INFO",
                        500, 1000, 50, 200, true),
                Optional.empty(), Optional.empty());
    }

    public static StageConfig named(String stage) {
        switch (stage) {
            case "dev":
                return dev();
            case "prod":
                return prod();
            default:
                throw new IllegalArgumentException("unknown stage '" + stage + "': use -c stage=dev or -c stage=prod");
        }
    }

    public StageConfig withDax(boolean enabled) {
        return new StageConfig(name, retainData, enabled, auroraEnabled, sizing, jwt, alarmEmail);
    }

    public StageConfig withAurora(boolean enabled) {
        return new StageConfig(name, retainData, daxEnabled, enabled, sizing, jwt, alarmEmail);
    }

    public StageConfig withJwt(JwtAuthorization authorization) {
        return new StageConfig(name, retainData, daxEnabled, auroraEnabled, sizing, Optional.of(authorization), alarmEmail);
    }

    public StageConfig withAlarmEmail(String email) {
        return new StageConfig(name, retainData, daxEnabled, auroraEnabled, sizing, jwt, Optional.of(email));
    }

    /** The order saga needs the inventory database (its first step reserves stock there). */
    public boolean orderSagaEnabled() {
        return auroraEnabled;
    }

    /** A VPC exists only for what lives in one: DAX and Aurora. */
    public boolean vpcEnabled() {
        return daxEnabled || auroraEnabled;
    }

    public RemovalPolicy dataRemovalPolicy() {
        return retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    /** Prefix of stack names: {@code Sagastack-dev}. */
    public String stackPrefix() {
        return "Sagastack-" + name;
    }
}
