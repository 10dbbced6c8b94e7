package dev.sagastack.local.iam.actions;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;
import dev.sagastack.local.iam.sigv4.QueryString;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Lambda's REST operations ("Actions, resources, and condition keys for AWS Lambda"): Invoke is
 * lambda:InvokeFunction on the function ARN qualified with the version or alias the call names
 * (in the function name or the Qualifier parameter), so a grant on an alias does not cover the
 * unqualified function and vice versa; GetFunction and GetFunctionConfiguration likewise.
 */
public final class LambdaActions implements ServiceActionResolver {

    private static final String FUNCTIONS = "/2015-03-31/functions/";

    @Override
    public AwsService service() {
        return AwsService.LAMBDA;
    }

    @Override
    public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
        String path = request.rawPath();
        if (path.equals("/2015-03-31/functions") || path.equals("/2015-03-31/functions/")) {
            return List.of(new AuthorizationRequest("lambda:ListFunctions", "*"));
        }
        if (!path.startsWith(FUNCTIONS)) {
            throw new UnreadableRequest("no Lambda operation at " + path);
        }
        String rest = path.substring(FUNCTIONS.length());
        int slash = rest.indexOf('/');
        String name = URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8);
        String tail = slash < 0 ? "" : rest.substring(slash);
        Optional<String> qualifier = QueryString.decode(request.rawQuery()).stream()
                .filter(p -> p.name().equals("Qualifier")).map(QueryString.Parameter::value).findFirst();
        String action = switch (request.method() + " " + tail) {
            case "POST /invocations" -> "lambda:InvokeFunction";
            case "GET " -> "lambda:GetFunction";
            case "GET /configuration" -> "lambda:GetFunctionConfiguration";
            case "GET /policy" -> "lambda:GetPolicy";
            default -> throw new UnreadableRequest("no Lambda operation " + request.method() + " " + path);
        };
        return List.of(new AuthorizationRequest(action, functionArn(scope, name, qualifier)));
    }

    /** The qualified function ARN from a name, name:qualifier, partial ARN or full ARN. */
    public static String functionArn(ResourceScope scope, String name, Optional<String> qualifier) {
        String arn;
        if (name.startsWith("arn:")) {
            arn = name;
        } else if (name.contains(":function:")) {
            arn = "arn:aws:lambda:" + scope.region() + ":" + name;
        } else {
            arn = "arn:aws:lambda:" + scope.region() + ":" + scope.accountId() + ":function:" + name;
        }
        boolean qualified = arn.split(":").length > 7;
        return qualifier.isPresent() && !qualified ? arn + ":" + qualifier.get() : arn;
    }
}
