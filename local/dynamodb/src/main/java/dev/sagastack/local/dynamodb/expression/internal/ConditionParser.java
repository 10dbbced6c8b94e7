package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.expression.internal.CondNode.And;
import dev.sagastack.local.dynamodb.expression.internal.CondNode.Between;
import dev.sagastack.local.dynamodb.expression.internal.CondNode.Compare;
import dev.sagastack.local.dynamodb.expression.internal.CondNode.Comparator;
import dev.sagastack.local.dynamodb.expression.internal.CondNode.FunctionCond;
import dev.sagastack.local.dynamodb.expression.internal.CondNode.In;
import dev.sagastack.local.dynamodb.expression.internal.CondNode.Not;
import dev.sagastack.local.dynamodb.expression.internal.CondNode.Or;
import dev.sagastack.local.dynamodb.expression.internal.Operand.Function;
import dev.sagastack.local.dynamodb.expression.internal.Operand.FunctionOperand;
import dev.sagastack.local.dynamodb.expression.internal.Operand.PathOperand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses condition, filter and key condition expressions. Precedence, lowest first: OR, AND,
 * NOT, then comparisons, BETWEEN, IN and functions (DynamoDB Developer Guide, "Comparison
 * operator and function reference", Precedence in conditions).
 *
 * <pre>
 * or      := and (OR and)*
 * and     := not (AND not)*
 * not     := NOT not | primary
 * primary := '(' or ')' | operand comparator operand | operand BETWEEN operand AND operand
 *          | operand IN '(' operand (',' operand)* ')' | function
 * </pre>
 */
final class ConditionParser extends ParserBase {

    // Problem categories, in the order DynamoDB reports them.
    static final int REDUNDANT_PARENS = 0;
    static final int UNKNOWN_FUNCTION = 1;
    static final int MISUSED_FUNCTION = 2;
    static final int RESERVED = 3;
    static final int UNDEFINED = 4;
    static final int OPERAND_COUNT = 5;
    static final int DISTINCT = 6;
    static final int FUNCTION = 7;
    static final int IN_OPERANDS = 8;

    static final int MAX_IN_OPERANDS = 100;

    ConditionParser(String text, Map<String, String> names) {
        super(text, names);
    }

    ConditionTemplate parse() {
        checkRedundantParens();
        CondNode root = parseOr();
        expectEnd();
        checkOperatorCount();
        return new ConditionTemplate(root, nameRefs.toArray(new String[0]), valueRefs(), valueFirstPositions(), problems);
    }

    @Override
    boolean isKeyword(int i) {
        return t.isWord(i, "AND") || t.isWord(i, "OR") || t.isWord(i, "NOT") || t.isWord(i, "BETWEEN")
                || t.isWord(i, "IN");
    }

    @Override
    int reservedCategory() {
        return RESERVED;
    }

    @Override
    int undefinedNameCategory() {
        return UNDEFINED;
    }

    /** {@code ((x))}: a parenthesised group whose whole content is another group. */
    private void checkRedundantParens() {
        for (int i = 0; i + 1 < t.count; i++) {
            if (t.kind[i] == Tokens.LPAREN && t.kind[i + 1] == Tokens.LPAREN) {
                int outer = t.matching(i);
                if (outer > 0 && t.matching(i + 1) == outer - 1) {
                    problems.add(REDUNDANT_PARENS, i, "The expression has redundant parentheses;");
                }
            }
        }
    }

    private CondNode parseOr() {
        CondNode left = parseAnd();
        while (t.isWord(p, "OR")) {
            int at = p++;
            operator();
            left = new Or(at, left, parseAnd());
        }
        return left;
    }

    private CondNode parseAnd() {
        CondNode left = parseNot();
        while (t.isWord(p, "AND")) {
            int at = p++;
            operator();
            left = new And(at, left, parseNot());
        }
        return left;
    }

    private CondNode parseNot() {
        enter();
        try {
            return parseNotNested();
        } finally {
            leave();
        }
    }

    private CondNode parseNotNested() {
        if (t.isWord(p, "NOT")) {
            int at = p++;
            operator();
            return new Not(at, parseNot());
        }
        return parsePrimary();
    }

    private boolean startsComparison(int i) {
        return Comparator.of(t.kind[i]) != null || t.isWord(i, "BETWEEN") || t.isWord(i, "IN");
    }

    private CondNode parsePrimary() {
        int start = p;
        if (t.kind[p] == Tokens.LPAREN) {
            int close = t.matching(p);
            // "(a) = :v" parenthesises an operand; anything else is a grouped condition.
            if (close < 0 || !startsComparison(close + 1)) {
                p++;
                CondNode inner = parseOr();
                expect(Tokens.RPAREN);
                return inner;
            }
        }
        Operand left = parseOperand();
        Comparator cmp = Comparator.of(t.kind[p]);
        if (cmp != null) {
            p++;
            operator();
            Operand right = parseOperand();
            checkOperands(left, right);
            checkDistinct(cmp.text, left, right);
            return new Compare(start, cmp, left, right);
        }
        if (t.isWord(p, "BETWEEN")) {
            p++;
            operator();
            Operand low = parseOperand();
            if (!t.isWord(p, "AND")) {
                throw syntax(p);
            }
            p++;
            Operand high = parseOperand();
            checkOperands(left, low, high);
            return new Between(start, left, low, high);
        }
        if (t.isWord(p, "IN")) {
            p++;
            operator();
            expect(Tokens.LPAREN);
            List<Operand> list = new ArrayList<>();
            list.add(parseOperand());
            while (t.kind[p] == Tokens.COMMA) {
                p++;
                list.add(parseOperand());
            }
            expect(Tokens.RPAREN);
            checkOperands(left);
            checkOperands(list.toArray(new Operand[0]));
            if (list.size() > MAX_IN_OPERANDS) {
                problems.add(IN_OPERANDS, start,
                        "The IN operator is provided with too many operands; number of operands: " + list.size());
            }
            return new In(start, left, list.toArray(new Operand[0]));
        }
        if (left instanceof FunctionOperand f) {
            checkFunction(f);
            if (f.function == Function.SIZE) {
                misused(f);
            }
            return new FunctionCond(f);
        }
        throw syntax(p);
    }

    /** Operands of comparisons, BETWEEN and IN: only size() may appear among them. */
    private void checkOperands(Operand... operands) {
        for (Operand o : operands) {
            if (o instanceof FunctionOperand f) {
                checkFunction(f);
                if (f.function != Function.SIZE) {
                    misused(f);
                }
            }
        }
    }

    private void misused(FunctionOperand f) {
        if (f.function != Function.UNKNOWN && f.function.inConditions) {
            problems.add(MISUSED_FUNCTION, f.pos,
                    "The function is not allowed to be used this way in an expression; function: " + f.name);
        }
    }

    private void checkDistinct(String operator, Operand a, Operand b) {
        if (a instanceof PathOperand pa && b instanceof PathOperand pb && pa.path.equals(pb.path)) {
            problems.add(DISTINCT, a.pos,
                    "The first operand must be distinct from the remaining operands for this operator or function; operator: "
                            + operator + ", first operand: " + pa.path);
        }
    }

    /** The checks that need only the expression text and its attribute names. */
    private void checkFunction(FunctionOperand f) {
        if (f.function == Function.UNKNOWN || !f.function.inConditions) {
            problems.add(UNKNOWN_FUNCTION, f.pos, "Invalid function name; function: " + f.name);
            return;
        }
        checkOperands(f.args);
        if (f.args.length != f.function.arity) {
            problems.add(OPERAND_COUNT, f.pos, "Incorrect number of operands for operator or function; operator or function: "
                    + f.name + ", number of operands: " + f.args.length);
            return;
        }
        if (f.args.length == 2) {
            checkDistinct(f.name, f.args[0], f.args[1]);
        }
        switch (f.function) {
            case ATTRIBUTE_EXISTS:
            case ATTRIBUTE_NOT_EXISTS:
                if (!(f.args[0] instanceof PathOperand)) {
                    problems.add(FUNCTION, f.pos,
                            "Operator or function requires a document path; operator or function: " + f.name);
                }
                break;
            case ATTRIBUTE_TYPE:
                if (f.args[1] instanceof PathOperand) {
                    incorrectType(f, "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
                } else if (f.args[1] instanceof FunctionOperand) {
                    incorrectType(f, "N");
                }
                break;
            case BEGINS_WITH:
                for (Operand a : f.args) {
                    if (a instanceof FunctionOperand) {
                        incorrectType(f, "N");
                    }
                }
                break;
            case SIZE:
                if (f.args[0] instanceof FunctionOperand) {
                    incorrectType(f, "N");
                }
                break;
            default:
                break;
        }
    }

    private void incorrectType(FunctionOperand f, String type) {
        problems.add(FUNCTION, f.pos, "Incorrect operand type for operator or function; operator or function: "
                + f.name + ", operand type: " + type);
    }
}
