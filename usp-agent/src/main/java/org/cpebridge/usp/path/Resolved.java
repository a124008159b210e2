package org.cpebridge.usp.path;

import java.util.Objects;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.EventSchema;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.datamodel.ParameterSchema;

/** One concrete thing a path resolved to, named with Instance Number Addressing (R-MSG.3). */
public sealed interface Resolved {

    /** The resolved path text. */
    String path();

    /** A single-instance object or a table row. */
    record Obj(ObjectInstance object) implements Resolved {
        public Obj {
            Objects.requireNonNull(object, "object");
        }

        @Override
        public String path() {
            return object.path();
        }
    }

    /** A table addressed without an instance (e.g. {@code Device.LocalAgent.Controller.}). */
    record Table(ObjectInstance parent, ObjectSchema table) implements Resolved {
        public Table {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(table, "table");
        }

        @Override
        public String path() {
            return parent.tablePath(table);
        }
    }

    /** A parameter of a concrete object. */
    record Parameter(ObjectInstance object, ParameterSchema parameter) implements Resolved {
        public Parameter {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(parameter, "parameter");
        }

        @Override
        public String path() {
            return object.path() + parameter.name();
        }
    }

    /** A command of a concrete object. */
    record Command(ObjectInstance object, CommandSchema command) implements Resolved {
        public Command {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(command, "command");
        }

        @Override
        public String path() {
            return object.path() + command.name() + "()";
        }
    }

    /** An event of a concrete object. */
    record Event(ObjectInstance object, EventSchema event) implements Resolved {
        public Event {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String path() {
            return object.path() + event.name() + "!";
        }
    }
}
