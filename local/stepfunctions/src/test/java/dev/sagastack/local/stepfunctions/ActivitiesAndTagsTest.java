package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ActivityListItem;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.TooManyTagsException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Activities and tags through the real SDK (API reference: CreateActivity, DescribeActivity,
 * ListActivities, DeleteActivity, GetActivityTask, SendTaskSuccess/Failure/Heartbeat, TagResource,
 * UntagResource, ListTagsForResource; HistoryEvent's activity*EventDetails).
 */
class ActivitiesAndTagsTest {
    private static StepFunctionsEngine engine;
    private static StepFunctionsServer server;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        engine = StepFunctionsEngine.builder().virtualTime(Instant.parse("2025-01-01T00:00:00Z"))
                .activityPollTimeout(Duration.ofSeconds(5)).build();
        server = StepFunctionsServer.start(engine, 0);
        sfn = SfnClients.of(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
        engine.close();
    }

    private static String machine(String name, String activityArn) {
        return sfn.createStateMachine(b -> b.name(name).roleArn("arn:aws:iam::123456789012:role/r").definition("""
                {"StartAt":"Review","States":{"Review":{"Type":"Task","Resource":"%s","HeartbeatSeconds":30,
                  "Parameters":{"order.$":"$.order"},"ResultPath":"$.review","End":true}}}""".formatted(activityArn)))
                .stateMachineArn();
    }

    @Test
    void aWorkerLongPollsTheTaskAndAnswersWithItsToken() throws Exception {
        String activity = sfn.createActivity(b -> b.name("review").tags(Tag.builder().key("team").value("ops").build()))
                .activityArn();
        assertThat(activity).isEqualTo("arn:aws:states:us-east-1:123456789012:activity:review");
        assertThat(sfn.createActivity(b -> b.name("review")).activityArn()).as("idempotent by name").isEqualTo(activity);
        assertThat(sfn.describeActivity(b -> b.activityArn(activity)).name()).isEqualTo("review");
        assertThat(sfn.listActivities().activities()).extracting(ActivityListItem::name).contains("review");
        assertThat(sfn.listTagsForResource(b -> b.resourceArn(activity)).tags())
                .containsExactly(Tag.builder().key("team").value("ops").build());

        String sm = machine("reviewed", activity);
        // the poll is waiting before any task exists: it is answered when the execution schedules one
        CompletableFuture<GetActivityTaskResponse> poll = CompletableFuture.supplyAsync(() ->
                sfn.getActivityTask(b -> b.activityArn(activity).workerName("worker-1")));
        Thread.sleep(200);
        String exec = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"order\":\"o-7\"}")).executionArn();
        GetActivityTaskResponse task = poll.get(10, TimeUnit.SECONDS);
        assertThat(task.input()).isEqualTo("{\"order\":\"o-7\"}");
        sfn.sendTaskHeartbeat(b -> b.taskToken(task.taskToken()));
        sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"approved\":true}"));
        engine.awaitExecution(exec, Duration.ofSeconds(10));
        DescribeExecutionResponse done = sfn.describeExecution(b -> b.executionArn(exec));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("{\"order\":\"o-7\",\"review\":{\"approved\":true}}");

        List<HistoryEvent> h = sfn.getExecutionHistory(b -> b.executionArn(exec)).events();
        assertThat(h).extracting(HistoryEvent::type).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.ACTIVITY_SCHEDULED,
                HistoryEventType.ACTIVITY_STARTED, HistoryEventType.ACTIVITY_SUCCEEDED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(h.get(2).activityScheduledEventDetails().resource()).isEqualTo(activity);
        assertThat(h.get(2).activityScheduledEventDetails().heartbeatInSeconds()).isEqualTo(30L);
        assertThat(h.get(2).activityScheduledEventDetails().input()).isEqualTo("{\"order\":\"o-7\"}");
        assertThat(h.get(3).activityStartedEventDetails().workerName()).isEqualTo("worker-1");
        assertThat(h.get(4).activitySucceededEventDetails().output()).isEqualTo("{\"approved\":true}");
    }

    @Test
    void longPollsDoNotHoldUpOtherCalls() throws Exception {
        String activity = sfn.createActivity(b -> b.name("idle")).activityArn();
        List<CompletableFuture<GetActivityTaskResponse>> polls = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(24);
        for (int i = 0; i < 24; i++) {
            polls.add(CompletableFuture.supplyAsync(() -> sfn.getActivityTask(b -> b.activityArn(activity)), workers));
        }
        Thread.sleep(300);
        long t0 = System.nanoTime();
        assertThat(sfn.listActivities().activities()).extracting(ActivityListItem::name).contains("idle");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("answered while 24 workers poll").isLessThan(3_000);
        for (CompletableFuture<GetActivityTaskResponse> p : polls) {
            assertThat(p.get(20, TimeUnit.SECONDS).taskToken()).isNull();
        }
        workers.shutdown();
    }

    @Test
    void failuresTimeoutsAndEmptyPolls() {
        String activity = sfn.createActivity(b -> b.name("check")).activityArn();
        GetActivityTaskResponse empty = sfn.getActivityTask(b -> b.activityArn(activity));
        assertThat(empty.taskToken()).as("no task within the poll").isNull();

        String sm = machine("checked", activity);
        String failed = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"order\":\"o-8\"}")).executionArn();
        GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(activity));
        sfn.sendTaskFailure(b -> b.taskToken(task.taskToken()).error("Rejected").cause("fraud"));
        engine.awaitExecution(failed, Duration.ofSeconds(10));
        DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(failed));
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Rejected");
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(failed)).events()).extracting(HistoryEvent::type)
                .contains(HistoryEventType.ACTIVITY_FAILED);

        String timedOut = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"order\":\"o-9\"}")).executionArn();
        engine.awaitExecution(timedOut, Duration.ofMillis(300));
        engine.advanceTime(Duration.ofSeconds(31));
        engine.awaitExecution(timedOut, Duration.ofSeconds(10));
        assertThat(sfn.describeExecution(b -> b.executionArn(timedOut)).error()).isEqualTo("States.Timeout");
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(timedOut)).events()).extracting(HistoryEvent::type)
                .contains(HistoryEventType.ACTIVITY_TIMED_OUT);
        assertThat(sfn.getActivityTask(b -> b.activityArn(activity)).taskToken())
                .as("a timed-out task is no longer handed out").isNull();

        sfn.deleteActivity(b -> b.activityArn(activity));
        assertThatThrownBy(() -> sfn.describeActivity(b -> b.activityArn(activity)))
                .isInstanceOf(ActivityDoesNotExistException.class);
    }

    @Test
    void stateMachineTagsWithTheirLimits() {
        String sm = sfn.createStateMachine(b -> b.name("tagged").roleArn("arn:aws:iam::123456789012:role/r")
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")
                .tags(Tag.builder().key("app").value("saga").build())).stateMachineArn();
        sfn.tagResource(b -> b.resourceArn(sm).tags(Tag.builder().key("env").value("dev").build(),
                Tag.builder().key("app").value("orders").build()));
        assertThat(sfn.listTagsForResource(b -> b.resourceArn(sm)).tags()).containsExactly(
                Tag.builder().key("app").value("orders").build(), Tag.builder().key("env").value("dev").build());
        sfn.untagResource(b -> b.resourceArn(sm).tagKeys("env"));
        assertThat(sfn.listTagsForResource(b -> b.resourceArn(sm)).tags()).extracting(Tag::key).containsExactly("app");

        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(Tag.builder().key("k" + i).value("v").build());
        }
        assertThatThrownBy(() -> sfn.tagResource(b -> b.resourceArn(sm).tags(many)))
                .isInstanceOf(TooManyTagsException.class);
        assertThat(sfn.listTagsForResource(b -> b.resourceArn(sm)).tags()).as("a refused call changes nothing")
                .hasSize(1);
        assertThatThrownBy(() -> sfn.listTagsForResource(b -> b.resourceArn(sm + "-missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
