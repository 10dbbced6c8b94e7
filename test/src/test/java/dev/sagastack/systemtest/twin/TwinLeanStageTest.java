package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.infra.StageConfig;
import dev.sagastack.systemtest.saga.StageTemplates;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's cheapest stage ({@code -c dax=false -c aurora=false}) synthesized and run on the twin with
 * {@code --cloud-assembly}, as a platform team would rehearse it: no database, no DAX, no saga. Users, accounts and
 * the forum work; {@code /orders} and {@code /inventory} do not exist, so API Gateway answers 404 before any
 * function runs, exactly as the deployed stage would.
 */
class TwinLeanStageTest {

    @AutoClose
    private static TwinProcess twin;
    private static TwinClient client;

    @BeforeAll
    static void start() throws Exception {
        Path assembly = StageTemplates.assembly(StageConfig.dev().withDax(false).withAurora(false));
        twin = TwinProcess.start("lean", "--cloud-assembly", assembly.toString());
        client = new TwinClient(twin.api());
    }

    @Test
    void usersAccountsAndForumWorkAndTheSagaRoutesAreAbsent() {
        String user = client.user("lean");
        String account = client.account(user, 1_500);
        assertThat(client.account(account).path("balance").asLong()).isEqualTo(1_500);
        client.send("POST", "/forum/categories", Map.of("categoryId", "lean", "name", "Lean")).ok();
        JsonNode categories = client.get("/forum/categories");
        assertThat(categories.path("items").toString()).contains("\"lean\"");

        for (String[] route : new String[][] {{"POST", "/orders"}, {"GET", "/orders/o-1"}, {"GET", "/inventory/sku-1"}}) {
            TwinClient.Response absent = client.send(route[0], route[1],
                    route[0].equals("POST") ? Map.of("userId", user) : null);
            assertThat(absent.status()).as(route[0] + " " + route[1]).isEqualTo(404);
            assertThat(absent.body().toString()).isEqualTo("{\"message\":\"Not Found\"}");
        }
        assertThat(client.get("/_local/api/stack").toString()).doesNotContain("AWS::RDS::DBCluster")
                .doesNotContain("AWS::DAX::Cluster").doesNotContain("AWS::StepFunctions::StateMachine");
    }
}
