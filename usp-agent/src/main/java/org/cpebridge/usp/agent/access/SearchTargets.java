package org.cpebridge.usp.agent.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.cpebridge.usp.datamodel.DataModel;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.PathParser;
import org.cpebridge.usp.path.PathResolver;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.path.VisibilityFilter;

/**
 * Resolves search expressions in permission Targets with the same {@link PathResolver} that Get uses, over the whole
 * model (no visibility filter: permissions must not depend on themselves).
 *
 * <p>Caching: a permission check runs once per resolved item, and resolving a search walks a whole table, so each
 * target's expansion is kept until {@code generation} changes. The agent bumps the generation before each message
 * it handles and on each core event, so one Get pays for one walk per search target however many items it returns;
 * within one message the permissions follow the model as it was when the message arrived. Thread-safe.
 */
public final class SearchTargets implements TargetExpander {
    private final Supplier<DataModel> model;
    private final LongSupplier generation;
    private final PathParser parser = PathParser.standard();
    private volatile Cache cache = new Cache(Long.MIN_VALUE, new ConcurrentHashMap<>());

    private record Cache(long generation, Map<String, List<String>> expansions) {
    }

    /**
     * @param model      the data model (a supplier, because the policy is made before the model is built)
     * @param generation changes whenever the model may have changed
     */
    public SearchTargets(Supplier<DataModel> model, LongSupplier generation) {
        this.model = Objects.requireNonNull(model, "model");
        this.generation = Objects.requireNonNull(generation, "generation");
    }

    @Override
    public List<String> expand(String target) {
        long now = generation.getAsLong();
        Cache current = cache;
        if (current.generation() != now) {
            current = new Cache(now, new ConcurrentHashMap<>());
            cache = current;
        }
        List<String> known = current.expansions().get(target);
        if (known == null) {
            known = evaluate(target);
            current.expansions().put(target, known);
        }
        return known;
    }

    /** The target with each object its search part matches now in place of that part. */
    private List<String> evaluate(String target) {
        List<String> tokens = Permission.tokens(target);
        int last = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).startsWith("[")) {
                last = i;
            }
        }
        if (last < 0) {
            return List.of(target);
        }
        String prefix = String.join(".", tokens.subList(0, last + 1)) + ".";
        String rest = String.join(".", tokens.subList(last + 1, tokens.size()));
        String tail = rest.isEmpty() ? "" : target.endsWith(".") ? rest + "." : rest;
        List<String> result = new ArrayList<>();
        try {
            DataModel dataModel = model.get();
            for (Resolved r : new PathResolver(dataModel, parser).resolve(parser.parse(prefix), VisibilityFilter.ALL)
                    .matches()) {
                if (r instanceof Resolved.Obj o) {
                    result.add(o.object().path() + tail);
                }
            }
        } catch (PathException e) {
            return List.of(); // a target that does not resolve covers nothing
        }
        return List.copyOf(result);
    }
}
