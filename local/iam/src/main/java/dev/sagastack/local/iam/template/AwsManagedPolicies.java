package dev.sagastack.local.iam.template;

import dev.sagastack.local.iam.policy.PolicyDocument;

import java.util.Map;
import java.util.Optional;

/**
 * The AWS-managed policies the templates attach, with the statements AWS publishes for them
 * ("AWS managed policies for Lambda features", "AWS managed policies for AWS X-Ray").
 */
final class AwsManagedPolicies {

    private static final String LOGS = "\"logs:CreateLogGroup\",\"logs:CreateLogStream\",\"logs:PutLogEvents\"";

    private static final Map<String, String> DOCUMENTS = Map.of(
            "service-role/AWSLambdaBasicExecutionRole",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + LOGS
                    + "],\"Resource\":\"*\"}]}",
            "service-role/AWSLambdaVPCAccessExecutionRole",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AWSLambdaVPCAccessExecutionPermissions\","
                    + "\"Effect\":\"Allow\",\"Action\":[" + LOGS + ",\"ec2:CreateNetworkInterface\","
                    + "\"ec2:DescribeNetworkInterfaces\",\"ec2:DescribeSubnets\",\"ec2:DeleteNetworkInterface\","
                    + "\"ec2:AssignPrivateIpAddresses\",\"ec2:UnassignPrivateIpAddresses\"],\"Resource\":\"*\"}]}",
            "service-role/AWSLambdaDynamoDBExecutionRole",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
                    + "\"dynamodb:DescribeStream\",\"dynamodb:GetRecords\",\"dynamodb:GetShardIterator\","
                    + "\"dynamodb:ListStreams\"," + LOGS + "],\"Resource\":\"*\"}]}",
            "AWSXRayDaemonWriteAccess",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
                    + "\"xray:PutTraceSegments\",\"xray:PutTelemetryRecords\",\"xray:GetSamplingRules\","
                    + "\"xray:GetSamplingTargets\",\"xray:GetSamplingStatisticSummaries\"],\"Resource\":\"*\"}]}");

    private AwsManagedPolicies() {
    }

    /** The document of {@code arn:aws:iam::aws:policy/<path/name>}, if it is one we know. */
    static Optional<PolicyDocument> byArn(String arn) {
        String prefix = ":iam::aws:policy/";
        int at = arn.indexOf(prefix);
        if (at < 0) {
            return Optional.empty();
        }
        String name = arn.substring(at + prefix.length());
        return Optional.ofNullable(DOCUMENTS.get(name)).map(doc -> PolicyDocument.parse(arn, doc));
    }

    static boolean isAwsManaged(String arn) {
        return arn.contains(":iam::aws:policy/");
    }
}
