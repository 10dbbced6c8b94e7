package dev.sagastack.local.stepfunctions.expr;

import com.jayway.jsonpath.InvalidJsonException;
import com.jayway.jsonpath.spi.json.AbstractJsonProvider;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/** Lets Jayway JsonPath read the engine's value model (maps, lists, {@link Json#NULL}) directly. */
final class ValueJsonProvider extends AbstractJsonProvider {
    static final ValueJsonProvider INSTANCE = new ValueJsonProvider();

    @Override
    public Object parse(String json) throws InvalidJsonException {
        try {
            return Json.parse(json);
        } catch (JsonException e) {
            throw new InvalidJsonException(e);
        }
    }

    @Override
    public Object parse(InputStream jsonStream, String charset) throws InvalidJsonException {
        try (Reader r = new InputStreamReader(jsonStream, Charset.forName(charset))) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) {
                sb.append(buf, 0, n);
            }
            return parse(sb.toString());
        } catch (IOException e) {
            throw new InvalidJsonException(e);
        }
    }

    @Override
    public String toJson(Object obj) {
        return Json.write(obj);
    }

    @Override
    public Object createArray() {
        return new ArrayList<>();
    }

    @Override
    public Object createMap() {
        return new LinkedHashMap<String, Object>();
    }

    @Override
    public Object unwrap(Object obj) {
        return obj == Json.NULL ? null : obj;
    }
}
