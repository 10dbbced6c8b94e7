package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cloud assembly as {@code cdk synth} writes it: {@code manifest.json} listing the stack artifacts (template
 * file, dependencies, tags) and the asset manifests ({@code *.assets.json}) that say which file each S3 object
 * key of the templates stands for.
 * (Cloud assembly schema: aws-cdk-lib {@code cloud-assembly-schema}, artifact types
 * {@code aws:cloudformation:stack} and {@code cdk:asset-manifest}.)
 */
public final class CloudAssembly {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String STAGE_TAG = "stage";

    private final AssemblyFiles files;
    private final List<StackArtifact> stacks;

    private CloudAssembly(AssemblyFiles files, List<StackArtifact> stacks) {
        this.files = files;
        this.stacks = List.copyOf(stacks);
    }

    public static CloudAssembly load(AssemblyFiles files) {
        JsonNode manifest = json(files, "manifest.json");
        JsonNode artifacts = manifest.path("artifacts");
        if (!artifacts.isObject()) {
            throw new TemplateException(files.describe() + "/manifest.json has no artifacts: not a cloud assembly");
        }
        Map<String, Map<String, StackArtifact.FileAsset>> assetsByManifest = new LinkedHashMap<>();
        artifacts.fields().forEachRemaining(entry -> {
            if ("cdk:asset-manifest".equals(entry.getValue().path("type").asText())) {
                assetsByManifest.put(entry.getKey(), assets(files, entry.getValue().path("properties").path("file").asText()));
            }
        });
        List<StackArtifact> stacks = new ArrayList<>();
        artifacts.fields().forEachRemaining(entry -> {
            JsonNode artifact = entry.getValue();
            if (!"aws:cloudformation:stack".equals(artifact.path("type").asText())) {
                return;
            }
            JsonNode properties = artifact.path("properties");
            String templateFile = properties.path("templateFile").asText();
            if (templateFile.isEmpty()) {
                throw new TemplateException("stack artifact " + entry.getKey() + " names no templateFile");
            }
            List<String> dependencies = new ArrayList<>();
            Map<String, StackArtifact.FileAsset> assets = new LinkedHashMap<>();
            artifact.path("dependencies").forEach(d -> {
                if (assetsByManifest.containsKey(d.asText())) {
                    assets.putAll(assetsByManifest.get(d.asText()));
                } else {
                    dependencies.add(d.asText());
                }
            });
            Map<String, String> tags = new LinkedHashMap<>();
            properties.path("tags").fields().forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
            String stackName = properties.path("stackName").asText(entry.getKey());
            stacks.add(new StackArtifact(entry.getKey(), stackName, json(files, templateFile), dependencies, tags, assets));
        });
        if (stacks.isEmpty()) {
            throw new TemplateException(files.describe() + " holds no CloudFormation stack");
        }
        return new CloudAssembly(files, stacks);
    }

    public AssemblyFiles files() {
        return files;
    }

    public List<StackArtifact> stacks() {
        return stacks;
    }

    /** The stage names the stacks' {@code stage} tags give, sorted. */
    public Set<String> stages() {
        Set<String> stages = new TreeSet<>();
        stacks.forEach(s -> Optional.ofNullable(s.tags().get(STAGE_TAG)).ifPresent(stages::add));
        return stages;
    }

    /**
     * The stacks of one stage, each after the stacks it depends on. Without a name the assembly must hold one
     * stage (or untagged stacks only); a name no stack carries is an error listing the stages there are.
     */
    public List<StackArtifact> stage(Optional<String> name) {
        List<StackArtifact> selected;
        if (name.isPresent()) {
            selected = stacks.stream().filter(s -> name.get().equals(s.tags().get(STAGE_TAG))).toList();
            if (selected.isEmpty()) {
                throw new TemplateException("no stack of " + files.describe() + " is tagged stage=" + name.get()
                        + "; stages: " + stages());
            }
        } else {
            if (stages().size() > 1) {
                throw new TemplateException(files.describe() + " holds the stages " + stages() + ": choose one with --stage");
            }
            selected = stacks;
        }
        return inDependencyOrder(selected);
    }

    /** The content of a file asset, as the template's S3 object key names it. */
    public Optional<byte[]> assetContent(StackArtifact stack, String objectKey) {
        StackArtifact.FileAsset asset = stack.assets().get(objectKey);
        return asset == null ? Optional.empty() : files.read(asset.path());
    }

    private List<StackArtifact> inDependencyOrder(List<StackArtifact> selected) {
        Map<String, StackArtifact> byId = new LinkedHashMap<>();
        selected.forEach(s -> byId.put(s.id(), s));
        Set<String> done = new LinkedHashSet<>();
        for (StackArtifact stack : selected) {
            visit(stack, byId, done, new LinkedHashSet<>());
        }
        return done.stream().map(byId::get).toList();
    }

    private void visit(StackArtifact stack, Map<String, StackArtifact> byId, Set<String> done, Set<String> path) {
        if (done.contains(stack.id())) {
            return;
        }
        if (!path.add(stack.id())) {
            throw new TemplateException("stacks depend on each other in a cycle: " + path);
        }
        for (String dependency : stack.dependencies()) {
            StackArtifact other = byId.get(dependency);
            if (other == null) {
                if (stacks.stream().anyMatch(s -> s.id().equals(dependency))) {
                    throw new TemplateException("stack " + stack.stackName() + " depends on " + dependency
                            + ", which belongs to another stage");
                }
                continue; // not a stack (e.g. an asset manifest already folded in)
            }
            visit(other, byId, done, path);
        }
        path.remove(stack.id());
        done.add(stack.id());
    }

    private static Map<String, StackArtifact.FileAsset> assets(AssemblyFiles files, String manifestFile) {
        Map<String, StackArtifact.FileAsset> assets = new LinkedHashMap<>();
        json(files, manifestFile).path("files").forEach(file -> {
            StackArtifact.FileAsset asset = new StackArtifact.FileAsset(file.path("source").path("path").asText(),
                    file.path("source").path("packaging").asText("file"));
            file.path("destinations").forEach(d -> assets.put(d.path("objectKey").asText(), asset));
        });
        return assets;
    }

    private static JsonNode json(AssemblyFiles files, String relativePath) {
        byte[] bytes = files.read(relativePath).orElseThrow(() ->
                new TemplateException(files.describe() + " has no " + relativePath));
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new TemplateException(files.describe() + "/" + relativePath + " is not JSON: " + e.getMessage(), e);
        }
    }
}
