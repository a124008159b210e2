package org.cpebridge.usp.path;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;

/**
 * Parses USP Path Names into {@link UspPath} following the grammar of TR-369 "Data Model Path Grammar": instance
 * numbers, {@code *}, search expressions ({@code == != ~= < > <= >=} joined by {@code &&}, whitespace around the
 * operator tolerated per R-ARC.9a, {@code %22}/{@code %25} escapes in string constants), reference following
 * ({@code +}, {@code #n+}, {@code #*+}), command ({@code Name()}) and event ({@code Name!}) paths. Supported Data Model
 * paths ({@code {i}}) are parsed by {@link #parseSupported}.
 *
 * <p>Bad syntax gives a {@link PathException} with 7008; a path over the length or depth limit gives 7026 (no path
 * that long exists in this agent's model). Immutable and thread-safe.
 */
public final class PathParser {
    /** Default limit on the path length in characters. */
    public static final int DEFAULT_MAX_LENGTH = 1024;
    /** Default limit on the number of segments, counting names, instances and decorators. */
    public static final int DEFAULT_MAX_SEGMENTS = 64;
    /** Default limit on expression components in one search expression. */
    public static final int MAX_CONDITIONS = 16;

    private static final PathParser DEFAULT = new PathParser(DEFAULT_MAX_LENGTH, DEFAULT_MAX_SEGMENTS);

    private final int maxLength;
    private final int maxSegments;

    public PathParser(int maxLength, int maxSegments) {
        if (maxLength < 8 || maxSegments < 2) {
            throw new IllegalArgumentException("limits too small: " + maxLength + ", " + maxSegments);
        }
        this.maxLength = maxLength;
        this.maxSegments = maxSegments;
    }

    /** The parser with default limits. */
    public static PathParser standard() {
        return DEFAULT;
    }

    /** Parses an Instantiated Data Model path (what Get, Set, Add, Delete, Operate and GetInstances carry). */
    public UspPath parse(String text) throws PathException {
        return new Cursor(text, false).path();
    }

    /** Parses a Supported Data Model path (GetSupportedDM): names, instance numbers and {@code {i}} only. */
    public UspPath parseSupported(String text) throws PathException {
        return new Cursor(text, true).path();
    }

