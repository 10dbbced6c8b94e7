package dev.sagastack.local.dynamodb.partiql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a WHERE clause uses the key: the partition key equality and the sort key condition among
 * its top-level AND terms, and the remaining terms. A SELECT with a partition key equality runs
 * as a Query, others as a Scan; UPDATE and DELETE need an equality on every key attribute.
 */
public record KeyPlan(Optional<Expr> hashValue, Optional<Expr> rangeValue, Optional<Expr> rangeCondition,
        Optional<Expr> rest, Expr.Compare hashTerm) {

    public static KeyPlan of(Optional<Expr> where, String hashKey, Optional<String> rangeKey) {
        List<Expr> terms = new ArrayList<>();
        where.ifPresent(w -> flatten(w, terms));
        Expr.Compare hashTerm = null;
        Expr rangeTerm = null;
        Expr rangeValue = null;
        List<Expr> rest = new ArrayList<>();
        for (Expr term : terms) {
            if (hashTerm == null && equalityOn(term, hashKey) != null) {
                hashTerm = (Expr.Compare) term;
            } else if (rangeKey.isPresent() && rangeValue == null && equalityOn(term, rangeKey.get()) != null) {
                if (rangeTerm != null) {
                    rest.add(rangeTerm);
                }
                rangeTerm = term;
                rangeValue = equalityOn(term, rangeKey.get());
            } else if (rangeKey.isPresent() && rangeTerm == null && isRangeCondition(term, rangeKey.get())) {
                rangeTerm = term;
            } else {
                rest.add(term);
            }
        }
        if (hashTerm == null && rangeTerm != null) {
            rest.add(0, rangeTerm);
            rangeTerm = null;
            rangeValue = null;
        }
        Expr remaining = null;
        for (Expr term : rest) {
            remaining = remaining == null ? term : new Expr.And(remaining, term);
        }
        return new KeyPlan(Optional.ofNullable(hashTerm == null ? null : equalityOn(hashTerm, hashKey)),
                Optional.ofNullable(rangeValue), Optional.ofNullable(rangeTerm), Optional.ofNullable(remaining),
                hashTerm);
    }

    /** Whether the plan names one item: equalities on the partition key and (when there is one) the sort key. */
    public boolean isKeyLookup(boolean hasRangeKey) {
        return hashValue.isPresent() && (!hasRangeKey || rangeValue.isPresent());
    }

    private static void flatten(Expr e, List<Expr> out) {
        if (e instanceof Expr.And a) {
            flatten(a.left(), out);
            flatten(a.right(), out);
        } else {
            out.add(e);
        }
    }

    /** The value of {@code key = value} (either way round), or null. */
    private static Expr equalityOn(Expr term, String key) {
        if (term instanceof Expr.Compare c && c.op().equals("=")) {
            if (c.left() instanceof Expr.Path p && p.isTopLevel(key) && ExpressionWriter.isValue(c.right())) {
                return c.right();
            }
            if (c.right() instanceof Expr.Path p && p.isTopLevel(key) && ExpressionWriter.isValue(c.left())) {
                return c.left();
            }
        }
        return null;
    }

    private static boolean isRangeCondition(Expr term, String key) {
        if (term instanceof Expr.Compare c && !c.op().equals("<>")) {
            return c.left() instanceof Expr.Path p && p.isTopLevel(key) && ExpressionWriter.isValue(c.right());
        }
        if (term instanceof Expr.Between b) {
            return b.value() instanceof Expr.Path p && p.isTopLevel(key) && ExpressionWriter.isValue(b.low())
                    && ExpressionWriter.isValue(b.high());
        }
        if (term instanceof Expr.Call c && c.name().equals("begins_with") && c.args().size() == 2) {
            return c.args().get(0) instanceof Expr.Path p && p.isTopLevel(key)
                    && ExpressionWriter.isValue(c.args().get(1));
        }
        return false;
    }

    /**
     * Whether the remaining terms refer to any of these attributes. A Query's filter may not name
     * key attributes, so such a SELECT runs as a Scan filtered by its whole WHERE clause.
     */
    public boolean restMentions(Set<String> attributes) {
        return rest.isPresent() && mentions(rest.get(), attributes);
    }

    private static boolean mentions(Expr e, Set<String> attributes) {
        if (e instanceof Expr.Path p) {
            return attributes.contains(p.first());
        }
        if (e instanceof Expr.And a) {
            return mentions(a.left(), attributes) || mentions(a.right(), attributes);
        }
        if (e instanceof Expr.Or o) {
            return mentions(o.left(), attributes) || mentions(o.right(), attributes);
        }
        if (e instanceof Expr.Not n) {
            return mentions(n.operand(), attributes);
        }
        if (e instanceof Expr.Compare c) {
            return mentions(c.left(), attributes) || mentions(c.right(), attributes);
        }
        if (e instanceof Expr.Between b) {
            return mentions(b.value(), attributes) || mentions(b.low(), attributes) || mentions(b.high(), attributes);
        }
        if (e instanceof Expr.In in) {
            return mentions(in.value(), attributes) || in.candidates().stream().anyMatch(x -> mentions(x, attributes));
        }
        if (e instanceof Expr.Missing m) {
            return mentions(m.path(), attributes);
        }
        if (e instanceof Expr.IsType t) {
            return mentions(t.path(), attributes);
        }
        if (e instanceof Expr.Call c) {
            return c.args().stream().anyMatch(x -> mentions(x, attributes));
        }
        if (e instanceof Expr.Arith a) {
            return mentions(a.left(), attributes) || mentions(a.right(), attributes);
        }
        return false;
    }

    /** The key condition text: the partition key equality and the sort key condition, if any. */
    public String keyConditionText(ExpressionWriter w) {
        Expr e = hashTerm;
        if (rangeCondition.isPresent()) {
            e = new Expr.And(e, rangeCondition.get());
        }
        return w.condition(e);
    }
}
