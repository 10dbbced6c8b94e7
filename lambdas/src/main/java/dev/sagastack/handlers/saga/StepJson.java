package dev.sagastack.handlers.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sagastack.json.RecordJson;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads step payloads and writes step results ({@link RecordJson}: no data binding in a step's cold
 * start). Unknown fields are ignored (the state machine may pass more than a step needs); missing
 * fields are null for the payload record to check; mistyped fields ({@code "300"} or {@code 3.5}
 * where a whole number belongs: no coercion) are {@link InvalidPayload} naming the field (the state
 * machine sees {@code InvalidStepInput}).
 */
public final class StepJson {

    private StepJson() {
    }

    static <T> T read(InputStream in, Class<T> type) {
        try {
            T value = RecordJson.read(in, type, RecordJson.Missing.NULL);
            if (value == null) {
                throw new InvalidPayload("payload must be a JSON object, was null");
            }
            return value;
        } catch (RecordJson.InvalidJson e) {
            if (e.getCause() instanceof InvalidPayload invalid) {
                throw invalid;
            }
            throw new InvalidPayload(e.path().isEmpty() ? "payload is invalid: " + e.reason()
                    : "payload field " + e.path() + " is invalid: " + e.reason(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidPayload("payload is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidPayload("payload could not be read: " + e.getMessage(), e);
        }
    }

    /** A step's result as the state machine receives it. */
    public static byte[] write(Object result) {
        return RecordJson.writeBytes(result);
    }
}
