package org.cpebridge.usp.message;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.datamodel.ParamAccess;
import org.cpebridge.usp.datamodel.ParameterSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.proto.UspMsg;

/**
 * Get (TR-369 "The Get Message"): one RequestedPathResult per path; partial paths give one ResolvedPathResult per
 * object in the tree, limited by {@code max_depth} (R-GET.5); parameter paths give the parent object with only that
 * parameter (R-GET.2/3). Unreadable parameters are left out (R-GET.4); unreadable objects are treated as absent
 * (R-GET.1); an addressed path that matches nothing is 7026 (R-GET.0), a search that matches nothing is empty
 * (R-GET.1a). A path named more than once is resolved once and its result repeated; every result is charged to the
 * {@link ResponseBudget} as it is added, so an answer too large for the MTP stops at the limit.
 *
 * <p>Permissions are asked once per subtree where the policy can tell ({@link Requester#readsEverythingBelow}: the
 * household's full access), else per object and parameter, in the same order as always, so that what the policy
 * decides and what the privacy audit counts is the same either way; {@code GetAnswerGoldenTest} holds the answers.
 *
 * <p>The answer is written as the walk goes ({@link GetAnswerWriter}), not built as protobuf messages: each object's
 * result follows the one before it. A path that follows a reference ({@code +}) can reach one object from several
 * places; its results are gathered per object first (the object's first place, its parameters merged) and written at
 * the end, as the protobuf map of results did. What is charged to the budget, and when, is as it was
 * ({@code ResponseBudgetTest}, the golden test's charges).
 *
 * <p>Called on the data-model thread or, for a small Get, the I/O loop, never both at once; the size hint is
 * volatile for the hand-over between them.
 */
final class GetHandler {
    /** Answers smaller than this do not leave a size hint: a small Get starts with a small array. */
    private static final int HINTED_SIZE = 16 * 1024;

    private final ModelAccess access;
    /** The size of the last large answer and the paths it answered: the next such Get's array is made that large. */
    private volatile SizeHint hint = new SizeHint(List.of(), 0, 0);

    GetHandler(ModelAccess access) {
        this.access = access;
    }

    private record SizeHint(List<String> paths, int size, int marks) {
    }

    GetAnswerWriter.Written handle(String msgId, UspMsg.Get get, Requester requester, ResponseBudget budget) {
        List<String> paths = get.getParamPathsList();
        SizeHint last = hint;
        boolean hinted = last.paths().equals(paths);
        GetAnswerWriter out = hinted ? new GetAnswerWriter(last.size() + last.size() / 16, last.marks() + 16)
                : new GetAnswerWriter(0, 0);
        long maxDepth = Integer.toUnsignedLong(get.getMaxDepth());
        Map<String, GetAnswerWriter.Requested> answered = new HashMap<>();
        ValueSlots slots = new ValueSlots();
        for (String requested : paths) {
            GetAnswerWriter.Requested again = answered.get(requested);
            if (again != null) {
                budget.chargeRepeated(again.size());
                out.repeat(again);
                continue;
            }
            answered.put(requested, resolvePath(out, requested, maxDepth, requester, budget, slots));
        }
        if (out.length() >= HINTED_SIZE) {
            hint = new SizeHint(List.copyOf(paths), out.length(), out.marks());
        }
        return out.finish(UspMsg.Header.newBuilder().setMsgId(msgId).setMsgType(UspMsg.Header.MsgType.GET_RESP)
                .build());
    }

    private GetAnswerWriter.Requested resolvePath(GetAnswerWriter out, String requested, long maxDepth,
            Requester requester, ResponseBudget budget, ValueSlots slots) {
        out.beginRequested(requested);
        budget.chargeText(requested);
        Resolution resolution;
        try {
            resolution = access.resolve(requested, requester.objectFilter());
        } catch (PathException e) {
            int code = e.errorCode() == UspErrors.OBJECT_DOES_NOT_EXIST ? UspErrors.INVALID_PATH : e.errorCode();
            budget.chargeText(e.getMessage());
            return out.fail(code, e.getMessage());
        }
        // Without a reference followed, the matches are distinct objects at one depth: disjoint subtrees.
        Results results = requested.indexOf('+') >= 0 ? new Merged(out, budget) : new Written(out, budget);
        for (Resolved match : resolution.matches()) {
            if (match instanceof Resolved.Parameter p) {
                if (!requester.canReadObject(p.object().path()) || !requester.canReadParameter(p.object(),
                        p.parameter())) {
                    if (!resolution.searched()) {
                        return out.fail(UspErrors.INVALID_PATH, UspReasons.invalidPath(requested));
                    }
                    continue;
                }
                String value = value(p.object(), p.parameter());
                results.object(p.object().path());
                results.parameter(p.parameter().name(), value);
            } else if (match instanceof Resolved.Obj o) {
                if (!requester.canReadObject(o.object().path())) {
                    if (!resolution.searched()) {
                        return out.fail(UspErrors.INVALID_PATH, UspReasons.invalidPath(requested));
                    }
                    continue;
                }
                addTree(o.object(), 1, maxDepth, requester, !requester.readsEverythingBelow(o.object().path()),
                        results, slots);
            } else if (match instanceof Resolved.Table t) {
                if (!requester.canReadObject(t.path())) {
                    if (!resolution.searched()) {
                        return out.fail(UspErrors.INVALID_PATH, UspReasons.invalidPath(requested));
                    }
                    continue;
                }
                boolean checked = !requester.readsEverythingBelow(t.path());
                List<Long> rows = access.rows(t.parent(), t.table());
                for (int r = 0; r < rows.size(); r++) { // by index: no iterator per table (C1 keeps each one)
                    ObjectInstance row = t.parent().instance(t.table(), rows.get(r));
                    if (!checked || requester.canReadObject(row.path())) {
                        addTree(row, 1, maxDepth, requester, checked, results, slots);
                    }
                }
            } else {
                return out.fail(UspErrors.INVALID_PATH, UspReasons.getReadsNoCommandsOrEvents(requested));
            }
        }
        results.finish();
        return out.endRequested();
    }

