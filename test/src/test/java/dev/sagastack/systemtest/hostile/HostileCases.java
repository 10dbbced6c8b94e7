package dev.sagastack.systemtest.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a seeded series of hostile requests. The seed is printed first; {@code -Dhostile.seed=S} replays a
 * series and {@code -Dhostile.cases=N} sets its length. A seed that once found a defect is kept as a regular
 * test in the test class's list of regression seeds.
 */
public final class HostileCases {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** A valid request of one operation, as a template for mutations. */
    public record Template(String name, JsonNode body) {
        public static Template of(String name, String json) {
            try {
                return new Template(name, JSON.readTree(json));
            } catch (Exception e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }
    }

    /** One case as sent: the operation, the hostile body and how it was made. */
    public record Sent(Template template, HostileJson.Case hostile) {
        @Override
        public String toString() {
            return template.name() + ": " + hostile.description();
        }
    }

    private HostileCases() {
    }

    public static long seed(String label) {
        String fixed = System.getProperty("hostile.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        System.out.println(label + ": hostile.seed=" + seed);
        return seed;
    }

    public static int count() {
        return Integer.getInteger("hostile.cases", 120);
    }

    public static void run(long seed, int cases, List<Template> templates, HostileJson.Rules rules, Consumer<Sent> check) {
        Random random = new Random(seed);
        HostileJson mutator = new HostileJson(random, rules);
        for (int i = 0; i < cases; i++) {
            Template template = templates.get(random.nextInt(templates.size()));
            Sent sent = new Sent(template, mutator.mutate(template.body()));
            try {
                check.accept(sent);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ", case " + i + " (" + sent + "): " + e.getMessage(), e);
            }
        }
    }
}
