package org.cpebridge.usp.path;

import java.util.List;
import java.util.Objects;

/**
 * A parsed USP Path Name (TR-369 "Path Names" and "Data Model Path Grammar"): an immutable list of segments and the
 * kind of thing it ends in. Build one with {@link PathParser}.
 */
public record UspPath(List<Segment> segments, Kind kind) {

    /** What a path addresses. */
    public enum Kind {
        /** Ends in '.': an Object, Object Instance or Search Path to objects (a Partial Path). */
        OBJECT,
        /** Ends in a parameter name. */
        PARAMETER,
        /** Ends in {@code Name()}. */
        COMMAND,
        /** Ends in {@code Name!}. */
        EVENT
    }

    public UspPath {
        segments = List.copyOf(segments);
        Objects.requireNonNull(kind, "kind");
        if (segments.isEmpty() || !(segments.get(0) instanceof Segment.Name)) {
            throw new IllegalArgumentException("a path starts with a name");
        }
    }

    /** True if any segment searches (wildcard or expression) and so may match many instances. */
    public boolean isSearch() {
        for (Segment s : segments) {
            if (s instanceof Segment.Wildcard || s instanceof Segment.Search) {
                return true;
            }
            if (s instanceof Segment.ReferenceFollow follow && follow.listItem() == Segment.ReferenceFollow.ALL_ITEMS) {
                return true;
            }
        }
        return false;
    }

    /** True if the path follows a reference. */
    public boolean followsReferences() {
        return segments.stream().anyMatch(s -> s instanceof Segment.ReferenceFollow);
    }

    /** The last segment. */
    public Segment last() {
        return segments.get(segments.size() - 1);
    }

    /** The path in its canonical textual form. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (i > 0 && !(s instanceof Segment.ReferenceFollow)) {
                text.append('.');
            }
            text.append(s);
        }
        return kind == Kind.OBJECT ? text.append('.').toString() : text.toString();
    }
}
