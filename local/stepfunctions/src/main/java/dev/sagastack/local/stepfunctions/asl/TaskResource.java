package dev.sagastack.local.stepfunctions.asl;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Task's Resource, classified: an optimized service integration
 * ({@code arn:aws:states:::service:action[.pattern]}) or a plain Lambda function ARN.
 *
 * @param resourceType history resourceType, e.g. "lambda", "dynamodb", "states"
 * @param resourceName history resource, e.g. "invoke", "getItem.waitForTaskToken"
 */
public record TaskResource(Kind kind, IntegrationPattern pattern, String resourceType, String resourceName,
                           String action) {
    /** OTHER_SERVICE: an integration this engine only runs when a mock test case answers for it. */
    public enum Kind { LAMBDA_INVOKE, LAMBDA_FUNCTION, DYNAMODB, STATES_START_EXECUTION, ACTIVITY, OTHER_SERVICE }

    private static final Set<String> OTHER_OPTIMIZED = Set.of("sqs:sendMessage", "sns:publish",
            "events:putEvents", "glue:startJobRun", "ecs:runTask", "batch:submitJob", "apigateway:invoke",
            "http:invoke", "athena:startQueryExecution", "codebuild:startBuild", "sagemaker:createTrainingJob",
            "bedrock:invokeModel", "eks:runJob", "emr-serverless:startJobRun", "elasticmapreduce:createCluster");
    private static final Pattern AWS_SDK = Pattern.compile(
            "^arn:aws[a-z-]*:states:[a-z0-9-]*:[0-9]*:aws-sdk:([a-z0-9-]+):([a-zA-Z0-9]+)(\\.waitForTaskToken)?$");

    /**
     * How Step Functions waits on an integration ("Discover service integration patterns"): the call's
     * answer, a task token, or the job's end ({@code .sync}; {@code .sync:2} gives the job's output as JSON).
     */
    public enum IntegrationPattern { REQUEST_RESPONSE, WAIT_FOR_TASK_TOKEN, RUN_JOB, RUN_JOB_JSON_OUTPUT }

    private static final Pattern SERVICE = Pattern.compile(
            "^arn:aws[a-z-]*:states:[a-z0-9-]*:[0-9]*:([a-zA-Z0-9-]+):([a-zA-Z0-9]+)(\\.waitForTaskToken|\\.sync:2|\\.sync)?$");
    private static final Pattern ACTIVITY = Pattern.compile(
            "^arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]{12}:activity:[^:\\s]{1,80}$");
    private static final Pattern LAMBDA = Pattern.compile(
            "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$");

    /** Classifies the resource ARN, or returns null when it is not one this engine supports. */
    public static TaskResource parse(String arn) {
        if (arn == null) {
            return null;
        }
        if (ACTIVITY.matcher(arn).matches()) {
            // a worker answers with the task token, so the state waits as for .waitForTaskToken
            return new TaskResource(Kind.ACTIVITY, IntegrationPattern.WAIT_FOR_TASK_TOKEN, "activity", arn, "activity");
        }
        Matcher m = SERVICE.matcher(arn);
        if (m.matches()) {
            String service = m.group(1);
            String action = m.group(2);
            String suffix = m.group(3) == null ? "" : m.group(3);
            IntegrationPattern p = suffix.isEmpty() ? IntegrationPattern.REQUEST_RESPONSE
                    : suffix.equals(".waitForTaskToken") ? IntegrationPattern.WAIT_FOR_TASK_TOKEN
                    : suffix.equals(".sync") ? IntegrationPattern.RUN_JOB : IntegrationPattern.RUN_JOB_JSON_OUTPUT;
            String resourceName = action + suffix;
            if (service.equals("lambda") && action.equals("invoke")
                    && (p == IntegrationPattern.REQUEST_RESPONSE || p == IntegrationPattern.WAIT_FOR_TASK_TOKEN)) {
                return new TaskResource(Kind.LAMBDA_INVOKE, p, "lambda", resourceName, action);
            }
            if (service.equals("dynamodb") && p != IntegrationPattern.RUN_JOB && p != IntegrationPattern.RUN_JOB_JSON_OUTPUT
                    && (action.equals("getItem") || action.equals("putItem") || action.equals("updateItem")
                    || action.equals("deleteItem"))) {
                return new TaskResource(Kind.DYNAMODB, p, "dynamodb", resourceName, action);
            }
            if (service.equals("states") && action.equals("startExecution")) {
                return new TaskResource(Kind.STATES_START_EXECUTION, p, "states", resourceName, action);
            }
            if (OTHER_OPTIMIZED.contains(service + ":" + action)) {
                return new TaskResource(Kind.OTHER_SERVICE, p, service, resourceName, action);
            }
            return null;
        }
        Matcher sdk = AWS_SDK.matcher(arn);
        if (sdk.matches()) {
            boolean token = sdk.group(3) != null;
            return new TaskResource(Kind.OTHER_SERVICE, token ? IntegrationPattern.WAIT_FOR_TASK_TOKEN : IntegrationPattern.REQUEST_RESPONSE,
                    sdk.group(1), sdk.group(2) + (token ? ".waitForTaskToken" : ""), sdk.group(2));
        }
        if (LAMBDA.matcher(arn).matches()) {
            return new TaskResource(Kind.LAMBDA_FUNCTION, IntegrationPattern.REQUEST_RESPONSE, "lambda", arn, "invoke");
        }
        return null;
    }
}
