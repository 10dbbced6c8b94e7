package dev.sagastack.local.dynamodb.partiql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.dynamodb.partiql.Lexer.Kind;
import dev.sagastack.local.dynamodb.partiql.Lexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recursive-descent parser of the PartiQL subset DynamoDB runs (Developer Guide, "PartiQL - a
 * SQL-compatible query language for Amazon DynamoDB"): SELECT, INSERT, UPDATE and DELETE.
 *
 * <pre>
 * select  := SELECT ('*' | path (',' path)*) FROM table ('.' index)? (WHERE cond)?
 *            (ORDER BY path (ASC | DESC)? (',' path (ASC | DESC)?)*)?
 * insert  := INSERT INTO table VALUE tuple
 * update  := UPDATE table (SET path '=' value (',' path '=' value)* | REMOVE path (',' path)*)+
 *            (WHERE cond)? (RETURNING (ALL|MODIFIED) (OLD|NEW) '*')?
 * delete  := DELETE FROM table (WHERE cond)? (RETURNING ALL OLD '*')?
 * cond    := or;  or := and (OR and)*;  and := not (AND not)*;  not := NOT not | predicate
 * predicate := sum (cmp sum | BETWEEN sum AND sum | IN list | IS [NOT] (MISSING|NULL|type))?
 * </pre>
 */
public final class Parser {

    /** Deeper nesting is refused rather than risking the stack on hostile input. */
    private static final int MAX_NESTING = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * The functions DynamoDB's PartiQL knows (Developer Guide, "Use PartiQL functions with DynamoDB": SIZE,
     * EXISTS, ATTRIBUTE_TYPE, BEGINS_WITH, CONTAINS, MISSING - "any SQL functions that are not included in
     * this list are not currently supported"), and those its UPDATE statement takes in SET ("PartiQL update
     * statements for DynamoDB": list_append, if_not_exists, set_add, set_delete). EXISTS and MISSING have
     * their own syntax here.
     */
    private static final Set<String> FUNCTIONS = Set.of("size", "attribute_type", "begins_with", "contains",
            "list_append", "if_not_exists", "set_add", "set_delete");
    /** SQL's aggregate functions, which DynamoDB's PartiQL does not run (SIZE is its only "aggregate"). */
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max");
    /**
     * Values an IN list takes (Developer Guide, "PartiQL arithmetic, comparison, and logical operators for
     * DynamoDB", IN: "at max 50 hash attribute values or at max 100 non-key attribute values").
     */
    public static final int MAX_IN_VALUES = 100;

    private final String text;
    private final List<Token> tokens;
    private int p;
    private int params;
    private int depth;

    private Parser(String statement) {
        this.text = statement;
        this.tokens = Lexer.lex(statement);
    }

    public static Statement parse(String statement) {
        Parser parser = new Parser(statement);
        Statement s = parser.statement();
        if (parser.peek().kind() != Kind.EOF) {
            throw parser.unexpected();
        }
        return s;
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token next() {
        return tokens.get(p++);
    }

    private boolean accept(String word) {
        if (peek().is(word)) {
            p++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String s) {
        if (peek().isSymbol(s)) {
            p++;
            return true;
        }
        return false;
    }

    private void expect(String word) {
        if (!accept(word)) {
            throw unexpected();
        }
    }

    private void expectSymbol(String s) {
        if (!acceptSymbol(s)) {
            throw unexpected();
        }
    }

    private PartiqlException unexpected() {
        Token t = peek();
        if (t.kind() == Kind.EOF) {
            return PartiqlException.malformed("Unexpected end of statement");
        }
        return PartiqlException.malformed("Unexpected " + (t.kind() == Kind.WORD ? "keyword" : "token") + " '"
                + t.text() + "' at position " + t.pos());
    }

    private static PartiqlException unsupportedFunction(String name) {
        String upper = name.toUpperCase();
        return PartiqlException.malformed(AGGREGATES.contains(name.toLowerCase())
                ? "Aggregate function " + upper + " is not supported"
                : "Function " + upper + " is not supported");
    }

    /**
     * A function call in the select list, which takes only {@code *} or attribute names and document paths
     * (Developer Guide, "PartiQL select statements for DynamoDB"). DynamoDB's answer to {@code COUNT(*)} there,
     * as recorded against DynamoDB by other emulators' conformance captures, is a bare "Unexpected path
     * component at LINE:COLUMN:LENGTH" naming the function's name token (1-based line and column).
     */
    private PartiqlException pathComponent(Token name) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < name.pos(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new PartiqlException("Unexpected path component at " + line + ":" + (name.pos() - lineStart + 1) + ":"
                + name.text().length());
    }

    private Statement statement() {
        if (accept("SELECT")) {
            return select();
        }
        if (accept("INSERT")) {
            expect("INTO");
            String table = name();
            expect("VALUE");
            if (!peek().isSymbol("{")) {
                throw PartiqlException.malformed("Insert value must be a tuple");
            }
            Expr.Tuple item = (Expr.Tuple) primary();
            return new Statement.Insert(table, item, params);
        }
        if (accept("UPDATE")) {
            return update();
        }
        if (peek().is("EXISTS")) {
            Expr.Exists exists = (Expr.Exists) predicate();
            return new Statement.Check(exists.select(), params);
        }
        if (accept("DELETE")) {
            expect("FROM");
            String table = name();
            Optional<Expr> where = accept("WHERE") ? Optional.of(condition()) : Optional.empty();
            Optional<String> returning = returning();
            return new Statement.Delete(table, where, returning, params);
        }
        throw unexpected();
    }

    private Statement.Select select() {
        List<Expr.Path> projection = new ArrayList<>();
        if (!acceptSymbol("*")) {
            do {
                if (peek().kind() == Kind.WORD && tokens.get(p + 1).isSymbol("(")) {
                    throw pathComponent(peek());
                }
                projection.add(path());
            } while (acceptSymbol(","));
        }
        expect("FROM");
        String table = name();
        Optional<String> index = Optional.empty();
        if (acceptSymbol(".")) {
            index = Optional.of(name());
        }
        Optional<Expr> where = accept("WHERE") ? Optional.of(condition()) : Optional.empty();
        List<Statement.OrderKey> orderBy = new ArrayList<>();
        if (accept("ORDER")) {
            expect("BY");
            do {
                Expr.Path key = path();
                boolean descending = accept("DESC");
                if (!descending) {
                    accept("ASC");
                }
                orderBy.add(new Statement.OrderKey(key, descending));
            } while (acceptSymbol(","));
        }
        return new Statement.Select(table, index, projection, where, orderBy, params);
    }

    private Statement.Update update() {
        String table = name();
        List<Statement.Assignment> sets = new ArrayList<>();
        List<Expr.Path> removes = new ArrayList<>();
        while (true) {
            if (accept("SET")) {
                do {
                    Expr.Path target = path();
                    expectSymbol("=");
                    sets.add(new Statement.Assignment(target, sum()));
                } while (acceptSymbol(","));
            } else if (accept("REMOVE")) {
                do {
                    removes.add(path());
                } while (acceptSymbol(","));
            } else {
                break;
            }
        }
        if (sets.isEmpty() && removes.isEmpty()) {
            throw unexpected();
        }
        Optional<Expr> where = accept("WHERE") ? Optional.of(condition()) : Optional.empty();
        return new Statement.Update(table, sets, removes, where, returning(), params);
    }

    private Optional<String> returning() {
        if (!accept("RETURNING")) {
            return Optional.empty();
        }
        String which = accept("ALL") ? "ALL" : accept("MODIFIED") ? "UPDATED" : null;
        String age = accept("OLD") ? "OLD" : accept("NEW") ? "NEW" : null;
        if (which == null || age == null) {
            throw unexpected();
        }
        expectSymbol("*");
        return Optional.of(which + "_" + age);
    }

    /** A table or index name: an identifier, quoted or not. */
    private String name() {
        Token t = next();
        if (t.kind() == Kind.QUOTED_NAME || t.kind() == Kind.WORD) {
            return t.text();
        }
        p--;
        throw unexpected();
    }

    private Expr.Path path() {
        List<Object> elements = new ArrayList<>();
        elements.add(name());
        while (true) {
            if (peek().isSymbol(".")) {
                p++;
                elements.add(name());
            } else if (peek().isSymbol("[")) {
                p++;
                Token t = next();
                if (t.kind() == Kind.NUMBER && t.text().chars().allMatch(Character::isDigit)) {
                    elements.add(Integer.parseInt(t.text()));
                } else if (t.kind() == Kind.STRING) {
                    elements.add(t.text());
                } else {
                    p--;
                    throw unexpected();
                }
                expectSymbol("]");
            } else {
                return new Expr.Path(elements);
            }
        }
    }

    private void enter() {
        if (++depth > MAX_NESTING) {
            throw PartiqlException.malformed("Statement nesting exceeds the maximum depth of " + MAX_NESTING);
        }
    }

    private Expr condition() {
        enter();
        try {
            Expr left = and();
            while (accept("OR")) {
                left = new Expr.Or(left, and());
            }
            return left;
        } finally {
            depth--;
        }
    }

    private Expr and() {
        Expr left = not();
        while (accept("AND")) {
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr not() {
        if (accept("NOT")) {
            enter();
            try {
                return new Expr.Not(not());
            } finally {
                depth--;
            }
        }
        return predicate();
    }

    private Expr predicate() {
        if (peek().is("EXISTS") && tokens.get(p + 1).isSymbol("(")) {
            p += 2;
            expect("SELECT");
            Statement.Select s = select();
            expectSymbol(")");
            return new Expr.Exists(s);
        }
        Expr left = sum();
        Token t = peek();
        if (t.kind() == Kind.SYMBOL) {
            switch (t.text()) {
                case "=", "<>", "!=", "<", "<=", ">", ">=" -> {
                    p++;
                    String op = t.text().equals("!=") ? "<>" : t.text();
                    return new Expr.Compare(op, left, sum());
                }
                default -> {
                    return left;
                }
            }
        }
        if (accept("BETWEEN")) {
            Expr low = sum();
            expect("AND");
            return new Expr.Between(left, low, sum());
        }
        if (accept("IN")) {
            boolean bracket = peek().isSymbol("[");
            if (!bracket && !peek().isSymbol("(")) {
                throw unexpected();
            }
            p++;
            List<Expr> candidates = new ArrayList<>();
            do {
                candidates.add(sum());
            } while (acceptSymbol(","));
            expectSymbol(bracket ? "]" : ")");
            if (candidates.size() > MAX_IN_VALUES) {
                throw new PartiqlException("The IN operator is provided with too many operands; number of operands: "
                        + candidates.size());
            }
            return new Expr.In(left, candidates);
        }
        if (accept("IS")) {
            boolean negated = accept("NOT");
            if (!(left instanceof Expr.Path path)) {
                throw PartiqlException.malformed("IS requires a document path");
            }
            Token type = next();
            if (type.kind() != Kind.WORD) {
                p--;
                throw unexpected();
            }
            String dynamoType = switch (type.text().toUpperCase()) {
                case "MISSING" -> null;
                case "NULL" -> "NULL";
                case "STRING" -> "S";
                case "NUMBER", "INT", "INTEGER", "DECIMAL", "FLOAT" -> "N";
                case "BOOLEAN", "BOOL" -> "BOOL";
                case "BLOB", "BINARY" -> "B";
                case "LIST" -> "L";
                case "TUPLE", "STRUCT", "MAP" -> "M";
                default -> throw PartiqlException.malformed("Unsupported type in IS: " + type.text());
            };
            return dynamoType == null ? new Expr.Missing(path, negated) : new Expr.IsType(path, dynamoType, negated);
        }
        return left;
    }

    private Expr sum() {
        Expr left = primary();
        while (peek().isSymbol("+") || peek().isSymbol("-")) {
            String op = next().text();
            left = new Expr.Arith(op, left, primary());
        }
        return left;
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case STRING -> {
                p++;
                return literal("S", t.text());
            }
            case NUMBER -> {
                p++;
                return literal("N", t.text());
            }
            case PARAM -> {
                p++;
                return new Expr.Param(params++);
            }
            case QUOTED_NAME -> {
                return path();
            }
            case WORD -> {
                String w = t.text().toUpperCase();
                if (w.equals("TRUE") || w.equals("FALSE")) {
                    p++;
                    ObjectNode n = NODES.objectNode();
                    n.put("BOOL", w.equals("TRUE"));
                    return new Expr.Literal(n);
                }
                if (w.equals("NULL")) {
                    p++;
                    ObjectNode n = NODES.objectNode();
                    n.put("NULL", true);
                    return new Expr.Literal(n);
                }
                if (tokens.get(p + 1).isSymbol("(")) {
                    if (!FUNCTIONS.contains(t.text().toLowerCase())) {
                        throw unsupportedFunction(t.text());
                    }
                    p += 2;
                    enter();
                    try {
                        List<Expr> args = new ArrayList<>();
                        if (!peek().isSymbol(")")) {
                            do {
                                args.add(sum());
                            } while (acceptSymbol(","));
                        }
                        expectSymbol(")");
                        return new Expr.Call(t.text().toLowerCase(), args);
                    } finally {
                        depth--;
                    }
                }
                return path();
            }
            case SYMBOL -> {
                return composite(t);
            }
            default -> throw unexpected();
        }
    }

    private Expr composite(Token t) {
        enter();
        try {
            switch (t.text()) {
                case "(" -> {
                    p++;
                    Expr inner = condition();
                    expectSymbol(")");
                    return inner;
                }
                case "-" -> {
                    p++;
                    Token n = next();
                    if (n.kind() != Kind.NUMBER) {
                        p--;
                        throw unexpected();
                    }
                    return literal("N", "-" + n.text());
                }
                case "{" -> {
                    p++;
                    Map<String, Expr> entries = new LinkedHashMap<>();
                    if (!acceptSymbol("}")) {
                        do {
                            Token key = next();
                            if (key.kind() != Kind.STRING && key.kind() != Kind.QUOTED_NAME) {
                                p--;
                                throw unexpected();
                            }
                            expectSymbol(":");
                            if (entries.put(key.text(), sum()) != null) {
                                throw PartiqlException.malformed("Duplicate key in tuple: " + key.text());
                            }
                        } while (acceptSymbol(","));
                        expectSymbol("}");
                    }
                    return new Expr.Tuple(entries);
                }
                case "[" -> {
                    p++;
                    List<Expr> elements = new ArrayList<>();
                    if (!acceptSymbol("]")) {
                        do {
                            elements.add(sum());
                        } while (acceptSymbol(","));
                        expectSymbol("]");
                    }
                    return new Expr.ListValue(elements);
                }
                case "<<" -> {
                    p++;
                    List<Expr> elements = new ArrayList<>();
                    do {
                        elements.add(sum());
                    } while (acceptSymbol(","));
                    expectSymbol(">>");
                    return new Expr.SetValue(elements);
                }
                default -> throw unexpected();
            }
        } finally {
            depth--;
        }
    }

    private static Expr.Literal literal(String type, String text) {
        ObjectNode n = NODES.objectNode();
        n.put(type, text);
        return new Expr.Literal(n);
    }
}
