package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.lambda.FunctionArns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dead letters of the stream mappings: each mapping's on-failure destination queue (an SQS queue in AWS,
 * named by its ARN) and the twin's record of every discarded batch. In memory, or appended to
 * {@code dead-letters.jsonl} (one JSON document a line, forced to disk) under a data directory; a redrive
 * appends a line that marks the letter redriven, so a restart knows which are still open.
 */
public final class DeadLetterStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DeadLetter> letters = new ArrayList<>();
    private final Map<String, Instant> redriven = new LinkedHashMap<>();
    private final Optional<Path> file;

    private DeadLetterStore(Optional<Path> file) {
        this.file = file;
    }

    public static DeadLetterStore inMemory() {
        return new DeadLetterStore(Optional.empty());
    }

    public static DeadLetterStore durable(Path directory) {
        DeadLetterStore store = new DeadLetterStore(Optional.of(directory.resolve("dead-letters.jsonl")));
        store.load();
        return store;
    }

    public synchronized void add(DeadLetter letter) {
        file.ifPresent(path -> append(path, toJson(letter)));
        letters.add(letter);
    }

    /** Newest first. */
    public synchronized List<DeadLetter> list() {
        List<DeadLetter> copy = new ArrayList<>(letters);
        copy.sort(Comparator.comparing(DeadLetter::time).reversed());
        return copy;
    }

    /** The letters not redriven yet, oldest first (the order their records were in the stream). */
    public synchronized List<DeadLetter> open() {
        return letters.stream().filter(l -> !redriven.containsKey(l.id())).toList();
    }

    /** The messages of one destination queue, oldest first. */
    public synchronized List<DeadLetter> queue(String queueArn) {
        return letters.stream().filter(l -> l.destination().equals(queueArn)).toList();
    }

    public synchronized int size() {
        return letters.size();
    }

    public synchronized Optional<Instant> redrivenAt(String id) {
        return Optional.ofNullable(redriven.get(id));
    }

    public synchronized void markRedriven(String id, Instant time) {
        if (redriven.containsKey(id)) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("redriven", id);
        line.put("time", time.toString());
        file.ifPresent(path -> append(path, line));
        redriven.put(id, time);
    }

    /**
     * What the mapping's on-failure destination receives, in the shape of the invocation record of "Retain
     * discarded records for a DynamoDB event source in Lambda" (Lambda Developer Guide): requestContext
     * (condition, approximateInvokeCount), responseContext when the function was invoked, version,
     * timestamp and DDBStreamBatchInfo. No records: as in AWS, they stay in the stream.
     */
    public static ObjectNode invocationRecord(DeadLetter letter) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode request = node.putObject("requestContext");
        request.put("requestId", letter.id());
        String functionArn = FunctionArns.unqualifiedArn(letter.functionName())
                + (letter.functionQualifier().isEmpty() ? "" : ":" + letter.functionQualifier());
        request.put("functionArn", functionArn);
        request.put("condition", letter.condition());
        request.put("approximateInvokeCount", letter.attempts());
        if (letter.attempts() > 0) {
            ObjectNode response = node.putObject("responseContext");
            response.put("statusCode", 200);
            response.put("executedVersion", FunctionArns.executedVersion(functionArn));
            response.put("functionError", "Unhandled");
        }
        node.put("version", "1.0");
        node.put("timestamp", letter.time().toString());
        ObjectNode info = node.putObject("DDBStreamBatchInfo");
        info.put("shardId", letter.shardId());
        info.put("startSequenceNumber", letter.startSequenceNumber());
        info.put("endSequenceNumber", letter.endSequenceNumber());
        info.put("approximateArrivalOfFirstRecord", letter.arrivalOf(0).toString());
        info.put("approximateArrivalOfLastRecord", letter.arrivalOf(letter.records().size() - 1).toString());
        info.put("batchSize", letter.batchSize());
        info.put("streamArn", letter.streamArn());
        return node;
    }

    /** The twin's view of a letter: its invocation record's facts, the records, and whether it was redriven. */
    public ObjectNode describe(DeadLetter letter) {
        ObjectNode node = toJson(letter);
        redrivenAt(letter.id()).ifPresent(t -> node.put("redrivenAt", t.toString()));
        return node;
    }

    public static ObjectNode toJson(DeadLetter letter) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", letter.id());
        node.put("time", letter.time().toString());
        node.put("functionName", letter.functionName());
        node.put("condition", letter.condition());
        node.put("attempts", letter.attempts());
        node.put("lastError", letter.lastError());
        node.put("destination", letter.destination());
        node.put("functionQualifier", letter.functionQualifier());
        ObjectNode info = node.putObject("DDBStreamBatchInfo");
        info.put("shardId", letter.shardId());
        info.put("startSequenceNumber", letter.startSequenceNumber());
        info.put("endSequenceNumber", letter.endSequenceNumber());
        info.put("batchSize", letter.batchSize());
        info.put("streamArn", letter.streamArn());
        ArrayNode records = node.putArray("records");
        letter.records().forEach(records::add);
        return node;
    }

    private static DeadLetter fromJson(JsonNode node) {
        JsonNode info = node.get("DDBStreamBatchInfo");
        List<JsonNode> records = new ArrayList<>();
        node.get("records").forEach(records::add);
        return new DeadLetter(node.get("id").asText(), Instant.parse(node.get("time").asText()),
                node.get("functionName").asText(), info.get("streamArn").asText(), info.get("shardId").asText(),
                info.get("startSequenceNumber").asText(), info.get("endSequenceNumber").asText(),
                info.get("batchSize").asInt(), node.get("condition").asText(), node.get("attempts").asInt(),
                node.get("lastError").asText(), records, node.path("destination").asText(""),
                node.path("functionQualifier").asText(""));
    }

    private void load() {
        Path path = file.orElseThrow();
        if (!Files.exists(path)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node.has("redriven")) {
                        redriven.put(node.get("redriven").asText(), Instant.parse(node.get("time").asText()));
                    } else {
                        letters.add(fromJson(node));
                    }
                } catch (IOException | RuntimeException e) {
                    // A line torn by a crash mid-append is the only way to get here; the lines before it stand.
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path path, JsonNode line) {
        try {
            Files.createDirectories(path.getParent());
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap((line.toString() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
