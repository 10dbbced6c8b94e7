package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Activities (CreateActivity, DescribeActivity, ListActivities, DeleteActivity) and their task queues:
 * an activity Task state puts a task on its activity's queue; GetActivityTask long-polls it (up to
 * 60 seconds, API reference "GetActivityTask") and hands the worker the task token and input. The
 * worker answers with SendTaskSuccess/Failure/Heartbeat like any task token.
 */
final class Activities {
    /** A scheduled activity task waiting for a worker; {@code started} records ActivityStarted (worker name). */
    record Pending(String taskToken, String input, BiConsumer<String, String> started) {
    }

    private record Activity(ActivityInfo info, Map<String, String> tags, LinkedBlockingQueue<Pending> queue) {
    }

    private final String region;
    private final String account;
    private final Duration pollTimeout;
    private final Map<String, Activity> byArn = new ConcurrentHashMap<>();

    Activities(String region, String account, Duration pollTimeout) {
        this.region = region;
        this.account = account;
        this.pollTimeout = pollTimeout;
    }

    String arn(String name) {
        return "arn:aws:states:" + region + ":" + account + ":activity:" + name;
    }

    /** CreateActivity is idempotent by name: another call returns the existing activity (its tags unchanged). */
    synchronized ActivityInfo create(String name, Map<String, String> tags, Instant now) {
        String arn = arn(name);
        Activity a = byArn.get(arn);
        if (a == null) {
            a = new Activity(new ActivityInfo(arn, name, now), new LinkedHashMap<>(tags), new LinkedBlockingQueue<>());
            byArn.put(arn, a);
        }
        return a.info();
    }

    /** The stored form of an activity (kept with the state machines by a durable engine). */
    Map<String, Object> toJson(String arn) {
        Activity a = byArn.get(arn);
        return a == null ? null : Json.obj("activity", true, "arn", arn,
                "name", a.info().name(), "creationDate", a.info().creationDate().toString(),
                "tags", new LinkedHashMap<String, Object>(a.tags()));
    }

    void restore(Map<String, Object> m) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (m.get("tags") instanceof Map<?, ?> t) {
            t.forEach((k, v) -> tags.put((String) k, (String) v));
        }
        create((String) m.get("name"), tags, Instant.parse((String) m.get("creationDate")));
    }

    ActivityInfo describe(String arn) {
        return activity(arn).info();
    }

    List<ActivityInfo> list() {
        List<ActivityInfo> l = new ArrayList<>();
        byArn.values().forEach(a -> l.add(a.info()));
        l.sort(Comparator.comparing(ActivityInfo::name));
        return l;
    }

    void delete(String arn) {
        checkArn(arn);
        byArn.remove(arn);
    }

    Map<String, String> tags(String arn) {
        return activity(arn).tags();
    }

    boolean exists(String arn) {
        return byArn.containsKey(arn);
    }

    /** Queues a task for the activity's workers; false when the activity does not exist. */
    boolean schedule(String arn, Pending task) {
        Activity a = byArn.get(arn);
        if (a == null) {
            return false;
        }
        a.queue().add(task);
        return true;
    }

    /** Drops a queued task that was closed before a worker took it (timed out, execution stopped). */
    void withdraw(String arn, String taskToken) {
        Activity a = byArn.get(arn);
        if (a != null) {
            a.queue().removeIf(p -> p.taskToken().equals(taskToken));
        }
    }

    /** GetActivityTask: waits up to the poll timeout (60 s) for a task. */
    ActivityTask poll(String arn, String workerName) {
        Activity a = activity(arn);
        try {
            Pending p = a.queue().poll(pollTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (p == null) {
                return ActivityTask.none();
            }
            p.started().accept(p.taskToken(), workerName);
            return new ActivityTask(Optional.of(p.taskToken()), Optional.of(p.input()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActivityTask.none();
        }
    }

    private Activity activity(String arn) {
        checkArn(arn);
        Activity a = byArn.get(arn);
        if (a == null) {
            throw new StepFunctionsException("ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'");
        }
        return a;
    }

    private static void checkArn(String arn) {
        if (arn == null || !arn.matches("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:activity:[^:]+$")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
    }
}
