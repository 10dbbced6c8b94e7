package dev.sagastack.observability.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.functions.InvocationContext;
import dev.sagastack.handlers.saga.TestContext;
import dev.sagastack.observability.InvocationLogging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.json;

class JsonLogProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach
    void captureStdout() {
        stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        new JsonLogLevels().setLogLevel(null);
        MDC.clear();
    }

    @Test
    void slf4jIsBoundToTheJsonLines() {
        assertThat(LoggerFactory.getILoggerFactory().getLogger("dev.sagastack.x")).isInstanceOf(JsonLogger.class);
    }

    @Test
    void anInvocationLineCarriesPowertoolsKeysOursAndStructuredArguments() throws Exception {
        Logger log = LoggerFactory.getLogger("dev.sagastack.saga.Test");
        try (InvocationLogging ignored = InvocationLogging.open(new TestContext("ReserveInventory",
                "arn:aws:lambda:eu-west-1:123456789012:function:ReserveInventory"),
                Map.of(InvocationLogging.ORDER_ID, "order-7"))) {
            log.warn("{} refused: {}", "ReserveInventory", "no stock", entry("stepError", "InsufficientStock"),
                    json("result", "{\"reserved\":[]}"));
        }
        JsonNode line = lines().get(0);
        Iterator<String> names = line.fieldNames();
        assertThat(names.next()).isEqualTo("level");
        assertThat(names.next()).isEqualTo("message");
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("message").asText()).isEqualTo("ReserveInventory refused: no stock");
        assertThat(line.path("function_name").asText()).isEqualTo("ReserveInventory");
        assertThat(line.path("function_arn").asText()).endsWith(":function:ReserveInventory");
        assertThat(line.path("function_request_id").asText()).isNotEmpty();
        assertThat(line.path("cold_start").isBoolean()).isTrue();
        assertThat(line.path("function_memory_size").isNumber()).isTrue();
        assertThat(line.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(line.path("account_id").asText()).isEqualTo("123456789012");
        assertThat(line.path("orderId").asText()).isEqualTo("order-7");
        assertThat(line.path("stepError").asText()).isEqualTo("InsufficientStock");
        assertThat(line.path("result").path("reserved").isArray()).isTrue();
        assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        // closing the invocation clears the keys: the next line has none of them
        LoggerFactory.getLogger("dev.sagastack.saga.Test").info("after");
        assertThat(lines().get(1).has("orderId")).isFalse();
        assertThat(lines().get(1).has("function_request_id")).isFalse();
    }

    /** A host's context says whether the invocation is its environment's first: that is the lines' cold_start. */
    @Test
    void aHostedInvocationsColdStartIsTheEnvironmentsFirstInvocation() throws Exception {
        Logger log = LoggerFactory.getLogger("dev.sagastack.saga.Test");
        for (boolean first : new boolean[] {true, false}) {
            try (InvocationLogging ignored = InvocationLogging.open(new InvocationContext("req-" + first, "ConfirmOrder",
                    "arn:aws:lambda:eu-west-1:123456789012:function:ConfirmOrder", "$LATEST", "stream", 1024,
                    System.nanoTime() + 20_000_000_000L, InvocationContext.STANDARD_OUTPUT, first), Map.of())) {
                log.info("done");
            }
        }
        assertThat(lines()).extracting(l -> l.path("cold_start").asBoolean()).containsExactly(true, false);
        assertThat(lines()).allSatisfy(l -> assertThat(l.path("cold_start").isBoolean()).isTrue());
    }

    @Test
    void anExceptionIsTheErrorObjectWithItsStack() throws Exception {
        LoggerFactory.getLogger("dev.sagastack.x").error("failed", new IllegalStateException("boom \"quoted\"\nline"));
        JsonNode error = lines().get(0).path("error");
        assertThat(error.path("message").asText()).isEqualTo("boom \"quoted\"\nline");
        assertThat(error.path("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("stack").asText()).contains("JsonLogProviderTest");
    }

    @Test
    void oursFromInfoLibrariesFromWarnUntilPowertoolsSetsALevel() throws Exception {
        LoggerFactory.getLogger("dev.sagastack.x").info("ours");
        LoggerFactory.getLogger("dev.sagastack.x").debug("ours, debug");
        LoggerFactory.getLogger("software.amazon.awssdk.x").info("library, info");
        LoggerFactory.getLogger("software.amazon.awssdk.x").warn("library, warn");
        new JsonLogLevels().setLogLevel(Level.DEBUG);
        LoggerFactory.getLogger("software.amazon.awssdk.x").debug("library, debug");
        assertThat(lines()).extracting(l -> l.path("message").asText())
                .containsExactly("ours", "library, warn", "library, debug");
    }

    @Test
    void timestampsAreUtcWithMilliseconds() {
        assertThat(JsonLogLine.timestamp(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(JsonLogLine.timestamp(1_796_558_405_007L)).isEqualTo("2026-12-06T12:00:05.007Z");
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> result = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                result.add(JSON.readTree(line));
            }
        }
        return result;
    }
}
