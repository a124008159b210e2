package org.cpebridge.matter.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeStatusIb;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.InvokeResponseIb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interaction Model messages that arrived group-addressed (Matter core 8.8 and 8.9, group Invoke and group Write):
 * each command or attribute write is carried out on every endpoint of the group that has the cluster (and, for a
 * write, the attribute), as the group subject (AuthMode GROUP, subject = group id) through the same engines and
 * access checks as a unicast one. Nothing is ever answered: responses and statuses are dropped (they are returned
 * here for logs and tests only).
 *
 * <p>What is dropped whole: any message other than an InvokeRequest or a WriteRequest (reads, subscriptions and
 * anything else have no meaning without an answer), a timed request (a timed interaction needs a unicast exchange),
 * a chunked write (MoreChunkedMessages), and a message that does not decode. A path must have the group form (no
 * endpoint: it acts on every member that has the cluster); a path that names an endpoint is not acted on (the spec
 * omits the endpoint of group paths; matter.js refuses such a path with INVALID_ACTION, which here nobody would
 * hear). A command whose handler answers later completes on its own; its answer is dropped too.
 *
 * <p>Runs on the node's serial executor, which owns the {@link DataModel}.
 */
public final class GroupInteractions {

    private static final Logger LOG = LoggerFactory.getLogger(GroupInteractions.class);

    /** What a group message did: per concrete path, the status nobody is sent. */
    public record Delivery(List<InvokeResponseIb> commands, List<AttributeStatusIb> writes, Optional<String> dropped) {
        public Delivery {
            commands = List.copyOf(commands);
            writes = List.copyOf(writes);
            Objects.requireNonNull(dropped, "dropped");
        }

        static Delivery droppedBecause(String reason) {
            return new Delivery(List.of(), List.of(), Optional.of(reason));
        }
    }

    private final DataModel model;
    private final WriteEngine writes;
    private final InvokeDispatcher invokes;

    public GroupInteractions(DataModel model, WriteEngine writes, InvokeDispatcher invokes) {
        this.model = Objects.requireNonNull(model, "model");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.invokes = Objects.requireNonNull(invokes, "invokes");
    }

    /**
     * Carries out a group-addressed IM message.
     *
     * @param subject a GROUP subject ({@link AccessSubject#ofGroup})
     * @param members the endpoints of the subject's fabric that are members of its group
     */
    public Delivery onMessage(AccessSubject subject, int opcode, byte[] payload, Set<Integer> members) {
        if (subject.authMode() != AuthMode.GROUP) {
            throw new IllegalArgumentException("not a group subject: " + subject.authMode());
        }
        ImMessage message;
        try {
            message = ImCodec.decode(opcode, payload);
        } catch (ImException | RuntimeException e) {
            return dropped("undecodable: " + e.getMessage());
        }
        if (message instanceof ImMessage.InvokeRequest invoke) {
            if (invoke.timedRequest()) {
                return dropped("a timed invoke cannot be group-addressed");
            }
            return invoke(subject, invoke.invokeRequests(), members);
        }
        if (message instanceof ImMessage.WriteRequest write) {
            if (write.timedRequest() || write.moreChunkedMessages()) {
                return dropped("a timed or chunked write cannot be group-addressed");
            }
            return write(subject, write.writeRequests(), members);
        }
        return dropped(message.opcode() + " is not acted on when group-addressed");
    }

    private Delivery invoke(AccessSubject subject, List<CommandDataIb> requests, Set<Integer> members) {
        List<InvokeResponseIb> statuses = new ArrayList<>();
        for (CommandDataIb request : requests) {
            CommandPathIb path = request.path();
            for (int endpoint : targets(path.endpoint(), members)) {
                if (model.cluster(endpoint, path.cluster()).isEmpty()) {
                    continue;
                }
                CommandDataIb concrete = new CommandDataIb(CommandPathIb.of(endpoint, path.cluster(), path.command()),
                        request.fields(), OptionalInt.empty());
                try {
                    for (CompletableFuture<InvokeResponseIb> response : invokes.start(subject, List.of(concrete),
                            false)) {
                        // A command answered later completes by itself; only answers at hand are kept for the log.
                        InvokeResponseIb now = response.getNow(null);
                        if (now != null) {
                            statuses.add(now);
                        }
                    }
                } catch (ImException e) {
                    LOG.debug("group {} command on endpoint {} refused: {}", subject.subject(), endpoint,
                            e.getMessage());
                }
            }
        }
        LOG.debug("group 0x{} on fabric {}: {}", Long.toHexString(subject.subject()), subject.fabricIndex(),
                statuses);
        return new Delivery(statuses, List.of(), Optional.empty());
    }

    private Delivery write(AccessSubject subject, List<AttributeDataIb> requests, Set<Integer> members) {
        List<AttributeStatusIb> statuses = new ArrayList<>();
        WriteEngine.Interaction interaction = new WriteEngine.Interaction();
        for (AttributeDataIb request : requests) {
            AttributePathIb path = request.path();
            if (path.cluster().isEmpty() || path.attribute().isEmpty()) {
                continue; // a group write names its cluster and attribute; no wildcard beyond the endpoint
            }
            for (int endpoint : targets(path.endpoint(), members)) {
                Optional<ClusterInstance> cluster = model.cluster(endpoint, path.cluster().getAsLong());
                if (cluster.isEmpty() || cluster.get().attribute(path.attribute().getAsLong()).isEmpty()) {
                    continue;
                }
                AttributePathIb concrete = new AttributePathIb(false, OptionalLong.empty(), OptionalInt.of(endpoint),
                        path.cluster(), path.attribute(), path.listIndex(), OptionalLong.empty());
                statuses.addAll(writes.write(subject, List.of(new AttributeDataIb(request.dataVersion(), concrete,
                        request.data())), false, interaction));
            }
        }
        LOG.debug("group 0x{} on fabric {} wrote: {}", Long.toHexString(subject.subject()), subject.fabricIndex(),
                statuses);
        return new Delivery(List.of(), statuses, Optional.empty());
    }

    /** The member endpoints a path reaches: all of them for the group form, none when it names an endpoint. */
    private static Set<Integer> targets(OptionalInt named, Set<Integer> members) {
        if (named.isPresent()) {
            LOG.debug("group path names endpoint {}; not acted on", named.getAsInt());
            return Set.of();
        }
        return new TreeSet<>(members);
    }

    private static Delivery dropped(String reason) {
        LOG.debug("group message dropped: {}", reason);
        return Delivery.droppedBecause(reason);
    }
}
