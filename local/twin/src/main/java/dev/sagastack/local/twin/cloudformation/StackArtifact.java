package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One {@code aws:cloudformation:stack} artifact of the assembly's manifest.
 *
 * @param id           the artifact id (the stack's construct id)
 * @param stackName    the CloudFormation stack name ({@code properties.stackName}, else the id)
 * @param template     the parsed template file
 * @param dependencies ids of the stack artifacts deployed before this one
 * @param tags         the stack's tags ({@code stage} selects a stage)
 * @param assets       the file assets its asset manifests publish, by S3 object key
 */
public record StackArtifact(String id, String stackName, JsonNode template, List<String> dependencies,
                            Map<String, String> tags, Map<String, FileAsset> assets) {

    /** A file asset: its path in the assembly and its packaging ({@code file} or {@code zip}). */
    public record FileAsset(String path, String packaging) {
    }

    public StackArtifact {
        dependencies = List.copyOf(dependencies);
        tags = Map.copyOf(tags);
        assets = Map.copyOf(assets);
    }
}
