package org.cpebridge.matter.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.CommandStatusIb;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.InvokeResponseIb;
import org.cpebridge.matter.im.StatusIb;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Invoke (Core spec 1.4 "Invoke Interaction", "Incoming Invoke Request Action"): one InvokeResponseIB per
 * command, checked in the order matter.js follows for 1.4: access (invoke privilege, Operate when unknown),
 * endpoint, cluster, command, fabric, timed; then the cluster's {@link CommandHandler}. A declared command without a
 * handler is UNSUPPORTED_COMMAND. A handler may answer {@link CommandResult.Later}: {@link #start} then hands back
 * a pending response that completes with the handler's answer.
 *
 * <p>A request batch larger than MaxPathsPerInvoke, or a batch whose commands lack distinct CommandRefs or repeat a
 * path, is refused as a whole with INVALID_ACTION. A command path without endpoint (group form) is INVALID_ACTION
 * on a unicast session.
 *
 * <p>Runs on the node's serial executor, which owns the {@link DataModel}.
 */
public final class InvokeDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(InvokeDispatcher.class);

    private final DataModel model;
    private final AccessChecker access;
    private final int maxPathsPerInvoke;
    private final Map<Long, CommandHandler> handlers = new HashMap<>();

    /** A dispatcher accepting up to {@code maxPathsPerInvoke} commands per request (Basic Information 0x16). */
    public InvokeDispatcher(DataModel model, AccessChecker access, int maxPathsPerInvoke) {
        this.model = Objects.requireNonNull(model, "model");
        this.access = Objects.requireNonNull(access, "access");
        if (maxPathsPerInvoke < 1 || maxPathsPerInvoke > 0xFFFF) {
            throw new IllegalArgumentException("maxPathsPerInvoke out of range 1..0xFFFF: " + maxPathsPerInvoke);
        }
        this.maxPathsPerInvoke = maxPathsPerInvoke;
    }

    /** Registers the handler of cluster {@code clusterId}, on every endpoint. */
    public void setHandler(long clusterId, CommandHandler handler) {
        handlers.put(clusterId, Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Invokes the commands in order; every handler must answer at once.
     *
     * @throws ImException INVALID_ACTION when the batch as a whole is not acceptable
     * @throws IllegalStateException when a handler answered {@link CommandResult.Later} (use {@link #start})
     */
    public List<InvokeResponseIb> invoke(AccessSubject subject, List<CommandDataIb> requests, boolean timed)
            throws ImException {
        List<CompletableFuture<InvokeResponseIb>> pending = start(subject, requests, timed);
        if (!pending.stream().allMatch(CompletableFuture::isDone)) {
            throw new IllegalStateException("a command's answer comes later; use start");
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /**
     * Invokes the commands in order: one response per command, complete unless its handler answered
     * {@link CommandResult.Later}. A pending response completes (never exceptionally) on the thread that completes
     * the handler's answer.
     *
     * @throws ImException INVALID_ACTION when the batch as a whole is not acceptable
     */
    public List<CompletableFuture<InvokeResponseIb>> start(AccessSubject subject, List<CommandDataIb> requests,
            boolean timed) throws ImException {
        checkBatch(requests);
        List<CompletableFuture<InvokeResponseIb>> responses = new ArrayList<>();
        for (CommandDataIb request : requests) {
            responses.add(invokeOne(subject, request, timed));
        }
        return responses;
    }

    private void checkBatch(List<CommandDataIb> requests) throws ImException {
        if (requests.size() > maxPathsPerInvoke) {
            throw new ImException(ImStatus.INVALID_ACTION,
                    requests.size() + " commands in one invoke, MaxPathsPerInvoke is " + maxPathsPerInvoke);
        }
        if (requests.size() > 1) {
            Set<Integer> refs = new HashSet<>();
            Set<CommandPathIb> paths = new HashSet<>();
            for (CommandDataIb request : requests) {
                if (request.commandRef().isEmpty() || !refs.add(request.commandRef().getAsInt())
                        || !paths.add(request.path())) {
                    throw new ImException(ImStatus.INVALID_ACTION,
                            "batch invoke needs distinct CommandRefs and distinct paths");
                }
            }
        }
    }

    private CompletableFuture<InvokeResponseIb> invokeOne(AccessSubject subject, CommandDataIb request,
            boolean timed) {
        CommandPathIb path = request.path();
        OptionalInt ref = request.commandRef();
        if (path.endpoint().isEmpty()) {
            return done(status(path, ImStatus.INVALID_ACTION, ref));
        }
        int endpointId = path.endpoint().getAsInt();
        Optional<ClusterInstance> found = model.cluster(endpointId, path.cluster());
        Optional<CommandSpec> declared = found.flatMap(c -> c.spec().command(path.command()));
        Privilege needed = declared.map(CommandSpec::invokePrivilege).orElse(Privilege.OPERATE);
        if (!access.allows(subject, endpointId, path.cluster(), needed)) {
            return done(status(path, ImStatus.UNSUPPORTED_ACCESS, ref));
        }
        if (model.endpoint(endpointId).isEmpty()) {
            return done(status(path, ImStatus.UNSUPPORTED_ENDPOINT, ref));
        }
        if (found.isEmpty()) {
            return done(status(path, ImStatus.UNSUPPORTED_CLUSTER, ref));
        }
        if (declared.isEmpty()) {
            return done(status(path, ImStatus.UNSUPPORTED_COMMAND, ref));
        }
        CommandSpec command = declared.get();
        if (command.fabricScoped() && !subject.hasFabric()) {
            return done(status(path, ImStatus.UNSUPPORTED_ACCESS, ref));
        }
        if (command.timed() && !timed) {
            return done(status(path, ImStatus.NEEDS_TIMED_INTERACTION, ref));
        }
        CommandHandler handler = handlers.get(path.cluster());
        if (handler == null) {
            return done(status(path, ImStatus.UNSUPPORTED_COMMAND, ref));
        }
        TlvElement fields = request.fields()
                .orElseGet(() -> new TlvElement.Structure(TlvTag.anonymous(), List.of()));
        CommandResult result;
        try {
            result = handler.invoke(subject, found.get(), command, fields);
        } catch (ImException e) {
            LOG.debug("command {} on endpoint {} refused: {}", command.name(), endpointId, e.getMessage());
            return done(status(path, e.status(), ref));
        }
        if (result instanceof CommandResult.Later later) {
            return later.answer().handle((answer, failure) -> {
                if (failure != null || answer == null || answer instanceof CommandResult.Later) {
                    LOG.debug("command {} on endpoint {} failed later: {}", command.name(), endpointId,
                            failure != null ? failure.toString() : "no answer");
                    return status(path, ImStatus.FAILURE, ref);
                }
                return respond(path, endpointId, command, answer, ref);
            });
        }
        return done(respond(path, endpointId, command, result, ref));
    }

    private static InvokeResponseIb respond(CommandPathIb path, int endpointId, CommandSpec command,
            CommandResult result, OptionalInt ref) {
        if (result instanceof CommandResult.Response response) {
            if (command.responseId().isEmpty()) {
                LOG.warn("handler of {} answered a response command, but it has none; answering FAILURE",
                        command.name());
                return status(path, ImStatus.FAILURE, ref);
            }
            return new CommandDataIb(CommandPathIb.of(endpointId, path.cluster(), command.responseId().getAsLong()),
                    Optional.of(response.fields()), ref);
        }
        return new CommandStatusIb(path, ((CommandResult.Status) result).status(), ref);
    }

    private static CompletableFuture<InvokeResponseIb> done(InvokeResponseIb response) {
        return CompletableFuture.completedFuture(response);
    }

    private static CommandStatusIb status(CommandPathIb path, ImStatus status, OptionalInt ref) {
        return new CommandStatusIb(path, StatusIb.of(status), ref);
    }
}
