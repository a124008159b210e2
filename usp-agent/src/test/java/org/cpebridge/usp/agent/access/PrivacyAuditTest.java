package org.cpebridge.usp.agent.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.store.StoredRecord;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.privacy.audit.AccessLog;
import org.cpebridge.privacy.grant.GrantBook;
import org.cpebridge.privacy.grant.GrantScope;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.AccessRequest;
import org.cpebridge.privacy.policy.HouseholdPrivacyPolicy;
import org.cpebridge.privacy.policy.PrivacyRules;
import org.cpebridge.privacy.policy.TargetKind;
import org.cpebridge.usp.message.Answer;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.junit.jupiter.api.Test;

/** What the audit does when the access log cannot be written: nothing reaches the Controller off the record. */
class PrivacyAuditTest {
    private static final String ISP = "proto::isp";

    /** A store that holds nothing and refuses every write, as a full or failing disk would. */
    private static final DurableStore FAILING = new DurableStore() {
        @Override
        public Optional<StoredRecord> read(String name) {
            return Optional.empty();
        }

        @Override
        public void write(String name, int formatVersion, byte[] payload) {
            throw new StoreException("no space left on device");
        }

        @Override
        public void delete(String name) {
        }

        @Override
        public List<String> list(String prefix) {
            return List.of();
        }
    };

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T07:00:00Z"));
    private final HouseholdPrivacyPolicy household = new HouseholdPrivacyPolicy(PrivacyRules.SHIPPED,
            id -> List.of("ISP-Operations"), new GrantBook(FAILING, clock), GrantScope.PLAIN);

    @Test
    void aNotificationThatCannotBeLoggedIsWithheld() {
        try (AccessLog log = new AccessLog(FAILING, clock)) {
            PrivacyAudit audit = new PrivacyAudit(household, log, AccessPolicy.FULL_ACCESS);
            AccessRequest online = AccessRequest.of(ISP, TargetKind.PARAMETER, "Device.ProxiedDevice.1.Online");
            assertTrue(AccessPolicy.FULL_ACCESS.rights(online).notification());
            assertFalse(audit.notifying(AccessPolicy.FULL_ACCESS).rights(online).notification());
        }
    }

    @Test
    void anAnswerWhoseEntryCannotBeWrittenIsNotReleased() {
        try (AccessLog log = new AccessLog(FAILING, clock)) {
            PrivacyAudit audit = new PrivacyAudit(household, log, AccessPolicy.FULL_ACCESS);
            UspMsg.Msg request = Msgs.get("g", "Device.DeviceInfo.");
            CompletableFuture<Optional<Answer>> answer = audit.around(ISP, request,
                    () -> CompletableFuture.completedFuture(Optional.of(Answer.of(request)))).toCompletableFuture();
            // The dispatcher's caller turns the failed stage into Error 7003 instead of the answer.
            assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
        }
    }
}
