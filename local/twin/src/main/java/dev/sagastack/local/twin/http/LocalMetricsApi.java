package dev.sagastack.local.twin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.lambda.LambdaHost;
import dev.sagastack.local.twin.metrics.SdkCallCounter;
import dev.sagastack.local.twin.streams.DeadLetterStore;
import dev.sagastack.local.twin.streams.EventSourceMapping;
import io.javalin.config.RoutesConfig;

import java.util.List;

/** {@code GET /_local/metrics}: SDK calls by operation, function invocations, stream mappings, dead letters. */
public final class LocalMetricsApi implements RouteRegistrar {

    public static final String PATH = "/_local/metrics";

    private final LambdaHost lambdas;
    private final List<EventSourceMapping> mappings;
    private final DeadLetterStore deadLetters;

    public LocalMetricsApi(LambdaHost lambdas, List<EventSourceMapping> mappings, DeadLetterStore deadLetters) {
        this.lambdas = lambdas;
        this.mappings = mappings;
        this.deadLetters = deadLetters;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> {
            ObjectNode body = JsonResponses.JSON.createObjectNode();
            body.set("sdkCalls", JsonResponses.JSON.valueToTree(SdkCallCounter.snapshot()));
            body.set("sdkCallsByFunction", JsonResponses.JSON.valueToTree(SdkCallCounter.byFunction()));
            body.set("functions", JsonResponses.JSON.valueToTree(lambdas.stats()));
            body.set("streamMappings", JsonResponses.JSON.valueToTree(mappings.stream().map(EventSourceMapping::stats).toList()));
            body.put("deadLetters", deadLetters.size());
            JsonResponses.send(ctx, 200, body);
        });
    }
}
