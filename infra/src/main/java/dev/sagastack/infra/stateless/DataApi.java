package dev.sagastack.infra.stateless;

import dev.sagastack.api.HttpApiRoutes;
import dev.sagastack.functions.Functions;
import dev.sagastack.infra.StageConfig;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Optional;

/**
 * The HTTP API (API Gateway v2): every route authorized (IAM/SigV4 by default, or a JWT issuer
 * chosen for the stage — never anonymous), stage throttling, JSON access logs to an encrypted log
 * group, and one route per entry of the application's route catalog ({@link HttpApiRoutes}) plus an
 * {@code ANY} route per path (so another method gets the handler's 405), each integrated with the HttpApi
 * function's alias.
 */
public final class DataApi extends Construct {

    /**
     * One JSON object per request with HTTP API variables only ("Customize HTTP API access logs",
     * API Gateway developer guide): REST API variables such as {@code $context.resourcePath} log nothing here.
     */
    public static final String ACCESS_LOG_FORMAT = "{"
            + "\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\","
            + "\"userAgent\":\"$context.identity.userAgent\","
            + "\"caller\":\"$context.identity.userArn\","
            + "\"requestTime\":\"$context.requestTime\","
            + "\"httpMethod\":\"$context.httpMethod\","
            + "\"path\":\"$context.path\","
            + "\"routeKey\":\"$context.routeKey\","
            + "\"status\":\"$context.status\","
            + "\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\","
            + "\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationStatus\":\"$context.integration.status\","
            + "\"integrationLatency\":\"$context.integration.latency\","
            + "\"integrationError\":\"$context.integrationErrorMessage\","
            + "\"authorizerError\":\"$context.authorizer.error\""
            + "}";

    private final JavaFunction handler;
    private final HttpApi api;
    private final HttpStage stage;

    public DataApi(Construct scope, String id, StageConfig stageConfig, FunctionCatalog catalog, IKey logKey) {
        super(scope, id);
        // one function serves every route; with inventory access it is capped below the proxy's connections
        this.handler = catalog.create(this, Functions.HTTP_API, Optional.of(stageConfig.sizing().apiConcurrency()));
        this.api = HttpApi.Builder.create(this, "Api")
                .apiName("sagastack-" + stageConfig.name())
                .description("sagastack " + stageConfig.name() + " API")
                .createDefaultStage(false)
                .defaultAuthorizer(authorizer(stageConfig))
                .build();
        this.stage = createStage(stageConfig, logKey);
        addRoutes(stageConfig);
    }

    /** The HttpApi function behind every route. */
    public JavaFunction handler() {
        return handler;
    }

    public HttpApi api() {
        return api;
    }

    public HttpStage stage() {
        return stage;
    }

    private static IHttpRouteAuthorizer authorizer(StageConfig stage) {
        if (stage.jwt().isPresent()) {
            StageConfig.JwtAuthorization jwt = stage.jwt().get();
            return new HttpJwtAuthorizer("JwtAuthorizer", jwt.issuer(),
                    HttpJwtAuthorizerProps.builder().jwtAudience(jwt.audiences()).build());
        }
        return new HttpIamAuthorizer();
    }

    private HttpStage createStage(StageConfig stageConfig, IKey logKey) {
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(stageConfig.sizing().logRetention())
                .encryptionKey(logKey)
                .removalPolicy(stageConfig.dataRemovalPolicy())
                .build();
        IAccessLogDestination destination = new LogGroupLogDestination(accessLogs);
        return api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(stageConfig.sizing().apiRateLimit())
                        .burstLimit(stageConfig.sizing().apiBurstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return destination;
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                })
                .build());
    }

    private void addRoutes(StageConfig stageConfig) {
        HttpLambdaIntegration integration = new HttpLambdaIntegration("HttpApiFunction",
                handler.alias(),
                HttpLambdaIntegrationProps.builder().payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
                        // one lambda:InvokeFunction permission for the whole API instead of one per route: the
                        // alias's resource policy stays far below Lambda's 20 KB limit however many routes there are
                        .scopePermissionToRoute(false)
                        .build());
        for (HttpApiRoutes.Route route : HttpApiRoutes.gatewayRoutes(stageConfig.orderSagaEnabled())) {
            api.addRoutes(AddRoutesOptions.builder()
                    .path(route.pathTemplate())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .build());
        }
    }
}
