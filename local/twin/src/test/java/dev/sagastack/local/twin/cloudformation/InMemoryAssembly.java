package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small hand-written assemblies: stacks given as template JSON, a manifest written as {@code cdk synth} would. */
final class InMemoryAssembly {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final ObjectNode artifacts = JSON.createObjectNode();

    /** Adds a stack tagged {@code stage=dev} whose template is {@code templateJson} ('-quoted JSON allowed). */
    InMemoryAssembly stack(String name, String templateJson, String... dependsOn) {
        files.put(name + ".template.json", templateJson.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        ObjectNode artifact = artifacts.putObject(name);
        artifact.put("type", "aws:cloudformation:stack");
        artifact.putObject("properties").put("templateFile", name + ".template.json")
                .putObject("tags").put("stage", "dev");
        var deps = artifact.putArray("dependencies");
        List.of(dependsOn).forEach(deps::add);
        return this;
    }

    CloudAssembly load() {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.set("artifacts", artifacts);
        files.put("manifest.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
        return CloudAssembly.load(new AssemblyFiles() {
            @Override
            public Optional<byte[]> read(String relativePath) {
                return Optional.ofNullable(files.get(relativePath));
            }

            @Override
            public String describe() {
                return "memory";
            }
        });
    }

    Deployment deploy() {
        return Deployment.deploy(load(), Optional.empty(), SecretValues.inMemory());
    }
}