    /**
     * Adds {@code object} and, down to {@code maxDepth}, the objects below it.
     *
     * @param checked whether to ask the requester about each object and parameter; false where it may read the
     *                whole subtree ({@link Requester#readsEverythingBelow})
     */
    private void addTree(ObjectInstance object, long depth, long maxDepth, Requester requester, boolean checked,
            Results results, ValueSlots slots) {
        ObjectSchema schema = object.schema();
        if (!schema.parameters().isEmpty()) {
            results.object(object.path());
            String[] values = slots.fill(object);
            List<ParameterSchema> parameters = schema.parameterList();
            for (int i = 0; i < parameters.size(); i++) {
                ParameterSchema p = parameters.get(i);
                String value = values[i];
                values[i] = null;
                if (!checked || requester.canReadParameter(object, p)) {
                    results.parameter(p.name(), p.access() == ParamAccess.WRITE_ONLY || value == null ? "" : value);
                }
            }
        }
        if (maxDepth != 0 && depth >= maxDepth) {
            return;
        }
        // Indexed loops: an iterator per object and per table was a tenth of what a large Get allocated under C1.
        List<ObjectSchema> children = schema.childList();
        for (int c = 0; c < children.size(); c++) {
            ObjectSchema child = children.get(c);
            if (child.multiInstance()) {
                List<Long> rows = access.rows(object, child);
                for (int r = 0; r < rows.size(); r++) {
                    ObjectInstance row = object.instance(child, rows.get(r));
                    if (!checked || requester.canReadObject(row.path())) {
                        addTree(row, depth + 1, maxDepth, requester, checked, results, slots);
                    }
                }
            } else {
                ObjectInstance single = object.child(child);
                if (access.provider(child).exists(single) && (!checked || requester.canReadObject(single.path()))) {
                    addTree(single, depth + 1, maxDepth, requester, checked, results, slots);
                }
            }
        }
    }

    private String value(ObjectInstance object, ParameterSchema parameter) {
        if (parameter.access() == ParamAccess.WRITE_ONLY) {
            return "";
        }
        return access.values(object).getOrDefault(parameter.name(), "");
    }

    /**
     * One object's values filed by their parameter's position in the schema ({@link ObjectSchema#parameterIndex}), as
     * the provider hands them over ({@link org.cpebridge.usp.datamodel.ObjectProvider#forEachValue}): no map per
     * object. A value the schema does not name is dropped, a parameter without a value reads as "", the last of a
     * name given twice wins: what looking each parameter up in the provider's map gave. One per Get; the caller
     * empties each slot as it reads it, before the walk goes on to the next object.
     */
    private final class ValueSlots implements java.util.function.BiConsumer<String, String> {
        private String[] slots = new String[16];
        private ObjectSchema schema;

        String[] fill(ObjectInstance object) {
            schema = object.schema();
            if (slots.length < schema.parameters().size()) {
                slots = new String[schema.parameters().size()];
            }
            access.forEachValue(object, this);
            return slots;
        }

        @Override
        public void accept(String name, String value) {
            int index = schema.parameterIndex(name);
            if (index >= 0) {
                slots[index] = value;
            }
        }
    }

    /** Where one requested path's objects and parameters go, charged to the budget as they are added. */
    private interface Results {
        /** The result of the object at {@code path} receives the parameters that follow; its path is charged once. */
        void object(String path);

        void parameter(String name, String value);

        void finish();
    }

    /** Each object's result written as it comes: the matches are disjoint, so no object comes twice. */
    private static final class Written implements Results {
        private final GetAnswerWriter out;
        private final ResponseBudget budget;

        Written(GetAnswerWriter out, ResponseBudget budget) {
            this.out = out;
            this.budget = budget;
        }

        @Override
        public void object(String path) {
            budget.chargeEncodedText(out.beginResolved(path));
        }

        @Override
        public void parameter(String name, String value) {
            byte[] key = EncodedNames.utf8(name);
            budget.chargeEncodedEntry(key.length, out.entry(key, value));
        }

        @Override
        public void finish() {
        }
    }

    /**
     * Results gathered per object, in the order each object first came, a parameter that comes again keeping its
     * first place and taking its last value (a protobuf map's behaviour); written at {@link #finish}.
     */
    private static final class Merged implements Results {
        private final GetAnswerWriter out;
        private final ResponseBudget budget;
        private final Map<String, Map<String, String>> objects = new LinkedHashMap<>();
        private Map<String, String> current;

        Merged(GetAnswerWriter out, ResponseBudget budget) {
            this.out = out;
            this.budget = budget;
        }

        @Override
        public void object(String path) {
            current = objects.get(path);
            if (current == null) {
                budget.chargeText(path);
                current = new LinkedHashMap<>();
                objects.put(path, current);
            }
        }

        @Override
        public void parameter(String name, String value) {
            budget.chargeEntry(name, value);
            current.put(name, value);
        }

        @Override
        public void finish() {
            objects.forEach((path, parameters) -> {
                out.beginResolved(path);
                parameters.forEach((name, value) -> out.entry(EncodedNames.utf8(name), value));
            });
        }
    }
}
