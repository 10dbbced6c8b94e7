package dev.sagastack.local.stepfunctions.task;

import dev.sagastack.local.stepfunctions.IntegrationCredentials;
import dev.sagastack.local.stepfunctions.json.Json;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem} through the AWS SDK's
 * DynamoDbClient against a configured endpoint. Parameters and results use DynamoDB JSON, as in
 * "Call DynamoDB APIs with Step Functions"; a service error fails the task with
 * {@code DynamoDB.<ErrorCode>} for modelled errors (ConditionalCheckFailedException,
 * ResourceNotFoundException, ...) and {@code DynamoDB.AmazonDynamoDBException} otherwise (an AccessDeniedException
 * among them). Each call is signed with the credentials {@link IntegrationCredentials} gives for the execution, as
 * Step Functions signs with the state machine's role.
 */
public final class DynamoDbIntegration implements AutoCloseable {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final URI endpoint;
    private final String region;
    private final IntegrationCredentials credentials;
    private volatile DynamoDbClient client;

    public DynamoDbIntegration(URI endpoint, String region) {
        this(endpoint, region, IntegrationCredentials.LOCAL);
    }

    public DynamoDbIntegration(URI endpoint, String region, IntegrationCredentials credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    private DynamoDbClient client() {
        DynamoDbClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    URI target = endpoint;
                    if (target == null && System.getenv("AWS_ENDPOINT_URL_DYNAMODB") != null) {
                        target = URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB"));
                    }
                    if (target == null) {
                        throw SdkClientException.create("No DynamoDB endpoint is configured for the local engine "
                                + "(StepFunctionsEngine.Builder.dynamoDbEndpoint or AWS_ENDPOINT_URL_DYNAMODB)");
                    }
                    // each request carries its execution's credentials (see signedAs)
                    client = DynamoDbClient.builder().endpointOverride(target).region(Region.of(region))
                            .credentialsProvider(StaticCredentialsProvider.create(
                                    IntegrationCredentials.LOCAL.forExecution("", "")))
                            .httpClient(UrlConnectionHttpClient.create()).build();
                }
                c = client;
            }
        }
        return c;
    }

    public TaskOutcome execute(TaskRequest req) {
        if (!(req.parameters() instanceof Map)) {
            return TaskOutcome.failure("DynamoDB.AmazonDynamoDBException", "The parameters must be a JSON object");
        }
        Map<String, Object> p = Json.asObject(req.parameters());
        Consumer<AwsRequestOverrideConfiguration.Builder> signedAs = o -> o.credentialsProvider(
                StaticCredentialsProvider.create(credentials.forExecution(req.executionArn(), req.roleArn())));
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            switch (req.resource().action()) {
                case "getItem": {
                    GetItemResponse r = client().getItem(b -> b.overrideConfiguration(signedAs).tableName(str(p, "TableName")).key(item(p, "Key"))
                            .consistentRead((Boolean) p.get("ConsistentRead"))
                            .projectionExpression(str(p, "ProjectionExpression"))
                            .expressionAttributeNames(names(p))
                            .returnConsumedCapacity(str(p, "ReturnConsumedCapacity")));
                    if (r.hasItem()) {
                        out.put("Item", toJson(r.item()));
                    }
                    capacity(out, r.consumedCapacity());
                    break;
                }
                case "putItem": {
                    PutItemResponse r = client().putItem(b -> b.overrideConfiguration(signedAs).tableName(str(p, "TableName")).item(item(p, "Item"))
                            .conditionExpression(str(p, "ConditionExpression"))
                            .expressionAttributeNames(names(p)).expressionAttributeValues(values(p))
                            .returnValues(str(p, "ReturnValues"))
                            .returnConsumedCapacity(str(p, "ReturnConsumedCapacity"))
                            .returnItemCollectionMetrics(str(p, "ReturnItemCollectionMetrics"))
                            .returnValuesOnConditionCheckFailure(str(p, "ReturnValuesOnConditionCheckFailure")));
                    if (r.hasAttributes()) {
                        out.put("Attributes", toJson(r.attributes()));
                    }
                    capacity(out, r.consumedCapacity());
                    break;
                }
                case "updateItem": {
                    UpdateItemResponse r = client().updateItem(b -> b.overrideConfiguration(signedAs).tableName(str(p, "TableName"))
                            .key(item(p, "Key")).updateExpression(str(p, "UpdateExpression"))
                            .conditionExpression(str(p, "ConditionExpression"))
                            .expressionAttributeNames(names(p)).expressionAttributeValues(values(p))
                            .returnValues(str(p, "ReturnValues"))
                            .returnConsumedCapacity(str(p, "ReturnConsumedCapacity"))
                            .returnItemCollectionMetrics(str(p, "ReturnItemCollectionMetrics"))
                            .returnValuesOnConditionCheckFailure(str(p, "ReturnValuesOnConditionCheckFailure")));
                    if (r.hasAttributes()) {
                        out.put("Attributes", toJson(r.attributes()));
                    }
                    capacity(out, r.consumedCapacity());
                    break;
                }
                case "deleteItem": {
                    DeleteItemResponse r = client().deleteItem(b -> b.overrideConfiguration(signedAs).tableName(str(p, "TableName"))
                            .key(item(p, "Key")).conditionExpression(str(p, "ConditionExpression"))
                            .expressionAttributeNames(names(p)).expressionAttributeValues(values(p))
                            .returnValues(str(p, "ReturnValues"))
                            .returnConsumedCapacity(str(p, "ReturnConsumedCapacity"))
                            .returnItemCollectionMetrics(str(p, "ReturnItemCollectionMetrics"))
                            .returnValuesOnConditionCheckFailure(str(p, "ReturnValuesOnConditionCheckFailure")));
                    if (r.hasAttributes()) {
                        out.put("Attributes", toJson(r.attributes()));
                    }
                    capacity(out, r.consumedCapacity());
                    break;
                }
                default:
                    return TaskOutcome.failure("States.Runtime", "Unsupported DynamoDB action " + req.resource().action());
            }
            String requestId = UUID.randomUUID().toString();
            String length = Integer.toString(Json.utf8Size(Json.write(out)));
            String date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("Server", List.of("Server"));
            all.put("Connection", List.of("keep-alive"));
            all.put("x-amzn-RequestId", List.of(requestId));
            all.put("Content-Length", List.of(length));
            all.put("Date", List.of(date));
            all.put("Content-Type", List.of("application/x-amz-json-1.0"));
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("Connection", "keep-alive");
            headers.put("Content-Length", length);
            headers.put("Content-Type", "application/x-amz-json-1.0");
            headers.put("Date", date);
            headers.put("Server", "Server");
            headers.put("x-amzn-RequestId", requestId);
            out.put("SdkHttpMetadata", Json.obj("AllHttpHeaders", all, "HttpHeaders", headers, "HttpStatusCode", 200));
            out.put("SdkResponseMetadata", Json.obj("RequestId", requestId));
            return TaskOutcome.success(out);
        } catch (DynamoDbException e) {
            String code = e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            boolean modelled = e instanceof ConditionalCheckFailedException || e instanceof ResourceNotFoundException
                    || e instanceof ProvisionedThroughputExceededException || e instanceof TransactionConflictException
                    || e instanceof RequestLimitExceededException || e instanceof ItemCollectionSizeLimitExceededException;
            return TaskOutcome.failure("DynamoDB." + (modelled ? code : "AmazonDynamoDBException"),
                    message + " (Service: AmazonDynamoDBv2; Status Code: " + e.statusCode() + "; Error Code: " + code
                            + "; Request ID: " + e.requestId() + "; Proxy: null)");
        } catch (SdkClientException e) {
            return TaskOutcome.failure("DynamoDB.SdkClientException", e.getMessage());
        } catch (IllegalArgumentException | ClassCastException e) {
            return TaskOutcome.failure("DynamoDB.AmazonDynamoDBException", "Invalid parameters: " + e.getMessage());
        }
    }

    private static void capacity(Map<String, Object> out, ConsumedCapacity c) {
        if (c != null) {
            out.put("ConsumedCapacity", Json.obj("TableName", c.tableName(), "CapacityUnits", c.capacityUnits()));
        }
    }

    private static String str(Map<String, Object> p, String f) {
        Object v = p.get(f);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("'" + f + "' must be a string");
        }
        return (String) v;
    }

    private static Map<String, String> names(Map<String, Object> p) {
        Object v = p.get("ExpressionAttributeNames");
        if (v == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        Json.asObject(v).forEach((k, n) -> out.put(k, (String) n));
        return out;
    }

    private static Map<String, AttributeValue> values(Map<String, Object> p) {
        return p.get("ExpressionAttributeValues") == null ? null : item(p, "ExpressionAttributeValues");
    }

    private static Map<String, AttributeValue> item(Map<String, Object> p, String f) {
        Object v = p.get(f);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("'" + f + "' must be a map of DynamoDB attribute values");
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        Json.asObject(v).forEach((k, av) -> out.put(k, attribute(av)));
        return out;
    }

    /** DynamoDB JSON ({"S":"x"}, {"N":"1"}, {"M":{...}}, ...) to an AttributeValue. */
    static AttributeValue attribute(Object json) {
        if (!(json instanceof Map) || Json.asObject(json).size() != 1) {
            throw new IllegalArgumentException("an attribute value must be an object with exactly one type key: "
                    + Json.write(json));
        }
        Map.Entry<String, Object> e = Json.asObject(json).entrySet().iterator().next();
        Object v = e.getValue();
        switch (e.getKey()) {
            case "S":
                return AttributeValue.fromS((String) v);
            case "N":
                return AttributeValue.fromN(v instanceof String ? (String) v : Json.write(v));
            case "B":
                return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode((String) v)));
            case "BOOL":
                return AttributeValue.fromBool((Boolean) v);
            case "NULL":
                return AttributeValue.fromNul(Boolean.TRUE.equals(v));
            case "SS":
                return AttributeValue.fromSs(strings(v));
            case "NS":
                return AttributeValue.fromNs(strings(v));
            case "BS": {
                List<SdkBytes> bs = new ArrayList<>();
                strings(v).forEach(s -> bs.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(s))));
                return AttributeValue.fromBs(bs);
            }
            case "L": {
                List<AttributeValue> l = new ArrayList<>();
                Json.asArray(v).forEach(o -> l.add(attribute(o)));
                return AttributeValue.fromL(l);
            }
            case "M": {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                Json.asObject(v).forEach((k, o) -> m.put(k, attribute(o)));
                return AttributeValue.fromM(m);
            }
            default:
                throw new IllegalArgumentException("unknown attribute type '" + e.getKey() + "'");
        }
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        Json.asArray(v).forEach(o -> out.add(o instanceof String ? (String) o : Json.write(o)));
        return out;
    }

    static Map<String, Object> toJson(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, toJson(v)));
        return out;
    }

    static Object toJson(AttributeValue v) {
        Function<SdkBytes, String> b64 = b -> Base64.getEncoder().encodeToString(b.asByteArray());
        switch (v.type()) {
            case S:
                return Json.obj("S", v.s());
            case N:
                return Json.obj("N", v.n());
            case B:
                return Json.obj("B", b64.apply(v.b()));
            case BOOL:
                return Json.obj("BOOL", v.bool());
            case NUL:
                return Json.obj("NULL", true);
            case SS:
                return Json.obj("SS", new ArrayList<Object>(v.ss()));
            case NS:
                return Json.obj("NS", new ArrayList<Object>(v.ns()));
            case BS: {
                List<Object> l = new ArrayList<>();
                v.bs().forEach(b -> l.add(b64.apply(b)));
                return Json.obj("BS", l);
            }
            case L: {
                List<Object> l = new ArrayList<>();
                v.l().forEach(o -> l.add(toJson(o)));
                return Json.obj("L", l);
            }
            case M:
                return Json.obj("M", toJson(v.m()));
            default:
                throw new IllegalStateException("unknown attribute type " + v.type());
        }
    }

    @Override
    public void close() {
        DynamoDbClient c = client;
        if (c != null) {
            c.close();
        }
    }
}
