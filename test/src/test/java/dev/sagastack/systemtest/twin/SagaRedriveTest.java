package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.sagastack.systemtest.twin.TwinClient.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redrive of the order saga on the twin (the jar as a newcomer runs it), driven from the console in a headless
 * Chromium: a shipment outage keeps CreateShipment timing out, the operator stops the saga, the outage ends, and
 * the console's Redrive continues the execution from CreateShipment (RedriveExecution: "continues the failed
 * execution from the unsuccessful step", succeeded steps are not run again) until the order is CONFIRMED by the
 * same handlers. Also: a NEEDS_ATTENTION order links to its execution's Redrive action, and once the fault is
 * cleared the redrive finishes the compensations from the saga's redrive point and cancels the order; the execution page's event
 * history table and timeline; the state machine page's New execution (input validated before it is sent),
 * versions, aliases and definition.
 */
class SagaRedriveTest {

    private static final Duration SAGA = Duration.ofSeconds(90);
    @AutoClose
    private static TwinProcess twin;
    private static TwinClient client;
    @AutoClose("quit")
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        // each CreateShipment attempt under the "timeout" fault takes 2 s: four of them leave time to stop the saga
        twin = TwinProcess.start("redrive", "--allow-faults", "--lambda-timeout", "2");
        client = new TwinClient(twin.api());
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void clearFaults() {
        client.clearFaults();
    }

