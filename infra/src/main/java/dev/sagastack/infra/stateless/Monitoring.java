package dev.sagastack.infra.stateless;

import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import dev.sagastack.handlers.projection.AccountSummaryProjectionHandler;
import dev.sagastack.infra.StageConfig;
import dev.sagastack.observability.SagaMetrics;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmProps;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alarms to an encrypted SNS topic and one dashboard of the saga, the projections and the API.
 * What each alarm means and what to do is in docs/operations.md.
 */
public final class Monitoring extends Construct {

    public static final String METRIC_NAMESPACE = SagaMetrics.NAMESPACE;
    public static final String COMPENSATION_FAILED_METRIC = "CompensationFailed";
    /** Projection lag that pages: events older than this are not in the account summaries yet. */
    public static final Duration ITERATOR_AGE_THRESHOLD = Duration.minutes(5);

    private static final Duration PERIOD = Duration.minutes(5);

    /** Typed props. */
    public record Props(StageConfig stage, DeployedFunctions functions, Optional<OrderSaga> saga,
                        Projections projections, DataApi api, IKey topicKey) {
    }

    private final Topic alarmTopic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    public Monitoring(Construct scope, String id, Props props) {
        super(scope, id);
        this.alarmTopic = createTopic(props);
        List<IWidget> sagaWidgets = props.saga().map(saga -> sagaAlarms(saga, props.stage())).orElse(List.of());
        List<IWidget> stepWidgets = stepMetrics(props);
        List<IWidget> projectionWidgets = projectionAlarms(props);
        List<IWidget> apiWidgets = apiAlarms(props);
        List<IWidget> functionWidgets = functionAlarms(props);
        List<IWidget> saga = new ArrayList<>(sagaWidgets);
        saga.addAll(stepWidgets);
        this.dashboard = createDashboard(props, saga, projectionWidgets, apiWidgets, functionWidgets);
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    private Topic createTopic(Props props) {
        // CloudWatch alarms publish to an encrypted topic only if the key lets CloudWatch use it.
        props.topicKey().grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey");
        Topic topic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("sagastack " + props.stage().name() + " alarms")
                .masterKey(props.topicKey())
                .enforceSsl(true)
                .build();
        props.stage().alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
        return topic;
    }

    private List<IWidget> sagaAlarms(OrderSaga saga, StageConfig stage) {
        var stateMachine = saga.stateMachine();
        IMetric failed = stateMachine.metricFailed(sum());
        IMetric timedOut = stateMachine.metricTimedOut(sum());
        // Counts executions entering the CompensationFailed Choice state (which leads to a redrive point), from the
        // saga's own execution log; a redrive restarts at the redrive point, so one outage counts once.
        MetricFilter compensationFailed = MetricFilter.Builder.create(this, "CompensationFailedFilter")
                .logGroup(saga.logGroup())
                .filterPattern(FilterPattern.all(
                        FilterPattern.stringValue("$.type", "=", "ChoiceStateEntered"),
                        FilterPattern.stringValue("$.details.name", "=", OrderSaga.COMPENSATION_FAILED_STATE)))
                .metricNamespace(METRIC_NAMESPACE)
                .metricName(COMPENSATION_FAILED_METRIC)
                .metricValue("1")
                .build();
        IMetric compensation = compensationFailed.metric(sum());
        alarm("SagaExecutionsFailed", failed, 1, "Order saga executions failed (any cause, including compensated orders' Fail state).");
        alarm("SagaExecutionsTimedOut", timedOut, 1, "Order saga executions timed out.");
        alarm("SagaCompensationFailed", compensation, 1,
                "An order saga reached CompensationFailed: a compensation kept failing; the order needs an operator to redrive it.");
        return List.of(
                GraphWidget.Builder.create().title("Order saga executions").width(12)
                        .left(List.of(stateMachine.metricStarted(sum()), stateMachine.metricSucceeded(sum()), failed,
                                timedOut, stateMachine.metricAborted(sum())))
                        .build(),
                GraphWidget.Builder.create().title("Compensation failed / execution time").width(12)
                        .left(List.of(compensation))
                        .right(List.of(stateMachine.metricTime(MetricOptions.builder().statistic("p90").period(PERIOD).build())))
                        .build());
    }

    /**
     * What the functions emit themselves (EMF, {@link SagaMetrics}): namespace {@value SagaMetrics#NAMESPACE},
     * one dimension {@code Step} whose value is the step's (= its function's) catalog name. Steps only
     * exist where the saga is deployed; the projection always is.
     */
    private List<IWidget> stepMetrics(Props props) {
        List<IWidget> widgets = new ArrayList<>();
        if (props.saga().isPresent()) {
            List<IMetric> latency = new ArrayList<>();
            List<IMetric> failures = new ArrayList<>();
            List<IMetric> compensations = new ArrayList<>();
            for (FunctionSpec step : Functions.sagaSteps()) {
                latency.add(stepMetric(step, SagaMetrics.STEP_LATENCY, "p90"));
                // business refusals count here too, so failures are shown, not alarmed on
                failures.add(stepMetric(step, SagaMetrics.STEP_FAILURES, "Sum"));
            }
            for (FunctionSpec step : List.of(Functions.RELEASE_INVENTORY, Functions.REFUND_PAYMENT, Functions.CANCEL_SHIPMENT)) {
                compensations.add(stepMetric(step, SagaMetrics.COMPENSATIONS_RUN, "Sum"));
            }
            widgets.add(GraphWidget.Builder.create().title("Saga step latency p90 (ms)").width(12).left(latency).build());
            widgets.add(GraphWidget.Builder.create().title("Saga step failures").width(12).left(failures).build());
            widgets.add(GraphWidget.Builder.create().title("Orders").width(12).left(List.of(
                    stepMetric(Functions.CONFIRM_ORDER, SagaMetrics.ORDERS_CONFIRMED, "Sum"),
                    stepMetric(Functions.MARK_ORDER_CANCELLED, SagaMetrics.ORDERS_CANCELLED, "Sum"),
                    stepMetric(Functions.MARK_NEEDS_ATTENTION, SagaMetrics.ORDERS_NEEDING_ATTENTION, "Sum"))).build());
            widgets.add(GraphWidget.Builder.create().title("Compensations run").width(12).left(compensations).build());
        }
        return widgets;
    }

    private List<IWidget> projectionAlarms(Props props) {
        var projection = props.projections().accountSummary().function();
        IMetric iteratorAge = projection.metric("IteratorAge",
                MetricOptions.builder().statistic("Maximum").period(PERIOD).build());
        IMetric dlqDepth = props.projections().deadLetterQueue().metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().statistic("Maximum").period(PERIOD).build());
        alarm("ProjectionIteratorAge", iteratorAge, ITERATOR_AGE_THRESHOLD.toMilliseconds().doubleValue(),
                "The account summary projection is behind the event store stream by more than "
                        + ITERATOR_AGE_THRESHOLD.toMinutes() + " minutes.");
        alarm("ProjectionDeadLetters", dlqDepth, 1,
                "Stream records the account summary projection gave up on are waiting in its dead-letter queue.");
        FunctionSpec spec = Functions.ACCOUNT_SUMMARY_PROJECTION;
        IMetric recordsFailed = stepMetric(spec, AccountSummaryProjectionHandler.RECORDS_FAILED, "Sum");
        alarm("ProjectionRecordsFailed", recordsFailed, 1,
                "The account summary projection reported stream records for retry (batchItemFailures).");
        return List.of(
                GraphWidget.Builder.create().title("Account summary projection lag (ms)").width(12)
                        .left(List.of(iteratorAge))
                        .right(List.of(stepMetric(spec, SagaMetrics.STEP_LATENCY, "p90"))).build(),
                GraphWidget.Builder.create().title("Projection records received / failed").width(12)
                        .left(List.of(stepMetric(spec, AccountSummaryProjectionHandler.RECORDS_RECEIVED, "Sum"), recordsFailed))
                        .build(),
                GraphWidget.Builder.create().title("Projection dead letters / errors").width(12)
                        .left(List.of(dlqDepth)).right(List.of(projection.metricErrors(sum()))).build());
    }

