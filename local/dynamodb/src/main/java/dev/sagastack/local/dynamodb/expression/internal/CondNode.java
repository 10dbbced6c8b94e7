package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.expression.internal.Operand.FunctionOperand;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;

/** A node of a parsed condition, evaluated directly against an item and the bound values. */
abstract class CondNode {

    final int pos;

    CondNode(int pos) {
        this.pos = pos;
    }

    abstract boolean test(Item item, AttributeValue[] values);

    static final class Or extends CondNode {
        final CondNode left;
        final CondNode right;

        Or(int pos, CondNode left, CondNode right) {
            super(pos);
            this.left = left;
            this.right = right;
        }

        @Override
        boolean test(Item item, AttributeValue[] values) {
            return left.test(item, values) || right.test(item, values);
        }
    }

    static final class And extends CondNode {
        final CondNode left;
        final CondNode right;

        And(int pos, CondNode left, CondNode right) {
            super(pos);
            this.left = left;
            this.right = right;
        }

        @Override
        boolean test(Item item, AttributeValue[] values) {
            return left.test(item, values) && right.test(item, values);
        }
    }

    static final class Not extends CondNode {
        final CondNode operand;

        Not(int pos, CondNode operand) {
            super(pos);
            this.operand = operand;
        }

        @Override
        boolean test(Item item, AttributeValue[] values) {
            return !operand.test(item, values);
        }
    }

    enum Comparator {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String text;

        Comparator(String text) {
            this.text = text;
        }

        static Comparator of(byte tokenKind) {
            switch (tokenKind) {
                case Tokens.EQ:
                    return EQ;
                case Tokens.NE:
                    return NE;
                case Tokens.LT:
                    return LT;
                case Tokens.LE:
                    return LE;
                case Tokens.GT:
                    return GT;
                case Tokens.GE:
                    return GE;
                default:
                    return null;
            }
        }
    }

    /**
     * {@code a op b}. A missing operand or operands of different types make every comparison
     * false except {@code <>}, which is the negation of {@code =}; ordering comparisons hold only
     * between two S, two N or two B values.
     */
    static final class Compare extends CondNode {
        final Comparator op;
        final Operand left;
        final Operand right;

        Compare(int pos, Comparator op, Operand left, Operand right) {
            super(pos);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        boolean test(Item item, AttributeValue[] values) {
            AttributeValue a = left.eval(item, values);
            AttributeValue b = right.eval(item, values);
            switch (op) {
                case EQ:
                    return Values.equal(a, b);
                case NE:
                    return !Values.equal(a, b);
                default:
                    int c = Values.compareOrdered(a, b);
                    if (c == Values.UNORDERED) {
                        return false;
                    }
                    switch (op) {
                        case LT:
                            return c < 0;
                        case LE:
                            return c <= 0;
                        case GT:
                            return c > 0;
                        default:
                            return c >= 0;
                    }
            }
        }
    }

    static final class Between extends CondNode {
        final Operand operand;
        final Operand low;
        final Operand high;

        Between(int pos, Operand operand, Operand low, Operand high) {
            super(pos);
            this.operand = operand;
            this.low = low;
            this.high = high;
        }

        @Override
        boolean test(Item item, AttributeValue[] values) {
            AttributeValue v = operand.eval(item, values);
            int lo = Values.compareOrdered(v, low.eval(item, values));
            if (lo == Values.UNORDERED || lo < 0) {
                return false;
            }
            int hi = Values.compareOrdered(v, high.eval(item, values));
            return hi != Values.UNORDERED && hi <= 0;
        }
    }

    static final class In extends CondNode {
        final Operand operand;
        final Operand[] list;

        In(int pos, Operand operand, Operand[] list) {
            super(pos);
            this.operand = operand;
            this.list = list;
        }

        @Override
        boolean test(Item item, AttributeValue[] values) {
            AttributeValue v = operand.eval(item, values);
            if (v == null) {
                return false;
            }
            for (Operand candidate : list) {
                if (Values.equal(v, candidate.eval(item, values))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** attribute_exists, attribute_not_exists, attribute_type, begins_with or contains. */
    static final class FunctionCond extends CondNode {
        final FunctionOperand call;

        FunctionCond(FunctionOperand call) {
            super(call.pos);
            this.call = call;
        }

        @Override
        boolean test(Item item, AttributeValue[] values) {
            Operand[] args = call.args;
            switch (call.function) {
                case ATTRIBUTE_EXISTS:
                    return args[0].eval(item, values) != null;
                case ATTRIBUTE_NOT_EXISTS:
                    return args[0].eval(item, values) == null;
                case ATTRIBUTE_TYPE: {
                    AttributeValue v = args[0].eval(item, values);
                    AttributeValue type = args[1].eval(item, values);
                    return v != null && type instanceof AttributeValue.S s && v.type().name().equals(s.value());
                }
                case BEGINS_WITH:
                    return Values.beginsWith(args[0].eval(item, values), args[1].eval(item, values));
                case CONTAINS:
                    return Values.contains(args[0].eval(item, values), args[1].eval(item, values));
                default:
                    return false;
            }
        }
    }
}
