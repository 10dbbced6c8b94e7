package dev.sagastack.local.iam.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * DynamoDB Streams operations: DescribeStream, GetShardIterator and GetRecords on the stream ARN
 * (for GetRecords, the stream the shard iterator belongs to), ListStreams on "*".
 */
public final class StreamsActions implements ServiceActionResolver {

    private static final String PREFIX = "DynamoDBStreams_20120810";

    private final Function<String, Optional<String>> streamOfIterator;

    /** @param streamOfIterator the stream ARN a shard iterator was issued for */
    public StreamsActions(Function<String, Optional<String>> streamOfIterator) {
        this.streamOfIterator = streamOfIterator;
    }

    @Override
    public AwsService service() {
        return AwsService.DYNAMODB_STREAMS;
    }

    @Override
    public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
        String operation = JsonBodies.operation(request, PREFIX);
        JsonNode body = JsonBodies.body(request);
        String action = "dynamodb:" + operation;
        return switch (operation) {
            case "DescribeStream", "GetShardIterator" ->
                    List.of(new AuthorizationRequest(action, JsonBodies.required(body, "StreamArn")));
            case "GetRecords" -> List.of(new AuthorizationRequest(action,
                    streamOfIterator.apply(JsonBodies.required(body, "ShardIterator"))
                            .orElseThrow(() -> new UnreadableRequest("the shard iterator is not valid"))));
            case "ListStreams" -> List.of(new AuthorizationRequest(action, "*"));
            default -> throw new UnreadableRequest("operation " + operation + " is not a DynamoDB Streams operation");
        };
    }
}
