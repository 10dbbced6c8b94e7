package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.expression.Projection;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed projection expression: document paths separated by commas (DynamoDB Developer Guide,
 * "Projection expressions"). It uses no values, so one instance serves every request with the
 * same text and attribute names.
 */
public final class ProjectionTemplate implements Projection {

    private final List<String> nameRefs;
    private final List<String> topLevel;
    private final PathProjector projector;

    private ProjectionTemplate(List<String> nameRefs, List<DocPath> paths) {
        this.nameRefs = nameRefs;
        Set<String> top = new LinkedHashSet<>();
        for (DocPath p : paths) {
            top.add(p.top());
        }
        this.topLevel = List.copyOf(top);
        this.projector = new PathProjector(paths);
    }

    /**
     * Parses a projection expression.
     *
     * @throws ParseFailure with DynamoDB's message on any problem
     */
    public static ProjectionTemplate parse(String text, Map<String, String> names) {
        Parser parser = new Parser(text, names);
        List<DocPath> paths = parser.parse();
        if (parser.problems.any()) {
            throw new ParseFailure(parser.problems.message());
        }
        return new ProjectionTemplate(List.copyOf(parser.nameRefs), paths);
    }

    public List<String> nameRefs() {
        return nameRefs;
    }

    @Override
    public Item apply(Item item) {
        return projector.apply(item);
    }

    @Override
    public List<String> topLevelAttributes() {
        return topLevel;
    }

    private static final class Parser extends ParserBase {
        static final int RESERVED = 0;
        static final int UNDEFINED_NAME = 1;
        static final int OVERLAP = 2;
        static final int CONFLICT = 3;

        Parser(String text, Map<String, String> names) {
            super(text, names);
        }

        @Override
        boolean isKeyword(int i) {
            return false;
        }

        @Override
        int reservedCategory() {
            return RESERVED;
        }

        @Override
        int undefinedNameCategory() {
            return UNDEFINED_NAME;
        }

        List<DocPath> parse() {
            List<DocPath> paths = new ArrayList<>();
            paths.add(parsePath());
            while (t.kind[p] == Tokens.COMMA) {
                p++;
                paths.add(parsePath());
            }
            expectEnd();
            for (int i = 1; i < paths.size(); i++) {
                for (int j = 0; j < i; j++) {
                    int relation = DocPath.relation(paths.get(j), paths.get(i));
                    if (relation == 1) {
                        problems.add(OVERLAP, i, "Two document paths overlap with each other; must remove or rewrite one of "
                                + "these paths; path one: " + paths.get(j) + ", path two: " + paths.get(i));
                    } else if (relation == 2) {
                        problems.add(CONFLICT, i, "Two document paths conflict with each other; must remove or rewrite one of "
                                + "these paths; path one: " + paths.get(j) + ", path two: " + paths.get(i));
                    }
                }
            }
            return paths;
        }
    }
}
