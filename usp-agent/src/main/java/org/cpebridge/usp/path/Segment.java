package org.cpebridge.usp.path;

import java.util.List;
import java.util.Objects;

/** One element of a parsed {@link UspPath}. */
public sealed interface Segment {

    /** An object or parameter name ({@code [A-Za-z_][A-Za-z_0-9]*}). */
    record Name(String name) implements Segment {
        public Name {
            if (!PathParser.isName(name)) {
                throw new IllegalArgumentException("not a path name: " + name);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Instance Number Addressing: a positive integer after a table name. */
    record InstanceNumber(long number) implements Segment {
        public InstanceNumber {
            if (number < 1) {
                throw new IllegalArgumentException("instance numbers start at 1: " + number);
            }
        }

        @Override
        public String toString() {
            return Long.toString(number);
        }
    }

    /** {@code *}: every instance of a table. */
    record Wildcard() implements Segment {
        @Override
        public String toString() {
            return "*";
        }
    }

    /** {@code {i}}: a table in a Supported Data Model path (GetSupportedDM only). */
    record Placeholder() implements Segment {
        @Override
        public String toString() {
            return "{i}";
        }
    }

    /** {@code [a==1&&b!="x"]}: a Search Expression, which is also how Unique Key Addressing is written. */
    record Search(List<Condition> conditions) implements Segment {
        public Search {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("empty search expression");
            }
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < conditions.size(); i++) {
                text.append(i == 0 ? "" : "&&").append(conditions.get(i));
            }
            return text.append(']').toString();
        }
    }

    /**
     * Reference Following after the preceding parameter name: {@code +} (first list item), {@code #n+} or
     * {@code #*+} (every item, {@code listItem} 0).
     */
    record ReferenceFollow(int listItem) implements Segment {
        /** listItem value meaning {@code #*}. */
        public static final int ALL_ITEMS = 0;

        public ReferenceFollow {
            if (listItem < 0) {
                throw new IllegalArgumentException("negative list item " + listItem);
            }
        }

        @Override
        public String toString() {
            return listItem == 1 ? "+" : listItem == ALL_ITEMS ? "#*+" : "#" + listItem + "+";
        }
    }

    /** The final {@code Name()} of a Command Path. */
    record Command(String name) implements Segment {
        public Command {
            if (!PathParser.isName(name)) {
                throw new IllegalArgumentException("not a command name: " + name);
            }
        }

        @Override
        public String toString() {
            return name + "()";
        }
    }

    /** The final {@code Name!} of an Event Path. */
    record Event(String name) implements Segment {
        public Event {
            if (!PathParser.isName(name)) {
                throw new IllegalArgumentException("not an event name: " + name);
            }
        }

        @Override
        public String toString() {
            return name + "!";
        }
    }

    /** One Expression Component: relative parameter path, operator and constant. */
    record Condition(List<Segment> parameter, Operator operator, String constant, boolean quoted) {
        public Condition {
            parameter = List.copyOf(parameter);
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(constant, "constant");
            if (parameter.isEmpty() || !(parameter.get(parameter.size() - 1) instanceof Name)) {
                throw new IllegalArgumentException("expression parameter must end in a name: " + parameter);
            }
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (Segment s : parameter) {
                if (text.length() > 0 && !(s instanceof ReferenceFollow)) {
                    text.append('.');
                }
                text.append(s);
            }
            text.append(operator.symbol());
            return quoted ? text.append('"').append(PathParser.percentEscape(constant)).append('"').toString()
                    : text.append(constant).toString();
        }
    }

    /** Expression Operators (TR-369 "Searching with Expressions"). */
    enum Operator {
        EQUAL("=="), NOT_EQUAL("!="), CONTAINS("~="), LESS("<"), GREATER(">"), LESS_OR_EQUAL("<="),
        GREATER_OR_EQUAL(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
