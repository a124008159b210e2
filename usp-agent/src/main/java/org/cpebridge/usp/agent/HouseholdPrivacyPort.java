package org.cpebridge.usp.agent;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cpebridge.privacy.HouseholdPrivacy;
import org.cpebridge.privacy.audit.AccessLog;
import org.cpebridge.privacy.audit.AccessLogEntry;
import org.cpebridge.privacy.grant.Grant;
import org.cpebridge.privacy.grant.GrantBook;
import org.cpebridge.privacy.grant.GrantException;
import org.cpebridge.privacy.policy.HouseholdPrivacyPolicy;
import org.cpebridge.usp.agent.model.LocalAgentProvider;

/**
 * The household's privacy controls for the web console over the agent's own grant book and access log: every call
 * runs on the agent's serial executor, their owning thread, and the caller waits for it. Thread-safe.
 */
final class HouseholdPrivacyPort implements HouseholdPrivacy {

    private static final long WAIT_SECONDS = 10;

    private final GrantBook grants;
    private final AccessLog log;
    private final Executor agentExecutor;
    private final LocalAgentProvider localAgent;
    private final HouseholdPrivacyPolicy policy;

    HouseholdPrivacyPort(LocalAgentProvider localAgent, HouseholdPrivacyPolicy policy, AccessLog log,
            Executor agentExecutor) {
        this.localAgent = localAgent;
        this.policy = policy;
        this.grants = policy.grants();
        this.log = log;
        this.agentExecutor = agentExecutor;
    }

    @Override
    public List<Controller> controllers() {
        return onAgent(() -> localAgent.controllers().stream().map(c -> new Controller(c.endpointId(), c.enabled(),
                policy.roleNamesOf(c.endpointId()), policy.classesOf(c.endpointId()),
                policy.isHousehold(c.endpointId()))).toList());
    }

    @Override
    public List<Grant> grants() {
        return onAgent(grants::active);
    }

    @Override
    public Grant grant(String controller, String target, String classes, long durationSeconds, String reason)
            throws GrantException {
        try {
            return call(() -> grants.grant(controller, target, classes, durationSeconds, reason));
        } catch (GrantException e) {
            throw e;
        } catch (Exception e) {
            throw asRuntime(e);
        }
    }

    @Override
    public boolean revoke(long number) {
        return onAgent(() -> grants.revoke(number));
    }

    @Override
    public List<AccessLogEntry> logEntries() {
        return onAgent(log::entries);
    }

    @Override
    public AccessLog.Verification verifyLog() {
        return onAgent(log::verify);
    }

    @Override
    public String exportLogJson() {
        return onAgent(log::exportJson);
    }

    private <T> T onAgent(Callable<T> action) {
        try {
            return call(action);
        } catch (Exception e) {
            throw asRuntime(e);
        }
    }

    private <T> T call(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        agentExecutor.execute(() -> {
            try {
                result.complete(action.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the USP agent did not answer in time");
        }
    }

    private static RuntimeException asRuntime(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
    }
}
