package dev.sagastack.local.stepfunctions.http;

import dev.sagastack.local.stepfunctions.StepFunctionsException;
import dev.sagastack.local.stepfunctions.json.Json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Map.entry;

/**
 * The request members of each operation with their JSON types and constraints, as the Step Functions API
 * Reference gives them (each action's "Request Parameters": type, "Required", "Length Constraints", "Valid
 * Range", "Valid Values"). A member of the wrong JSON type is a {@code SerializationException}, as the AWS JSON
 * protocol reports it; broken constraints are one {@code ValidationException} listing them all ("N validation
 * errors detected: ..."), before the operation runs, so a refused request changes nothing. Members the table
 * does not name, and operations it does not list, are left to the operation.
 */
final class RequestShapes {

    /** One member's shape: its JSON type and the constraint on its value. */
    private interface Member {
        boolean required();

        /** True when the value has the member's JSON type. */
        boolean fits(Object value);

        /** The protocol's name of the member's type, for the serialization error. */
        String typeName();

        /** The broken constraint, as the validation message phrases it. */
        default Optional<String> violation(Object value) {
            return Optional.empty();
        }
    }

    private record Text(boolean required, int min, int max) implements Member {
        public boolean fits(Object value) {
            return value instanceof String;
        }

        public String typeName() {
            return "String";
        }

        public Optional<String> violation(Object value) {
            int length = ((String) value).length();
            if (length < min) {
                return Optional.of("Member must have length greater than or equal to " + min);
            }
            return length > max ? Optional.of("Member must have length less than or equal to " + max) : Optional.empty();
        }
    }

    private record Choice(boolean required, Set<String> values) implements Member {
        public boolean fits(Object value) {
            return value instanceof String;
        }

        public String typeName() {
            return "String";
        }

        public Optional<String> violation(Object value) {
            return values.contains(value) ? Optional.empty()
                    : Optional.of("Member must satisfy enum value set: " + values.stream().sorted().toList());
        }
    }

    private record Whole(int min, int max) implements Member {
        public boolean required() {
            return false;
        }

        public boolean fits(Object value) {
            return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
        }

        public String typeName() {
            return "Integer";
        }

        public Optional<String> violation(Object value) {
            BigInteger n = new BigInteger(value.toString());
            if (n.compareTo(BigInteger.valueOf(min)) < 0) {
                return Optional.of("Member must have value greater than or equal to " + min);
            }
            return n.compareTo(BigInteger.valueOf(max)) > 0
                    ? Optional.of("Member must have value less than or equal to " + max) : Optional.empty();
        }
    }

    private record Flag() implements Member {
        public boolean required() {
            return false;
        }

        public boolean fits(Object value) {
            return value instanceof Boolean;
        }

        public String typeName() {
            return "Boolean";
        }
    }

    private record Structure(boolean required) implements Member {
        public boolean fits(Object value) {
            return value instanceof Map;
        }

        public String typeName() {
            return "Structure";
        }
    }

    private record ListOf(boolean required) implements Member {
        public boolean fits(Object value) {
            return value instanceof List;
        }

        public String typeName() {
            return "List";
        }
    }

    private static final int ARN = 256;
    private static final int DEFINITION = 1_048_576;
    private static final int PAYLOAD = 262_144;
    private static final int NAME = 80;
    private static final int ERROR = 256;
    private static final int CAUSE = 32_768;
    private static final int TOKEN = 3_096;
    private static final Text ARN_REQUIRED = new Text(true, 1, ARN);
    private static final Text QUALIFIED_ARN_REQUIRED = new Text(true, 1, 2_048);
    private static final Whole MAX_RESULTS = new Whole(0, 1_000);
    private static final Text NEXT_TOKEN = new Text(false, 1, TOKEN);
    private static final Choice INCLUDED_DATA = new Choice(false, Set.of("ALL_DATA", "METADATA_ONLY"));
    private static final Choice TYPE = new Choice(false, Set.of("STANDARD", "EXPRESS"));

