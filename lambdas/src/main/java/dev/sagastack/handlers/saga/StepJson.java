package dev.sagastack.handlers.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads step payloads and writes step results. Unknown fields are ignored (the state machine may
 * pass more than a step needs); missing or mistyped fields are {@link InvalidPayload} naming the field (the state machine sees {@code InvalidStepInput}).
 */
public final class StepJson {

    // no coercion: "300" or 3.5 where a whole number belongs is a mistyped field, not 300 or 3
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private StepJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    static <T> T read(InputStream in, Class<T> type) {
        try {
            T value = MAPPER.readValue(in, type);
            if (value == null) {
                throw new InvalidPayload("payload must be a JSON object, was null");
            }
            return value;
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidPayload invalid) {
                throw invalid;
            }
            throw new InvalidPayload("payload field " + path(e.getPath()) + " is invalid: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidPayload("payload is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidPayload("payload could not be read: " + e.getMessage(), e);
        }
    }

    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(root)" : sb.toString();
    }
}
