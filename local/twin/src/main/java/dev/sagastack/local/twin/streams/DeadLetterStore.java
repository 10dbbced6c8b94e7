package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The local on-failure destination of the stream mappings (an SQS dead-letter queue in AWS). In memory,
 * or appended to {@code dead-letters.jsonl} (one JSON document a line, forced to disk) under a data directory.
 */
public final class DeadLetterStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DeadLetter> letters = new ArrayList<>();
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
        file.ifPresent(path -> append(path, letter));
        letters.add(letter);
    }

    /** Newest first. */
    public synchronized List<DeadLetter> list() {
        List<DeadLetter> copy = new ArrayList<>(letters);
        copy.sort(Comparator.comparing(DeadLetter::time).reversed());
        return copy;
    }

    public synchronized int size() {
        return letters.size();
    }

    public static ObjectNode toJson(DeadLetter letter) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", letter.id());
        node.put("time", letter.time().toString());
        node.put("functionName", letter.functionName());
        node.put("condition", letter.condition());
        node.put("attempts", letter.attempts());
        node.put("lastError", letter.lastError());
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
                node.get("lastError").asText(), records);
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
                    letters.add(fromJson(JSON.readTree(line)));
                } catch (IOException | RuntimeException e) {
                    // A line torn by a crash mid-append is the only way to get here; the lines before it stand.
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path path, DeadLetter letter) {
        try {
            Files.createDirectories(path.getParent());
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(java.nio.ByteBuffer.wrap((toJson(letter).toString() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
