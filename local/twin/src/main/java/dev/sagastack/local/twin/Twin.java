package dev.sagastack.local.twin;

import dev.sagastack.api.openapi.OpenApiDocument;
import dev.sagastack.config.AppConfig;
import dev.sagastack.config.SdkHttp;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import dev.sagastack.functions.StreamSubscription;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.SchemaMigrations;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.http.StepFunctionsApi;
import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import dev.sagastack.local.twin.apidocs.ApiReference;
import dev.sagastack.local.twin.console.ConsoleApi;
import dev.sagastack.local.twin.console.ConsoleAssets;
import dev.sagastack.local.twin.gateway.HttpApiEvents;
import dev.sagastack.local.twin.gateway.HttpApiGateway;
import dev.sagastack.local.twin.http.LocalFaultsApi;
import dev.sagastack.local.twin.http.LocalMetricsApi;
import dev.sagastack.local.twin.http.RouteRegistrar;
import dev.sagastack.local.twin.http.TwinHttpServer;
import dev.sagastack.local.twin.lambda.FunctionArns;
import dev.sagastack.local.twin.lambda.FunctionDefinition;
import dev.sagastack.local.twin.lambda.HandlerFactory;
import dev.sagastack.local.twin.lambda.LambdaHost;
import dev.sagastack.local.twin.net.InProcessTransport;
import dev.sagastack.local.twin.postgres.InventoryPostgres;
import dev.sagastack.local.twin.streams.Checkpoints;
import dev.sagastack.local.twin.streams.DeadLetterStore;
import dev.sagastack.local.twin.streams.EventSourceMapping;
import dev.sagastack.local.twin.streams.EventSourceMappingConfig;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole system on one machine: the embedded DynamoDB-compatible server with the application's tables,
 * embedded PostgreSQL with the inventory schema, the Step Functions engine with the project's state machines,
 * every catalog function hosted as Lambda hosts it, the stream event source mappings, and one HTTP server for
 * the API (API Gateway emulation), the console and the local endpoints. {@link #close()} stops it all, in reverse.
 */
public final class Twin implements AutoCloseable {

    /**
     * System property: {@code false} makes the clients in this JVM reach the engines over loopback TCP with the
     * URL-connection client instead of the in-process transport (for comparisons).
     */
    public static final String IN_PROCESS_PROPERTY = "sagastack.twin.inProcessTransport";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final TwinOptions options;
    private DynamoDbServer dynamoDb;
    private InventoryPostgres postgres;
    private StepFunctionsEngine stepFunctions;
    private StepFunctionsServer stepFunctionsServer;
    private LambdaHost lambdas;
    private DeadLetterStore deadLetters;
    private final List<EventSourceMapping> mappings = new ArrayList<>();
    private TwinHttpServer http;
    private Map<String, String> stateMachineArns;
    private DynamoDbClient dynamoClient;
    private java.util.concurrent.CompletableFuture<InventoryPostgres> startingPostgres;

    private Twin(TwinOptions options) {
        this.options = options;
    }

    public static Twin start(TwinOptions options, PrintStream log) {
        Twin twin = new Twin(options);
        try {
            twin.startAll(log);
            return twin;
        } catch (RuntimeException | Error e) {
            twin.close();
            throw e;
        }
    }

    private void startAll(PrintStream log) {
        long[] mark = {System.nanoTime()};
        java.util.function.Consumer<String> phase = what -> {
            long now = System.nanoTime();
            log.printf("  %-16s %5d ms%n", what, (now - mark[0]) / 1_000_000);
            mark[0] = now;
        };
        Optional<Path> data = options.dataDirectory();
        // PostgreSQL is a separate process that takes seconds to start: start it while the rest starts here.
        startingPostgres = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            InventoryPostgres started = InventoryPostgres.start(data.map(d -> d.resolve("postgres")));
            try {
                migrateInventory(TwinEnvironment.inventoryDatabase(started));
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            return started;
        });
        DynamoDbServer.Options dynamoOptions = DynamoDbServer.Options.defaults().withHost("127.0.0.1");
        if (data.isPresent()) {
            dynamoOptions = dynamoOptions.withDataDirectory(data.get().resolve("dynamodb"));
        }
        dynamoDb = keep(DynamoDbServer.start(dynamoOptions));
        if (options.allowFaults()) {
            // the engine's own faults (throttling, server errors, latency) on its endpoint's control target
            dynamoDb.api().allowFaults();
        }
        // The functions' and the twin's own clients reach the engines in this JVM without a socket (see
        // InProcessTransport), at the engines' real endpoints.
        SdkHttpClient transport = transport();
        URI dynamoForClients = dynamoDb.endpoint();
        int dynamoPort = dynamoDb.port();
        InProcessTransport.shared().registerDynamoDb(dynamoPort, dynamoDb.api());
        keep(() -> InProcessTransport.shared().unregister(dynamoPort));
        dynamoClient = keep(dynamoClient(dynamoForClients, transport));
        TwinTables.ensure(dynamoClient);
        phase.accept("dynamodb");


        // With a data directory the engine resumes running executions as soon as it is built, before the
        // functions are hosted: their tasks wait here until the host is ready.
        java.util.concurrent.CompletableFuture<LambdaHost> hostForEngine = new java.util.concurrent.CompletableFuture<>();
        StepFunctionsEngine.Builder engine = StepFunctionsEngine.builder()
                .region(FunctionArns.REGION).accountId(FunctionArns.ACCOUNT_ID)
                .dynamoDbEndpoint(dynamoDb.endpoint())
                .lambdaInvoker((name, payload, context) -> new HostedLambdaInvoker(
                        hostForEngine.get(5, java.util.concurrent.TimeUnit.MINUTES)).invoke(name, payload, context));
        data.ifPresent(d -> engine.dataDirectory(d.resolve("stepfunctions")));
        stepFunctions = keep(engine.build());
        stepFunctionsServer = keep(StepFunctionsServer.start(stepFunctions, "127.0.0.1", 0));
        URI stepFunctionsForClients = stepFunctionsServer.endpoint();
        int stepFunctionsPort = stepFunctionsForClients.getPort();
        InProcessTransport.shared().registerStepFunctions(stepFunctionsPort, new StepFunctionsApi(stepFunctions));
        keep(() -> InProcessTransport.shared().unregister(stepFunctionsPort));
        stateMachineArns = StateMachines.register(stepFunctions);
        phase.accept("step functions");

        try {
            postgres = keep(startingPostgres.join());
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        phase.accept("postgresql+flyway");
        TwinEnvironment.configureSdk(dynamoForClients, stepFunctionsForClients);
        if (transport instanceof InProcessTransport) {
            SdkHttp.install(transport);
        } else {
            SdkHttp.uninstall();
        }
        Map<String, String> shared = TwinEnvironment.shared(dynamoForClients, stepFunctionsForClients,
                stateMachineArns.get("order-saga"), postgres, data.map(d -> d.resolve("twin")));
        List<FunctionDefinition> functions = new ArrayList<>();
        for (FunctionSpec spec : Functions.all()) {
            FunctionDefinition definition = new FunctionDefinition(spec.name(), HandlerFactory.reflective(spec.handlerClass()), spec.timeout(),
                    spec.memoryMb(), TwinEnvironment.forFunction(shared, spec));
            if (options.lambdaTimeout().isPresent() && Functions.sagaSteps().contains(spec)
                    && options.lambdaTimeout().get().compareTo(definition.timeout()) < 0) {
                definition = definition.withTimeout(options.lambdaTimeout().get());
            }
            functions.add(definition);
        }
        lambdas = keep(new LambdaHost(functions, log));
        hostForEngine.complete(lambdas);

        deadLetters = data.map(d -> DeadLetterStore.durable(d.resolve("twin"))).orElseGet(DeadLetterStore::inMemory);
        Checkpoints checkpoints = data.map(d -> Checkpoints.durable(d.resolve("twin"))).orElseGet(Checkpoints::inMemory);
        DynamoDbStreamsClient streams = keep(streamsClient(dynamoForClients, transport));
        for (StreamSubscription subscription : StreamSubscription.all()) {
            EventSourceMapping mapping = keep(new EventSourceMapping(mappingConfig(subscription), dynamoClient, streams,
                    lambdas, deadLetters, checkpoints, Clock.systemUTC(), log));
            mappings.add(mapping);
            mapping.start();
        }

        HttpApiGateway gateway = new HttpApiGateway(ApiRoutes.routeTable(),
                new HttpApiEvents(FunctionArns.ACCOUNT_ID, "sagastack1", FunctionArns.REGION), lambdas,
                Functions.HTTP_API.name(), Clock.systemUTC());
        List<RouteRegistrar> own = new ArrayList<>();
        own.add(new ConsoleAssets());
        // the gateway has every route of the catalog (HttpApiRoutes.gatewayRouteKeys), so the document has them too
        own.add(new ApiReference(OpenApiDocument.forStage(true)));
        own.add(new ConsoleApi(stepFunctions, stateMachineArns, deadLetters, dynamoClient,
                TwinTables.name(Tables.SINGLE_TABLE)));
        own.add(new LocalMetricsApi(lambdas, mappings, deadLetters));
        if (options.allowFaults()) {
            own.add(new LocalFaultsApi(lambdas));
        }
        phase.accept("functions");
        http = keep(TwinHttpServer.start(options.host(), options.port(), gateway, own));
        phase.accept("http");
    }

    private void migrateInventory(Map<String, String> environment) {
        SchemaMigrations.migrate(InventoryDatabase.connectionFactory(
                AppConfig.fromEnvironment(environment).requireInventoryDatabase()));
    }

    public URI apiUrl() {
        return URI.create("http://" + hostForUrl() + ":" + http.port());
    }

    public URI consoleUrl() {
        return URI.create(apiUrl() + "/console/");
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public URI stepFunctionsEndpoint() {
        return stepFunctionsServer.endpoint();
    }

    public int postgresPort() {
        return postgres.port();
    }

    public Map<String, String> stateMachineArns() {
        return stateMachineArns;
    }

    public LambdaHost lambdas() {
        return lambdas;
    }

    private String hostForUrl() {
        return options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
    }

    /** The HTTP client of the clients in this JVM: in-process unless {@value #IN_PROCESS_PROPERTY} is false. */
    private SdkHttpClient transport() {
        return Boolean.parseBoolean(System.getProperty(IN_PROCESS_PROPERTY, "true"))
                ? InProcessTransport.shared() : keep(UrlConnectionHttpClient.create());
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * The twin's poller for a subscription, with the deployed mapping's settings except the batching
     * window: 0 (Lambda's default for streams) instead of AWS's 1 s, which would put up to a second of
     * lag on every local read model.
     */
    private static EventSourceMappingConfig mappingConfig(StreamSubscription subscription) {
        return new EventSourceMappingConfig(TwinTables.name(subscription.table()), subscription.function().name(),
                subscription.batchSize(), Duration.ZERO, true, subscription.retryAttempts(), true,
                List.of(subscription.filterPattern()));
    }

    private static DynamoDbClient dynamoClient(URI endpoint, SdkHttpClient transport) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(FunctionArns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(transport).build();
    }

    private static DynamoDbStreamsClient streamsClient(URI endpoint, SdkHttpClient transport) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.of(FunctionArns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(transport).build();
    }

    /**
     * Stops the HTTP server (no new work), the pollers and the Step Functions engine first, so no execution
     * records a failure because a function or PostgreSQL went away under it; then the rest in reverse order of
     * start. Executions still running are kept (with a data directory) and resume at the next start.
     */
    @Override
    public void close() {
        List<AutoCloseable> first = new ArrayList<>();
        if (http != null) {
            first.add(http);
        }
        first.addAll(mappings);
        if (stepFunctionsServer != null) {
            first.add(stepFunctionsServer);
        }
        if (stepFunctions != null) {
            first.add(stepFunctions);
        }
        for (AutoCloseable resource : first) {
            if (resources.remove(resource)) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("twin: closing " + resource.getClass().getSimpleName() + " failed: " + e);
                }
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("twin: closing " + resources.get(i).getClass().getSimpleName() + " failed: " + e);
            }
        }
        resources.clear();
        if (postgres == null && startingPostgres != null) {
            // Start-up failed before PostgreSQL was taken over: stop it once it is up.
            try {
                startingPostgres.join().close();
            } catch (RuntimeException e) {
                System.err.println("twin: stopping PostgreSQL failed: " + e);
            }
        }
    }
}
