package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last sequence number each mapping has finished per shard, so a restarted twin resumes after it
 * (AFTER_SEQUENCE_NUMBER) as a Lambda event source mapping does. Durable under a data directory.
 */
public final class Checkpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The key suffix marking a mapping that has started reading (no shard id contains '#'). */
    private static final String CREATED = "#started";

    private final Map<String, String> positions = new ConcurrentHashMap<>();
    private final Optional<Path> file;

    private Checkpoints(Optional<Path> file) {
        this.file = file;
    }

    public static Checkpoints inMemory() {
        return new Checkpoints(Optional.empty());
    }

    public static Checkpoints durable(Path directory) {
        Checkpoints checkpoints = new Checkpoints(Optional.of(directory.resolve("stream-checkpoints.json")));
        Path path = checkpoints.file.orElseThrow();
        if (Files.exists(path)) {
            try {
                JSON.readTree(path.toFile()).fields()
                        .forEachRemaining(e -> checkpoints.positions.put(e.getKey(), e.getValue().asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return checkpoints;
    }

    public Optional<String> get(String mapping, String shardId) {
        return Optional.ofNullable(positions.get(mapping + "|" + shardId));
    }

    /** Whether the mapping has read from this stream before (a new one starts at its StartingPosition). */
    public boolean started(String mapping) {
        return positions.containsKey(mapping + CREATED);
    }

    public synchronized void markStarted(String mapping) {
        positions.put(mapping + CREATED, "started");
        file.ifPresent(this::write);
    }

    public synchronized void put(String mapping, String shardId, String sequenceNumber) {
        positions.put(mapping + "|" + shardId, sequenceNumber);
        file.ifPresent(this::write);
    }

    private void write(Path path) {
        ObjectNode node = JSON.createObjectNode();
        positions.forEach(node::put);
        try {
            Files.createDirectories(path.getParent());
            Path temp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(node));
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
