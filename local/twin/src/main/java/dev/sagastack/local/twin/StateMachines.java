package dev.sagastack.local.twin;

import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.StepFunctionsException;
import dev.sagastack.local.twin.lambda.FunctionArns;
import dev.sagastack.schema.Tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the project's state machines ({@code statemachines/*.asl.json}, packaged into the twin) with
 * the local engine, resolving the same definition substitutions infra passes to CloudFormation.
 */
final class StateMachines {

    /** The definitions, by state machine name (the file name without {@code .asl.json}). */
    static final List<String> NAMES = List.of("order-saga");

    private StateMachines() {
    }

    static Map<String, String> substitutions() {
        Map<String, String> substitutions = new LinkedHashMap<>();
        for (FunctionSpec function : Functions.all()) {
            substitutions.put(function.name() + "FunctionArn", FunctionArns.aliasArn(function.name()));
        }
        substitutions.put("SingleTableName", TwinTables.name(Tables.SINGLE_TABLE));
        substitutions.put("EventStoreTableName", TwinTables.name(Tables.EVENT_STORE));
        return substitutions;
    }

    static Map<String, String> register(StepFunctionsEngine engine) {
        Map<String, String> arns = new LinkedHashMap<>();
        for (String name : NAMES) {
            String definition = definition(name);
            try {
                arns.put(name, engine.createStateMachine(name, definition, substitutions()).stateMachineArn());
            } catch (StepFunctionsException e) {
                if (!e.code().equals("StateMachineAlreadyExists")) {
                    throw e;
                }
                // Kept from an earlier run under --data-dir with another definition: deploy the current one.
                arns.put(name, engine.updateStateMachine(engine.stateMachineArn(name), definition, substitutions(),
                        null).stateMachineArn());
            }
        }
        return arns;
    }

    static String definition(String name) {
        String resource = "statemachines/" + name + ".asl.json";
        try (InputStream in = StateMachines.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
