package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ConflictException;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineForExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineVersionListItem;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Versions and aliases through the real SDK (API reference: PublishStateMachineVersion,
 * ListStateMachineVersions, DeleteStateMachineVersion, CreateStateMachineAlias,
 * DescribeStateMachineAlias, UpdateStateMachineAlias, ListStateMachineAliases,
 * DeleteStateMachineAlias, CreateStateMachine/UpdateStateMachine "publish", StartExecution with a
 * version or alias ARN, DescribeStateMachineForExecution).
 */
class VersionsAndAliasesTest {
    private static final long SEED = 19L;
    private static StepFunctionsEngine engine;
    private static StepFunctionsServer server;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        System.out.println("VersionsAndAliasesTest seed " + SEED);
        engine = StepFunctionsEngine.builder().virtualTime(Instant.parse("2025-01-01T00:00:00Z")).randomSeed(SEED).build();
        server = StepFunctionsServer.start(engine, 0);
        sfn = SfnClients.of(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
        engine.close();
    }

    private static String pass(String result) {
        return "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"" + result + "\",\"End\":true}}}";
    }

    private static String output(String executionArn) {
        engine.awaitExecution(executionArn, Duration.ofSeconds(10));
        return sfn.describeExecution(b -> b.executionArn(executionArn)).output();
    }

    @Test
    void publishedVersionsRunTheirOwnDefinition() {
        CreateStateMachineResponse created = sfn.createStateMachine(b -> b.name("orders-v").definition(pass("one"))
                .roleArn("arn:aws:iam::123456789012:role/r").publish(true).versionDescription("first"));
        String sm = created.stateMachineArn();
        assertThat(created.stateMachineVersionArn()).isEqualTo(sm + ":1");
        String revision1 = sfn.describeStateMachine(b -> b.stateMachineArn(sm)).revisionId();

        UpdateStateMachineResponse updated = sfn.updateStateMachine(b -> b.stateMachineArn(sm).definition(pass("two"))
                .publish(true));
        assertThat(updated.stateMachineVersionArn()).isEqualTo(sm + ":2");
        assertThat(updated.revisionId()).isNotEqualTo(revision1);
        sfn.updateStateMachine(b -> b.stateMachineArn(sm).definition(pass("three")));

        assertThat(output(sfn.startExecution(b -> b.stateMachineArn(sm + ":1")).executionArn())).isEqualTo("\"one\"");
        String onTwo = sfn.startExecution(b -> b.stateMachineArn(sm + ":2")).executionArn();
        assertThat(output(onTwo)).isEqualTo("\"two\"");
        assertThat(output(sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn())).isEqualTo("\"three\"");

        DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(onTwo));
        assertThat(d.stateMachineArn()).isEqualTo(sm);
        assertThat(d.stateMachineVersionArn()).isEqualTo(sm + ":2");
        assertThat(d.stateMachineAliasArn()).isNull();
        DescribeStateMachineForExecutionResponse ran = sfn.describeStateMachineForExecution(b -> b.executionArn(onTwo));
        assertThat(ran.definition()).contains("\"two\"");
        assertThat(ran.revisionId()).isEqualTo(updated.revisionId());

