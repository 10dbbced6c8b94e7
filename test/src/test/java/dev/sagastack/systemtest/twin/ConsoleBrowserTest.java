package dev.sagastack.systemtest.twin;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver): the twin started with
 * {@code --demo}, an operator finds the order whose shipment was rejected, and its execution shows the
 * compensation path in the graph and the failed step in the history. Screenshots go to {@code target/}.
 */
class ConsoleBrowserTest {

    @AutoClose
    private static TwinProcess twin;
    @AutoClose("quit")
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        twin = TwinProcess.start("console", "--demo");
        browser = HeadlessChromium.start();
    }

    private static WebDriverWait waiting() {
        // the console redraws a page while it loads its data: an element read during a redraw is stale, not absent
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);
    }

    private static void screenshot(String name) throws Exception {
        HeadlessChromium.screenshot(browser, name);
    }

    @Test
    void anOperatorFindsACompensatedOrderAndSeesTheCompensationPathAndTheFailedStep() throws Exception {
        assertThat(twin.demoLines()).anyMatch(line -> line.contains("CANCELLED") && line.contains("shipment rejected"));
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get(twin.api() + "/console/");
        waiting().until(d -> !d.findElements(By.cssSelector("main table tbody tr a")).isEmpty());

        new Select(browser.findElement(By.id("f-status"))).selectByValue("FAILED");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        // The filtered list has replaced the full one once no row shows another status.
        waiting().until(d -> d.getCurrentUrl().contains("status=FAILED")
                && d.findElements(By.xpath("//main//tbody/tr[not(td[2][normalize-space()='FAILED'])]")).isEmpty()
                && d.findElements(By.xpath("//tbody/tr[td[3][normalize-space()='ShipmentRejected']]")).size() == 1);
        List<WebElement> rows = browser.findElements(By.cssSelector("main tbody tr"));
        assertThat(rows).hasSize(3).allSatisfy(row -> assertThat(row.getText()).contains("FAILED"));
        browser.findElement(By.xpath("//tbody/tr[td[3][normalize-space()='ShipmentRejected']]/td[1]/a")).click();

        waiting().until(d -> !d.findElements(By.cssSelector("#graph svg g.node")).isEmpty());
        Map<String, String> outcomes = new java.util.HashMap<>();
        for (WebElement node : browser.findElements(By.cssSelector("#graph svg g.node"))) {
            outcomes.put(node.getDomAttribute("data-state"), node.getDomAttribute("data-outcome"));
        }
        assertThat(outcomes).containsEntry("ReserveInventory", "succeeded")
                .containsEntry("ProcessPayment", "succeeded")
                .containsEntry("CreateShipment", "caught")
                .containsEntry("ConfirmOrder", "not-run")
                .containsEntry("CancelShipment", "compensated")
                .containsEntry("RefundPayment", "compensated")
                .containsEntry("ReleaseInventory", "compensated")
                .containsEntry("MarkOrderCancelled", "compensated")
                .containsEntry("OrderCancelled", "failed");
        assertThat(browser.findElements(By.cssSelector("#graph svg path[data-kind=catch]"))).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("#graph svg g.node[data-state=CreateShipment]"))
                .getDomAttribute("aria-label")).isEqualTo("CreateShipment: failed, caught");

        List<WebElement> failedStepEvents = browser.findElements(By.xpath(
                "//section[@aria-labelledby='history-title']//tbody/tr[td[3][normalize-space()='CreateShipment']"
                        + " and contains(td[2], 'Failed')]"));
        assertThat(failedStepEvents).as("history rows naming the failed step").isNotEmpty();
        // an event's details open under its row
        failedStepEvents.get(0).findElement(By.cssSelector("button.expand")).click();
        String detailsId = failedStepEvents.get(0).findElement(By.cssSelector("button.expand")).getDomAttribute("aria-controls");
        waiting().until(d -> d.findElement(By.id(detailsId)).isDisplayed());
        assertThat(browser.findElement(By.id(detailsId)).getText()).contains("ShipmentRejected");
        assertThat(browser.findElement(By.cssSelector("dl.summary")).getText()).contains("ShipmentRejected");
        screenshot("console-compensated-order.png");

        WebElement failedNode = browser.findElement(By.cssSelector("#graph svg g.node[data-state=CreateShipment]"));
        failedNode.sendKeys(Keys.ENTER);
        waiting().until(d -> d.findElement(By.cssSelector("#state-CreateShipment details")).getDomProperty("open").equals("true"));
        assertThat(browser.findElement(By.cssSelector("#state-CreateShipment")).getText()).contains("CreateShipment");

        browser.manage().window().setSize(new Dimension(390, 844));
        Thread.sleep(300);
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        Object wide = ((JavascriptExecutor) browser).executeScript(
                "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                        + ".filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-wrap, pre'))"
                        + ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow at phone width: %s", wide).isLessThanOrEqualTo(0);
        screenshot("console-compensated-order-phone.png");
    }

    @Test
    void theOrdersAccountsAndDeadLetterViewsShowTheDemo() {
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get(twin.api() + "/console/#/orders?status=CANCELLED");
        waiting().until(d -> d.findElements(By.cssSelector("main tbody tr")).size() >= 3
                && d.findElement(By.cssSelector("main tbody")).getText().contains("CANCELLED"));
        assertThat(browser.findElement(By.cssSelector("main tbody")).getText())
                .contains("InsufficientStock").contains("InsufficientFunds").contains("ShipmentRejected");

        browser.findElement(By.linkText("Account summaries")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("#/accounts")
                && d.findElements(By.cssSelector("main tbody tr td")).size() > 3);
        assertThat(browser.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Account summaries");

        browser.findElement(By.linkText("Dead letters")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("#/dead-letters")
                && d.findElement(By.cssSelector("main h2")).getText().equals("Dead letters"));
        assertThat(browser.findElement(By.cssSelector("main tbody")).getText()).contains("Nothing here yet.");
    }

    @Test
    void theStackPageListsTheTemplatesResourcesFunctionsAndMappings() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get(twin.api() + "/console/");
        browser.findElement(By.linkText("Stack")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("#/stack")
                && d.findElements(By.cssSelector("main table")).size() >= 4);
        assertThat(browser.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Stack");
        String page = browser.findElement(By.cssSelector("main")).getText();
        assertThat(page).contains("Stage dev").contains("Sagastack-dev-Stateful: resources")
                .contains("AWS::DynamoDB::Table").contains("EMULATED").contains("AWS::EC2::VPC").contains("ACKNOWLEDGED")
                .contains("dev.sagastack.handlers.api.HttpApiHandler").contains("batch 100, window 1 s, TRIM_HORIZON")
                .contains("POST /orders").contains("AWS_IAM")
                .contains("Served locally at").contains("daxs://127.0.0.1:").contains("Item cache hits");
        screenshot("console-stack.png");
    }

    @Test
    void withoutAllowFaultsTheFaultsEndpointDoesNotExist() {
        TwinClient client = new TwinClient(twin.api());

        TwinClient.Response response = client.send("POST", "/_local/faults",
                Map.of("function", "CreateShipment", "mode", "error", "times", 1));

        assertThat(response.status()).isEqualTo(404);
    }
}
