package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.expression.internal.Operand.ArithmeticOperand;
import dev.sagastack.local.dynamodb.expression.internal.Operand.Function;
import dev.sagastack.local.dynamodb.expression.internal.Operand.FunctionOperand;
import dev.sagastack.local.dynamodb.expression.internal.Operand.PathOperand;
import dev.sagastack.local.dynamodb.expression.internal.UpdateTemplate.Action;
import dev.sagastack.local.dynamodb.expression.internal.UpdateTemplate.ActionKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses update expressions (DynamoDB Developer Guide, "Update expressions").
 *
 * <pre>
 * update    := section+            each of SET, REMOVE, ADD, DELETE at most once, in any order
 * section   := SET path '=' value (',' path '=' value)*
 *            | REMOVE path (',' path)*
 *            | ADD path :value (',' path :value)*
 *            | DELETE path :value (',' path :value)*
 * value     := '(' value ')' | operand (('+' | '-') operand)?
 * operand   := '(' operand ')' | :value | path | if_not_exists(path, operand) | list_append(operand, operand)
 * </pre>
 */
final class UpdateParser extends ParserBase {

    // Problem categories, in the order DynamoDB reports them.
    static final int RESERVED = 0;
    static final int UNKNOWN_FUNCTION = 1;
    static final int SECTION = 2;
    static final int UNDEFINED_NAME = 3;
    static final int UNDEFINED_VALUE = 4;
    static final int OVERLAP = 5;
    static final int CONFLICT = 6;
    static final int OPERAND = 7;
    static final int FUNCTION = 8;

    private final List<Action> actions = new ArrayList<>();

    UpdateParser(String text, Map<String, String> names) {
        super(text, names);
    }

    @Override
    boolean isKeyword(int i) {
        return sectionOf(i) != null;
    }

    @Override
    int reservedCategory() {
        return RESERVED;
    }

    @Override
    int undefinedNameCategory() {
        return UNDEFINED_NAME;
    }

    private ActionKind sectionOf(int i) {
        if (t.kind[i] != Tokens.NAME) {
            return null;
        }
        for (ActionKind k : ActionKind.values()) {
            if (t.isWord(i, k.name())) {
                return k;
            }
        }
        return null;
    }

    UpdateTemplate parse() {
        boolean[] seen = new boolean[ActionKind.values().length];
        do {
            int at = p;
            ActionKind section = sectionOf(p);
            if (section == null) {
                throw syntax(p);
            }
            p++;
            if (seen[section.ordinal()]) {
                problems.add(SECTION, at, "The \"" + section.name() + "\" section can only be used once in an update expression;");
            }
            seen[section.ordinal()] = true;
            parseAction(section);
            while (t.kind[p] == Tokens.COMMA) {
                p++;
                parseAction(section);
            }
        } while (t.kind[p] != Tokens.EOF);
        checkOperatorCount();
        return new UpdateTemplate(actions.toArray(new Action[0]), nameRefs.toArray(new String[0]), valueRefs(),
                valueFirstPositions(), problems);
    }

    private void parseAction(ActionKind kind) {
        int at = p;
        DocPath path = parsePath();
        Operand value = null;
        switch (kind) {
            case SET:
                expect(Tokens.EQ);
                value = parseSetValue();
                checkFunctions(value);
                break;
            case ADD:
            case DELETE:
                value = parseValue();
                break;
            default:
                break;
        }
        checkOverlap(at, path);
        actions.add(new Action(kind, path, value, at));
    }

    private Operand parseSetValue() {
        enter();
        try {
            return parseSetValueNested();
        } finally {
            leave();
        }
    }

    private Operand parseSetValueNested() {
        if (t.kind[p] == Tokens.LPAREN) {
            int close = t.matching(p);
            if (close > 0 && t.kind[close + 1] != Tokens.PLUS && t.kind[close + 1] != Tokens.MINUS) {
                p++;
                Operand inner = parseSetValue();
                expect(Tokens.RPAREN);
                return inner;
            }
        }
        int at = p;
        Operand left = parseOperand();
        byte k = t.kind[p];
        if (k == Tokens.PLUS || k == Tokens.MINUS) {
            p++;
            operator();
            Operand right = parseOperand();
            return new ArithmeticOperand(at, k == Tokens.PLUS, left, right);
        }
        return left;
    }

    /** The checks of SET functions that need only the expression text and its names. */
    private void checkFunctions(Operand o) {
        if (o instanceof ArithmeticOperand a) {
            checkFunctions(a.left);
            checkFunctions(a.right);
        } else if (o instanceof FunctionOperand f) {
            if (f.function != Function.IF_NOT_EXISTS && f.function != Function.LIST_APPEND) {
                problems.add(UNKNOWN_FUNCTION, f.pos, "Invalid function name; function: " + f.name);
                return;
            }
            for (Operand arg : f.args) {
                checkFunctions(arg);
            }
            if (f.args.length != f.function.arity) {
                problems.add(FUNCTION, f.pos, "Incorrect number of operands for operator or function; operator or function: "
                        + f.name + ", number of operands: " + f.args.length);
            } else if (f.function == Function.IF_NOT_EXISTS && !(f.args[0] instanceof PathOperand)) {
                problems.add(FUNCTION, f.pos,
                        "Operator or function requires a document path; operator or function: " + f.name);
            }
        }
    }

    private void checkOverlap(int at, DocPath path) {
        for (Action earlier : actions) {
            int relation = DocPath.relation(earlier.path, path);
            if (relation == 1) {
                problems.add(OVERLAP, at, "Two document paths overlap with each other; must remove or rewrite one of these paths; "
                        + "path one: " + earlier.path + ", path two: " + path);
            } else if (relation == 2) {
                problems.add(CONFLICT, at, "Two document paths conflict with each other; must remove or rewrite one of these paths; "
                        + "path one: " + earlier.path + ", path two: " + path);
            }
        }
    }
}