    private List<IWidget> apiAlarms(Props props) {
        IMetric serverErrors = props.api().stage().metricServerError(sum());
        alarm("ApiServerErrors", serverErrors, 1, "The HTTP API answered 5xx.");
        List<IWidget> widgets = new ArrayList<>();
        widgets.add(GraphWidget.Builder.create().title("HTTP API").width(12)
                .left(List.of(props.api().stage().metricCount(sum()), props.api().stage().metricClientError(sum()), serverErrors))
                .right(List.of(props.api().stage().metricLatency(MetricOptions.builder().statistic("p90").period(PERIOD).build())))
                .build());
        if (props.stage().daxEnabled()) {
            // reads DynamoDB served because DAX did not answer (the API keeps working, uncached)
            IMetric fallbacks = stepMetric(Functions.HTTP_API, SagaMetrics.DAX_FALLBACK_READS, "Sum");
            alarm("DaxFallbackReads", fallbacks, 1,
                    "The HTTP API could not reach DAX and read DynamoDB directly (uncached, higher latency and read cost).");
            widgets.add(GraphWidget.Builder.create().title("Reads DynamoDB served in DAX's place").width(12)
                    .left(List.of(fallbacks)).build());
        }
        return widgets;
    }

    private List<IWidget> functionAlarms(Props props) {
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> throttles = new ArrayList<>();
        for (JavaFunction deployed : props.functions().all()) {
            String name = deployed.spec().name();
            errors.add(deployed.function().metricErrors(labelledSum(name)));
            throttles.add(deployed.function().metricThrottles(labelledSum(name)));
            // Alarms take the plain metric: a labelled one would render as metric math.
            alarm(name + "Errors", deployed.function().metricErrors(sum()), 1,
                    "Function " + name + " returned errors (unhandled exceptions or timeouts).");
            alarm(name + "Throttles", deployed.function().metricThrottles(sum()), 1,
                    "Function " + name + " was throttled (reserved or account concurrency exhausted).");
        }
        return List.of(
                GraphWidget.Builder.create().title("Function errors").width(12).left(errors).build(),
                GraphWidget.Builder.create().title("Function throttles").width(12).left(throttles).build());
    }

