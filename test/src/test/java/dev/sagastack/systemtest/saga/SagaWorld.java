package dev.sagastack.systemtest.saga;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.account.Money;
import dev.sagastack.config.AppConfig;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import dev.sagastack.inventory.ConnectionFactory;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryDatabaseSettings;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.SchemaMigrations;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.InvocationContext;
import dev.sagastack.local.stepfunctions.InvocationResult;
import dev.sagastack.local.stepfunctions.StateMachineInfo;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import dev.sagastack.user.NewUser;
import dev.sagastack.user.UserRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Everything an end-to-end saga run needs, in one JVM: the real statemachines/order-saga.asl.json in
 * the local Step Functions engine (virtual clock, so backoffs and timeouts take no real time), the real
 * handlers of the function catalog hosted as Lambda hosts them, the embedded DynamoDB-compatible
 * server, and embedded PostgreSQL. Faults are injected per state and attempt by the invoker.
 */
final class SagaWorld implements AutoCloseable {

    static final Path ASL = Path.of("..", "statemachines", "order-saga.asl.json");
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final Duration LATE = Duration.ofSeconds(60); // beyond every Task's TimeoutSeconds (25)
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger WORLDS = new AtomicInteger();
    private static DynamoDbServer dynamoServer;
    private static EmbeddedPostgres postgres;
    private static String migratedTemplate;

    final StepFunctionsEngine engine;
    final String stateMachineArn;
    final HandlerContainers containers;
    final List<Invocation> invocations = Collections.synchronizedList(new ArrayList<>());
    final Map<String, BiFunction<String, Integer, Fault>> faults = new ConcurrentHashMap<>();

    final Map<String, String> functionEnvironment;
    final DynamoDbClient dynamo;
    final InventoryDatabase inventoryDatabase;
    final InventoryService inventory;
    final UserRepository users;
    final AccountService accounts;
    final OrderRepository orders;
    final long seed;

    private final String database;
    private final Map<String, Long> initialStock = new LinkedHashMap<>();
    private final Map<String, Long> deposited = new LinkedHashMap<>();
    private final Map<String, String> accountOwners = new HashMap<>();

    SagaWorld(long seed) {
        this.seed = seed;
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        int n = WORLDS.incrementAndGet();
        startServers();
        String singleTable = "saga-single-" + n;
        String eventTable = "saga-events-" + n;
        dynamo = DynamoClients.create(DynamoClients.Settings.local(dynamoServer.endpoint()));
        dynamo.createTable(TableSpecs.createTableRequest(Tables.SINGLE_TABLE, singleTable));
        dynamo.createTable(TableSpecs.createTableRequest(Tables.EVENT_STORE, eventTable));
        database = createDatabase("saga_" + n);

        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoServer.endpoint().toString());
        env.put("SINGLE_TABLE_NAME", singleTable);
        env.put("EVENT_STORE_TABLE_NAME", eventTable);
        env.put("INVENTORY_DB_HOST", "localhost");
        env.put("INVENTORY_DB_PORT", Integer.toString(postgres.getPort()));
        env.put("INVENTORY_DB_NAME", database);
        env.put("INVENTORY_DB_USER", "postgres");
        env.put("INVENTORY_DB_AUTH", "password");
        env.put("INVENTORY_DB_PASSWORD", "postgres");
        functionEnvironment = Map.copyOf(env);
        containers = new HandlerContainers(env, 4);

