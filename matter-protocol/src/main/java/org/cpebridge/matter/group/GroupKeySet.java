package org.cpebridge.matter.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * A group key set of one fabric (Matter core 1.4, 11.2.5.4 GroupKeySetStruct): its id, its security policy and one to
 * three epoch keys, each 16 bytes with a start time (microseconds since the Matter epoch) later than the one before.
 * Key set 0 is the fabric's identity protection key, which KeySetWrite cannot write; it is never one of these.
 */
public record GroupKeySet(int keySetId, SecurityPolicy policy, List<Epoch> epochs) {

    /** Every epoch key is this long (Matter core 4.17.3 "Operational Group Key Derivation"). */
    public static final int EPOCH_KEY_LENGTH = 16;
    /** A key set holds at most three epoch keys. */
    public static final int MAX_EPOCHS = 3;

    /** GroupKeySecurityPolicyEnum. CacheAndSync needs the MCSP feature, which this node does not have. */
    public enum SecurityPolicy {
        TRUST_FIRST(0),
        CACHE_AND_SYNC(1);

        private final int code;

        SecurityPolicy(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** One epoch key and when it starts to be used (EpochStartTimeN, epoch-us). */
    public record Epoch(Bytes key, long startTimeMicros) {
        public Epoch {
            Objects.requireNonNull(key, "key");
            if (key.length() != EPOCH_KEY_LENGTH) {
                throw new IllegalArgumentException("an epoch key is " + EPOCH_KEY_LENGTH + " bytes, not "
                        + key.length());
            }
            if (startTimeMicros == 0) {
                throw new IllegalArgumentException("an epoch key needs a start time");
            }
        }

        @Override
        public String toString() {
            // Never the key itself: records end up in logs and assertion messages.
            return "Epoch[startTimeMicros=" + Long.toUnsignedString(startTimeMicros) + "]";
        }
    }

    public GroupKeySet {
        if (keySetId < 1 || keySetId > 0xFFFF) {
            throw new IllegalArgumentException("group key set id out of range 1..0xFFFF: " + keySetId);
        }
        Objects.requireNonNull(policy, "policy");
        epochs = List.copyOf(epochs);
        if (epochs.isEmpty() || epochs.size() > MAX_EPOCHS) {
            throw new IllegalArgumentException("a key set has 1.." + MAX_EPOCHS + " epoch keys, not "
                    + epochs.size());
        }
        for (int i = 1; i < epochs.size(); i++) {
            if (Long.compareUnsigned(epochs.get(i).startTimeMicros(), epochs.get(i - 1).startTimeMicros()) <= 0) {
                throw new IllegalArgumentException("epoch key " + i + " does not start after epoch key " + (i - 1));
            }
        }
    }

    /**
     * Decodes the GroupKeySet field of KeySetWrite and checks it as the spec asks of the server (Matter core 1.4,
     * 11.2.7.1): EpochKey0 and EpochStartTime0 present and the time not 0, each further key and its time both present
     * or both null, a key only after the one before it, and each start time later than the previous one, else
     * INVALID_COMMAND; an epoch key not 16 bytes long, or an unknown policy, CONSTRAINT_ERROR; CacheAndSync
     * INVALID_COMMAND (no MCSP feature). Key set 0 (the IPK) is INVALID_COMMAND. Wrong types are INVALID_COMMAND.
     */
    public static GroupKeySet fromCommand(TlvElement.Structure fields) throws ImException {
        if (!(fields.member(0).orElse(null) instanceof TlvElement.Structure set)) {
            throw invalid("GroupKeySet missing or not a structure");
        }
        long id = unsigned(set, 0, 0xFFFF, "GroupKeySetID");
        long policyCode = unsigned(set, 1, 0xFF, "GroupKeySecurityPolicy");
        List<Optional<Bytes>> keys = new ArrayList<>();
        List<Optional<Long>> times = new ArrayList<>();
        for (int i = 0; i < MAX_EPOCHS; i++) {
            keys.add(nullableOctets(set, 2 + 2 * i, "EpochKey" + i));
            times.add(nullableUnsigned(set, 3 + 2 * i, "EpochStartTime" + i));
        }
        if (keys.get(0).isEmpty() || times.get(0).isEmpty() || times.get(0).get() == 0) {
            throw invalid("EpochKey0 and a non-zero EpochStartTime0 are required");
        }
        List<Epoch> epochs = new ArrayList<>();
        for (int i = 0; i < MAX_EPOCHS; i++) {
            if (keys.get(i).isPresent() != times.get(i).isPresent()) {
                throw invalid("EpochKey" + i + " and EpochStartTime" + i + " must be both null or both set");
            }
            if (keys.get(i).isEmpty()) {
                continue;
            }
            if (i > 0 && keys.get(i - 1).isEmpty()) {
                throw invalid("EpochKey" + i + " is set but EpochKey" + (i - 1) + " is null");
            }
            if (keys.get(i).get().length() != EPOCH_KEY_LENGTH) {
                throw new ImException(ImStatus.CONSTRAINT_ERROR, "EpochKey" + i + " is " + keys.get(i).get().length()
                        + " bytes, not " + EPOCH_KEY_LENGTH);
            }
            if (i > 0 && Long.compareUnsigned(times.get(i).get(), times.get(i - 1).get()) <= 0) {
                throw invalid("EpochStartTime" + i + " is not later than EpochStartTime" + (i - 1));
            }
            epochs.add(new Epoch(keys.get(i).get(), times.get(i).get()));
        }
        if (policyCode > 1) {
            throw new ImException(ImStatus.CONSTRAINT_ERROR, "unknown GroupKeySecurityPolicy " + policyCode);
        }
        if (policyCode == SecurityPolicy.CACHE_AND_SYNC.code()) {
            throw invalid("CacheAndSync needs the MCSP feature, which this node does not support");
        }
        if (id == 0) {
            throw invalid("key set 0 is the identity protection key; KeySetWrite cannot write it");
        }
        return new GroupKeySet((int) id, SecurityPolicy.TRUST_FIRST, epochs);
    }

    /**
     * The GroupKeySetStruct KeySetRead answers with (context tag {@code tag}): the epoch keys always null, the start
     * times of the keys the set holds.
     */
    public TlvElement withoutKeys(TlvTag tag) {
        return withoutKeys(tag, keySetId, policy, epochs.stream().map(Epoch::startTimeMicros).toList());
    }

    /** The GroupKeySetStruct of a key set known only by its id and start times (the IPK: one epoch, time 0). */
    public static TlvElement withoutKeys(TlvTag tag, int keySetId, SecurityPolicy policy, List<Long> startTimes) {
        List<TlvElement> members = new ArrayList<>();
        members.add(new TlvElement.UnsignedInt(TlvTag.context(0), keySetId));
        members.add(new TlvElement.UnsignedInt(TlvTag.context(1), policy.code()));
        for (int i = 0; i < MAX_EPOCHS; i++) {
            members.add(new TlvElement.Null(TlvTag.context(2 + 2 * i)));
            members.add(i < startTimes.size() ? new TlvElement.UnsignedInt(TlvTag.context(3 + 2 * i),
                    startTimes.get(i)) : new TlvElement.Null(TlvTag.context(3 + 2 * i)));
        }
        return new TlvElement.Structure(tag, members);
    }

    @Override
    public String toString() {
        return "GroupKeySet[" + keySetId + ", " + policy + ", " + epochs + "]";
    }

    private static long unsigned(TlvElement.Structure set, int tag, long max, String name) throws ImException {
        if (!(set.member(tag).orElse(null) instanceof TlvElement.UnsignedInt value)
                || Long.compareUnsigned(value.value(), max) > 0) {
            throw invalid(name + " missing or not an unsigned integer up to " + max);
        }
        return value.value();
    }

    private static Optional<Bytes> nullableOctets(TlvElement.Structure set, int tag, String name)
            throws ImException {
        TlvElement value = set.member(tag).orElse(null);
        if (value == null || value instanceof TlvElement.Null) {
            return Optional.empty();
        }
        if (!(value instanceof TlvElement.Octets octets)) {
            throw invalid(name + " must be null or an octet string");
        }
        return Optional.of(octets.value());
    }

    private static Optional<Long> nullableUnsigned(TlvElement.Structure set, int tag, String name)
            throws ImException {
        TlvElement value = set.member(tag).orElse(null);
        if (value == null || value instanceof TlvElement.Null) {
            return Optional.empty();
        }
        if (!(value instanceof TlvElement.UnsignedInt number)) {
            throw invalid(name + " must be null or an unsigned integer");
        }
        return Optional.of(number.value());
    }

    private static ImException invalid(String message) {
        return new ImException(ImStatus.INVALID_COMMAND, message);
    }
}
