package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * AttributePathIB (Core spec "AttributePathIB", a TLV list): an absent endpoint, cluster or attribute is a wildcard.
 *
 * @param enableTagCompression tag 0; kept as received, not expanded
 * @param node tag 1, u64
 * @param endpoint tag 2, u16
 * @param cluster tag 3, u32
 * @param attribute tag 4, u32
 * @param listIndex tag 5, nullable u16: absent, an index, or {@link ListIndex#APPEND} (null on the wire)
 * @param wildcardPathFlags tag 6, u32 bitmap
 */
public record AttributePathIb(boolean enableTagCompression, OptionalLong node, OptionalInt endpoint,
        OptionalLong cluster, OptionalLong attribute, Optional<ListIndex> listIndex,
        OptionalLong wildcardPathFlags) {

    /** A list index, or the null index that means "append one item" in a list write or chunked report. */
    public record ListIndex(int index) {

        /** The null list index. */
        public static final ListIndex APPEND = new ListIndex(-1);

        public ListIndex {
            if (index < -1 || index > 0xFFFF) {
                throw new IllegalArgumentException("list index out of range -1..0xFFFF: " + index);
            }
        }

        /** True for the null index. */
        public boolean isAppend() {
            return index == -1;
        }
    }

    public AttributePathIb {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(listIndex, "listIndex");
        Objects.requireNonNull(wildcardPathFlags, "wildcardPathFlags");
        Ranges.check("endpoint", endpoint, Fields.U16);
        Ranges.check("cluster", cluster, Fields.U32);
        Ranges.check("attribute", attribute, Fields.U32);
        Ranges.check("wildcardPathFlags", wildcardPathFlags, Fields.U32);
    }

    /** A concrete path to one attribute. */
    public static AttributePathIb of(int endpoint, long cluster, long attribute) {
        return new AttributePathIb(false, OptionalLong.empty(), OptionalInt.of(endpoint), OptionalLong.of(cluster),
                OptionalLong.of(attribute), Optional.empty(), OptionalLong.empty());
    }

    /** A path with wildcards where an argument is null. */
    public static AttributePathIb wildcard(Integer endpoint, Long cluster, Long attribute) {
        return new AttributePathIb(false, OptionalLong.empty(),
                endpoint == null ? OptionalInt.empty() : OptionalInt.of(endpoint),
                cluster == null ? OptionalLong.empty() : OptionalLong.of(cluster),
                attribute == null ? OptionalLong.empty() : OptionalLong.of(attribute), Optional.empty(),
                OptionalLong.empty());
    }

    /** This path with a list index. */
    public AttributePathIb withListIndex(ListIndex index) {
        return new AttributePathIb(enableTagCompression, node, endpoint, cluster, attribute, Optional.of(index),
                wildcardPathFlags);
    }

    /** This path without a list index. */
    public AttributePathIb withoutListIndex() {
        return new AttributePathIb(enableTagCompression, node, endpoint, cluster, attribute, Optional.empty(),
                wildcardPathFlags);
    }

    /** True when endpoint, cluster and attribute are all given. */
    public boolean isConcrete() {
        return endpoint.isPresent() && cluster.isPresent() && attribute.isPresent();
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startList(tag);
        if (enableTagCompression) {
            writer.putBoolean(TlvTag.context(0), true);
        }
        node.ifPresent(v -> writer.putUnsigned(TlvTag.context(1), v));
        endpoint.ifPresent(v -> writer.putUnsigned(TlvTag.context(2), v));
        cluster.ifPresent(v -> writer.putUnsigned(TlvTag.context(3), v));
        attribute.ifPresent(v -> writer.putUnsigned(TlvTag.context(4), v));
        listIndex.ifPresent(i -> {
            if (i.isAppend()) {
                writer.putNull(TlvTag.context(5));
            } else {
                writer.putUnsigned(TlvTag.context(5), i.index());
            }
        });
        wildcardPathFlags.ifPresent(v -> writer.putUnsigned(TlvTag.context(6), v));
        writer.endContainer();
    }

    static AttributePathIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofList(element, "AttributePathIB");
        Optional<ListIndex> listIndex = Optional.empty();
        if (f.isNull(5)) {
            listIndex = Optional.of(ListIndex.APPEND);
        } else if (f.has(5)) {
            listIndex = Optional.of(new ListIndex((int) f.requiredUnsigned(5, Fields.U16)));
        }
        return new AttributePathIb(f.optionalBoolean(0, false), f.optionalUnsigned(1, Fields.U64),
                f.optionalSmall(2, Fields.U16), f.optionalUnsigned(3, Fields.U32), f.optionalUnsigned(4, Fields.U32),
                listIndex, f.optionalUnsigned(6, Fields.U32));
    }
}
