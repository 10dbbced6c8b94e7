package dev.sagastack.local.twin;

import dev.sagastack.api.openapi.OpenApiDocument;
import dev.sagastack.config.SdkHttp;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.observability.InvocationLogging;
import dev.sagastack.local.iam.Credentials;
import dev.sagastack.local.twin.access.AuthorizedLambdaInvoker;
import dev.sagastack.local.twin.access.DenialsApi;
import dev.sagastack.local.twin.access.DynamoDbGate;
import dev.sagastack.local.twin.access.EndpointGuard;
import dev.sagastack.local.twin.access.GuardedHttpServer;
import dev.sagastack.local.twin.access.TwinAccess;
import dev.sagastack.local.twin.cloudformation.AssemblyFiles;
import dev.sagastack.local.twin.cloudformation.CloudAssembly;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.ResourceStatus;
import dev.sagastack.local.twin.cloudformation.SecretValues;
import dev.sagastack.local.twin.cloudformation.TemplateException;
import dev.sagastack.local.twin.console.DaxApi;
import dev.sagastack.local.twin.console.StackApi;
import dev.sagastack.local.twin.console.StateMachinesApi;
import dev.sagastack.local.twin.dax.LocalDax;
import dev.sagastack.local.twin.gateway.LocalJwks;
import dev.sagastack.local.twin.gateway.RouteTable;
import dev.sagastack.local.twin.gateway.TemplateRouteRules;
import dev.sagastack.local.twin.access.ExecuteApiSigner;
import dev.sagastack.local.twin.http.ConsoleApiRelay;
import dev.sagastack.local.twin.http.LocalJwtApi;
import dev.sagastack.local.twin.parameters.ParameterServer;
import dev.sagastack.local.twin.stage.CustomResources;
import dev.sagastack.local.twin.stage.LocalEnvironment;
import dev.sagastack.local.twin.stage.StageWiring;
import dev.sagastack.local.twin.stage.TableDefinitions;
import dev.sagastack.local.stepfunctions.StepFunctionsException;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.http.StepFunctionsApi;
import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import dev.sagastack.local.twin.apidocs.ApiReference;
import dev.sagastack.local.twin.console.ConsoleApi;
import dev.sagastack.local.twin.console.ConsoleAssets;
import dev.sagastack.local.twin.gateway.HttpApiEvents;
import dev.sagastack.local.twin.gateway.HttpApiGateway;
import dev.sagastack.local.twin.gateway.IntegrationPermission;
import dev.sagastack.local.twin.http.LocalFaultsApi;
import dev.sagastack.local.twin.http.LocalMetricsApi;
import dev.sagastack.local.twin.http.RouteRegistrar;
import dev.sagastack.local.twin.http.TwinHttpServer;
import dev.sagastack.local.twin.lambda.FunctionArns;
import dev.sagastack.local.twin.lambda.FunctionDefinition;
import dev.sagastack.local.twin.lambda.HandlerFactory;
import dev.sagastack.local.twin.lambda.LambdaHost;
import dev.sagastack.local.twin.metrics.SdkCallCounter;
import dev.sagastack.local.twin.net.InProcessTransport;
import dev.sagastack.local.twin.postgres.InventoryPostgres;
import dev.sagastack.local.twin.postgres.LocalRdsProxy;
import dev.sagastack.local.twin.postgres.RdsProxyFront;
import dev.sagastack.local.twin.streams.Checkpoints;
import dev.sagastack.local.twin.streams.DeadLetterStore;
import dev.sagastack.local.twin.streams.EventSourceMapping;
import dev.sagastack.local.twin.streams.StreamMappingsApi;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole system on one machine, wired from one stage of a cloud assembly (the packaged dev stage unless
 * {@code --cloud-assembly} names another): the embedded DynamoDB-compatible server with the template's tables,
 * embedded PostgreSQL for the RDS cluster (its schema migrated by the template's custom resource), the Step
 * Functions engine with the template's state machines, every Java function hosted as Lambda hosts it with its
 * template environment, the stream event source mappings, the stage's SSM parameters and secrets, and one HTTP
 * server for the API (API Gateway emulation of the template's routes), the console and the local endpoints.
 * {@link #close()} stops it all, in reverse.
 */
public final class Twin implements AutoCloseable {

    /**
     * System property: {@code false} makes the clients in this JVM reach the engines over loopback TCP with the
     * URL-connection client instead of the in-process transport (for comparisons).
     */
    public static final String IN_PROCESS_PROPERTY = "sagastack.twin.inProcessTransport";
    /** Where the jar carries the dev stage's cloud assembly, synthesized at build time. */
    public static final String PACKAGED_ASSEMBLY = "cloud-assembly";
    /** The functions' log lines name the service the way POWERTOOLS_SERVICE_NAME does. */
    private static final String SERVICE_NAME = "sagastack";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final TwinOptions options;
    private DynamoDbServer dynamoDb;
    private InventoryPostgres postgres;
    private RdsProxyFront databaseProxy;
    private StepFunctionsEngine stepFunctions;
    private GuardedHttpServer stepFunctionsServer;
    private TwinAccess access;
    private LambdaHost lambdas;
    private DeadLetterStore deadLetters;
    private final List<EventSourceMapping> mappings = new ArrayList<>();
    private TwinHttpServer http;
    private Map<String, String> stateMachineArns;
    private DynamoDbClient dynamoClient;
    private CompletableFuture<InventoryPostgres> startingPostgres;
    private Deployment deployment;
    private ParameterServer parameters;
    private List<StageWiring.MappingSpec> mappingSpecs = List.of();
    private final Map<String, Map<String, String>> functionEnvironments = new LinkedHashMap<>();
    private Optional<LocalDax> dax = Optional.empty();

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
        long[] mark = {System.nanoTime(), processCpuMillis()};
        // wall and CPU (all threads, JIT and GC included) per phase: on a busy machine the CPU is the comparable figure
        Consumer<String> phase = what -> {
            long now = System.nanoTime();
            long cpu = processCpuMillis();
            log.printf("  %-16s %5d ms (cpu %d ms)%n", what, (now - mark[0]) / 1_000_000, cpu - mark[1]);
            mark[0] = now;
            mark[1] = cpu;
        };
        Optional<Path> data = options.dataDirectory();
        // The stage is read and evaluated first: a template the twin cannot run stops it before anything starts.
        AssemblyFiles files = options.cloudAssembly().map(AssemblyFiles::directory)
                .orElseGet(() -> AssemblyFiles.classpath(PACKAGED_ASSEMBLY));
        deployment = Deployment.deploy(CloudAssembly.load(files), options.stage(),
                data.map(d -> SecretValues.durable(d.resolve("twin"))).orElseGet(SecretValues::inMemory));
        List<StageWiring.FunctionSpec> functionSpecs = StageWiring.functions(deployment);
        List<StageWiring.StateMachineSpec> machineSpecs = StageWiring.stateMachines(deployment);
        List<StageWiring.RouteSpec> routeSpecs = StageWiring.routes(deployment);
        List<StageWiring.CustomResourceSpec> customResources = StageWiring.customResources(deployment);
        mappingSpecs = StageWiring.mappings(deployment);
        log.printf("  assembly %s, stage %s: %d stacks, %d resources emulated, %d acknowledged%n", files.describe(),
                deployment.stageName(), deployment.stacks().size(), deployment.count(ResourceStatus.EMULATED),
                deployment.count(ResourceStatus.ACKNOWLEDGED));
        phase.accept("cloud assembly");
        access = TwinAccess.fromDeployment(deployment, options.access());
        if (access.enforced()) {
            log.printf("  access: SigV4 and the templates' IAM policies enforced on every AWS endpoint (administrator key %s)%n",
                    access.administrator().accessKeyId());
        } else {
            log.println("  WARNING: --iam off: IAM ENFORCEMENT IS OFF. Every request to the AWS endpoints, the HTTP API and"
                    + " the database is allowed, signed or not; the templates' policies are not checked.");
        }
        EndpointGuard dynamoGuard = access.dynamoDbGuard();
        // PostgreSQL is a separate process that takes seconds to start: start it while the rest starts here.
        if (StageWiring.hasPostgres(deployment)) {
            // before any TLS client of this JVM is built: its default trust store must trust the front's CA
            LocalRdsProxy.certificateAuthority();
            startingPostgres = CompletableFuture.supplyAsync(() ->
                    InventoryPostgres.start(data.map(d -> d.resolve("postgres"))));
        }
        DynamoDbServer.Options dynamoOptions = DynamoDbServer.Options.defaults().withHost("127.0.0.1");
        if (data.isPresent()) {
            dynamoOptions = dynamoOptions.withDataDirectory(data.get().resolve("dynamodb"));
        }
        dynamoDb = keep(DynamoDbServer.start(dynamoOptions, DynamoDbGate.of(dynamoGuard).orElse(null)));
        if (options.allowFaults()) {
            // the engine's own faults (throttling, server errors, latency) on its endpoint's control target
            dynamoDb.api().allowFaults();
        }
        // The functions' and the twin's own clients reach the engines in this JVM without a socket (see
        // InProcessTransport), at the engines' real endpoints.
        SdkHttpClient transport = transport();
        URI dynamoForClients = dynamoDb.endpoint();
        int dynamoPort = dynamoDb.port();
        InProcessTransport.shared().registerDynamoDb(dynamoPort, dynamoDb.api(), dynamoGuard);
        keep(() -> InProcessTransport.shared().unregister(dynamoPort));
        dynamoClient = keep(dynamoClient(dynamoForClients, transport, access.administrator()));
        // The DAX node (its CA and trust store, about a second of CPU) needs only the engine, not the tables:
        // it starts beside the table creation. Before any function builds a client, a TLS cluster's node makes
        // this JVM trust the local CA.
        CompletableFuture<Optional<LocalDax>> startingDax = CompletableFuture.supplyAsync(() ->
                LocalDax.start(deployment, dynamoDb.api(), "127.0.0.1", options.daxPort().orElse(0),
                        access.daxAuthenticator()));
        try {
            TableDefinitions.ensure(dynamoClient, TableDefinitions.of(deployment));
        } catch (RuntimeException e) {
            startingDax.thenAccept(started -> started.ifPresent(LocalDax::close));
            throw e;
        }
        phase.accept("dynamodb");
        try {
            dax = startingDax.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (dax.isPresent()) {
            keep(dax.get());
            phase.accept("dax");
        }

        // With a data directory the engine resumes running executions as soon as it is built, before the
        // functions are hosted: their tasks wait here until the host is ready.
        CompletableFuture<LambdaHost> hostForEngine = new CompletableFuture<>();
        StepFunctionsEngine.Builder engine = StepFunctionsEngine.builder()
                .region(FunctionArns.REGION).accountId(FunctionArns.ACCOUNT_ID)
                .dynamoDbEndpoint(dynamoDb.endpoint())
                // DynamoDB tasks sign as the state machine's role session, as Step Functions does
                .integrationCredentials((executionArn, roleArn) -> sdk(access.stateMachineCredentials(executionArn,
                        roleArn)))
                .lambdaInvoker(new AuthorizedLambdaInvoker(access, (name, payload, context) -> new HostedLambdaInvoker(
                        hostForEngine.get(5, TimeUnit.MINUTES)).invoke(name, payload, context)));
        data.ifPresent(d -> engine.dataDirectory(d.resolve("stepfunctions")));
        stepFunctions = keep(engine.build());
        EndpointGuard stepFunctionsGuard = access.stepFunctionsGuard();
        StepFunctionsApi stepFunctionsApi = new StepFunctionsApi(stepFunctions);
        stepFunctionsServer = keep(GuardedHttpServer.start("127.0.0.1", StepFunctionsServer.handler(stepFunctionsApi),
                stepFunctionsGuard, "sfn-http"));
        URI stepFunctionsForClients = stepFunctionsServer.endpoint();
        int stepFunctionsPort = stepFunctionsForClients.getPort();
        InProcessTransport.shared().registerStepFunctions(stepFunctionsPort, stepFunctionsApi, stepFunctionsGuard);
        keep(() -> InProcessTransport.shared().unregister(stepFunctionsPort));
        stateMachineArns = registerStateMachines(machineSpecs);
        phase.accept("step functions");

        parameters = keep(ParameterServer.start("127.0.0.1", new ParameterServer.Values(deployment.ssmParameters(),
                deployment.secretNames(), deployment::secretString), access.parametersGuard()));
        if (startingPostgres != null) {
            try {
                postgres = keep(startingPostgres.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            databaseProxy = keep(LocalRdsProxy.start(deployment, access, postgres));
            Path ca = LocalRdsProxy.writeCaCertificate(LocalRdsProxy.caCertificateDirectory(data));
            log.printf("  postgresql behind the RDS proxy front %s (TLS, IAM auth%s), its CA in %s%n",
                    databaseProxy.endpoint(), access.enforcing().isPresent() ? "" : " not checked", ca);
            phase.accept("postgresql");
        }
        configureSdk(dynamoForClients, stepFunctionsForClients, parameters.endpoint());
        SdkCallCounter.observeFunctionClients();
        if (transport instanceof InProcessTransport) {
            SdkHttp.install(transport);
        } else {
            SdkHttp.uninstall();
        }
        LocalEnvironment local = new LocalEnvironment(deployment, new LocalEnvironment.Endpoints(dynamoForClients,
                stepFunctionsForClients, parameters.endpoint(), Optional.ofNullable(databaseProxy).map(RdsProxyFront::port),
                dax.map(LocalDax::bindings).orElse(Map.of())));
        Set<String> stepFunctionNames = new HashSet<>();
        machineSpecs.forEach(m -> m.substitutions().values().forEach(v -> {
            if (v.startsWith("arn:aws:lambda:")) {
                FunctionArns.functionName(v).ifPresent(stepFunctionNames::add);
            }
        }));
        List<FunctionDefinition> functions = new ArrayList<>();
        for (StageWiring.FunctionSpec spec : functionSpecs) {
            Map<String, String> environment = local.forFunction(spec);
            functionEnvironments.put(spec.name(), environment);
            // the execution role's temporary credentials, as Lambda sets them (not listed with the template's variables)
            Map<String, String> withCredentials = new LinkedHashMap<>(environment);
            withCredentials.putAll(access.functionCredentials(spec.name()).asLambdaEnvironment());
            FunctionDefinition definition = new FunctionDefinition(spec.name(), HandlerFactory.reflective(spec.handlerClass()),
                    spec.timeout(), spec.memoryMb(), withCredentials, spec.reservedConcurrency());
            if (options.lambdaTimeout().isPresent() && stepFunctionNames.contains(spec.name())
                    && options.lambdaTimeout().get().compareTo(definition.timeout()) < 0) {
                definition = definition.withTimeout(options.lambdaTimeout().get());
            }
            functions.add(definition);
        }
        lambdas = keep(new LambdaHost(functions, log));
        hostForEngine.complete(lambdas);
        CustomResources.create(customResources, lambdas, log);
        phase.accept("functions");

        deadLetters = data.map(d -> DeadLetterStore.durable(d.resolve("twin"))).orElseGet(DeadLetterStore::inMemory);
        Checkpoints checkpoints = data.map(d -> Checkpoints.durable(d.resolve("twin"))).orElseGet(Checkpoints::inMemory);
        for (StageWiring.MappingSpec spec : mappingSpecs) {
            // the mapping reads the stream as its function's execution role, as Lambda's pollers do
            DynamoDbStreamsClient streams = keep(streamsClient(dynamoForClients, transport,
                    access.functionCredentials(spec.config().functionName())));
            EventSourceMapping mapping = keep(new EventSourceMapping(spec.config(), dynamoClient, streams,
                    lambdas, deadLetters, checkpoints, Clock.systemUTC(), log));
            mappings.add(mapping);
            mapping.start();
        }

        List<String> integrations = routeSpecs.stream().map(StageWiring.RouteSpec::functionArn).distinct().toList();
        if (integrations.size() > 1) {
            throw new TemplateException("the HTTP API's routes integrate " + integrations + "; the twin's gateway routes to one function");
        }
        String integration = integrations.isEmpty() ? "" : integrations.get(0);
        LocalJwks jwtKeys = LocalJwks.generate();
        HttpApiGateway gateway = new HttpApiGateway(
                new RouteTable(routeSpecs.stream().map(StageWiring.RouteSpec::routeKey).toList()),
                TemplateRouteRules.of(deployment, routeSpecs, access, jwtKeys, Clock.systemUTC()),
                new HttpApiEvents(FunctionArns.ACCOUNT_ID, TemplateRouteRules.apiId(deployment, access),
                        FunctionArns.REGION), lambdas, integration,
                IntegrationPermission.forStage(deployment, access, integration), Clock.systemUTC());
        List<RouteRegistrar> own = new ArrayList<>();
        own.add(new ConsoleAssets());
        // the gateway has every route of the catalog (HttpApiRoutes.gatewayRouteKeys), so the document has them too
        own.add(new ApiReference(OpenApiDocument.forStage(true)));
        own.add(new ConsoleApi(stepFunctions, stateMachineArns, deadLetters, dynamoClient, singleTableName()));
        own.add(new StateMachinesApi(keep(consoleSfnClient(stepFunctionsForClients, transport, access.administrator()))));
        own.add(new StackApi(deployment, functionEnvironments, functionSpecs, mappingSpecs, routeSpecs));
        own.add(new DaxApi(dax));
        own.add(new DenialsApi(access));
        own.add(new LocalMetricsApi(lambdas, mappings, deadLetters));
        own.add(new StreamMappingsApi(mappings, deadLetters, options.allowFaults()));
        // the console reads orders through the API, signed as the administrator
        own.add(new ConsoleApiRelay(gateway, administratorSigner()));
        own.add(new LocalJwtApi(jwtKeys, TemplateRouteRules.jwtAuthorizers(deployment, jwtKeys, Clock.systemUTC()),
                Clock.systemUTC()));
        if (options.allowFaults()) {
            own.add(new LocalFaultsApi(lambdas));
        }
        http = keep(TwinHttpServer.start(options.host(), options.port(), gateway, own));
        phase.accept("http");
    }

    private static long processCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    /** Registers the stage's state machines under their physical names, definitions substituted as CloudFormation does. */
    private Map<String, String> registerStateMachines(List<StageWiring.StateMachineSpec> specs) {
        Map<String, String> arns = new LinkedHashMap<>();
        for (StageWiring.StateMachineSpec spec : specs) {
            try {
                arns.put(spec.name(), stepFunctions.createStateMachine(spec.name(), spec.definition(),
                        spec.substitutions()).stateMachineArn());
            } catch (StepFunctionsException e) {
                if (!e.code().equals("StateMachineAlreadyExists")) {
                    throw new TemplateException(spec.resource().stack() + "/" + spec.resource().logicalId() + ": "
                            + e.code() + ": " + e.getMessage(), e);
                }
                // Kept from an earlier run under --data-dir with another definition: deploy the current one.
                arns.put(spec.name(), stepFunctions.updateStateMachine(stepFunctions.stateMachineArn(spec.name()),
                        spec.definition(), spec.substitutions(), null).stateMachineArn());
            }
        }
        return arns;
    }

    /** The table the application names SINGLE_TABLE_NAME (the console reads account summaries there). */
    private String singleTableName() {
        return functionEnvironments.values().stream().map(env -> env.get(EnvironmentVariables.SINGLE_TABLE_NAME))
                .filter(Objects::nonNull).findFirst().orElse("");
    }

    /**
     * The SDK reads credentials, region and endpoints from system properties before the environment; the
     * functions' clients are built in this JVM, so the properties are how they get local values.
     */
    private static void configureSdk(URI dynamoDb, URI stepFunctions, URI parameters) {
        // no credentials here: each function signs with its own role's (its environment), the twin's clients with theirs
        System.setProperty("aws.region", FunctionArns.REGION);
        System.setProperty("aws.endpointUrlDynamodb", dynamoDb.toString());
        System.setProperty("aws.endpointUrlSfn", stepFunctions.toString());
        System.setProperty("aws.endpointUrlSsm", parameters.toString());
        System.setProperty("aws.endpointUrlSecretsManager", parameters.toString());
        // the functions' log lines name the service as their POWERTOOLS_SERVICE_NAME does in AWS
        System.setProperty(InvocationLogging.SERVICE_NAME_PROPERTY, SERVICE_NAME);
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

    /** The local DAX node's endpoints ({@code dax://}, then {@code daxs://} when a cluster uses TLS); empty without a cluster. */
    public List<URI> daxEndpoints() {
        return dax.map(LocalDax::endpoints).orElse(List.of());
    }

    /** The embedded PostgreSQL's port; empty when the stage has no database (e.g. {@code -c aurora=false}). */
    public Optional<Integer> postgresPort() {
        return Optional.ofNullable(postgres).map(InventoryPostgres::port);
    }

    /** The RDS proxy front's {@code 127.0.0.1:port} (TLS, IAM auth) the functions connect to; empty without a database. */
    public Optional<String> databaseProxyEndpoint() {
        return Optional.ofNullable(databaseProxy).map(RdsProxyFront::endpoint);
    }

    /** The stage the twin runs, as deployed from the cloud assembly. */
    public Deployment deployment() {
        return deployment;
    }

    /** The twin's access control: credentials, the templates' policies, denials (for the other fronts to use). */
    public TwinAccess access() {
        return access;
    }

    public LambdaHost lambdas() {
        return lambdas;
    }

    /** Signs calls to the HTTP API as the administrator (the demo's and the console's own calls). */
    public ExecuteApiSigner administratorSigner() {
        return new ExecuteApiSigner(access.credentials().administrator(), FunctionArns.REGION);
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

    private static DynamoDbClient dynamoClient(URI endpoint, SdkHttpClient transport, Credentials credentials) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(FunctionArns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(sdk(credentials)))
                .httpClient(transport).build();
    }

    /** The console's client of the Step Functions API: signed like any SDK caller's, as the administrator. */
    private static SfnClient consoleSfnClient(URI endpoint, SdkHttpClient transport, Credentials credentials) {
        return SfnClient.builder().endpointOverride(endpoint).region(Region.of(FunctionArns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(sdk(credentials)))
                .httpClient(transport).build();
    }

    private static DynamoDbStreamsClient streamsClient(URI endpoint, SdkHttpClient transport, Credentials credentials) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.of(FunctionArns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(sdk(credentials)))
                .httpClient(transport).build();
    }

    private static AwsCredentials sdk(Credentials credentials) {
        return credentials.sessionToken().<AwsCredentials>map(token -> AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), token)).orElseGet(() ->
                AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()));
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
