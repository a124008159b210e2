package org.cpebridge.usp.message;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.cpebridge.usp.datamodel.DataModel;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.PathParser;
import org.cpebridge.usp.path.PathResolver;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.UspPath;
import org.cpebridge.usp.path.VisibilityFilter;

/** The data model with its parser and resolver, as the handlers use it. */
final class ModelAccess {
    final DataModel model;
    final PathParser parser;
    final PathResolver resolver;

    ModelAccess(DataModel model, PathParser parser) {
        this.model = Objects.requireNonNull(model, "model");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.resolver = new PathResolver(model, parser);
    }

    Resolution resolve(String text, VisibilityFilter filter) throws PathException {
        UspPath path = parser.parse(text);
        return resolver.resolve(path, filter);
    }

    List<Long> rows(ObjectInstance parent, ObjectSchema table) {
        return model.providerFor(table).instances(parent, table);
    }

    Map<String, String> values(ObjectInstance object) {
        return model.providerFor(object.schema()).values(object);
    }

    void forEachValue(ObjectInstance object, BiConsumer<String, String> sink) {
        model.providerFor(object.schema()).forEachValue(object, sink);
    }

    ObjectProvider provider(ObjectSchema schema) {
        return model.providerFor(schema);
    }
}
