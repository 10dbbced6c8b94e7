package dev.sagastack.local.twin.stage;

import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.Deployment.Resource;
import dev.sagastack.local.twin.cloudformation.PhysicalNames;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A function's environment on the twin: exactly the template's variables, with the values that name AWS
 * endpoints the twin replaces bound to the local ones, plus what Lambda itself sets (reserved variables) and the
 * SDK's standard endpoint variables pointing at the local engines.
 * <ul>
 *   <li>the RDS proxy's (or cluster's) endpoint: 127.0.0.1 and the port of the proxy's local front, which requires
 *       TLS and IAM authentication as the proxy does, so the functions connect exactly as in AWS (an IAM token,
 *       {@code verify-full});</li>
 *   <li>a DAX cluster's endpoint ({@code ClusterDiscoveryEndpointURL} or {@code ClusterDiscoveryEndpoint}): the
 *       local DAX node's, same scheme ({@code daxs://} for a TLS cluster); left out when no local DAX is given,
 *       so the functions read DynamoDB directly.</li>
 * </ul>
 */
public final class LocalEnvironment {

    /**
     * Where the local engines listen.
     *
     * @param postgresPort the port of the database proxy's local front
     * @param dax template DAX endpoint values (URL or host:port) to the local DAX node's
     */
    public record Endpoints(URI dynamoDb, URI stepFunctions, URI parameters, Optional<Integer> postgresPort,
                            Map<String, String> dax) {

        public Endpoints {
            dax = Map.copyOf(dax);
        }

        public Endpoints(URI dynamoDb, URI stepFunctions, URI parameters, Optional<Integer> postgresPort) {
            this(dynamoDb, stepFunctions, parameters, postgresPort, Map.of());
        }
    }

    private final Endpoints endpoints;
    private final Set<String> databaseHosts = new HashSet<>();
    private final Set<String> daxEndpoints = new HashSet<>();

    public LocalEnvironment(Deployment deployment, Endpoints endpoints) {
        this.endpoints = endpoints;
        for (Resource proxy : deployment.resources("AWS::RDS::DBProxy")) {
            databaseHosts.add(deployment.attribute(proxy, "Endpoint").asText());
        }
        for (Resource cluster : deployment.resources("AWS::RDS::DBCluster")) {
            databaseHosts.add(deployment.attribute(cluster, "Endpoint.Address").asText());
        }
        for (Resource dax : deployment.resources("AWS::DAX::Cluster")) {
            daxEndpoints.add(deployment.attribute(dax, "ClusterDiscoveryEndpointURL").asText());
            daxEndpoints.add(deployment.attribute(dax, "ClusterDiscoveryEndpoint").asText());
        }
    }

    public Map<String, String> forFunction(StageWiring.FunctionSpec function) {
        Map<String, String> env = new LinkedHashMap<>();
        boolean database = false;
        for (Map.Entry<String, String> variable : function.environment().entrySet()) {
            String value = variable.getValue();
            if (daxEndpoints.contains(value)) {
                String local = endpoints.dax().get(value);
                if (local != null) {
                    env.put(variable.getKey(), local);
                }
                continue;
            }
            if (databaseHosts.contains(value)) {
                database = true;
                value = "127.0.0.1";
            }
            env.put(variable.getKey(), value);
        }
        if (database && endpoints.postgresPort().isPresent()) {
            env.put(EnvironmentVariables.INVENTORY_DB_PORT, Integer.toString(endpoints.postgresPort().get()));
        }
        // Lambda's reserved variables (Lambda Developer Guide, "Defined runtime environment variables")
        env.put("AWS_REGION", PhysicalNames.REGION);
        env.put("AWS_DEFAULT_REGION", PhysicalNames.REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        // AWS_LAMBDA_FUNCTION_VERSION and AWS_LAMBDA_LOG_STREAM_NAME belong to an execution environment (the version
        // it runs, its log stream): the function host sets them when it creates one (lambda.HostedFunction)
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        // the SDK's service-specific endpoint variables, pointing at the local engines
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamoDb().toString());
        env.put("AWS_ENDPOINT_URL_SFN", endpoints.stepFunctions().toString());
        env.put("AWS_ENDPOINT_URL_SSM", endpoints.parameters().toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoints.parameters().toString());
        return env;
    }
}
