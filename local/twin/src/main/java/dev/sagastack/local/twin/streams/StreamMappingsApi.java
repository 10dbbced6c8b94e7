package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.http.JsonResponses;
import dev.sagastack.local.twin.http.RouteRegistrar;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The twin's endpoints for its stream mappings and their dead letters:
 * <ul>
 *   <li>{@code GET /_local/api/mappings}: each mapping's settings, counters and open dead letters;</li>
 *   <li>{@code POST /_local/api/dead-letters/redrive [{"function"}]}: sends every open dead letter (of one
 *       mapping's function) to its function again and answers how many were processed and how many failed;</li>
 *   <li>{@code GET /_local/api/queues} and {@code GET /_local/api/queues/messages?queueArn=}: the on-failure
 *       destination queues by ARN and their messages, in the shape of SQS ReceiveMessage's response
 *       ({@code Messages[].MessageId, MD5OfBody, Body}) with the invocation record as body;</li>
 *   <li>with {@code --allow-faults}, {@code POST /_local/faults/stream-poller {"function","seconds"}}: stalls a
 *       mapping's poller for that long (1..600 s).</li>
 * </ul>
 */
public final class StreamMappingsApi implements RouteRegistrar {

    public static final String MAPPINGS = "/_local/api/mappings";
    public static final String REDRIVE = "/_local/api/dead-letters/redrive";
    public static final String QUEUES = "/_local/api/queues";
    public static final String STALL = "/_local/faults/stream-poller";

    private final List<EventSourceMapping> mappings;
    private final DeadLetterStore deadLetters;
    private final boolean allowFaults;

    public StreamMappingsApi(List<EventSourceMapping> mappings, DeadLetterStore deadLetters, boolean allowFaults) {
        this.mappings = mappings;
        this.deadLetters = deadLetters;
        this.allowFaults = allowFaults;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(MAPPINGS, this::listMappings);
        routes.post(REDRIVE, this::redrive);
        routes.get(QUEUES, this::listQueues);
        routes.get(QUEUES + "/messages", this::receive);
        if (allowFaults) {
            routes.post(STALL, this::stall);
        }
    }

    private void listMappings(Context ctx) {
        ArrayNode list = JsonResponses.JSON.createArrayNode();
        for (EventSourceMapping mapping : mappings) {
            EventSourceMappingConfig config = mapping.config();
            ObjectNode node = list.addObject();
            node.put("functionName", config.functionName());
            node.put("tableName", config.tableName());
            node.put("startingPosition", config.startingPosition().name());
            node.put("batchSize", config.batchSize());
            node.put("maximumBatchingWindowInSeconds", config.maximumBatchingWindow().toSeconds());
            node.put("maximumRetryAttempts", config.maximumRetryAttempts());
            node.put("maximumRecordAgeInSeconds", config.maximumRecordAge().map(Duration::toSeconds).orElse(-1L));
            node.put("bisectBatchOnFunctionError", config.bisectBatchOnFunctionError());
            node.put("onFailureDestination", config.onFailureDestination().orElse(""));
            node.put("pausedSeconds", mapping.pausedFor().toMillis() / 1000.0);
            node.set("stats", JsonResponses.JSON.valueToTree(mapping.stats()));
            node.put("openDeadLetters", deadLetters.open().stream()
                    .filter(l -> l.functionName().equals(config.functionName())).count());
        }
        JsonResponses.send(ctx, 200, list);
    }

    private void redrive(Context ctx) {
        JsonNode body = body(ctx);
        if (body == null) {
            return;
        }
        Optional<String> function = Optional.ofNullable(body.path("function").asText(null));
        List<EventSourceMapping> chosen = mappings.stream()
                .filter(m -> function.isEmpty() || m.config().functionName().contains(function.get())).toList();
        if (chosen.isEmpty()) {
            JsonResponses.error(ctx, 404, "ResourceNotFoundException", "no stream mapping invokes " + function.orElse(""),
                    "function");
            return;
        }
        ArrayNode results = JsonResponses.JSON.createArrayNode();
        int redriven = 0;
        int failed = 0;
        for (EventSourceMapping mapping : chosen) {
            EventSourceMapping.RedriveResult result = mapping.redrive();
            results.add(JsonResponses.JSON.valueToTree(result));
            redriven += result.redriven();
            failed += result.failed();
        }
        ObjectNode answer = JsonResponses.JSON.createObjectNode();
        answer.put("redriven", redriven);
        answer.put("failed", failed);
        answer.put("open", deadLetters.open().size());
        answer.set("mappings", results);
        JsonResponses.send(ctx, 200, answer);
    }

    private void listQueues(Context ctx) {
        ArrayNode list = JsonResponses.JSON.createArrayNode();
        mappings.stream().map(m -> m.config().onFailureDestination()).flatMap(Optional::stream).distinct()
                .forEach(arn -> list.addObject().put("queueArn", arn).put("ApproximateNumberOfMessages",
                        deadLetters.queue(arn).size()));
        JsonResponses.send(ctx, 200, list);
    }

    private void receive(Context ctx) {
        String arn = ctx.queryParam("queueArn");
        boolean known = arn != null && mappings.stream().anyMatch(m -> m.config().onFailureDestination().equals(Optional.of(arn)));
        if (!known) {
            // SQS's error for a queue that does not exist
            JsonResponses.error(ctx, 400, "AWS.SimpleQueueService.NonExistentQueue",
                    "The specified queue does not exist.", "queueArn");
            return;
        }
        ArrayNode messages = JsonResponses.JSON.createArrayNode();
        for (DeadLetter letter : deadLetters.queue(arn)) {
            String body = DeadLetterStore.invocationRecord(letter).toString();
            ObjectNode message = messages.addObject();
            message.put("MessageId", letter.id());
            message.put("MD5OfBody", md5(body));
            message.put("Body", body);
        }
        ObjectNode answer = JsonResponses.JSON.createObjectNode();
        answer.set("Messages", messages);
        JsonResponses.send(ctx, 200, answer);
    }

    private void stall(Context ctx) {
        JsonNode body = body(ctx);
        if (body == null) {
            return;
        }
        String function = body.path("function").asText("");
        JsonNode seconds = body.get("seconds");
        if (seconds == null || !seconds.isIntegralNumber() || seconds.asLong() < 1 || seconds.asLong() > 600) {
            JsonResponses.error(ctx, 400, "ValidationError", "seconds must be an integer from 1 to 600", "seconds");
            return;
        }
        List<EventSourceMapping> chosen = mappings.stream()
                .filter(m -> !function.isEmpty() && m.config().functionName().contains(function)).toList();
        if (chosen.size() != 1) {
            JsonResponses.error(ctx, 400, "ValidationError", "function must name one mapped function of "
                    + mappings.stream().map(m -> m.config().functionName()).toList(), "function");
            return;
        }
        chosen.get(0).pause(Duration.ofSeconds(seconds.asLong()));
        ObjectNode answer = JsonResponses.JSON.createObjectNode();
        answer.put("function", chosen.get(0).config().functionName());
        answer.put("seconds", seconds.asLong());
        JsonResponses.send(ctx, 201, answer);
    }

    /** The JSON object body ({} when there is none), or null after answering 400. */
    private static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return JsonResponses.JSON.createObjectNode();
        }
        try {
            JsonNode node = JsonResponses.JSON.readTree(bytes);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // answered below
        }
        JsonResponses.error(ctx, 400, "ValidationError", "request body must be a JSON object", null);
        return null;
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
