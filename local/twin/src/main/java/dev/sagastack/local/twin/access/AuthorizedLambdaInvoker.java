package dev.sagastack.local.twin.access;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.Decision;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.iam.ServiceErrors;
import dev.sagastack.local.iam.TaskFailure;
import dev.sagastack.local.stepfunctions.InvocationContext;
import dev.sagastack.local.stepfunctions.InvocationResult;
import dev.sagastack.local.stepfunctions.LambdaInvoker;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A state machine's Lambda tasks invoke as the state machine's role: {@code lambda:InvokeFunction} on the function
 * ARN the task names (qualified when it names an alias or version), allowed by the role's policies or the function's
 * resource-based policy (AWS::Lambda::Permission). A refused invoke fails the task as Step Functions records it,
 * {@code Lambda.AWSLambdaException} with Lambda's AccessDeniedException message (see
 * {@link ServiceErrors#stepFunctionsLambdaTaskFailure}), which the state's Retry and Catch see like any error.
 */
public final class AuthorizedLambdaInvoker implements LambdaInvoker {

    private final TwinAccess access;
    private final LambdaInvoker invoker;

    public AuthorizedLambdaInvoker(TwinAccess access, LambdaInvoker invoker) {
        this.access = access;
        this.invoker = invoker;
    }

    @Override
    public InvocationResult invoke(String functionName, String payloadJson, InvocationContext context) throws Exception {
        // a state machine the templates do not define (made through the API) has no role the twin knows
        Optional<Principal> role = access.enforced() ? access.stateMachinePrincipal(context.executionArn())
                : Optional.empty();
        if (role.isPresent()) {
            Decision decision = access.authorize(role.get(), List.of(new AuthorizationRequest("lambda:InvokeFunction",
                    context.functionArn())));
            if (decision instanceof Decision.Denied denied) {
                TaskFailure failure = ServiceErrors.stepFunctionsLambdaTaskFailure(denied.denial(),
                        UUID.randomUUID().toString());
                return InvocationResult.serviceError(failure.error(), failure.cause());
            }
        }
        return invoker.invoke(functionName, payloadJson, context);
    }
}