        var v1 = sfn.describeStateMachine(b -> b.stateMachineArn(sm + ":1"));
        assertThat(v1.definition()).contains("\"one\"");
        assertThat(v1.description()).isEqualTo("first");
        assertThat(v1.revisionId()).isEqualTo(revision1);
        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(sm)).stateMachineVersions())
                .extracting(StateMachineVersionListItem::stateMachineVersionArn).containsExactly(sm + ":2", sm + ":1");

        // publishing the current revision twice gives one version; a stale revisionId is a conflict
        String v3 = sfn.publishStateMachineVersion(b -> b.stateMachineArn(sm)).stateMachineVersionArn();
        assertThat(sfn.publishStateMachineVersion(b -> b.stateMachineArn(sm)).stateMachineVersionArn()).isEqualTo(v3);
        assertThat(v3).isEqualTo(sm + ":3");
        assertThatThrownBy(() -> sfn.publishStateMachineVersion(b -> b.stateMachineArn(sm).revisionId(revision1)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("no-publish").definition(pass("x"))
                .roleArn("arn:aws:iam::123456789012:role/r").versionDescription("orphan")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Version description can only be set when publish is true");

        assertThatThrownBy(() -> sfn.deleteStateMachine(b -> b.stateMachineArn(sm + ":1")))
                .as("DeleteStateMachine takes the machine's own ARN").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.updateStateMachine(b -> b.stateMachineArn(sm + ":1").definition(pass("x"))))
                .isInstanceOf(ValidationException.class);
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(sm + ":1"));
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(sm + ":1")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        String v4 = sfn.updateStateMachine(b -> b.stateMachineArn(sm).definition(pass("four")).publish(true))
                .stateMachineVersionArn();
        assertThat(v4).as("version numbers are not reused").isEqualTo(sm + ":4");
    }

    @Test
    void aliasesRouteByWeightAndRecordWhatRan() {
        String sm = sfn.createStateMachine(b -> b.name("orders-a").definition(pass("blue"))
                .roleArn("arn:aws:iam::123456789012:role/r").publish(true)).stateMachineArn();
        sfn.updateStateMachine(b -> b.stateMachineArn(sm).definition(pass("green")).publish(true));
        String alias = sfn.createStateMachineAlias(b -> b.name("PROD").description("live").routingConfiguration(
                route(sm + ":1", 90), route(sm + ":2", 10))).stateMachineAliasArn();
        assertThat(alias).isEqualTo(sm + ":PROD");
        assertThat(sfn.createStateMachineAlias(b -> b.name("PROD").description("live").routingConfiguration(
                route(sm + ":1", 90), route(sm + ":2", 10))).stateMachineAliasArn()).as("idempotent").isEqualTo(alias);

        int n = 400;
        for (int i = 0; i < n; i++) {
            String e = sfn.startExecution(b -> b.stateMachineArn(alias)).executionArn();
            engine.awaitExecution(e, Duration.ofSeconds(10));
        }
        List<ExecutionListItem> items = sfn.listExecutions(b -> b.stateMachineArn(alias).maxResults(1000)).executions();
        assertThat(items).hasSize(n).allSatisfy(e -> assertThat(e.stateMachineAliasArn()).isEqualTo(alias));
        Map<String, Long> split = items.stream().collect(Collectors.groupingBy(ExecutionListItem::stateMachineVersionArn,
                Collectors.counting()));
        System.out.println("alias split over " + n + " executions: " + split);
        assertThat(split.get(sm + ":1")).isBetween(330L, 390L);
        assertThat(split.get(sm + ":2")).isBetween(10L, 70L);
        for (ExecutionListItem e : items.subList(0, 20)) {
            String expected = e.stateMachineVersionArn().endsWith(":1") ? "\"blue\"" : "\"green\"";
            assertThat(sfn.describeExecution(b -> b.executionArn(e.executionArn())).output()).isEqualTo(expected);
        }

        DescribeStateMachineAliasResponse d = sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias));
        assertThat(d.name()).isEqualTo("PROD");
        assertThat(d.description()).isEqualTo("live");
        assertThat(d.routingConfiguration()).extracting(RoutingConfigurationListItem::weight).containsExactly(90, 10);

        sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(alias).routingConfiguration(route(sm + ":2", 100)));
        String after = sfn.startExecution(b -> b.stateMachineArn(alias)).executionArn();
        assertThat(output(after)).isEqualTo("\"green\"");
        assertThat(sfn.listStateMachineAliases(b -> b.stateMachineArn(sm)).stateMachineAliases()).hasSize(1);

        assertThatThrownBy(() -> sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(sm + ":2")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Version to be deleted must not be referenced by an alias");
        assertThatThrownBy(() -> sfn.createStateMachineAlias(b -> b.name("PROD").routingConfiguration(
                route(sm + ":1", 100)))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> sfn.createStateMachineAlias(b -> b.name("HALF").routingConfiguration(
                route(sm + ":1", 50), route(sm + ":2", 40)))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.createStateMachineAlias(b -> b.name("GONE").routingConfiguration(
                route(sm + ":9", 100)))).isInstanceOf(ResourceNotFoundException.class);

        sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(alias));
        assertThatThrownBy(() -> sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(alias)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(sm + ":2"));
        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(sm)).stateMachineVersions())
                .extracting(StateMachineVersionListItem::stateMachineVersionArn).containsExactly(sm + ":1");
    }

    @Test
    void versionsAndAliasesSurviveARestart(@TempDir Path dir) {
        Function<Path, StepFunctionsEngine> open = d -> StepFunctionsEngine.builder()
                .virtualTime(Instant.parse("2025-01-01T00:00:00Z")).dataDirectory(d).build();
        String alias;
        try (StepFunctionsEngine first = open.apply(dir)) {
            String sm = first.createStateMachine("durable", pass("kept")).stateMachineArn();
            first.publishStateMachineVersion(sm, null, "v1");
            first.updateStateMachine(sm, pass("later"), Map.of(), null);
            alias = first.createStateMachineAlias("LIVE", null,
                    List.of(new StateMachineAlias.Route(sm + ":1", 100))).stateMachineAliasArn();
        }
        try (StepFunctionsEngine second = open.apply(dir)) {
            ExecutionInfo e = second.startExecution(alias, null, "{}");
            ExecutionInfo done = second.awaitExecution(e.executionArn(), Duration.ofSeconds(10));
            assertThat(done.output()).contains("\"kept\"");
            assertThat(done.stateMachineVersionArn()).contains(alias.replace(":LIVE", ":1"));
            assertThat(second.listStateMachineVersions(alias.replace(":LIVE", ""))).hasSize(1);
        }
    }

    private static RoutingConfigurationListItem route(String version, int weight) {
        return RoutingConfigurationListItem.builder().stateMachineVersionArn(version).weight(weight).build();
    }
}
