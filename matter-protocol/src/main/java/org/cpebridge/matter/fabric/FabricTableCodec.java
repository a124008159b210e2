package org.cpebridge.matter.fabric;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * Stored form of the fabric table, format version 1, as Matter TLV: {@code {1: next fabric index, 2: [ {1 index,
 * 2 root public key, 3 fabric id, 4 node id, 5 vendor id, 6 label, 7 NOC, 8 ICAC?, 9 RCAC, 10 operational private
 * key, 11 IPK epoch key} ... ]}}. Anything else is reported as a corrupt record.
 */
final class FabricTableCodec {

    record Decoded(List<Fabric> fabrics, int nextIndex) {
    }

    private FabricTableCodec() {
    }

    static byte[] encode(List<Fabric> fabrics, int nextIndex) {
        TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous());
        writer.putUnsigned(TlvTag.context(1), nextIndex);
        writer.startArray(TlvTag.context(2));
        for (Fabric fabric : fabrics) {
            writer.startStructure(TlvTag.anonymous());
            writer.putUnsigned(TlvTag.context(1), fabric.fabricIndex());
            writer.putBytes(TlvTag.context(2), fabric.rootPublicKey());
            writer.putUnsigned(TlvTag.context(3), fabric.fabricId());
            writer.putUnsigned(TlvTag.context(4), fabric.nodeId());
            writer.putUnsigned(TlvTag.context(5), fabric.vendorId());
            writer.putString(TlvTag.context(6), fabric.label());
            writer.putBytes(TlvTag.context(7), fabric.noc());
            fabric.icac().ifPresent(icac -> writer.putBytes(TlvTag.context(8), icac));
            writer.putBytes(TlvTag.context(9), fabric.rcac());
            writer.putBytes(TlvTag.context(10), fabric.operationalKey().privateKeyBytes());
            writer.putBytes(TlvTag.context(11), fabric.ipkEpochKey());
            writer.endContainer();
        }
        writer.endContainer();
        return writer.endContainer().toByteArray();
    }

    static Decoded decode(String name, byte[] payload) {
        try {
            TlvElement.Structure root = struct(TlvElement.decode(payload));
            int nextIndex = (int) unsigned(root, 1, Fabric.MAX_INDEX);
            if (nextIndex < Fabric.MIN_INDEX) {
                throw new IllegalArgumentException("next fabric index 0");
            }
            TlvElement list = root.member(2).orElseThrow(() -> new IllegalArgumentException("no fabric list"));
            if (!(list instanceof TlvElement.Array array)) {
                throw new IllegalArgumentException("fabric list is not an array");
            }
            List<Fabric> fabrics = new ArrayList<>();
            for (TlvElement element : array.members()) {
                TlvElement.Structure f = struct(element);
                Optional<Bytes> icac = f.member(8).isPresent() ? Optional.of(bytes(f, 8)) : Optional.empty();
                TlvElement label = f.member(6).orElseThrow(() -> new IllegalArgumentException("no label"));
                if (!(label instanceof TlvElement.Utf8 text)) {
                    throw new IllegalArgumentException("label is not a string");
                }
                fabrics.add(Fabric.of((int) unsigned(f, 1, Fabric.MAX_INDEX), bytes(f, 2), unsigned(f, 3, -1L),
                        unsigned(f, 4, -1L), (int) unsigned(f, 5, 0xFFFF), text.value(), bytes(f, 7), icac,
                        bytes(f, 9), P256KeyPair.fromPrivate(bytes(f, 10).toByteArray()), bytes(f, 11)));
            }
            return new Decoded(fabrics, nextIndex);
        } catch (TlvException | RuntimeException e) {
            throw new RecordStoreException(name + " is corrupt: " + e.getMessage()
                    + "; move the record away to start without fabrics, or restore it from a backup", e);
        }
    }

    private static TlvElement.Structure struct(TlvElement element) {
        if (!(element instanceof TlvElement.Structure structure)) {
            throw new IllegalArgumentException("expected a structure");
        }
        return structure;
    }

    private static long unsigned(TlvElement.Structure s, int tag, long max) {
        TlvElement element = s.member(tag).orElseThrow(() -> new IllegalArgumentException("missing field " + tag));
        if (!(element instanceof TlvElement.UnsignedInt number) || Long.compareUnsigned(number.value(), max) > 0) {
            throw new IllegalArgumentException("field " + tag + " is not an unsigned integer in range");
        }
        return number.value();
    }

    private static Bytes bytes(TlvElement.Structure s, int tag) {
        TlvElement element = s.member(tag).orElseThrow(() -> new IllegalArgumentException("missing field " + tag));
        if (!(element instanceof TlvElement.Octets octets)) {
            throw new IllegalArgumentException("field " + tag + " is not an octet string");
        }
        return octets.value();
    }
}
