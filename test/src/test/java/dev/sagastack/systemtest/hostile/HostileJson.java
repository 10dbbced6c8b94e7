package dev.sagastack.systemtest.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns a valid JSON request body into a hostile one, driven by a seeded {@link Random} so a failing case
 * reproduces from its seed. Every mutation makes the body invalid for any JSON API whose members have fixed
 * types: it breaks the JSON itself, gives a member a JSON type it never has, nests far past any service's
 * depth limit, or inflates a string or a name past any documented size limit.
 */
public final class HostileJson {

    /** One hostile body and what was done to it (printed when a case fails). */
    public record Case(String description, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * What the API under test allows, so that every mutation is invalid there.
     *
     * @param nameMaps         JSON pointers of the objects whose member names are data (a DynamoDB item, key or
     *                         expression map), where a member with a huge name is invalid rather than ignored
     * @param unboundedStrings path prefixes (as {@code $.Member}) of strings that may legitimately be a
     *                         megabyte long (DynamoDB's expression values: 2 MB in all), never inflated
     */
    public record Rules(List<String> nameMaps, List<String> unboundedStrings) {
    }

    private final Random random;
    private final Rules rules;

    public HostileJson(Random random, Rules rules) {
        this.random = random;
        this.rules = rules;
    }

    /** A random hostile variant of {@code valid}. */
    public Case mutate(JsonNode valid) {
        return switch (random.nextInt(9)) {
            case 0 -> truncated(valid);
            case 1 -> garbageInserted(valid);
            case 2 -> wrongType(valid);
            case 3 -> deeplyNested(valid);
            case 4 -> hugeString(valid);
            case 5 -> hugeName(valid);
            case 6 -> invalidUtf8(valid);
            case 7 -> deepExpression(valid);
            default -> notAnObject();
        };
    }

    /** The JSON text itself broken: truncated or with garbage inserted. */
    public Case broken(JsonNode valid) {
        return random.nextBoolean() ? truncated(valid) : garbageInserted(valid);
    }

    /** Well-formed JSON of the wrong shape: a member of another type, or not an object at all. */
    public Case misshapen(JsonNode valid) {
        return random.nextInt(4) == 0 ? notAnObject() : wrongType(valid);
    }

    private Case truncated(JsonNode valid) {
        byte[] bytes = bytes(valid);
        int cut = 1 + random.nextInt(bytes.length - 1);
        return new Case("truncated at byte " + cut, java.util.Arrays.copyOf(bytes, cut));
    }

    private Case garbageInserted(JsonNode valid) {
        String text = valid.toString();
        String[] garbage = {"}", "]", ",,", ":", "{\"", "\u0000", "'", "nul", "01", "-", "1e999999999"};
        int at = 1 + random.nextInt(text.length() - 1);
        String g = garbage[random.nextInt(garbage.length)];
        // keep only variants that no longer parse (inserting "-" before a digit could still be valid JSON)
        String candidate = text.substring(0, at) + g + text.substring(at);
        if (parses(candidate)) {
            candidate = text.substring(0, at) + "}}" + g + text.substring(at);
        }
        if (parses(candidate)) {
            return truncated(valid);
        }
        return new Case("inserted " + JSON.valueToTree(g) + " at " + at, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** A member somewhere in the body gets a JSON type of another kind (string <-> number, object <-> array ...). */
    private Case wrongType(JsonNode valid) {
        ObjectNode copy = valid.deepCopy();
        List<Slot> slots = new ArrayList<>();
        collect(copy, "$", slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        JsonNode replacement = otherType(slot.value());
        slot.set(replacement);
        return new Case("member " + slot.path() + " became " + replacement.getNodeType() + " " + abbreviate(replacement),
                bytes(copy));
    }

    /** Objects or arrays nested past every depth limit (DynamoDB: 32 levels), at a random member. */
    private Case deeplyNested(JsonNode valid) {
        int depth = 40 + random.nextInt(random.nextBoolean() ? 60 : 20_000);
        boolean arrays = random.nextBoolean();
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            open.append(arrays ? "[" : "{\"M\":");
            close.append(arrays ? "]" : "}");
        }
        String nested = open + "1" + close;
        ObjectNode copy = valid.deepCopy();
        String member = randomMember(copy);
        String text = copy.toString();
        String marker = "\"" + member + "\":";
        int at = text.indexOf(marker) + marker.length();
        int end = endOfValue(text, at);
        String body = text.substring(0, at) + nested + text.substring(end);
        return new Case("member " + member + " nested " + depth + (arrays ? " arrays" : " objects"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An expression member (a DynamoDB condition, filter or update, a JSONata/JSONPath string) nested far past
     * any parser's limit: parentheses, NOT chains or function calls.
     */
    private Case deepExpression(JsonNode valid) {
        ObjectNode copy = valid.deepCopy();
        List<Slot> slots = new ArrayList<>();
        collect(copy, "$", slots);
        List<Slot> expressions = slots.stream().filter(s -> s.value().isTextual())
                .filter(s -> s.path().endsWith("Expression")).toList();
        if (expressions.isEmpty()) {
            return deeplyNested(valid);
        }
        Slot slot = expressions.get(random.nextInt(expressions.size()));
        // past 4 KB in every shape (DynamoDB's expression length limit), so the case is invalid whatever the
        // service's nesting limit is; the parser must refuse it without exhausting its stack
        int depth = 2_100 + random.nextInt(random.nextBoolean() ? 2_000 : 50_000);
        String[][] shapes = {{"(", ")"}, {"NOT ", ""}, {"size(", ")"}, {"(NOT ", ")"}};
        String[] shape = shapes[random.nextInt(shapes.length)];
        String inner = slot.value().asText();
        String nested = shape[0].repeat(depth) + inner + shape[1].repeat(depth);
        slot.set(NODES.textNode(nested));
        return new Case("member " + slot.path() + " nested " + depth + " times in " + shape[0].trim() + shape[1],
                bytes(copy));
    }

    private Case hugeString(JsonNode valid) {
        ObjectNode copy = valid.deepCopy();
        List<Slot> slots = new ArrayList<>();
        collect(copy, "$", slots);
        List<Slot> strings = slots.stream().filter(s -> s.value().isTextual())
                .filter(s -> rules.unboundedStrings().stream().noneMatch(s.path()::startsWith)).toList();
        int size = 300_000 + random.nextInt(900_000);
        Slot slot = strings.isEmpty() ? slots.get(0) : strings.get(random.nextInt(strings.size()));
        slot.set(NODES.textNode("x".repeat(size)));
        return new Case("member " + slot.path() + " is a string of " + size + " characters", bytes(copy));
    }

    private Case hugeName(JsonNode valid) {
        ObjectNode copy = valid.deepCopy();
        List<String> present = rules.nameMaps().stream().filter(p -> copy.at(p) instanceof ObjectNode).toList();
        if (present.isEmpty()) {
            return hugeString(valid);
        }
        int size = 70_000 + random.nextInt(100_000);
        String pointer = present.get(random.nextInt(present.size()));
        ((ObjectNode) copy.at(pointer)).set("n".repeat(size), NODES.objectNode().put("S", "v"));
        return new Case(pointer + " got a member named with " + size + " characters", bytes(copy));
    }

    private Case invalidUtf8(JsonNode valid) {
        byte[] bytes = bytes(valid);
        int quote = -1;
        for (int i = 1; i < bytes.length; i++) {
            if (bytes[i] == '"' && bytes[i - 1] == ':') {
                quote = i;
                if (random.nextInt(3) == 0) {
                    break;
                }
            }
        }
        byte[][] bad = {{(byte) 0xC3}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}};
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = quote < 0 ? bytes.length / 2 : quote + 1;
        byte[] out = new byte[bytes.length + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
        return new Case("invalid UTF-8 " + java.util.HexFormat.of().formatHex(insert) + " at byte " + at, out);
    }

    private Case notAnObject() {
        String[] bodies = {"[]", "\"text\"", "42", "null", "true", "[{}]", ""};
        String body = bodies[random.nextInt(bodies.length)];
        return new Case("body " + (body.isEmpty() ? "empty" : body), body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode otherType(JsonNode value) {
        List<JsonNode> choices = new ArrayList<>(List.of(
                NODES.numberNode(random.nextInt(1000) - 500),
                NODES.textNode("x"),
                NODES.booleanNode(random.nextBoolean()),
                NODES.arrayNode().add("a"),
                NODES.objectNode().put("unexpected", 1)));
        choices.removeIf(c -> sameKind(c, value));
        return choices.get(random.nextInt(choices.size()));
    }

    private static boolean sameKind(JsonNode a, JsonNode b) {
        return a.getNodeType() == b.getNodeType();
    }

    /** A place in the tree whose value can be replaced: an object member or an array element. */
    private record Slot(String path, JsonNode value, java.util.function.Consumer<JsonNode> setter) {
        void set(JsonNode v) {
            setter.accept(v);
        }
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : iterable(object)) {
                String name = e.getKey();
                String p = path + "." + name;
                slots.add(new Slot(p, e.getValue(), v -> object.set(name, v)));
                collect(e.getValue(), p, slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                String p = path + "[" + i + "]";
                slots.add(new Slot(p, array.get(i), v -> array.set(index, v)));
                collect(array.get(i), p, slots);
            }
        }
    }

    private static List<Map.Entry<String, JsonNode>> iterable(ObjectNode object) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        object.fields().forEachRemaining(entries::add);
        return entries;
    }

    private String randomMember(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.get(random.nextInt(names.size()));
    }

    /** Index just past the JSON value starting at {@code start} in {@code text}. */
    private static int endOfValue(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (depth == 0 && c == ',') {
                return i;
            }
        }
        return text.length();
    }

    private static boolean parses(String text) {
        try {
            JSON.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
