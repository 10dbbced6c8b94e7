package dev.sagastack.projection;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

/**
 * Converts the attribute values of a Lambda {@code DynamodbEvent} (aws-lambda-java-events model)
 * into SDK v2 attribute values, so stream images are read by the same item mappers as table items.
 */
final class StreamImages {

    private StreamImages() {
    }

    static Map<String, AttributeValue> toSdk(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        Map<String, AttributeValue> result = new HashMap<>();
        image.forEach((name, value) -> result.put(name, toSdk(value)));
        return result;
    }

    static AttributeValue toSdk(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value) {
        if (value.getS() != null) {
            return AttributeValue.fromS(value.getS());
        }
        if (value.getN() != null) {
            return AttributeValue.fromN(value.getN());
        }
        if (value.getBOOL() != null) {
            return AttributeValue.fromBool(value.getBOOL());
        }
        if (value.getNULL() != null) {
            return AttributeValue.fromNul(value.getNULL());
        }
        if (value.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(value.getB().duplicate()));
        }
        if (value.getM() != null) {
            return AttributeValue.fromM(toSdk(value.getM()));
        }
        if (value.getL() != null) {
            return AttributeValue.fromL(value.getL().stream().map(StreamImages::toSdk).toList());
        }
        if (value.getSS() != null) {
            return AttributeValue.fromSs(value.getSS());
        }
        if (value.getNS() != null) {
            return AttributeValue.fromNs(value.getNS());
        }
        if (value.getBS() != null) {
            return AttributeValue.fromBs(value.getBS().stream().map(b -> SdkBytes.fromByteBuffer(b.duplicate())).toList());
        }
        throw new IllegalArgumentException("attribute value without a type");
    }
}
