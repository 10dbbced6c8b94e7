package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.expression.ExpressionException;
import dev.sagastack.local.dynamodb.expression.KeyCondition;
import dev.sagastack.local.dynamodb.expression.SortKeyCondition;
import dev.sagastack.local.dynamodb.expression.SortKeyCondition.Operator;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a parsed condition into key conditions: only AND of {@code key op :value},
 * {@code key BETWEEN :a AND :b} and {@code begins_with(key, :v)}, at most one per attribute, and
 * one or two in all. Messages are DynamoDB's; they carry no "Invalid KeyConditionExpression:"
 * prefix.
 */
public final class KeyConditionBuilder {

    private final AttributeValue[] values;
    private final List<SortKeyCondition> conditions = new ArrayList<>(2);

    private KeyConditionBuilder(AttributeValue[] values) {
        this.values = values;
    }

    /**
     * Builds the key conditions of a bound condition.
     *
     * @throws ExpressionException with DynamoDB's message when the condition is not a key condition
     */
    public static KeyCondition build(ConditionTemplate.Bound condition) {
        KeyConditionBuilder b = new KeyConditionBuilder(condition.values);
        b.visit(condition.template.root);
        if (b.conditions.size() > 2) {
            throw new ExpressionException("Conditions can be of length 1 or 2 only");
        }
        return Parsed.guess(b.conditions);
    }

    private void visit(CondNode node) {
        if (node instanceof CondNode.And and) {
            visit(and.left);
            visit(and.right);
            return;
        }
        if (node instanceof CondNode.Or) {
            throw invalidOperator("OR");
        }
        if (node instanceof CondNode.Not) {
            throw invalidOperator("NOT");
        }
        if (node instanceof CondNode.In) {
            throw invalidOperator("IN");
        }
        Operator operator;
        Operand[] args;
        if (node instanceof CondNode.Compare c) {
            if (c.op == CondNode.Comparator.NE) {
                throw invalidOperator("<>");
            }
            operator = Operator.valueOf(c.op.name());
            args = new Operand[] {c.left, c.right};
        } else if (node instanceof CondNode.Between b) {
            if (!(b.operand instanceof Operand.PathOperand)) {
                throw notFirstOperand("BETWEEN");
            }
            operator = Operator.BETWEEN;
            args = new Operand[] {b.operand, b.low, b.high};
        } else {
            Operand.FunctionOperand f = ((CondNode.FunctionCond) node).call;
            if (f.function != Operand.Function.BEGINS_WITH) {
                throw invalidOperator(f.name);
            }
            if (!(f.args[0] instanceof Operand.PathOperand)) {
                throw notFirstOperand(f.name);
            }
            operator = Operator.BEGINS_WITH;
            args = f.args;
        }
        String attribute = null;
        int attributeAt = -1;
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Operand.PathOperand p) {
                if (attribute != null) {
                    throw new ExpressionException("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
                }
                if (p.path.length() > 1) {
                    throw new ExpressionException("KeyConditionExpressions cannot have conditions on nested attributes");
                }
                attribute = p.path.top();
                attributeAt = i;
            } else if (args[i] instanceof Operand.FunctionOperand) {
                throw new ExpressionException("KeyConditionExpressions cannot contain nested operations");
            }
        }
        if (attribute == null) {
            throw new ExpressionException("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        for (SortKeyCondition existing : conditions) {
            if (existing.attributeName().equals(attribute)) {
                throw new ExpressionException("KeyConditionExpressions must only contain one condition per key");
            }
        }
        if (attributeAt != 0) {
            operator = flipped(operator);
        }
        List<AttributeValue> operands = new ArrayList<>(args.length - 1);
        for (int i = 0; i < args.length; i++) {
            if (i != attributeAt) {
                operands.add(values[((Operand.ValueOperand) args[i]).slot]);
            }
        }
        conditions.add(new SortKeyCondition(attribute, operator, operands));
    }

    /** {@code :v < key} is {@code key > :v}. */
    private static Operator flipped(Operator op) {
        switch (op) {
            case LT:
                return Operator.GT;
            case LE:
                return Operator.GE;
            case GT:
                return Operator.LT;
            case GE:
                return Operator.LE;
            default:
                return op;
        }
    }

    private static ExpressionException invalidOperator(String operator) {
        return new ExpressionException("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static ExpressionException notFirstOperand(String operator) {
        return new ExpressionException("Invalid condition in KeyConditionExpression: " + operator
                + " operator must have the key attribute as its first operand");
    }

    /**
     * Key conditions of one request; which one is the partition key's is settled by the key
     * schema. {@link #assign} records that decision on the instance, so a caller that keeps using
     * the parsed object after validation sees the schema's assignment.
     */
    public static final class Parsed implements KeyCondition {
        private final List<SortKeyCondition> conditions;
        private SortKeyCondition partition;
        private SortKeyCondition sort;

        public Parsed(List<SortKeyCondition> conditions, SortKeyCondition partition, SortKeyCondition sort) {
            this.conditions = List.copyOf(conditions);
            this.partition = partition;
            this.sort = sort;
        }

        /** Records the key schema's assignment of the conditions. */
        public void assign(SortKeyCondition partition, SortKeyCondition sort) {
            this.partition = partition;
            this.sort = sort;
        }

        /** Without a schema: the only condition, else the only equality, else the first one. */
        static Parsed guess(List<SortKeyCondition> conditions) {
            SortKeyCondition partition = conditions.get(0);
            if (conditions.size() == 2 && partition.operator() != Operator.EQ
                    && conditions.get(1).operator() == Operator.EQ) {
                partition = conditions.get(1);
            }
            SortKeyCondition sort = null;
            for (SortKeyCondition c : conditions) {
                if (c != partition) {
                    sort = c;
                }
            }
            return new Parsed(conditions, partition, sort);
        }

        @Override
        public String partitionKeyName() {
            return partition.attributeName();
        }

        @Override
        public AttributeValue partitionValue() {
            return partition.operands().get(0);
        }

        @Override
        public Optional<SortKeyCondition> sortKeyCondition() {
            return Optional.ofNullable(sort);
        }

        @Override
        public List<SortKeyCondition> conditions() {
            return conditions;
        }

        @Override
        public String toString() {
            return conditions.toString();
        }
    }
}
