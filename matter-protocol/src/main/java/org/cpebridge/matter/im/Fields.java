package org.cpebridge.matter.im;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * The context-tagged members of one IM structure or tag-list, read leniently as the spec asks: unknown tags are
 * skipped, integers of any encoded width are accepted; a missing required member, a wrong type or an out-of-range
 * value is an {@link ImException} with INVALID_ACTION.
 */
final class Fields {

    static final long U8 = 0xFFL;
    static final long U16 = 0xFFFFL;
    static final long U32 = 0xFFFF_FFFFL;
    static final long U64 = -1L;

    private final Map<Integer, TlvElement> byTag = new HashMap<>();
    private final String what;

    private Fields(List<TlvElement> members, String what) {
        this.what = what;
        for (TlvElement member : members) {
            if (member.tag() instanceof TlvTag.Context context) {
                byTag.putIfAbsent(context.number(), member);
            }
        }
    }

    /** Members of a structure named {@code what} (for error messages). */
    static Fields ofStructure(TlvElement element, String what) throws ImException {
        if (element instanceof TlvElement.Structure s) {
            return new Fields(s.members(), what);
        }
        throw ImException.invalid(what + " is not a structure but " + element.type());
    }

    /** Members of a tag-list (the IM path IBs); a structure is accepted too. */
    static Fields ofList(TlvElement element, String what) throws ImException {
        if (element instanceof TlvElement.ListOf l) {
            return new Fields(l.members(), what);
        }
        if (element instanceof TlvElement.Structure s) {
            return new Fields(s.members(), what);
        }
        throw ImException.invalid(what + " is not a list but " + element.type());
    }

    Optional<TlvElement> optional(int tag) {
        return Optional.ofNullable(byTag.get(tag));
    }

    TlvElement required(int tag) throws ImException {
        TlvElement element = byTag.get(tag);
        if (element == null) {
            throw ImException.invalid(what + ": required field " + tag + " missing");
        }
        return element;
    }

    boolean has(int tag) {
        return byTag.containsKey(tag);
    }

    boolean isNull(int tag) {
        return byTag.get(tag) instanceof TlvElement.Null;
    }

    long requiredUnsigned(int tag, long max) throws ImException {
        return unsigned(required(tag), tag, max);
    }

    OptionalLong optionalUnsigned(int tag, long max) throws ImException {
        TlvElement element = byTag.get(tag);
        return element == null ? OptionalLong.empty() : OptionalLong.of(unsigned(element, tag, max));
    }

    OptionalInt optionalSmall(int tag, long max) throws ImException {
        TlvElement element = byTag.get(tag);
        return element == null ? OptionalInt.empty() : OptionalInt.of((int) unsigned(element, tag, max));
    }

    long requiredSigned(int tag) throws ImException {
        TlvElement element = required(tag);
        if (element instanceof TlvElement.SignedInt s) {
            return s.value();
        }
        throw ImException.invalid(what + ": field " + tag + " is not a signed integer");
    }

    OptionalLong optionalSigned(int tag) throws ImException {
        return has(tag) ? OptionalLong.of(requiredSigned(tag)) : OptionalLong.empty();
    }

    boolean requiredBoolean(int tag) throws ImException {
        return bool(required(tag), tag);
    }

    boolean optionalBoolean(int tag, boolean absent) throws ImException {
        TlvElement element = byTag.get(tag);
        return element == null ? absent : bool(element, tag);
    }

    List<TlvElement> requiredArray(int tag) throws ImException {
        return array(required(tag), tag);
    }

    List<TlvElement> optionalArray(int tag) throws ImException {
        TlvElement element = byTag.get(tag);
        return element == null ? List.of() : array(element, tag);
    }

    private List<TlvElement> array(TlvElement element, int tag) throws ImException {
        if (element instanceof TlvElement.Array a) {
            return a.members();
        }
        if (element instanceof TlvElement.ListOf l) {
            return l.members();
        }
        throw ImException.invalid(what + ": field " + tag + " is not an array but " + element.type());
    }

    private boolean bool(TlvElement element, int tag) throws ImException {
        if (element instanceof TlvElement.Bool b) {
            return b.value();
        }
        throw ImException.invalid(what + ": field " + tag + " is not a boolean");
    }

    private long unsigned(TlvElement element, int tag, long max) throws ImException {
        if (!(element instanceof TlvElement.UnsignedInt u)) {
            throw ImException.invalid(what + ": field " + tag + " is not an unsigned integer but " + element.type());
        }
        if (max != U64 && Long.compareUnsigned(u.value(), max) > 0) {
            throw ImException.invalid(what + ": field " + tag + " value " + Long.toUnsignedString(u.value())
                    + " above " + max);
        }
        return u.value();
    }
}
