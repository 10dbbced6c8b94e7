package dev.sagastack.infra.stateless;

import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.FunctionSpec.Access;
import dev.sagastack.functions.Functions;
import dev.sagastack.infra.StageConfig;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a capability creates a function of the catalog ({@link Functions}) in this stage: one shaded jar
 * for all, the stage's effective access, the VPC when the access needs it, grants through
 * {@link FunctionGrants}. Capabilities call {@link #create}; nothing here knows function names.
 */
public final class FunctionCatalog {

    private final StageConfig stage;
    private final Code code;
    private final IKey logKey;
    private final DataResources data;

    public FunctionCatalog(StageConfig stage, Path lambdaJar, IKey logKey, DataResources data) {
        this.stage = stage;
        this.code = createCode(lambdaJar);
        this.logKey = logKey;
        this.data = data;
    }

    /**
     * Creates {@code spec}'s function in {@code scope} and grants it its access.
     *
     * @param databaseClientConcurrency reserved concurrency when the function holds inventory database
     *                                  connections (caps a burst below the proxy's connection budget)
     */
    public JavaFunction create(Construct scope, FunctionSpec spec, Optional<Integer> databaseClientConcurrency) {
        Set<Access> access = effectiveAccess(spec, stage);
        boolean inVpc = access.contains(Access.INVENTORY_DATABASE) || access.contains(Access.DAX_READ);
        Optional<Integer> reserved = access.contains(Access.INVENTORY_DATABASE) ? databaseClientConcurrency : Optional.empty();
        JavaFunction fn = new JavaFunction(scope, spec.name(), new JavaFunction.Props(spec, access, stage, code, logKey,
                inVpc ? Optional.of(data.network().orElseThrow()) : Optional.empty(), reserved));
        FunctionGrants.grant(fn, data);
        return fn;
    }

    /**
     * The catalog entries a stage deploys: without Aurora there is no inventory and therefore no order
     * saga, so the saga's step functions and the schema migration are left out (README "Stages").
     */
    public static List<FunctionSpec> catalogFor(StageConfig stage) {
        List<FunctionSpec> specs = new ArrayList<>();
        for (FunctionSpec spec : Functions.all()) {
            boolean sagaOnly = Functions.sagaSteps().contains(spec) || spec.equals(Functions.SCHEMA_MIGRATION);
            if (!sagaOnly || stage.orderSagaEnabled()) {
                specs.add(spec);
            }
        }
        return List.copyOf(specs);
    }

    /** The access a function actually gets: what the stage has switched off is not granted. */
    public static Set<Access> effectiveAccess(FunctionSpec spec, StageConfig stage) {
        Set<Access> access = spec.access().isEmpty() ? EnumSet.noneOf(Access.class) : EnumSet.copyOf(spec.access());
        if (!stage.auroraEnabled()) {
            access.remove(Access.INVENTORY_DATABASE);
        }
        if (!stage.daxEnabled()) {
            access.remove(Access.DAX_READ);
        }
        if (!stage.orderSagaEnabled()) {
            access.remove(Access.START_SAGA);
            access.remove(Access.READ_SAGA);
        }
        return access;
    }

    private static Code createCode(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Lambda jar not found at " + jar
                    + " — build it first: ./mvnw -B -q -pl lambdas -am package -DskipTests");
        }
        return Code.fromAsset(jar.toString());
    }
}
