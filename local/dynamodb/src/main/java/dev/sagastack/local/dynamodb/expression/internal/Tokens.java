package dev.sagastack.local.dynamodb.expression.internal;

import java.util.Arrays;

/**
 * The tokens of one expression, lexed in a single pass into parallel arrays (kind, start, end)
 * so that parsing allocates almost nothing. A character the grammar does not know becomes an
 * {@link #OTHER} token, which the parser reports as a syntax error where it meets it.
 */
final class Tokens {

    static final byte EOF = 0;
    /** Identifier: letter or underscore, then letters, digits, underscores. */
    static final byte NAME = 1;
    /** Expression attribute name reference, {@code #name}. */
    static final byte ATTR_NAME = 2;
    /** Expression attribute value reference, {@code :value}. */
    static final byte ATTR_VALUE = 3;
    static final byte NUMBER = 4;
    static final byte EQ = 5;
    static final byte NE = 6;
    static final byte LT = 7;
    static final byte LE = 8;
    static final byte GT = 9;
    static final byte GE = 10;
    static final byte PLUS = 11;
    static final byte MINUS = 12;
    static final byte LPAREN = 13;
    static final byte RPAREN = 14;
    static final byte LBRACKET = 15;
    static final byte RBRACKET = 16;
    static final byte DOT = 17;
    static final byte COMMA = 18;
    static final byte OTHER = 19;

    final String source;
    byte[] kind;
    int[] start;
    int[] end;
    int count;
    /** For each LPAREN, the index of its matching RPAREN, or -1. */
    int[] match;

    private Tokens(String source) {
        this.source = source;
        int capacity = Math.max(8, source.length() / 2 + 2);
        kind = new byte[capacity];
        start = new int[capacity];
        end = new int[capacity];
    }

    static Tokens lex(String source) {
        Tokens t = new Tokens(source);
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            int s = i;
            byte k;
            if (isIdentStart(c)) {
                i++;
                while (i < n && isIdentPart(source.charAt(i))) {
                    i++;
                }
                k = NAME;
            } else if (c >= '0' && c <= '9') {
                i++;
                while (i < n && source.charAt(i) >= '0' && source.charAt(i) <= '9') {
                    i++;
                }
                k = NUMBER;
            } else if (c == '#' || c == ':') {
                i++;
                while (i < n && isIdentPart(source.charAt(i))) {
                    i++;
                }
                k = i - s > 1 ? (c == '#' ? ATTR_NAME : ATTR_VALUE) : OTHER;
            } else {
                i++;
                switch (c) {
                    case '=':
                        k = EQ;
                        break;
                    case '<':
                        if (i < n && source.charAt(i) == '>') {
                            i++;
                            k = NE;
                        } else if (i < n && source.charAt(i) == '=') {
                            i++;
                            k = LE;
                        } else {
                            k = LT;
                        }
                        break;
                    case '>':
                        if (i < n && source.charAt(i) == '=') {
                            i++;
                            k = GE;
                        } else {
                            k = GT;
                        }
                        break;
                    case '+':
                        k = PLUS;
                        break;
                    case '-':
                        k = MINUS;
                        break;
                    case '(':
                        k = LPAREN;
                        break;
                    case ')':
                        k = RPAREN;
                        break;
                    case '[':
                        k = LBRACKET;
                        break;
                    case ']':
                        k = RBRACKET;
                        break;
                    case '.':
                        k = DOT;
                        break;
                    case ',':
                        k = COMMA;
                        break;
                    default:
                        if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(source.charAt(i))) {
                            i++;
                        }
                        k = OTHER;
                }
            }
            t.add(k, s, i);
        }
        t.add(EOF, n, n);
        t.matchParens();
        return t;
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    private void add(byte k, int s, int e) {
        if (count == kind.length) {
            int capacity = count * 2;
            kind = Arrays.copyOf(kind, capacity);
            start = Arrays.copyOf(start, capacity);
            end = Arrays.copyOf(end, capacity);
        }
        kind[count] = k;
        start[count] = s;
        end[count] = e;
        count++;
    }

    private void matchParens() {
        int[] m = null;
        int[] stack = null;
        int depth = 0;
        for (int i = 0; i < count; i++) {
            if (kind[i] == LPAREN) {
                if (m == null) {
                    m = new int[count];
                    Arrays.fill(m, -1);
                    stack = new int[count];
                }
                stack[depth++] = i;
            } else if (kind[i] == RPAREN && depth > 0) {
                m[stack[--depth]] = i;
            }
        }
        match = m;
    }

    /** Index of the RPAREN matching the LPAREN at {@code i}, or -1. */
    int matching(int i) {
        return match == null ? -1 : match[i];
    }

    String text(int i) {
        return kind[i] == EOF ? "<EOF>" : source.substring(start[i], end[i]);
    }

    boolean isWord(int i, String keyword) {
        return kind[i] == NAME && end[i] - start[i] == keyword.length()
                && source.regionMatches(true, start[i], keyword, 0, keyword.length());
    }

    /**
     * DynamoDB's syntax error text: the offending token and the source from the token before it to
     * the token after it.
     */
    String syntaxError(int i) {
        String near;
        if (kind[i] == EOF) {
            near = i > 0 ? source.substring(start[i - 1], end[i - 1]) : "";
        } else {
            int from = i > 0 ? start[i - 1] : start[i];
            int to = i + 1 < count && kind[i + 1] != EOF ? end[i + 1] : end[i];
            near = source.substring(from, to);
        }
        return "Syntax error; token: \"" + text(i) + "\", near: \"" + near + "\"";
    }
}