    private static final Map<String, Map<String, Member>> OPERATIONS = Map.ofEntries(
            entry("CreateStateMachine", Map.of("name", new Text(true, 1, NAME),
                    "definition", new Text(true, 1, DEFINITION), "roleArn", ARN_REQUIRED, "type", TYPE,
                    "loggingConfiguration", new Structure(false), "tracingConfiguration", new Structure(false),
                    "encryptionConfiguration", new Structure(false), "tags", new ListOf(false),
                    "publish", new Flag(), "versionDescription", new Text(false, 0, 256))),
            entry("UpdateStateMachine", Map.of("stateMachineArn", ARN_REQUIRED,
                    "definition", new Text(false, 1, DEFINITION), "roleArn", new Text(false, 1, ARN),
                    "loggingConfiguration", new Structure(false), "tracingConfiguration", new Structure(false),
                    "encryptionConfiguration", new Structure(false), "publish", new Flag(),
                    "versionDescription", new Text(false, 0, 256))),
            entry("DescribeStateMachine", Map.of("stateMachineArn", QUALIFIED_ARN_REQUIRED,
                    "includedData", INCLUDED_DATA)),
            entry("DeleteStateMachine", Map.of("stateMachineArn", ARN_REQUIRED)),
            entry("ListStateMachines", Map.of("maxResults", MAX_RESULTS, "nextToken", NEXT_TOKEN)),
            entry("StartExecution", Map.of("stateMachineArn", QUALIFIED_ARN_REQUIRED,
                    "name", new Text(false, 1, NAME), "input", new Text(false, 0, PAYLOAD),
                    "traceHeader", new Text(false, 0, 256))),
            entry("StartSyncExecution", Map.of("stateMachineArn", QUALIFIED_ARN_REQUIRED,
                    "name", new Text(false, 1, NAME), "input", new Text(false, 0, PAYLOAD),
                    "traceHeader", new Text(false, 0, 256), "includedData", INCLUDED_DATA)),
            entry("StopExecution", Map.of("executionArn", ARN_REQUIRED, "error", new Text(false, 0, ERROR),
                    "cause", new Text(false, 0, CAUSE))),
            entry("DescribeExecution", Map.of("executionArn", ARN_REQUIRED, "includedData", INCLUDED_DATA)),
            entry("DescribeStateMachineForExecution", Map.of("executionArn", ARN_REQUIRED,
                    "includedData", INCLUDED_DATA)),
            entry("ListExecutions", Map.of("stateMachineArn", new Text(false, 1, ARN),
                    "statusFilter", new Choice(false, Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT",
                            "ABORTED", "PENDING_REDRIVE")),
                    "maxResults", MAX_RESULTS, "nextToken", NEXT_TOKEN, "mapRunArn", new Text(false, 1, 2_000),
                    "redriveFilter", new Choice(false, Set.of("REDRIVEN", "NOT_REDRIVEN")))),
            entry("GetExecutionHistory", Map.of("executionArn", ARN_REQUIRED, "maxResults", MAX_RESULTS,
                    "reverseOrder", new Flag(), "nextToken", NEXT_TOKEN, "includeExecutionData", new Flag())),
            entry("SendTaskSuccess", Map.of("taskToken", new Text(true, 1, 2_048),
                    "output", new Text(true, 0, PAYLOAD))),
            entry("SendTaskFailure", Map.of("taskToken", new Text(true, 1, 2_048),
                    "error", new Text(false, 0, ERROR), "cause", new Text(false, 0, CAUSE))),
            entry("SendTaskHeartbeat", Map.of("taskToken", new Text(true, 1, 2_048))),
            entry("ValidateStateMachineDefinition", Map.of("definition", new Text(true, 1, DEFINITION),
                    "type", TYPE, "severity", new Choice(false, Set.of("ERROR", "WARNING")),
                    "maxResults", new Whole(0, 100))),
            entry("DescribeMapRun", Map.of("mapRunArn", new Text(true, 1, 2_000))),
            entry("ListMapRuns", Map.of("executionArn", ARN_REQUIRED, "maxResults", MAX_RESULTS,
                    "nextToken", NEXT_TOKEN)),
            entry("UpdateMapRun", Map.of("mapRunArn", new Text(true, 1, 2_000))),
            entry("TagResource", Map.of("resourceArn", ARN_REQUIRED, "tags", new ListOf(true))),
            entry("UntagResource", Map.of("resourceArn", ARN_REQUIRED, "tagKeys", new ListOf(true))),
            entry("ListTagsForResource", Map.of("resourceArn", ARN_REQUIRED)));

    private RequestShapes() {
    }

    /** Throws the error AWS answers when {@code request} does not fit the shape of {@code operation}. */
    static void check(String operation, Map<String, Object> request) {
        Map<String, Member> members = OPERATIONS.get(operation);
        if (members == null) {
            return;
        }
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Member> e : members.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            Object value = request.get(e.getKey());
            if (value == null || value == Json.NULL) {
                if (e.getValue().required()) {
                    violations.add("Value null at '" + e.getKey() + "' failed to satisfy constraint: "
                            + "Member must not be null");
                }
                continue;
            }
            Member member = e.getValue();
            if (!member.fits(value)) {
                throw new StepFunctionsException("SerializationException", notConvertible(value, member));
            }
            member.violation(value).ifPresent(v -> violations.add("Value '" + value + "' at '" + e.getKey()
                    + "' failed to satisfy constraint: " + v));
        }
        if (!violations.isEmpty()) {
            throw new StepFunctionsException("ValidationException", violations.size()
                    + (violations.size() == 1 ? " validation error detected: " : " validation errors detected: ")
                    + String.join("; ", violations));
        }
    }

    /** The AWS JSON protocol's message for a member of another JSON type. */
    private static String notConvertible(Object value, Member member) {
        if (value instanceof Map) {
            return "Start of structure or map found where not expected.";
        }
        if (value instanceof List) {
            return "Start of list found where not expected";
        }
        String found = value instanceof Boolean b ? (b ? "TRUE_VALUE" : "FALSE_VALUE")
                : value instanceof String ? "STRING_VALUE" : "NUMBER_VALUE";
        return found + " cannot be converted to " + member.typeName();
    }
}
