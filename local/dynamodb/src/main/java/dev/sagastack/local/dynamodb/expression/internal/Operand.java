package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;

/**
 * An operand of a condition or update expression: a document path, an expression attribute
 * value, a function call, or (in SET actions) a sum or difference. Operands are immutable and
 * hold no attribute values: a value operand names a slot of the values array bound per request.
 */
abstract class Operand {

    /** Token index where the operand starts; orders problems found in the same category. */
    final int pos;

    Operand(int pos) {
        this.pos = pos;
    }

    /** The operand's value in a condition, or null when it does not exist. */
    abstract AttributeValue eval(Item item, AttributeValue[] values);

    static final class PathOperand extends Operand {
        final DocPath path;

        PathOperand(int pos, DocPath path) {
            super(pos);
            this.path = path;
        }

        @Override
        AttributeValue eval(Item item, AttributeValue[] values) {
            return path.resolve(item);
        }
    }

    static final class ValueOperand extends Operand {
        final int slot;
        final String ref;

        ValueOperand(int pos, int slot, String ref) {
            super(pos);
            this.slot = slot;
            this.ref = ref;
        }

        @Override
        AttributeValue eval(Item item, AttributeValue[] values) {
            return values[slot];
        }
    }

    static final class FunctionOperand extends Operand {
        final String name;
        final Function function;
        final Operand[] args;

        FunctionOperand(int pos, String name, Operand[] args) {
            super(pos);
            this.name = name;
            this.function = Function.byName(name);
            this.args = args;
        }

        /** Only size() yields a value; validation rejects any other function used as an operand. */
        @Override
        AttributeValue eval(Item item, AttributeValue[] values) {
            return function == Function.SIZE ? Values.size(args[0].eval(item, values)) : null;
        }
    }

    /** {@code a + b} or {@code a - b} in a SET action. */
    static final class ArithmeticOperand extends Operand {
        final boolean plus;
        final Operand left;
        final Operand right;

        ArithmeticOperand(int pos, boolean plus, Operand left, Operand right) {
            super(pos);
            this.plus = plus;
            this.left = left;
            this.right = right;
        }

        @Override
        AttributeValue eval(Item item, AttributeValue[] values) {
            return null;
        }
    }

    /** The functions of the expression language; names are case-sensitive. */
    enum Function {
        ATTRIBUTE_EXISTS("attribute_exists", 1, true),
        ATTRIBUTE_NOT_EXISTS("attribute_not_exists", 1, true),
        ATTRIBUTE_TYPE("attribute_type", 2, true),
        BEGINS_WITH("begins_with", 2, true),
        CONTAINS("contains", 2, true),
        SIZE("size", 1, true),
        IF_NOT_EXISTS("if_not_exists", 2, false),
        LIST_APPEND("list_append", 2, false),
        UNKNOWN("", 0, false);

        final String text;
        final int arity;
        final boolean inConditions;

        Function(String text, int arity, boolean inConditions) {
            this.text = text;
            this.arity = arity;
            this.inConditions = inConditions;
        }

        static Function byName(String name) {
            for (Function f : values()) {
                if (f != UNKNOWN && f.text.equals(name)) {
                    return f;
                }
            }
            return UNKNOWN;
        }
    }
}
