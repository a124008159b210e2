package org.cpebridge.usp.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.datamodel.ParameterSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;

/** One requested parameter value of a Set or Add, and the checks both apply before touching the data model. */
record ParamSetting(String param, String value, boolean required) {

    /** A parameter that failed, with its USP code. */
    record Failure(String param, int code, String text, boolean required) {
    }

    /** The outcome of checking all settings of one object. */
    record Checked(Map<String, String> accepted, List<Failure> failures) {
        boolean requiredFailed() {
            return failures.stream().anyMatch(Failure::required);
        }

        /**
         * The first failed required parameter. Its code is the object's and the message's error code, so that a
         * Controller sees why (e.g. 7006 in TP-469 2.16 and 2.26) rather than only "required parameter failed".
         */
        Failure firstRequiredFailure() {
            return failures.stream().filter(Failure::required).findFirst().orElseThrow();
        }
    }

    /**
     * Checks each setting against {@code schema}: unknown 7010, not writable 7013 (write-once parameters only when
     * {@code creating}), permission 7006, type 7011, value outside the enumeration 7012.
     *
     * @param mayWrite answers whether the Controller holds Param write on a parameter of this object
     * @param creating true for Add, which may set write-once parameters and treats unique keys as required
     */
    static Checked check(ObjectSchema schema, List<ParamSetting> settings, Predicate<ParameterSchema> mayWrite,
            boolean creating) {
        Map<String, String> accepted = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        for (ParamSetting s : settings) {
            Optional<ParameterSchema> found = creating ? subObjectParameter(schema, s.param())
                    : schema.parameter(s.param());
            boolean required = s.required() || (creating && schema.isUniqueKeyParameter(s.param()));
            if (found.isEmpty()) {
                failures.add(new Failure(s.param(), UspErrors.UNSUPPORTED_PARAMETER,
                        UspReasons.unsupportedParameter(s.param()), required));
                continue;
            }
            ParameterSchema p = found.get();
            if (creating ? !p.access().writable() : !p.access().updatable()) {
                failures.add(new Failure(s.param(), UspErrors.NOT_WRITABLE,
                        UspReasons.notWritable(s.param()), required));
            } else if (!mayWrite.test(p)) {
                failures.add(new Failure(s.param(), UspErrors.PERMISSION_DENIED,
                        UspReasons.noWritePermission(s.param()), required));
            } else if (!p.type().isValid(s.value())) {
                failures.add(new Failure(s.param(), UspErrors.INVALID_TYPE,
                        UspReasons.notAValid(s.value(), p.type(), s.param()), required));
            } else if (!p.accepts(s.value())) {
                failures.add(new Failure(s.param(), UspErrors.INVALID_VALUE,
                        UspReasons.notAnAllowedValue(s.value(), s.param()), required));
            } else {
                accepted.put(s.param(), s.value());
            }
        }
        return new Checked(accepted, failures);
    }

    /**
     * A parameter of the row, or (Add only) of one of its single-instance sub-objects named by relative path
     * ({@code MQTT.Topic} on a {@code Controller.{i}.MTP.} row): TR-369 "The Add Message" lets param_settings reach
     * parameters of sub-objects that are created along with the row. Tables below the row cannot be reached so.
     */
    private static Optional<ParameterSchema> subObjectParameter(ObjectSchema row, String relativePath) {
        String[] names = relativePath.split("\\.", -1);
        ObjectSchema node = row;
        for (int i = 0; i < names.length - 1; i++) {
            Optional<ObjectSchema> child = node.child(names[i]);
            if (child.isEmpty() || child.get().multiInstance()) {
                return Optional.empty();
            }
            node = child.get();
        }
        return node.parameter(names[names.length - 1]);
    }
}
