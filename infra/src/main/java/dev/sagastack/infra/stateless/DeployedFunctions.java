package dev.sagastack.infra.stateless;

import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The functions a stage deployed, whichever capability owns them, in catalog order (for monitoring and tests). */
public record DeployedFunctions(List<JavaFunction> all) {

    public DeployedFunctions {
        List<FunctionSpec> catalog = Functions.all();
        all = all.stream().sorted(Comparator.comparingInt(f -> catalog.indexOf(f.spec()))).toList();
    }

    public JavaFunction get(FunctionSpec spec) {
        return find(spec).orElseThrow(() -> new IllegalArgumentException(
                "function " + spec.name() + " is not deployed in this stage"));
    }

    public Optional<JavaFunction> find(FunctionSpec spec) {
        return all.stream().filter(f -> f.spec().equals(spec)).findFirst();
    }
}
