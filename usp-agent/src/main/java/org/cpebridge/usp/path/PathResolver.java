package org.cpebridge.usp.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.DataModel;
import org.cpebridge.usp.datamodel.EventSchema;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.datamodel.ParamType;
import org.cpebridge.usp.datamodel.ParameterSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;

/**
 * Resolves a parsed {@link UspPath} against a {@link DataModel} to concrete objects, tables, parameters, commands or
 * events, named with instance numbers.
 *
 * <p>Errors: a path not in the Supported Data Model gives 7026; an addressed (not searched) instance that does not
 * exist gives 7016; a search expression whose constant does not fit the parameter's type, or whose operator the type
 * does not allow, gives 7008. Stateless; call it on the data-model thread.
 */
public final class PathResolver {
    /** How many references one resolution may follow, to stop reference cycles. */
    static final int MAX_REFERENCE_DEPTH = 8;

    private final DataModel model;
    private final PathParser parser;

    public PathResolver(DataModel model, PathParser parser) {
        this.model = Objects.requireNonNull(model, "model");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** Resolves {@code path} as seen through {@code filter}. */
    public Resolution resolve(UspPath path, VisibilityFilter filter) throws PathException {
        return new Walk(filter, 0).run(path);
    }

    /** Checks that {@code path} names something in the Supported Data Model, up to its first reference follow. */
    public void checkSupported(UspPath path) throws PathException {
        List<Segment> segments = path.segments();
        ObjectSchema node = root(segments);
        boolean atTable = false;
        for (int i = 1; i < segments.size(); i++) {
            Segment s = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (s instanceof Segment.Name name) {
                if (atTable) {
                    throw invalid(path, "table " + node.name() + " needs an instance identifier");
                }
                Optional<ObjectSchema> child = node.child(name.name());
                if (child.isPresent()) {
                    node = child.get();
                    atTable = node.multiInstance();
                    continue;
                }
                Optional<ParameterSchema> parameter = node.parameter(name.name());
                if (parameter.isEmpty()) {
                    throw invalid(path, "no " + name.name() + " in " + node.path());
                }
                boolean followed = !last && segments.get(i + 1) instanceof Segment.ReferenceFollow;
                if (followed) {
                    if (!parameter.get().reference()) {
                        throw invalid(path, name.name() + " is not a reference");
                    }
                    return;
                }
                if (!last || path.kind() != UspPath.Kind.PARAMETER) {
                    throw invalid(path, name.name() + " is a parameter");
                }
                return;
            } else if (s instanceof Segment.InstanceNumber || s instanceof Segment.Wildcard
                    || s instanceof Segment.Search || s instanceof Segment.Placeholder) {
                if (!atTable) {
                    throw invalid(path, node.name() + " is not a table");
                }
                atTable = false;
                if (s instanceof Segment.Search search) {
                    checkConditions(path, node, search);
                }
            } else if (s instanceof Segment.Command command) {
                if (atTable || node.command(command.name()).isEmpty()) {
                    throw invalid(path, "no command " + command.name() + "() in " + node.path());
                }
            } else if (s instanceof Segment.Event event) {
                if (atTable || node.event(event.name()).isEmpty()) {
                    throw invalid(path, "no event " + event.name() + "! in " + node.path());
                }
            }
        }
        if (path.kind() == UspPath.Kind.PARAMETER) {
            throw invalid(path, "an object path must end in '.'");
        }
    }

    private void checkConditions(UspPath path, ObjectSchema table, Segment.Search search) throws PathException {
        for (Segment.Condition c : search.conditions()) {
            ObjectSchema node = table;
            List<Segment> p = c.parameter();
            for (int i = 0; i < p.size(); i++) {
                if (!(p.get(i) instanceof Segment.Name name)) {
                    return; // a reference follow: the target is known only from values
                }
                boolean last = i == p.size() - 1;
                Optional<ObjectSchema> child = node.child(name.name());
                if (!last && child.isPresent() && !child.get().multiInstance()) {
                    node = child.get();
                    continue;
                }
                Optional<ParameterSchema> parameter = node.parameter(name.name());
                if (parameter.isEmpty()) {
                    throw invalid(path, "search parameter " + name.name() + " not in " + node.path());
                }
                if (!last) {
                    if (!(p.get(i + 1) instanceof Segment.ReferenceFollow) || !parameter.get().reference()) {
                        throw invalid(path, "search parameter " + name.name() + " has no children");
                    }
                    return;
                }
                checkConstant(c, parameter.get());
            }
        }
    }

    private static void checkConstant(Segment.Condition c, ParameterSchema parameter) throws PathException {
        ParamType type = parameter.type();
        if (c.operator() == Segment.Operator.CONTAINS && !parameter.list()) {
            throw syntax("'~=' applies only to list parameters, not " + parameter.name());
        }
        if (type.equalityOnly() && c.operator() != Segment.Operator.EQUAL
                && c.operator() != Segment.Operator.NOT_EQUAL && c.operator() != Segment.Operator.CONTAINS) {
            throw syntax("only == and != apply to " + type + " parameter " + parameter.name());
        }
        if (type == ParamType.STRING && !c.quoted()) {
            throw syntax("string constant for " + parameter.name() + " must be in double quotes");
        }
        if (type != ParamType.STRING && c.quoted() && type != ParamType.BASE64 && type != ParamType.HEX_BINARY) {
            throw syntax(type + " constant for " + parameter.name() + " must not be quoted");
        }
        if (!type.isValid(c.constant())) {
            throw syntax("'" + c.constant() + "' is not a valid " + type + " for " + parameter.name());
        }
    }

    private ObjectSchema root(List<Segment> segments) throws PathException {
        Segment first = segments.get(0);
        if (!(first instanceof Segment.Name name) || !name.name().equals(model.root().name())) {
            throw new PathException(UspErrors.INVALID_PATH, UspReasons.pathsStartWith(model.root().path()));
        }
        return model.root();
    }

    private static PathException invalid(UspPath path, String why) {
        return new PathException(UspErrors.INVALID_PATH, UspReasons.invalidPath(path, why));
    }

    private static PathException syntax(String why) {
        return new PathException(UspErrors.INVALID_PATH_SYNTAX, UspReasons.invalidSearch(why));
    }

    /** A position reached while walking: an object, or a table, parameter, command or event of that object. */
    private record Position(ObjectInstance object, ObjectSchema table, ParameterSchema parameter,
            CommandSchema command, EventSchema event) {
        static Position at(ObjectInstance o) {
            return new Position(o, null, null, null, null);
        }

        boolean isObject() {
            return table == null && parameter == null && command == null && event == null;
        }

        Resolved toResolved() {
            if (parameter != null) {
                return new Resolved.Parameter(object, parameter);
            }
            if (table != null) {
                return new Resolved.Table(object, table);
            }
            if (command != null) {
                return new Resolved.Command(object, command);
            }
            if (event != null) {
                return new Resolved.Event(object, event);
            }
            return new Resolved.Obj(object);
        }
    }

    private final class Walk {
        private final VisibilityFilter filter;
        private final int referenceDepth;
        private boolean searched;

        Walk(VisibilityFilter filter, int referenceDepth) {
            this.filter = filter;
            this.referenceDepth = referenceDepth;
        }

        Resolution run(UspPath path) throws PathException {
            checkSupported(path);
            List<Position> frontier = List.of(Position.at(model.rootInstance()));
            List<Segment> segments = path.segments();
            for (int i = 1; i < segments.size(); i++) {
                frontier = step(path, frontier, segments.get(i));
            }
            List<Resolved> matches = new ArrayList<>();
            for (Position p : frontier) {
                if (path.kind() == UspPath.Kind.PARAMETER && p.parameter() == null) {
                    throw invalid(path, "resolves to an object, not a parameter");
                }
                if (path.kind() == UspPath.Kind.OBJECT && p.parameter() != null) {
                    throw invalid(path, "resolves to a parameter, not an object");
                }
                matches.add(p.toResolved());
            }
            return new Resolution(matches, searched);
        }

        private List<Position> step(UspPath path, List<Position> frontier, Segment s) throws PathException {
            List<Position> next = new ArrayList<>();
            for (Position p : frontier) {
                if (s instanceof Segment.Name name) {
                    if (!p.isObject()) {
                        throw invalid(path, "nothing named " + name.name() + " under " + p.toResolved().path());
                    }
                    ObjectSchema node = p.object().schema();
                    Optional<ObjectSchema> child = node.child(name.name());
                    if (child.isPresent()) {
                        if (child.get().multiInstance()) {
                            next.add(new Position(p.object(), child.get(), null, null, null));
                        } else {
                            ObjectInstance single = p.object().child(child.get());
                            if (model.providerFor(child.get()).exists(single)) {
                                next.add(Position.at(single));
                            }
                        }
                    } else {
                        ParameterSchema parameter = node.parameter(name.name())
                                .orElseThrow(() -> invalid(path, "no " + name.name() + " in " + node.path()));
                        next.add(new Position(p.object(), null, parameter, null, null));
                    }
                } else if (s instanceof Segment.InstanceNumber number) {
                    ObjectInstance parent = requireTable(path, p);
                    if (rows(parent, p.table()).contains(number.number())) {
                        ObjectInstance row = parent.instance(p.table(), number.number());
                        if (filter.canSeeInstance(row)) {
                            next.add(Position.at(row));
                            continue;
                        }
                    }
                    if (!searched) {
                        throw missing(parent.tablePath(p.table()) + number.number() + ".");
                    }
                } else if (s instanceof Segment.Wildcard) {
                    ObjectInstance parent = requireTable(path, p);
                    searched = true;
                    for (long n : rows(parent, p.table())) {
                        ObjectInstance row = parent.instance(p.table(), n);
                        if (filter.canSeeInstance(row)) {
                            next.add(Position.at(row));
                        }
                    }
                } else if (s instanceof Segment.Search search) {
                    ObjectInstance parent = requireTable(path, p);
                    boolean address = isUniqueKeyAddress(p.table(), search);
                    boolean searchedBefore = searched;
                    searched |= !address;
                    int before = next.size();
                    for (long n : rows(parent, p.table())) {
                        ObjectInstance row = parent.instance(p.table(), n);
                        if (filter.canSeeInstance(row) && matches(path, row, search)) {
                            next.add(Position.at(row));
                        }
                    }
                    if (address && !searchedBefore && next.size() == before) {
                        throw missing(parent.tablePath(p.table()) + search + ".");
                    }
                } else if (s instanceof Segment.ReferenceFollow follow) {
                    if (p.parameter() == null || !p.parameter().reference()) {
                        throw invalid(path, "only reference parameters can be followed");
                    }
                    if (follow.listItem() == Segment.ReferenceFollow.ALL_ITEMS) {
                        searched = true;
                    }
                    for (ObjectInstance target : follow(p.object(), p.parameter(), follow.listItem())) {
                        next.add(Position.at(target));
                    }
                } else if (s instanceof Segment.Command command) {
                    CommandSchema schema = requireObject(path, p).schema().command(command.name())
                            .orElseThrow(() -> invalid(path, "no command " + command));
                    next.add(new Position(p.object(), null, null, schema, null));
                } else if (s instanceof Segment.Event event) {
                    EventSchema schema = requireObject(path, p).schema().event(event.name())
                            .orElseThrow(() -> invalid(path, "no event " + event));
                    next.add(new Position(p.object(), null, null, null, schema));
                } else {
                    throw invalid(path, "unexpected " + s);
                }
            }
            return next;
        }

        private ObjectInstance requireObject(UspPath path, Position p) throws PathException {
            if (!p.isObject()) {
                throw invalid(path, p.toResolved().path() + " is not an object");
            }
            return p.object();
        }

        private ObjectInstance requireTable(UspPath path, Position p) throws PathException {
            if (p.table() == null) {
                throw invalid(path, p.toResolved().path() + " is not a table");
            }
            return p.object();
        }

        private List<Long> rows(ObjectInstance parent, ObjectSchema table) {
            return model.providerFor(table).instances(parent, table);
        }

        private Map<String, String> values(ObjectInstance object) {
            return model.providerFor(object.schema()).values(object);
        }

        private boolean isUniqueKeyAddress(ObjectSchema table, Segment.Search search) {
            List<String> names = new ArrayList<>();
            for (Segment.Condition c : search.conditions()) {
                if (c.operator() != Segment.Operator.EQUAL || c.parameter().size() != 1) {
                    return false;
                }
                names.add(((Segment.Name) c.parameter().get(0)).name());
            }
            return table.isUniqueKey(names);
        }

        private boolean matches(UspPath path, ObjectInstance row, Segment.Search search) throws PathException {
            for (Segment.Condition c : search.conditions()) {
                if (!matches(path, row, c)) {
                    return false;
                }
            }
            return true;
        }

        /** True if any value the condition's parameter path reaches from {@code row} satisfies it. */
        private boolean matches(UspPath path, ObjectInstance row, Segment.Condition c) throws PathException {
            List<ObjectInstance> objects = List.of(row);
            List<Segment> p = c.parameter();
            for (int i = 0; i < p.size(); i++) {
                Segment s = p.get(i);
                boolean last = i == p.size() - 1;
                if (s instanceof Segment.ReferenceFollow) {
                    continue; // handled with the parameter before it
                }
                String name = ((Segment.Name) s).name();
                List<ObjectInstance> next = new ArrayList<>();
                for (ObjectInstance o : objects) {
                    Optional<ObjectSchema> child = o.schema().child(name);
                    if (!last && child.isPresent() && !child.get().multiInstance()) {
                        if (model.providerFor(child.get()).exists(o.child(child.get()))) {
                            next.add(o.child(child.get()));
                        }
                        continue;
                    }
                    ParameterSchema parameter = o.schema().parameter(name)
                            .orElseThrow(() -> invalid(path, "search parameter " + name + " not in " + o.path()));
                    if (!filter.canReadParameter(o, parameter)) {
                        continue;
                    }
                    if (last) {
                        checkConstant(c, parameter);
                        if (satisfies(parameter, values(o).get(name), c)) {
                            return true;
                        }
                    } else if (p.get(i + 1) instanceof Segment.ReferenceFollow follow && parameter.reference()) {
                        next.addAll(follow(o, parameter, follow.listItem()));
                    } else {
                        throw invalid(path, "search parameter " + name + " has no children");
                    }
                }
                objects = next;
            }
            return false;
        }

        private boolean satisfies(ParameterSchema parameter, String value, Segment.Condition c) {
            if (value == null) {
                return false;
            }
            ParamType type = parameter.type();
            if (c.operator() == Segment.Operator.CONTAINS) {
                for (String item : value.split(",", -1)) {
                    String trimmed = item.strip();
                    if (type.isValid(trimmed) && type.compare(trimmed, c.constant()) == 0) {
                        return true;
                    }
                }
                return false;
            }
            if (type == ParamType.STRING) {
                boolean equal = value.equals(c.constant());
                return c.operator() == Segment.Operator.EQUAL ? equal : !equal;
            }
            if (!type.isValid(value)) {
                return false;
            }
            int order = type.compare(value, c.constant());
            switch (c.operator()) {
                case EQUAL:
                    return order == 0;
                case NOT_EQUAL:
                    return order != 0;
                case LESS:
                    return order < 0;
                case GREATER:
                    return order > 0;
                case LESS_OR_EQUAL:
                    return order <= 0;
                case GREATER_OR_EQUAL:
                    return order >= 0;
                default:
                    return false;
            }
        }

        /** The existing objects a reference parameter points at; empty or dangling references give none. */
        private List<ObjectInstance> follow(ObjectInstance object, ParameterSchema parameter, int listItem)
                throws PathException {
            if (referenceDepth >= MAX_REFERENCE_DEPTH) {
                throw new PathException(UspErrors.INVALID_PATH, UspReasons.REFERENCES_TOO_DEEP);
            }
            if (!filter.canReadParameter(object, parameter)) {
                return List.of();
            }
            String value = values(object).getOrDefault(parameter.name(), "");
            List<String> items = new ArrayList<>();
            for (String item : value.split(",", -1)) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
            List<String> chosen = listItem == Segment.ReferenceFollow.ALL_ITEMS ? items
                    : listItem <= items.size() ? List.of(items.get(listItem - 1)) : List.of();
            List<ObjectInstance> targets = new ArrayList<>();
            for (String reference : chosen) {
                UspPath target;
                try {
                    target = parser.parse(reference.endsWith(".") ? reference : reference + ".");
                } catch (PathException e) {
                    continue; // not an object reference: nothing to follow
                }
                try {
                    for (Resolved r : new Walk(filter, referenceDepth + 1).run(target).matches()) {
                        if (r instanceof Resolved.Obj o) {
                            targets.add(o.object());
                        }
                    }
                } catch (PathException e) {
                    // A dangling, foreign or cyclic reference leads nowhere; it is not the requester's error.
                    continue;
                }
            }
            return targets;
        }
    }

    private static PathException missing(String path) {
        return new PathException(UspErrors.OBJECT_DOES_NOT_EXIST, UspReasons.objectDoesNotExist(path));
    }
}
