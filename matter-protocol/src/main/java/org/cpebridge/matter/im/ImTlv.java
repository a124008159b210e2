package org.cpebridge.matter.im;

import java.util.Objects;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/** Small helpers over {@link TlvElement} that the IM codec and the cluster layer share. */
public final class ImTlv {

    private ImTlv() {
    }

    /**
     * The same element under another tag. IM records hold attribute, event and command data anonymously; the codec
     * puts the field tag back when it writes them.
     */
    public static TlvElement withTag(TlvElement element, TlvTag tag) {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(tag, "tag");
        if (element.tag().equals(tag)) {
            return element;
        }
        if (element instanceof TlvElement.SignedInt e) {
            return new TlvElement.SignedInt(tag, e.value());
        } else if (element instanceof TlvElement.UnsignedInt e) {
            return new TlvElement.UnsignedInt(tag, e.value());
        } else if (element instanceof TlvElement.Bool e) {
            return new TlvElement.Bool(tag, e.value());
        } else if (element instanceof TlvElement.Float32 e) {
            return new TlvElement.Float32(tag, e.value());
        } else if (element instanceof TlvElement.Float64 e) {
            return new TlvElement.Float64(tag, e.value());
        } else if (element instanceof TlvElement.Utf8 e) {
            return new TlvElement.Utf8(tag, e.value());
        } else if (element instanceof TlvElement.Octets e) {
            return new TlvElement.Octets(tag, e.value());
        } else if (element instanceof TlvElement.Null) {
            return new TlvElement.Null(tag);
        } else if (element instanceof TlvElement.Structure e) {
            return new TlvElement.Structure(tag, e.members());
        } else if (element instanceof TlvElement.Array e) {
            return new TlvElement.Array(tag, e.members());
        } else {
            return new TlvElement.ListOf(tag, ((TlvElement.ListOf) element).members());
        }
    }

    /** The same element without a tag. */
    public static TlvElement anonymous(TlvElement element) {
        return withTag(element, TlvTag.anonymous());
    }

    /** Number of bytes {@code element} takes when encoded. */
    public static int encodedSize(TlvElement element) {
        return element.encode().length;
    }
}
