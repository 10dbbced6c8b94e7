package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The twin as a newcomer runs it: {@code java -jar local/twin/target/sagastack-local.jar ...} in its own
 * process, on a free port. Its output goes to a log file under {@code target/}; {@link #kill()} is a
 * {@code kill -9}, {@link #close()} a Ctrl-C-like SIGTERM.
 */
final class TwinProcess implements AutoCloseable {

    private static final Pattern API_LINE = Pattern.compile("\\s*HTTP API\\s+(http://\\S+)");
    private static final Pattern DYNAMODB_LINE = Pattern.compile("\\s*DynamoDB\\s+(http://\\S+)");
    private static final Pattern STEP_FUNCTIONS_LINE = Pattern.compile("\\s*Step Functions\\s+(http://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final URI api;
    private final Path log;
    private final List<String> demoLines;
    private final CompletableFuture<URI> dynamoDb;
    private final CompletableFuture<URI> stepFunctions;

    private TwinProcess(Process process, URI api, Path log, List<String> demoLines, CompletableFuture<URI> dynamoDb,
                        CompletableFuture<URI> stepFunctions) {
        this.process = process;
        this.dynamoDb = dynamoDb;
        this.stepFunctions = stepFunctions;
        this.api = api;
        this.log = log;
        this.demoLines = demoLines;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("sagastack.twin.jar", "../local/twin/target/sagastack-local.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it with "
                    + "./mvnw -B -q -pl local/twin -am package -DskipTests");
        }
        return jar;
    }

    /**
     * A copy of the packaged dev assembly's files (not the Lambda jar asset) under {@code target/}, with the
     * Stateless template's {@code Resources} edited: a stage as a platform team might get it wrong.
     */
    static Path editedDevAssembly(String name, Consumer<ObjectNode> editStatelessResources) throws IOException {
        Path source = Path.of("../infra/target/cloud-assembly");
        Path target = Files.createTempDirectory(Path.of("target"), name);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(source, "*.json")) {
            for (Path file : files) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        Path template = target.resolve("Sagastack-dev-Stateless.template.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode document = (ObjectNode) json.readTree(template.toFile());
        editStatelessResources.accept((ObjectNode) document.get("Resources"));
        json.writeValue(template.toFile(), document);
        return target;
    }

    /** Starts the twin with the given options (a free port is added) and waits until it is ready. */
    static TwinProcess start(String name, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx768m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar().toString(), "--port", "0"));
        command.addAll(List.of(options));
        Path log = Path.of("target", "twin-" + name + "-" + System.currentTimeMillis() + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<URI> api = new CompletableFuture<>();
        CompletableFuture<Void> demoDone = new CompletableFuture<>();
        CompletableFuture<URI> dynamoDb = new CompletableFuture<>();
        CompletableFuture<URI> stepFunctions = new CompletableFuture<>();
        List<String> demoLines = java.util.Collections.synchronizedList(new ArrayList<>());
        boolean demo = List.of(options).contains("--demo");
        Thread pump = new Thread(() -> pump(process, log, api, dynamoDb, stepFunctions, demoDone, demoLines), "twin-output-" + name);
        pump.setDaemon(true);
        pump.start();
        try {
            URI url = api.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (demo) {
                demoDone.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            return new TwinProcess(process, url, log, demoLines, dynamoDb, stepFunctions);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the twin did not start; see " + log.toAbsolutePath(), e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<URI> api, CompletableFuture<URI> dynamoDb,
                             CompletableFuture<URI> stepFunctions,
                             CompletableFuture<Void> demoDone,
                             List<String> demoLines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                Matcher matcher = API_LINE.matcher(line);
                if (matcher.matches()) {
                    api.complete(URI.create(matcher.group(1)));
                }
                Matcher dynamo = DYNAMODB_LINE.matcher(line);
                if (dynamo.matches()) {
                    dynamoDb.complete(URI.create(dynamo.group(1)));
                }
                Matcher states = STEP_FUNCTIONS_LINE.matcher(line);
                if (states.matches()) {
                    stepFunctions.complete(URI.create(states.group(1)));
                }
                if (line.startsWith("demo: ")) {
                    demoLines.add(line);
                    if (line.startsWith("demo: open the console")) {
                        demoDone.complete(null);
                    }
                }
            }
        } catch (IOException e) {
            api.completeExceptionally(e);
        } finally {
            api.completeExceptionally(new IllegalStateException("the twin exited before it was ready"));
            dynamoDb.completeExceptionally(new IllegalStateException("the twin printed no DynamoDB endpoint"));
            stepFunctions.completeExceptionally(new IllegalStateException("the twin printed no Step Functions endpoint"));
            demoDone.completeExceptionally(new IllegalStateException("the twin exited before the demo finished"));
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    URI api() {
        return api;
    }

    /** The twin's DynamoDB endpoint, as its start-up lines print it. */
    URI dynamoDb() {
        return endpoint(dynamoDb, "DynamoDB");
    }

    /** The twin's Step Functions endpoint, as its start-up lines print it. */
    URI stepFunctions() {
        return endpoint(stepFunctions, "Step Functions");
    }

    private URI endpoint(CompletableFuture<URI> printed, String service) {
        try {
            return printed.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no " + service + " endpoint in " + log.toAbsolutePath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client of the twin's DynamoDB endpoint with the usual local credentials (the caller closes it). */
    DynamoDbClient dynamoDbClient() {
        return DynamoDbClient.builder().endpointOverride(dynamoDb()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** A client of the twin's Step Functions endpoint with the usual local credentials (the caller closes it). */
    SfnClient sfnClient() {
        return SfnClient.builder().endpointOverride(stepFunctions()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    Path log() {
        return log;
    }

    List<String> demoLines() {
        return List.copyOf(demoLines);
    }

    /** Like {@code kill -9}: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Like Ctrl-C: the twin's shutdown hook stops its engines and PostgreSQL. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
