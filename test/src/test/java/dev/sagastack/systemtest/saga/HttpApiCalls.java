package dev.sagastack.systemtest.saga;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.handlers.api.HttpApiHandler;
import dev.sagastack.handlers.saga.TestContext;

import java.util.HashMap;
import java.util.Map;

/** Calls the HTTP API function in process with the payload format 2.0 event API Gateway would send it. */
final class HttpApiCalls {

    private HttpApiCalls() {
    }

    static APIGatewayV2HTTPResponse call(HttpApiHandler api, String method, String pathAndQuery, String body) {
        return call(api, method, pathAndQuery, body, Map.of());
    }

    /** A JSON request: {@code content-type: application/json} beside {@code headers}; {@code ?a=b&c=d} as parameters. */
    static APIGatewayV2HTTPResponse call(HttpApiHandler api, String method, String pathAndQuery, String body,
                                         Map<String, String> headers) {
        int queryStart = pathAndQuery.indexOf('?');
        String path = queryStart < 0 ? pathAndQuery : pathAndQuery.substring(0, queryStart);
        Map<String, String> query = new HashMap<>();
        if (queryStart >= 0) {
            for (String pair : pathAndQuery.substring(queryStart + 1).split("&")) {
                query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(path);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        Map<String, String> all = new HashMap<>(headers);
        all.put("content-type", "application/json");
        event.setHeaders(all);
        event.setBody(body);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        context.setHttp(http);
        event.setRequestContext(context);
        return api.handleRequest(event, new TestContext("HttpApi", "arn:aws:lambda:us-east-1:123456789012:function:HttpApi"));
    }
}
