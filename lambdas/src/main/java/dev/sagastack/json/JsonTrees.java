package dev.sagastack.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * Free-form JSON members ({@code JsonNode}) of a record: the one place {@link RecordJson} needs data
 * binding, in a class of its own so that the mapper is set up only when a record has such a member.
 */
final class JsonTrees {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTrees() {
    }

    static TreeNode read(JsonParser parser) throws IOException {
        return MAPPER.readTree(parser);
    }

    static void write(JsonGenerator generator, TreeNode tree) throws IOException {
        MAPPER.writeTree(generator, tree);
    }
}
