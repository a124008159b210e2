package org.cpebridge.matter.node;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.handshake.HandshakeEvent;
import org.cpebridge.matter.handshake.HandshakeMessage;
import org.cpebridge.matter.handshake.HandshakeStep;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.pase.PaseResponder;
import org.cpebridge.matter.pase.PaseSession;
import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.matter.sigma.CaseInitiator;
import org.cpebridge.matter.sigma.CaseResponder;
import org.cpebridge.matter.sigma.CaseSession;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.bytes.Bytes;

/**
 * One session-establishment handshake on an unsecured exchange, PASE or CASE, seen the same way by the node: feed
 * it the exchange's messages and timer, carry out the step it returns. Owned by the node loop.
 */
interface Handshake {

    /** What a handshake established: everything the node needs to install the secure session. */
    record Established(NodeSession.Kind kind, int localSessionId, int peerSessionId, Bytes i2rKey, Bytes r2iKey,
                       Bytes attestationChallenge, long localNodeId, long peerNodeId, int fabricIndex,
                       List<Long> peerCats, Optional<SessionParameters> peerSessionParams, boolean resumed) {
        public Established {
            Objects.requireNonNull(kind, "kind");
            peerCats = List.copyOf(peerCats);
            Objects.requireNonNull(peerSessionParams, "peerSessionParams");
        }
    }

    /** The result of one event, with the session in the form the node installs. */
    record Step(List<HandshakeMessage> messages, Optional<Duration> armTimer, Optional<Established> established,
                Optional<String> failure, boolean terminal) {
        public Step {
            messages = List.copyOf(messages);
        }
    }

    NodeSession.Kind kind();

    /** The session id this handshake promised, reserved until it ends. */
    int localSessionId();

    Step onMessage(SecureChannelOpcode opcode, Bytes payload);

    Step onTimeout();

    /**
     * Whether this handshake failed after the responder answered a Pake1: the initiator then held a Pake2 against
     * which it could test one passcode guess, so this was a passcode attempt (a wrong guess, or one tested offline).
     * Failures before that (malformed or out-of-order messages, a timeout awaiting Pake1) reveal nothing.
     */
    default boolean passcodeRejected() {
        return false;
    }

    /** True when this node initiated the handshake (its session keys then go the other way round). */
    default boolean initiator() {
        return false;
    }

    /** The first step of a handshake this node initiates (the message that opens it). */
    default Step start() {
        throw new IllegalStateException(kind() + " responder: the peer starts it");
    }

    /** CASE initiated by this node to {@code peerNodeId} on {@code fabric}; {@link #start()} gives Sigma1. */
    static Handshake caseInitiator(org.cpebridge.matter.fabric.Fabric fabric, long peerNodeId, int localSessionId,
                                   SessionParameters localParameters, org.cpebridge.matter.crypto.CryptoRandom random,
                                   Optional<java.time.Instant> certificateTime,
                                   org.cpebridge.matter.sigma.ResumptionStore resumptions) {
        CaseInitiator initiator = new CaseInitiator(new CaseInitiator.Config(fabric, peerNodeId, localSessionId,
                Optional.of(localParameters), certificateTime, resumptions), random);
        return new Handshake() {
            @Override
            public NodeSession.Kind kind() {
                return NodeSession.Kind.CASE;
            }

            @Override
            public int localSessionId() {
                return localSessionId;
            }

            @Override
            public boolean initiator() {
                return true;
            }

            @Override
            public Step start() {
                return convert(initiator.start());
            }

            @Override
            public Step onMessage(SecureChannelOpcode opcode, Bytes payload) {
                return convert(initiator.on(new HandshakeEvent.MessageReceived(opcode, payload)));
            }

            @Override
            public Step onTimeout() {
                return convert(initiator.on(new HandshakeEvent.TimedOut()));
            }
        };
    }

    /** PASE with the commissioning window's verifier. */
    static Handshake pase(PaseResponder.Config config, org.cpebridge.matter.crypto.CryptoRandom random) {
        PaseResponder responder = new PaseResponder(config, random);
        return new Handshake() {
            @Override
            public NodeSession.Kind kind() {
                return NodeSession.Kind.PASE;
            }

            @Override
            public int localSessionId() {
                return config.localSessionId();
            }

            private boolean passcodeRejected;

            @Override
            public Step onMessage(SecureChannelOpcode opcode, Bytes payload) {
                return step(new HandshakeEvent.MessageReceived(opcode, payload));
            }

            @Override
            public boolean passcodeRejected() {
                return passcodeRejected;
            }

            @Override
            public Step onTimeout() {
                return step(new HandshakeEvent.TimedOut());
            }

            private Step step(HandshakeEvent event) {
                boolean pake2Sent = responder.state() == PaseResponder.State.AWAITING_PAKE3;
                HandshakeStep<PaseResponder.State, PaseSession> step = responder.on(event);
                passcodeRejected = pake2Sent && step.failure().isPresent();
                return convert(step);
            }

            private Step convert(HandshakeStep<PaseResponder.State, PaseSession> step) {
                return new Step(step.messages(),
                        step.armTimer(), step.established().map(s -> new Established(NodeSession.Kind.PASE,
                        s.localSessionId(), s.peerSessionId(), s.i2rKey(), s.r2iKey(), s.attestationChallenge(),
                        0, 0, 0, List.of(),
                        s.peerSessionParams(), false)), step.failure(), step.terminal());
            }
        };
    }

    /** CASE against the fabric table, with resumption. */
    static Handshake caseSigma(FabricTable fabrics, ResumptionStore resumptions, int localSessionId,
                               SessionParameters localParameters, org.cpebridge.matter.crypto.CryptoRandom random,
                               Optional<java.time.Instant> certificateTime) {
        CaseResponder responder = new CaseResponder(new CaseResponder.Config(fabrics, resumptions, localSessionId,
                Optional.of(localParameters), certificateTime), random);
        return new Handshake() {
            @Override
            public NodeSession.Kind kind() {
                return NodeSession.Kind.CASE;
            }

            @Override
            public int localSessionId() {
                return localSessionId;
            }

            @Override
            public Step onMessage(SecureChannelOpcode opcode, Bytes payload) {
                return convert(responder.on(new HandshakeEvent.MessageReceived(opcode, payload)));
            }

            @Override
            public Step onTimeout() {
                return convert(responder.on(new HandshakeEvent.TimedOut()));
            }

            private Step convert(HandshakeStep<CaseResponder.State, CaseSession> step) {
                return Handshake.convert(step);
            }
        };
    }

    /** A CASE step (either role) in the form the node installs. */
    private static Step convert(HandshakeStep<?, CaseSession> step) {
        return new Step(step.messages(),
                step.armTimer(), step.established().map(s -> new Established(NodeSession.Kind.CASE,
                s.localSessionId(), s.peerSessionId(), s.i2rKey(), s.r2iKey(), s.attestationChallenge(),
                s.localNodeId(),
                s.peerNodeId(), s.fabricIndex(), s.peerCats(), s.peerSessionParams(), s.resumed())), step.failure(),
                step.terminal());
    }
}