    /** The execution page redraws itself every second while the execution runs: elements read mid-redraw go stale. */
    private static WebDriverWait waiting() {
        WebDriverWait wait = HeadlessChromium.waiting(browser, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static String encoded(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }

    private static JsonNode awaitView(String executionArn, Predicate<JsonNode> condition, String what) throws InterruptedException {
        return Polling.until(SAGA, Duration.ofMillis(100), () -> client.execution(executionArn), condition, what);
    }

    private static long count(JsonNode view, String type, String state) {
        long n = 0;
        for (JsonNode event : view.get("history")) {
            if (event.get("type").asText().equals(type) && state.equals(event.path("state").asText(null))) {
                n++;
            }
        }
        return n;
    }

    private static List<String> enteredStates(JsonNode view) {
        List<String> entered = new ArrayList<>();
        view.get("history").forEach(e -> {
            if (e.get("type").asText().endsWith("StateEntered")) {
                entered.add(e.get("details").get("name").asText());
            }
        });
        return entered;
    }

    @Test
    void aSagaStoppedInAShipmentOutageIsRedrivenFromTheConsoleAndConfirmsTheOrderChargingOnce() throws Exception {
        String user = client.user("redrive");
        String account = client.account(user, 10_000);
        String sku = client.stock("widget", 10);
        client.arm("CreateShipment", "timeout", 50, null);
        TwinClient.Response created = client.order(user, account, List.of(line(sku, 2, 700)));
        assertThat(created.status()).isEqualTo(202);
        String orderId = created.body().get("orderId").asText();
        String arn = created.body().get("executionArn").asText();

        // the outage: CreateShipment has timed out and is being retried; the operator stops the saga
        awaitView(arn, v -> count(v, "TaskScheduled", "CreateShipment") >= 2, "retrying CreateShipment");
        TwinClient.Response stopped = client.send("POST", "/_local/api/executions/" + encoded(arn) + "/stop", null);
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().get("status").asText()).isEqualTo("ABORTED");
        client.clearFaults();
        assertThat(client.get("/orders/" + orderId).get("status").asText()).isEqualTo("PENDING");
        JsonNode aborted = client.execution(arn).get("execution");
        assertThat(aborted.get("redriveStatus").asText()).isEqualTo("REDRIVABLE");

        browser.get(twin.api() + "/console/#/execution/" + encoded(arn));
        WebElement redrive = waiting().until(d -> d.findElements(By.id("redrive")).stream().findFirst().orElse(null));
        redrive.click();
        waiting().until(d -> d.findElement(By.cssSelector("dl.summary")).getText().contains("SUCCEEDED"));

        JsonNode order = client.awaitTerminal(orderId, SAGA);
        assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(client.account(account).get("balance").asLong()).as("charged once").isEqualTo(10_000 - 1_400);
        JsonNode inventory = client.inventory(sku);
        assertThat(inventory.get("reserved").asLong()).as("reserved once").isEqualTo(2);
        assertThat(inventory.get("available").asLong()).isEqualTo(8);
        JsonNode view = client.execution(arn);
        assertThat(view.get("execution").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(view.get("execution").get("redriveCount").asInt()).isEqualTo(1);
        assertThat(enteredStates(view)).as("succeeded steps are not run again")
                .containsExactly("ReceiveOrder", "ReserveInventory", "ProcessPayment", "CreateShipment",
                        "CreateShipment", "ConfirmOrder", "OrderConfirmed");
        assertThat(view.get("history").toString()).contains("ExecutionAborted", "ExecutionRedriven", "ExecutionSucceeded");

        // the timeline: two visits of CreateShipment, the first with its failed attempts, a redrive mark
        waiting().until(d -> d.findElements(By.cssSelector("#timeline li.tl-row[data-state=CreateShipment]")).size() == 2);
        List<WebElement> shipments = browser.findElements(By.cssSelector("#timeline li.tl-row[data-state=CreateShipment]"));
        assertThat(shipments.get(0).getDomAttribute("data-outcome")).isEqualTo("aborted");
        assertThat(Integer.parseInt(shipments.get(0).getDomAttribute("data-retries"))).isGreaterThanOrEqualTo(1);
        assertThat(shipments.get(0).findElements(By.cssSelector(".tl-attempt[data-outcome=timed-out], .tl-attempt[data-outcome=failed]")))
                .isNotEmpty();
        assertThat(shipments.get(1).getDomAttribute("data-outcome")).isEqualTo("succeeded");
        assertThat(shipments.get(0).getDomAttribute("aria-label")).contains("CreateShipment: aborted", "retr");
        assertThat(browser.findElements(By.cssSelector("#timeline .tl-redrive"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#timeline li.tl-row")).stream()
                .map(r -> r.getDomAttribute("data-state")).toList())
                .containsExactly("ReceiveOrder", "ReserveInventory", "ProcessPayment", "CreateShipment",
                        "CreateShipment", "ConfirmOrder", "OrderConfirmed");

        // the event history table: step, resource (the invoked function), started after (ms), details on demand
        assertThat(browser.findElements(By.cssSelector("tr.event[data-type=ExecutionRedriven]"))).hasSize(1);
        List<WebElement> headers = browser.findElements(By.xpath("//section[@aria-labelledby='history-title']//thead//th"));
        assertThat(headers.stream().map(WebElement::getText).toList())
                .containsExactly("ID", "Type", "Step", "Resource", "Started after (ms)", "Date and time");
        List<WebElement> shipmentEvents = browser.findElements(By.xpath(
                "//tr[contains(@class,'event')][td[3][normalize-space()='CreateShipment'] and td[2][normalize-space()='TaskScheduled']]"));
        assertThat(shipmentEvents).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(row -> assertThat(row.findElement(By.xpath("td[4]")).getText()).contains("CreateShipment"));
        List<Long> startedAfter = browser.findElements(By.cssSelector("tr.event td.number")).stream()
                .map(td -> Long.parseLong(td.getText())).toList();
        assertThat(startedAfter).isSortedAccordingTo(Long::compare);
        assertThat(startedAfter.get(0)).isZero();
        WebElement failure = browser.findElement(By.xpath(
                "//tr[contains(@class,'event')][td[3][normalize-space()='CreateShipment'] and (td[2]='TaskFailed' or td[2]='TaskTimedOut')]"));
        String detailsId = failure.findElement(By.cssSelector("button.expand")).getDomAttribute("aria-controls");
        assertThat(browser.findElement(By.id(detailsId)).isDisplayed()).isFalse();
        failure.findElement(By.cssSelector("button.expand")).click();
        waiting().until(d -> d.findElement(By.id(detailsId)).isDisplayed());
        assertThat(browser.findElement(By.id(detailsId)).getText()).contains("\"error\"");
        assertThat(browser.findElements(By.id("redrive"))).as("a succeeded execution offers no redrive").isEmpty();
        browser.executeScript("document.getElementById('timeline').scrollIntoView();");
        HeadlessChromium.screenshot(browser, "console-redriven-saga.png");
    }

    @Test
    void anOrderNeedingAttentionIsRedrivenFromItsLinkOnceTheFaultIsClearedAndEndsCancelledRefundingAndReleasingOnce()
            throws Exception {
        String user = client.user("attention");
        String account = client.account(user, 10_000);
        String sku = client.stock("widget", 10);
        client.arm("CreateShipment", "error", 1, "dev.sagastack.saga.ShipmentRejected");
        // a conflict is not retried, so the test needs no long backoff: CancelShipment fails, the order is marked
        // NEEDS_ATTENTION, and the execution fails at the redrive point RetryCancelShipment (the 2nd failure)
        client.arm("CancelShipment", "error", 2, "dev.sagastack.saga.StepConflict");
        String orderId = client.order(user, account, List.of(line(sku, 1, 500))).ok().get("orderId").asText();
        JsonNode order = client.awaitTerminal(orderId, SAGA);
        assertThat(order.get("status").asText()).isEqualTo("NEEDS_ATTENTION");
        String arn = order.get("executionArn").asText();
        JsonNode failed = client.execution(arn);
        assertThat(failed.get("execution").get("redriveStatus").asText()).isEqualTo("REDRIVABLE");
        assertThat(enteredStates(failed)).endsWith("CancelShipment", "MarkNeedsAttention", "CompensationFailed",
                "RetryCancelShipment");
        assertThat(client.account(account).get("balance").asLong()).as("charged, not yet refunded").isEqualTo(9_500);

        browser.get(twin.api() + "/console/#/orders?status=NEEDS_ATTENTION");
        By row = By.xpath("//main//tbody/tr[td[1][normalize-space()='" + orderId + "']]");
        waiting().until(d -> !d.findElements(row).isEmpty());
        browser.findElement(row).findElement(By.linkText("Open execution to redrive")).click();

        waiting().until(d -> !d.findElements(By.id("redrive")).isEmpty());
        assertThat(URLDecoder.decode(browser.getCurrentUrl(), StandardCharsets.UTF_8)).contains(arn).endsWith("?action=redrive");
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).as("the redrive action has the focus")
                .isEqualTo("redrive");
        assertThat(browser.findElement(By.cssSelector("dl.summary")).getText()).contains("FAILED", "StepConflict");

        // the fault is cleared (the dependency is back): the operator redrives
        client.clearFaults();
        browser.findElement(By.id("redrive")).click();
        JsonNode view = awaitView(arn, v -> v.get("execution").get("redriveCount").asInt() == 1
                && !v.get("execution").get("status").asText().equals("RUNNING"), "redriven to its end");

        assertThat(view.get("execution").get("status").asText()).as("ends as a compensated saga: OrderCancelled")
                .isEqualTo("FAILED");
        assertThat(view.get("execution").get("error").asText()).isEqualTo("ShipmentRejected");
        assertThat(enteredStates(view)).as("the redrive restarts at the redrive point; succeeded steps are not rerun")
                .containsExactly("ReceiveOrder", "ReserveInventory", "ProcessPayment", "CreateShipment", "CancelShipment",
                        "MarkNeedsAttention", "CompensationFailed", "RetryCancelShipment",
                        "RetryCancelShipment", "RefundPayment", "ReleaseInventory", "MarkOrderCancelled", "OrderCancelled");
        assertThat(count(view, "TaskScheduled", "ProcessPayment")).isEqualTo(1);
        assertThat(count(view, "TaskScheduled", "RefundPayment")).isEqualTo(1);
        assertThat(count(view, "TaskScheduled", "ReleaseInventory")).isEqualTo(1);
        JsonNode cancelled = client.get("/orders/" + orderId);
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(client.account(account).get("balance").asLong()).as("refunded exactly once").isEqualTo(10_000);
        JsonNode inventory = client.inventory(sku);
        assertThat(inventory.get("reserved").asLong()).as("released exactly once").isZero();
        assertThat(inventory.get("available").asLong()).isEqualTo(10);
        waiting().until(d -> d.findElement(By.cssSelector("dl.summary")).getText().contains("Redrives"));
        assertThat(browser.findElements(By.cssSelector("tr.event[data-type=ExecutionRedriven]"))).hasSize(1);
    }

    @Test
    void theStateMachinePageShowsVersionsAliasesAndDefinitionAndStartsOnlyValidInput() throws Exception {
        String machineArn;
        String machineName;
        String version;
        String aliasArn;
        String onAlias;
        try (SfnClient sfn = twin.sfnClient()) {
            StateMachineListItem machine = sfn.listStateMachines().stateMachines().stream()
                    .filter(m -> m.name().contains("OrderSaga")).findFirst().orElseThrow();
            machineArn = machine.stateMachineArn();
            machineName = machine.name();
            version = sfn.publishStateMachineVersion(r -> r.stateMachineArn(machineArn).description("published by the console test"))
                    .stateMachineVersionArn();
            aliasArn = sfn.createStateMachineAlias(r -> r.name("live-" + UUID.randomUUID().toString().substring(0, 6))
                    .routingConfiguration(c -> c.stateMachineVersionArn(version).weight(100))).stateMachineAliasArn();
            onAlias = sfn.startExecution(r -> r.stateMachineArn(aliasArn).name("on-alias-" + UUID.randomUUID().toString().substring(0, 8))
                    .input("{}")).executionArn();
        }
        String versionNumber = version.substring(version.lastIndexOf(':') + 1);

        browser.get(twin.api() + "/console/");
        waiting().until(d -> !d.findElements(By.linkText("State machines")).isEmpty());
        browser.findElement(By.linkText("State machines")).click();
        waiting().until(d -> !d.findElements(By.linkText(machineName)).isEmpty());
        browser.findElement(By.linkText(machineName)).click();
        waiting().until(d -> !d.findElements(By.id("definition")).isEmpty());

        assertThat(browser.findElement(By.id("definition")).getText()).contains("\"StartAt\": \"ReceiveOrder\"", "\"CompensationFailed\"");
        assertThat(browser.findElement(By.cssSelector("tr[data-version='" + versionNumber + "']")).getText())
                .contains("published by the console test");
        assertThat(browser.findElement(By.xpath("//section[@aria-labelledby='aliases-title']//tbody/tr[starts-with(@data-alias,'live-')]"))
                .getText()).contains("version " + versionNumber + ": 100%");
        HeadlessChromium.screenshot(browser, "console-state-machine.png");

        String name = "console-new-" + UUID.randomUUID().toString().substring(0, 8);
        browser.findElement(By.id("execution-name")).sendKeys(name);
        WebElement input = browser.findElement(By.id("execution-input"));
        WebElement start = browser.findElement(By.cssSelector("#new-execution button[type=submit]"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys("{\"orderId\": ");
        waiting().until(d -> "true".equals(input.getDomAttribute("aria-invalid")));
        assertThat(browser.findElement(By.id("input-message")).getText()).contains("not valid JSON");
        assertThat(start.isEnabled()).isFalse();
        browser.executeScript("document.getElementById('new-execution').requestSubmit();");
        Thread.sleep(500);
        assertThat(client.get("/_local/api/executions?q=" + name).get("total").asInt()).as("invalid input starts nothing").isZero();

        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys("{\"orderId\": \"" + name + "\", \"note\": \"from the console\"}");
        waiting().until(d -> start.isEnabled());
        start.click();
        waiting().until(d -> d.findElement(By.cssSelector("main h2")).getText().equals("Execution " + name));
        String executionArn = URLDecoder.decode(browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("#/execution/")
                + "#/execution/".length()), StandardCharsets.UTF_8);
        JsonNode started = client.execution(executionArn).get("execution");
        assertThat(started.get("name").asText()).isEqualTo(name);
        assertThat(started.get("input").asText()).contains("from the console");
        assertThat(started.get("stateMachineArn").asText()).isEqualTo(machineArn);
        HeadlessChromium.screenshot(browser, "console-new-execution.png");

        // an execution started on the alias shows the alias and the version it ran
        browser.get(twin.api() + "/console/#/execution/" + encoded(onAlias));
        waiting().until(d -> d.findElement(By.cssSelector("dl.summary")).getText().contains(aliasArn));
        assertThat(browser.findElement(By.cssSelector("dl.summary")).getText()).contains("Version", version);
    }

    @Test
    void theConsoleActionsRefuseBadInputAndRedrivesTheServiceRefusesAndChangeNothing() throws Exception {
        String machineArn;
        try (SfnClient sfn = twin.sfnClient()) {
            machineArn = sfn.listStateMachines().stateMachines().stream().filter(m -> m.name().contains("OrderSaga"))
                    .findFirst().orElseThrow().stateMachineArn();
        }
        String path = "/_local/api/state-machines/" + encoded(machineArn) + "/executions";
        int before = client.get("/_local/api/executions").get("total").asInt();

        TwinClient.Response notJson = client.send("POST", path, Map.of("input", "{\"orderId\": "));
        TwinClient.Response notText = client.send("POST", path, Map.of("input", Map.of("orderId", "x")));
        TwinClient.Response badName = client.send("POST", path, Map.of("input", "{}", "name", "has spaces and/slash"));

        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("error").asText()).isEqualTo("InvalidExecutionInput");
        assertThat(notText.status()).isEqualTo(400);
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body().get("error").asText()).isEqualTo("InvalidName");
        assertThat(client.get("/_local/api/executions").get("total").asInt()).isEqualTo(before);

        String user = client.user("succeeds");
        String account = client.account(user, 1_000);
        JsonNode order = client.awaitTerminal(client.order(user, account, List.of(line(client.stock("widget", 1), 1, 100)))
                .ok().get("orderId").asText(), SAGA);
        String arn = order.get("executionArn").asText();
        TwinClient.Response succeeded = client.send("POST", "/_local/api/executions/" + encoded(arn) + "/redrive", null);
        assertThat(succeeded.status()).isEqualTo(409);
        assertThat(succeeded.body().get("error").asText()).isEqualTo("ExecutionNotRedrivable");
        assertThat(client.execution(arn).get("execution").get("redriveCount").asInt()).isZero();
        TwinClient.Response unknown = client.send("POST", "/_local/api/executions/"
                + encoded(arn.substring(0, arn.lastIndexOf(':') + 1) + "no-such-execution") + "/redrive", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).isEqualTo("ExecutionDoesNotExist");
    }
}
