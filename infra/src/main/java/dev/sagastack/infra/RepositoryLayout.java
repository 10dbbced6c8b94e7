package dev.sagastack.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the app's inputs live in the repository: the shaded Lambda jar and the ASL definitions.
 * Found by walking up from a start directory to the folder holding {@code cdk.json}, so the app
 * works when run by the CDK CLI (repository root) and from Maven/IDE tests ({@code infra/}).
 */
public record RepositoryLayout(Path root) {

    public static final String LAMBDA_JAR = "lambdas/target/sagastack-lambdas.jar";
    public static final String ORDER_SAGA_ASL = "statemachines/order-saga.asl.json";

    public static RepositoryLayout locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cdk.json")) && Files.isDirectory(dir.resolve("lambdas"))) {
                return new RepositoryLayout(dir);
            }
        }
        throw new IllegalStateException("no sagastack repository (a folder with cdk.json and lambdas/) at or above " + start);
    }

    public Path lambdaJar() {
        return root.resolve(LAMBDA_JAR);
    }

    public Path orderSagaDefinition() {
        return root.resolve(ORDER_SAGA_ASL);
    }

    public Path cdkJson() {
        return root.resolve("cdk.json");
    }
}
