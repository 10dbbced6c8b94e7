package dev.sagastack.local.twin.access;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;
import dev.sagastack.local.iam.actions.StreamsActions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DynamoDB Streams' actions with each stream named by the ARN the template's {@code Fn::GetAtt StreamArn} gave it.
 * In AWS the attribute is the stream's real ARN; locally the template is evaluated before the engine creates the
 * stream (whose label is its creation time), so the table's current stream is authorized as the template names it.
 */
final class TemplateStreamArns implements ServiceActionResolver {

    static final String TARGET_PREFIX = "DynamoDBStreams_20120810.";

    private final StreamsActions actions = new StreamsActions(TemplateStreamArns::streamOfIterator);
    private final Map<String, String> templateStreamArnOfTable;

    TemplateStreamArns(Map<String, String> templateStreamArnOfTable) {
        this.templateStreamArnOfTable = Map.copyOf(templateStreamArnOfTable);
    }

    @Override
    public AwsService service() {
        return AwsService.DYNAMODB_STREAMS;
    }

    @Override
    public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
        return actions.resolve(request, scope).stream()
                .map(r -> new AuthorizationRequest(r.action(), templateArn(r.resource()), r.context())).toList();
    }

    private String templateArn(String resource) {
        int stream = resource.indexOf("/stream/");
        int table = resource.indexOf(":table/");
        if (stream < 0 || table < 0) {
            return resource;
        }
        String template = templateStreamArnOfTable.get(resource.substring(table + ":table/".length(), stream));
        return template == null ? resource : template;
    }

    // The local engine's shard iterators are base64url("1|<stream ARN>|<shard>|<position>|<issued>").
    private static Optional<String> streamOfIterator(String iterator) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8).split("\\|");
            return parts.length == 5 && parts[0].equals("1") ? Optional.of(parts[1]) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
