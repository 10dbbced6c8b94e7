package dev.sagastack.local.dynamodb.partiql;

import java.util.ArrayList;
import java.util.List;

/** Splits a PartiQL statement into tokens: words, "quoted identifiers", 'strings', numbers and symbols. */
final class Lexer {

    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, SYMBOL, PARAM, EOF }

    record Token(Kind kind, String text, int pos) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String s) {
            return kind == Kind.SYMBOL && text.equals(s);
        }
    }

    private static final String[] SYMBOLS = {"<<", ">>", "<>", "!=", "<=", ">=", "=", "<", ">", ".", ",", "(", ")",
        "[", "]", "{", "}", ":", "*", "+", "-"};

    private Lexer() {
    }

    static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder b = new StringBuilder();
                int start = i++;
                while (true) {
                    if (i >= n) {
                        throw PartiqlException.malformed("Unterminated " + (c == '"' ? "quoted identifier" : "string literal")
                                + " at position " + start);
                    }
                    char d = s.charAt(i);
                    if (d == c) {
                        if (i + 1 < n && s.charAt(i + 1) == c) {
                            b.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(d);
                    i++;
                }
                out.add(new Token(c == '"' ? Kind.QUOTED_NAME : Kind.STRING, b.toString(), start));
            } else if (c >= '0' && c <= '9') {
                int start = i;
                while (i < n && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i < n && s.charAt(i) == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                    i++;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && Character.isDigit(s.charAt(j))) {
                        i = j;
                        while (i < n && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    }
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), start));
            } else if (c == '?') {
                out.add(new Token(Kind.PARAM, "?", i++));
            } else {
                String sym = null;
                for (String candidate : SYMBOLS) {
                    if (s.startsWith(candidate, i)) {
                        sym = candidate;
                        break;
                    }
                }
                if (sym == null) {
                    throw PartiqlException.malformed("Unexpected character '" + c + "' at position " + i);
                }
                out.add(new Token(Kind.SYMBOL, sym, i));
                i += sym.length();
            }
        }
        out.add(new Token(Kind.EOF, "", n));
        return out;
    }
}
