package org.cpebridge.matter.mrp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolHeader;

/**
 * Matches incoming messages to exchanges and opens exchanges (Core spec 4.10 "Message Exchanges"), without I/O. An
 * incoming message belongs to the exchange with its session, its exchange id and the opposite role: a message with
 * the I flag is for an exchange the peer initiated. An unmatched, non-duplicate message with the I flag opens a
 * responder exchange if its protocol is accepted; any other unmatched message is dropped, after a standalone
 * acknowledgement if it asked for one (the spec's ephemeral exchange).
 *
 * <p>Exchanges are forgotten when closed with nothing left to acknowledge or wait for. Not thread-safe: owned by the
 * node's serial executor.
 */
public final class ExchangeManager {

    /**
     * Identity of an exchange.
     *
     * @param session the session (by identity)
     * @param exchangeId the exchange id
     * @param localInitiator whether this node initiated it
     */
    public record ExchangeKey(SessionContext session, int exchangeId, boolean localInitiator) {
        public ExchangeKey {
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * One action for the caller, with the exchange it concerns.
     *
     * @param exchange the exchange (an ephemeral one, not kept, for acknowledgements of unmatched messages)
     * @param action what to do
     */
    public record Output(ReliableExchange exchange, MrpAction action) {
        public Output {
            Objects.requireNonNull(exchange, "exchange");
            Objects.requireNonNull(action, "action");
        }
    }

    private final Clock clock;
    private final RandomGenerator random;
    private final Predicate<ProtocolHeader> acceptsUnsolicited;
    private final Map<ExchangeKey, ReliableExchange> exchanges = new HashMap<>();
    private int nextExchangeId;

    /**
     * @param clock time source for the exchanges
     * @param random jitter source, also picks the first exchange id
     * @param acceptsUnsolicited whether a peer-initiated message with this protocol header may open an exchange
     */
    public ExchangeManager(Clock clock, RandomGenerator random, Predicate<ProtocolHeader> acceptsUnsolicited) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.acceptsUnsolicited = Objects.requireNonNull(acceptsUnsolicited, "acceptsUnsolicited");
        this.nextExchangeId = random.nextInt(0x10000);
    }

    /** Opens an exchange initiated by this node on {@code session}, with the next free exchange id. */
    public ReliableExchange initiate(SessionContext session) {
        for (int tries = 0; tries <= 0xFFFF; tries++) {
            int id = nextExchangeId;
            nextExchangeId = (nextExchangeId + 1) & 0xFFFF;
            ExchangeKey key = new ExchangeKey(session, id, true);
            if (!exchanges.containsKey(key)) {
                ReliableExchange exchange = new ReliableExchange(session, id, true, clock, random);
                exchanges.put(key, exchange);
                return exchange;
            }
        }
        throw new IllegalStateException("all 65536 exchange ids in use on " + session);
    }

    /**
     * Routes a received, decrypted message.
     *
     * @param duplicate the session reception state's verdict on its counter
     */
    public List<Output> onMessage(SessionContext session, Message message, boolean duplicate) {
        ProtocolHeader header = message.protocolHeader();
        ExchangeKey key = new ExchangeKey(session, header.exchangeId(), !header.initiator());
        ReliableExchange exchange = exchanges.get(key);
        if (exchange == null && header.initiator() && !duplicate && !ReliableExchange.isStandaloneAck(header)
                && acceptsUnsolicited.test(header)) {
            exchange = new ReliableExchange(session, header.exchangeId(), false, clock, random);
            exchanges.put(key, exchange);
        }
        if (exchange != null) {
            return on(exchange, new MrpEvent.Received(message, duplicate));
        }
        if (!header.reliable()) {
            return List.of();
        }
        // Ephemeral exchange: acknowledge and drop. Fed as a duplicate, the exchange acks at once and delivers nothing.
        ReliableExchange ephemeral = new ReliableExchange(session, header.exchangeId(), !header.initiator(), clock,
                random);
        return wrap(ephemeral, ephemeral.on(new MrpEvent.Received(message, true)));
    }

    /**
     * Feeds an event to a live exchange (send, timer, close) and forgets the exchange once it is done. Events for an
     * exchange that is no longer live (done, or its session closed) are ignored, so a late timer cannot send on a
     * closed session.
     */
    public List<Output> on(ReliableExchange exchange, MrpEvent event) {
        if (exchanges.get(keyOf(exchange)) != exchange) {
            return List.of();
        }
        List<Output> out = wrap(exchange, exchange.on(event));
        if (exchange.isDone()) {
            exchanges.remove(keyOf(exchange), exchange);
        }
        return out;
    }

    /** The live exchange with this key. */
    public Optional<ReliableExchange> find(ExchangeKey key) {
        return Optional.ofNullable(exchanges.get(key));
    }

    /** Number of live exchanges. */
    public int size() {
        return exchanges.size();
    }

    /** Drops every exchange of a session that ended; their timers become stale. */
    public void sessionClosed(SessionContext session) {
        exchanges.keySet().removeIf(key -> key.session() == session);
    }

    private static ExchangeKey keyOf(ReliableExchange exchange) {
        return new ExchangeKey(exchange.session(), exchange.exchangeId(), exchange.isLocalInitiator());
    }

    private static List<Output> wrap(ReliableExchange exchange, List<MrpAction> actions) {
        List<Output> out = new ArrayList<>(actions.size());
        for (MrpAction action : actions) {
            out.add(new Output(exchange, action));
        }
        return List.copyOf(out);
    }
}