        InventoryDatabaseSettings settings = AppConfig.fromEnvironment(env).requireInventoryDatabase();
        inventoryDatabase = InventoryDatabase.connect(InventoryDatabase.connectionFactory(settings));
        inventory = InventoryService.create(inventoryDatabase);
        Clock clock = Clock.systemUTC();
        users = UserRepository.create(dynamo, singleTable, clock);
        EventStore store = EventStore.create(dynamo, eventTable, clock);
        accounts = AccountService.create(store, AccountSettings.defaults(), clock);
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 3);
        orders = OrderRepository.create(dynamo, singleTable, new PageCursors(key::clone), clock);

        engine = StepFunctionsEngine.builder()
                .region(REGION).accountId(ACCOUNT)
                .virtualTime(Instant.parse("2025-01-01T00:00:00Z"))
                .randomSeed(seed)
                .lambdaInvoker(this::invoke)
                .build();
        Map<String, String> substitutions = new HashMap<>();
        for (FunctionSpec spec : Functions.sagaSteps()) {
            substitutions.put(spec.name() + "FunctionArn",
                    "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + spec.name() + ":live");
        }
        substitutions.put("SingleTableName", singleTable);
        substitutions.put("EventStoreTableName", eventTable);
        StateMachineInfo machine;
        try {
            machine = engine.createStateMachine("OrderSaga", Files.readString(ASL), substitutions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stateMachineArn = machine.stateMachineArn();
    }

    /** From now on, attempt {@code retryCount} of {@code state} suffers {@code fault(executionArn, retryCount)}. */
    void inject(String state, BiFunction<String, Integer, Fault> fault) {
        faults.put(state, fault);
    }

    void injectAlways(String state, Fault fault) {
        inject(state, (execution, attempt) -> fault);
    }

    private InvocationResult invoke(String functionName, String payload, InvocationContext ctx) {
        Fault fault = faults.getOrDefault(ctx.stateName(), (e, a) -> Fault.NONE).apply(ctx.executionArn(), ctx.retryCount());
        InvocationResult result;
        String response = null;
        switch (fault) {
            case SERVICE_ERROR_BEFORE -> result = InvocationResult.serviceError("Lambda.ServiceException",
                    "Lambda is unable to serve the request (Service: Lambda, Status Code: 500)");
            case TIMEOUT_BEFORE_EFFECT -> result = InvocationResult.success("null").after(LATE);
            case TRANSIENT_ERROR -> result = InvocationResult.functionError("dev.sagastack.saga.TransientError",
                    "injected: dependency unavailable");
            default -> {
                HandlerContainers.Result ran = containers.invoke(functionName, payload, ctx);
                response = ran.response();
                result = switch (fault) {
                    case CRASH_AFTER_EFFECT -> InvocationResult.serviceError("Lambda.ServiceException",
                            "Lambda is unable to serve the request (Service: Lambda, Status Code: 500)");
                    case TIMEOUT_AFTER_EFFECT -> ran.result().after(LATE);
                    default -> ran.result();
                };
            }
        }
        Optional<String> error = fault == Fault.TIMEOUT_AFTER_EFFECT || fault == Fault.TIMEOUT_BEFORE_EFFECT
                ? Optional.of("States.Timeout") : result.errorType();
        invocations.add(new Invocation(ctx.executionArn(), ctx.stateName(), functionName, ctx.retryCount(), fault,
                Optional.ofNullable(response), error));
        return result;
    }

    // ---- data ---------------------------------------------------------------------------------

    void stock(String sku, long available) {
        inventory.setAvailable(sku, available);
        initialStock.put(sku, available);
    }

    String user(String name) {
        return users.create(new NewUser(name + "@example.com", name)).userId();
    }

    /** Opens an account for {@code ownerId} and deposits {@code amount} (EUR minor units). */
    String account(String ownerId, long amount) {
        String accountId = "acc-" + ownerId;
        accounts.open(accountId, ownerId, "EUR", "open-" + accountId);
        if (amount > 0) {
            accounts.deposit(accountId, Money.of(amount, "EUR"), "seed-" + accountId);
        }
        deposited.put(accountId, amount);
        accountOwners.put(accountId, ownerId);
        return accountId;
    }

    /** Creates the PENDING order as the API does and starts its saga (execution name = order id). */
    String startOrder(String orderId, String userId, String accountId, List<OrderLine> lines) {
        Order order = orders.create(new NewOrder(orderId, userId, lines, "EUR")).order();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("orderId", order.orderId());
        input.put("userId", order.userId());
        input.put("accountId", accountId);
        input.put("currency", order.currency());
        input.put("total", order.total());
        input.put("items", order.lines().stream().map(l -> Map.of("sku", l.sku(), "quantity", l.quantity(),
                "unitPrice", l.unitPrice())).toList());
        try {
            return engine.startExecution(stateMachineArn, orderId, JSON.writeValueAsString(input)).executionArn();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    ExecutionInfo await(String executionArn) {
        return engine.awaitExecution(executionArn, Duration.ofSeconds(60));
    }

    List<HistoryEvent> history(String executionArn) {
        return engine.getExecutionHistory(executionArn);
    }

    /** Names of the states the execution entered, in order. */
    List<String> statesEntered(String executionArn) {
        List<String> names = new ArrayList<>();
        for (HistoryEvent event : history(executionArn)) {
            if (event.type().endsWith("StateEntered")) {
                names.add(String.valueOf(event.details().get("name")));
            }
        }
        return names;
    }

    List<Invocation> invocations(String executionArn) {
        synchronized (invocations) {
            return invocations.stream().filter(i -> i.executionArn().equals(executionArn)).toList();
        }
    }

    Map<String, Long> initialStock() {
        return initialStock;
    }

    Map<String, Long> deposited() {
        return deposited;
    }

    long balance(String accountId) {
        return accounts.load(accountId).orElseThrow().balance();
    }

    @Override
    public void close() {
        engine.close();
        containers.close();
        inventoryDatabase.close();
        dynamo.close();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        } catch (SQLException e) {
            // best effort: the server is shared by the test JVM
        }
    }

    // ---- servers (one per test JVM) -------------------------------------------------------------

    /** The DynamoDB engine of this JVM's server, for a local DAX node in front of it. */
    static DynamoDbApi dynamoApi() {
        startServers();
        return dynamoServer.api();
    }

    private static synchronized void startServers() {
        if (dynamoServer == null) {
            dynamoServer = DynamoDbServer.start(DynamoDbServer.Options.defaults());
        }
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static synchronized String createDatabase(String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            if (migratedTemplate == null) {
                s.execute("CREATE DATABASE saga_template");
                ConnectionFactory template = InventoryDatabase.connectionFactory(new InventoryDatabaseSettings(
                        "localhost", postgres.getPort(), "saga_template", "postgres",
                        InventoryDatabaseSettings.Auth.PASSWORD, Optional.of("postgres"), null));
                SchemaMigrations.migrate(template);
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'saga_template'");
                migratedTemplate = "saga_template";
            }
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + migratedTemplate);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