    private void alarm(String id, IMetric metric, double threshold, String description) {
        Alarm alarm = new Alarm(this, id, AlarmProps.builder()
                .alarmDescription(description + " See docs/operations.md#" + id.toLowerCase())
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        alarms.add(alarm);
    }

    private Dashboard createDashboard(Props props, List<IWidget> saga, List<IWidget> projections,
                                      List<IWidget> api, List<IWidget> functions) {
        List<List<IWidget>> rows = new ArrayList<>();
        rows.add(List.of(TextWidget.Builder.create().width(24).height(2).markdown(
                "# sagastack " + props.stage().name() + "\nOrder saga, projections and API. Alarms: docs/operations.md").build()));
        rows.add(List.of(AlarmStatusWidget.Builder.create().title("Alarms").width(24)
                .alarms(new ArrayList<>(alarms)).build()));
        // two 12-wide graphs a row
        for (int i = 0; i < saga.size(); i += 2) {
            rows.add(saga.subList(i, Math.min(i + 2, saga.size())));
        }
        rows.add(projections);
        rows.add(api);
        rows.add(functions);
        return Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("sagastack-" + props.stage().name())
                .widgets(rows)
                .build();
    }

    /** A metric a function emits: dimensions exactly as {@link SagaMetrics} writes them. */
    private static IMetric stepMetric(FunctionSpec step, String metricName, String statistic) {
        return Metric.Builder.create()
                .namespace(SagaMetrics.NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(Map.of(SagaMetrics.STEP, step.name()))
                .statistic(statistic)
                .period(PERIOD)
                .build();
    }

    private static MetricOptions labelledSum(String label) {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).label(label).build();
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
    }
}
