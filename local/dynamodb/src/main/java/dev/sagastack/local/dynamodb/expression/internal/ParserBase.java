package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.expression.internal.Operand.FunctionOperand;
import dev.sagastack.local.dynamodb.expression.internal.Operand.PathOperand;
import dev.sagastack.local.dynamodb.expression.internal.Operand.ValueOperand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parsing shared by all expression kinds: document paths, operands, and the
 * bookkeeping of which attribute names and value placeholders an expression uses.
 */
abstract class ParserBase {

    final Tokens t;
    int p;
    final Map<String, String> names;
    final Problems problems = new Problems();
    final Set<String> nameRefs = new LinkedHashSet<>();
    /** Value placeholder to slot, in order of first use. */
    final Map<String, Integer> valueSlots = new LinkedHashMap<>();
    final List<Integer> valueFirstPos = new ArrayList<>();

    /**
     * How deeply groups, NOT and function calls may nest. DynamoDB allows 300 operators and functions
     * in an expression (Developer Guide, "Constraints", Expression parameters), so no valid
     * expression nests deeper; the bound keeps a hostile 4 KB expression from exhausting the stack.
     */
    static final int MAX_NESTING = 300;

    /**
     * Operators and functions an expression may hold (Developer Guide, "Constraints", Expression
     * parameters: "The maximum number of operators or functions allowed in any expression is 300";
     * its example {@code SET a = :val1 + :val2 + :val3} holds two).
     */
    static final int MAX_OPERATORS = 300;
    /**
     * Elements of one document path, names and list indexes alike (Developer Guide, "Quotas in Amazon DynamoDB":
     * nested attributes go up to 32 levels deep). A deeper path can name nothing, and DynamoDB refuses it.
     */
    static final int MAX_PATH_DEPTH = 32;

    private int depth;
    private int operators;

    ParserBase(String text, Map<String, String> names) {
        this.t = Tokens.lex(text);
        this.names = names;
    }

    /** Words that end a path in this grammar (AND, SET, ...); they cannot name attributes. */
    abstract boolean isKeyword(int i);

    abstract int reservedCategory();

    abstract int undefinedNameCategory();

    /** Enters one nesting level; pair with {@link #leave()}. */
    void enter() {
        if (++depth > MAX_NESTING) {
            // A problem already found (e.g. redundant parentheses) is what DynamoDB reports first.
            throw new ParseFailure(problems.any() ? problems.message()
                    : "The expression has too many levels of nesting; maximum: " + MAX_NESTING);
        }
    }

    void leave() {
        depth--;
    }

    /** Counts one operator or function; see {@link #checkOperatorCount()}. */
    void operator() {
        operators++;
    }

    /** Refuses an expression that holds more than {@link #MAX_OPERATORS} operators and functions. */
    void checkOperatorCount() {
        if (operators > MAX_OPERATORS) {
            throw new ParseFailure("The expression contains too many operators; operator count: " + operators);
        }
    }

    ParseFailure syntax(int i) {
        return new ParseFailure(t.syntaxError(i));
    }

    byte kind() {
        return t.kind[p];
    }

    void expect(byte kind) {
        if (t.kind[p] != kind) {
            throw syntax(p);
        }
        p++;
    }

    void expectEnd() {
        if (t.kind[p] != Tokens.EOF) {
            throw syntax(p);
        }
    }

    boolean startsPath(int i) {
        return t.kind[i] == Tokens.ATTR_NAME || (t.kind[i] == Tokens.NAME && !isKeyword(i));
    }

    DocPath parsePath() {
        List<String> elementNames = new ArrayList<>(4);
        List<Integer> indexes = new ArrayList<>(4);
        elementNames.add(pathElement());
        indexes.add(null);
        while (true) {
            byte k = t.kind[p];
            if (k == Tokens.DOT) {
                p++;
                elementNames.add(pathElement());
                indexes.add(null);
            } else if (k == Tokens.LBRACKET) {
                p++;
                if (t.kind[p] != Tokens.NUMBER) {
                    throw syntax(p);
                }
                int index;
                try {
                    index = Integer.parseInt(t.text(p));
                } catch (NumberFormatException e) {
                    throw syntax(p);
                }
                p++;
                expect(Tokens.RBRACKET);
                elementNames.add(null);
                indexes.add(index);
            } else {
                if (elementNames.size() > MAX_PATH_DEPTH) {
                    throw new ParseFailure("The document path has too many nesting levels; nesting levels: "
                            + elementNames.size());
                }
                return DocPath.of(elementNames, indexes);
            }
        }
    }

    private String pathElement() {
        int i = p;
        if (!startsPath(i)) {
            throw syntax(i);
        }
        p++;
        String text = t.text(i);
        if (t.kind[i] == Tokens.NAME) {
            if (ReservedWords.isReserved(text)) {
                problems.add(reservedCategory(), i, "Attribute name is a reserved keyword; reserved keyword: " + text);
            }
            return text;
        }
        String resolved = names.get(text);
        if (resolved == null) {
            problems.add(undefinedNameCategory(), i,
                    "An expression attribute name used in the document path is not defined; attribute name: " + text);
            return text;
        }
        nameRefs.add(text);
        return resolved;
    }

    ValueOperand parseValue() {
        int i = p;
        if (t.kind[i] != Tokens.ATTR_VALUE) {
            throw syntax(i);
        }
        p++;
        String ref = t.text(i);
        Integer slot = valueSlots.get(ref);
        if (slot == null) {
            slot = valueSlots.size();
            valueSlots.put(ref, slot);
            valueFirstPos.add(i);
        }
        return new ValueOperand(i, slot, ref);
    }

    /** operand := '(' operand ')' | :value | function '(' operand, ... ')' | path */
    Operand parseOperand() {
        enter();
        try {
            return parseOperandNested();
        } finally {
            leave();
        }
    }

    private Operand parseOperandNested() {
        int i = p;
        byte k = t.kind[i];
        if (k == Tokens.LPAREN) {
            p++;
            Operand inner = parseOperand();
            expect(Tokens.RPAREN);
            return inner;
        }
        if (k == Tokens.ATTR_VALUE) {
            return parseValue();
        }
        if (k == Tokens.NAME && t.kind[i + 1] == Tokens.LPAREN && !isKeyword(i)) {
            String name = t.text(i);
            p += 2;
            List<Operand> args = new ArrayList<>(2);
            args.add(parseOperand());
            while (t.kind[p] == Tokens.COMMA) {
                p++;
                args.add(parseOperand());
            }
            expect(Tokens.RPAREN);
            operator();
            return new FunctionOperand(i, name, args.toArray(new Operand[0]));
        }
        if (startsPath(i)) {
            return new PathOperand(i, parsePath());
        }
        throw syntax(i);
    }

    String[] valueRefs() {
        return valueSlots.keySet().toArray(new String[0]);
    }

    int[] valueFirstPositions() {
        int[] out = new int[valueFirstPos.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = valueFirstPos.get(i);
        }
        return out;
    }
}