    /** True if {@code s} matches {@code [A-Za-z_][A-Za-z_0-9]*}. */
    public static boolean isName(String s) {
        if (s == null || s.isEmpty() || !isNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isNamePart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Escapes '%' and '"' so that {@code s} can be written as a string constant. */
    public static String percentEscape(String s) {
        return s.replace("%", "%25").replace("\"", "%22");
    }

    private static boolean isNameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private final class Cursor {
        private final String text;
        private final boolean supported;
        private final List<Segment> segments = new ArrayList<>();
        private int pos;

        Cursor(String text, boolean supported) {
            this.text = text == null ? "" : text;
            this.supported = supported;
        }

        UspPath path() throws PathException {
            if (text.length() > maxLength) {
                throw new PathException(UspErrors.INVALID_PATH,
                        UspReasons.pathTooLong(maxLength));
            }
            if (text.isEmpty()) {
                throw syntax("empty path");
            }
            while (true) {
                String name = name();
                if (segments.isEmpty() && (atEnd() || text.charAt(pos) != '.')) {
                    throw syntax("a path starts with an object name and '.'");
                }
                if (atEnd()) {
                    add(new Segment.Name(name));
                    return new UspPath(segments, UspPath.Kind.PARAMETER);
                }
                char c = text.charAt(pos);
                if (c == '(') {
                    expect("()");
                    requireEnd("after a command name");
                    add(new Segment.Command(name));
                    return new UspPath(segments, UspPath.Kind.COMMAND);
                }
                if (c == '!') {
                    pos++;
                    requireEnd("after an event name");
                    add(new Segment.Event(name));
                    return new UspPath(segments, UspPath.Kind.EVENT);
                }
                add(new Segment.Name(name));
                if (c == '#' || c == '+') {
                    if (supported) {
                        throw syntax("reference following in a supported data model path");
                    }
                    add(referenceFollow());
                    expect(".");
                    if (atEnd()) {
                        return new UspPath(segments, UspPath.Kind.OBJECT);
                    }
                    continue;
                }
                expect(".");
                if (atEnd()) {
                    return new UspPath(segments, UspPath.Kind.OBJECT);
                }
                Segment instance = instance();
                if (instance != null) {
                    if (segments.size() == 1) {
                        throw syntax("the root object is not a table");
                    }
                    add(instance);
                    expect(".");
                    if (atEnd()) {
                        return new UspPath(segments, UspPath.Kind.OBJECT);
                    }
                }
            }
        }

        private Segment instance() throws PathException {
            char c = text.charAt(pos);
            if (c >= '0' && c <= '9') {
                return new Segment.InstanceNumber(positiveNumber("instance number"));
            }
            if (c == '{') {
                if (!supported) {
                    throw syntax("'{i}' is only valid in supported data model paths");
                }
                expect("{i}");
                return new Segment.Placeholder();
            }
            if (supported) {
                return null;
            }
            if (c == '*') {
                pos++;
                return new Segment.Wildcard();
            }
            if (c == '[') {
                pos++;
                return search();
            }
            return null;
        }

        private Segment.Search search() throws PathException {
            List<Segment.Condition> conditions = new ArrayList<>();
            while (true) {
                if (conditions.size() == MAX_CONDITIONS) {
                    throw syntax("more than " + MAX_CONDITIONS + " expression components");
                }
                conditions.add(condition());
                skipSpaces();
                if (text.startsWith("&&", pos)) {
                    pos += 2;
                } else if (!atEnd() && text.charAt(pos) == ']') {
                    pos++;
                    return new Segment.Search(conditions);
                } else {
                    throw syntax("expected '&&' or ']'");
                }
            }
        }

        private Segment.Condition condition() throws PathException {
            skipSpaces();
            List<Segment> parameter = new ArrayList<>();
            parameter.add(new Segment.Name(name()));
            while (!atEnd()) {
                char c = text.charAt(pos);
                if (c == '#' || c == '+') {
                    parameter.add(referenceFollow());
                    expect(".");
                    parameter.add(new Segment.Name(name()));
                } else if (c == '.') {
                    pos++;
                    parameter.add(new Segment.Name(name()));
                } else {
                    break;
                }
                if (parameter.size() > maxSegments) {
                    throw syntax("expression parameter too deep");
                }
            }
            skipSpaces();
            Segment.Operator operator = operator();
            skipSpaces();
            if (atEnd()) {
                throw syntax("missing expression constant");
            }
            if (text.charAt(pos) == '"') {
                int close = text.indexOf('"', pos + 1);
                if (close < 0) {
                    throw syntax("unterminated string constant");
                }
                String literal = percentDecode(text.substring(pos + 1, close));
                pos = close + 1;
                return new Segment.Condition(parameter, operator, literal, true);
            }
            int start = pos;
            while (!atEnd() && text.charAt(pos) != ']' && !text.startsWith("&&", pos)) {
                char c = text.charAt(pos);
                if (c == '"' || c == '[' || c == ' ' || c == '=' || c == '<' || c == '>' || c == '!') {
                    break;
                }
                pos++;
            }
            if (pos == start) {
                throw syntax("missing expression constant");
            }
            return new Segment.Condition(parameter, operator, text.substring(start, pos), false);
        }

        private Segment.Operator operator() throws PathException {
            String two = pos + 2 <= text.length() ? text.substring(pos, pos + 2) : "";
            for (Segment.Operator op : Segment.Operator.values()) {
                if (op.symbol().length() == 2 && op.symbol().equals(two)) {
                    pos += 2;
                    return op;
                }
            }
            if (!atEnd() && text.charAt(pos) == '<') {
                pos++;
                return Segment.Operator.LESS;
            }
            if (!atEnd() && text.charAt(pos) == '>') {
                pos++;
                return Segment.Operator.GREATER;
            }
            throw syntax("expected an expression operator");
        }

        private Segment.ReferenceFollow referenceFollow() throws PathException {
            int item = 1;
            if (text.charAt(pos) == '#') {
                pos++;
                if (!atEnd() && text.charAt(pos) == '*') {
                    pos++;
                    item = Segment.ReferenceFollow.ALL_ITEMS;
                } else {
                    long n = positiveNumber("list item number");
                    if (n > Integer.MAX_VALUE) {
                        throw syntax("list item number too large");
                    }
                    item = (int) n;
                }
            }
            expect("+");
            return new Segment.ReferenceFollow(item);
        }

        private long positiveNumber(String what) throws PathException {
            int start = pos;
            while (!atEnd() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start) {
                throw syntax("expected " + what);
            }
            if (text.charAt(start) == '0') {
                throw syntax(what + " must be a positive number without leading zeros");
            }
            if (pos - start > 18) {
                throw syntax(what + " too large");
            }
            return Long.parseLong(text, start, pos, 10);
        }

        private String name() throws PathException {
            int start = pos;
            if (atEnd() || !isNameStart(text.charAt(pos))) {
                throw syntax("expected a name");
            }
            pos++;
            while (!atEnd() && isNamePart(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private void add(Segment segment) throws PathException {
            if (segments.size() == maxSegments) {
                throw new PathException(UspErrors.INVALID_PATH, UspReasons.pathTooDeep(maxSegments));
            }
            segments.add(segment);
        }

        private void expect(String token) throws PathException {
            if (!text.startsWith(token, pos)) {
                throw syntax("expected '" + token + "'");
            }
            pos += token.length();
        }

        private void requireEnd(String where) throws PathException {
            if (!atEnd()) {
                throw syntax("unexpected text " + where);
            }
        }

        private void skipSpaces() {
            while (!atEnd() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= text.length();
        }

        private String percentDecode(String literal) throws PathException {
            if (literal.indexOf('%') < 0) {
                return literal;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] raw = literal.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] != '%') {
                    out.write(raw[i]);
                    continue;
                }
                if (i + 2 >= raw.length) {
                    throw syntax("truncated percent escape");
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw syntax("bad percent escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        private PathException syntax(String problem) {
            return new PathException(UspErrors.INVALID_PATH_SYNTAX,
                    UspReasons.syntaxAt(pos, problem));
        }
    }
}
