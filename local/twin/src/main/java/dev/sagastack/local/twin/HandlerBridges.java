package dev.sagastack.local.twin;

import dev.sagastack.dynamo.DataTables;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import dev.sagastack.local.twin.lambda.HandlerFactory;
import dev.sagastack.projection.AccountSummaryProjectionHandler;

import java.time.Clock;
import java.util.Map;

/**
 * How the twin constructs each catalog handler. The rule is the reflective one of {@link HandlerFactory}
 * (the handler's {@code Map<String,String>} environment constructor). A handler that has only Lambda's no-arg
 * constructor (which reads {@code System.getenv}) is built here through its documented public constructor.
 *
 * <p>TODO(lambdas): give {@code AccountSummaryProjectionHandler} a {@code (Map<String,String> environment)}
 * constructor like the saga and API handlers; then this bridge goes away.
 */
final class HandlerBridges {

    private HandlerBridges() {
    }

    static HandlerFactory factory(FunctionSpec spec) {
        HandlerFactory reflective = HandlerFactory.reflective(spec.handlerClass());
        if (spec.equals(Functions.ACCOUNT_SUMMARY_PROJECTION) && !hasEnvironmentConstructor(spec.handlerClass())) {
            return environment -> new AccountSummaryProjectionHandler(
                    DynamoClients.create(DynamoClients.Settings.fromEnvironment(environment)),
                    DataTables.fromEnvironment(environment), Clock.systemUTC());
        }
        return reflective;
    }

    private static boolean hasEnvironmentConstructor(String className) {
        try {
            Class.forName(className).getConstructor(Map.class);
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return false;
        }
    }
}
