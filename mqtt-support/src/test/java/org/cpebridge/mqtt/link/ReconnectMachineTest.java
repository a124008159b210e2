package org.cpebridge.mqtt.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.cpebridge.mqtt.RetryPolicy;
import org.cpebridge.mqtt.link.ReconnectMachine.Action;
import org.cpebridge.mqtt.link.ReconnectMachine.ConnAck;
import org.cpebridge.mqtt.link.ReconnectMachine.Connect;
import org.cpebridge.mqtt.link.ReconnectMachine.ConnectFailed;
import org.cpebridge.mqtt.link.ReconnectMachine.ConnectionLost;
import org.cpebridge.mqtt.link.ReconnectMachine.Disable;
import org.cpebridge.mqtt.link.ReconnectMachine.Disconnect;
import org.cpebridge.mqtt.link.ReconnectMachine.Down;
import org.cpebridge.mqtt.link.ReconnectMachine.RetryTimer;
import org.cpebridge.mqtt.link.ReconnectMachine.Start;
import org.cpebridge.mqtt.link.ReconnectMachine.StartTimer;
import org.cpebridge.mqtt.link.ReconnectMachine.State;
import org.cpebridge.mqtt.link.ReconnectMachine.Step;
import org.cpebridge.mqtt.link.ReconnectMachine.Stop;
import org.cpebridge.mqtt.link.ReconnectMachine.SubAck;
import org.cpebridge.mqtt.link.ReconnectMachine.Subscribe;
import org.cpebridge.mqtt.link.ReconnectMachine.Up;
import org.junit.jupiter.api.Test;

/** Every transition of the shared reconnect machine, with the actions each one asks for. */
class ReconnectMachineTest {
    private static final List<String> FILTERS = List.of("a/#", "b");
    /** Doubling from 1 s up to 5 s, no jitter: the Zigbee link's policy. */
    private final ReconnectMachine machine = new ReconnectMachine(
            new RetryPolicy(Duration.ofSeconds(1), 2000, Duration.ofSeconds(5)), () -> 0.0);

    private static Step step(State state, Action... actions) {
        return new Step(state, List.of(actions));
    }

    private void up() {
        machine.on(new Start());
        machine.on(new ConnAck(FILTERS));
        machine.on(new SubAck(List.of(true, false)));
        assertEquals(State.UP, machine.state());
    }

    @Test
    void startConnectsThenSubscribesThenIsUpOnceAFilterIsGranted() {
        assertEquals(step(State.CONNECTING, new Connect()), machine.on(new Start()));
        assertEquals(step(State.SUBSCRIBING, new Subscribe(FILTERS)), machine.on(new ConnAck(FILTERS)));
        assertEquals(step(State.UP, new Up()), machine.on(new SubAck(List.of(false, true))));
    }

    @Test
    void nothingToSubscribeIsUpAtTheConnAck() {
        machine.on(new Start());
        assertEquals(step(State.UP, new Up()), machine.on(new ConnAck(List.of())));
    }

    @Test
    void failuresWaitByThePolicyAndAConnectionUpResetsTheCount() {
        machine.on(new Start());
        assertEquals(step(State.WAITING_RETRY, new Down("refused", false, false),
                new StartTimer(Duration.ofSeconds(1))), machine.on(new ConnectFailed("refused")));
        assertEquals(step(State.CONNECTING, new Connect()), machine.on(new RetryTimer()));
        assertEquals(step(State.WAITING_RETRY, new Down("reset", false, false),
                new StartTimer(Duration.ofSeconds(2))), machine.on(new ConnectionLost("reset")));
        assertEquals(2, machine.retryCount());
        machine.on(new RetryTimer());
        machine.on(new ConnAck(FILTERS));
        machine.on(new SubAck(List.of(true)));
        assertEquals(0, machine.retryCount());
        assertEquals(step(State.WAITING_RETRY, new Down("gone", true, false),
                new StartTimer(Duration.ofSeconds(1))), machine.on(new ConnectionLost("gone")),
                "a link that was up says so; the wait starts again");
    }

    @Test
    void theWaitStopsGrowingAtTheMaximum() {
        machine.on(new Start());
        long[] seconds = {1, 2, 4, 5, 5};
        for (long expected : seconds) {
            StartTimer timer = (StartTimer) machine.on(new ConnectFailed("x")).actions().get(1);
            assertEquals(Duration.ofSeconds(expected), timer.delay());
            machine.on(new RetryTimer());
        }
    }

    @Test
    void aSubAckGrantingNothingEndsTheAttemptAndRetries() {
        machine.on(new Start());
        machine.on(new ConnAck(FILTERS));
        assertEquals(step(State.WAITING_RETRY, new Disconnect(),
                new Down(ReconnectMachine.NOTHING_GRANTED, false, false), new StartTimer(Duration.ofSeconds(1))),
                machine.on(new SubAck(List.of(false, false))));
    }

    @Test
    void aLossWhileSubscribingRetries() {
        machine.on(new Start());
        machine.on(new ConnAck(FILTERS));
        assertEquals(State.WAITING_RETRY, machine.on(new ConnectionLost("x")).state());
    }

    @Test
    void disableEndsTheConnectionAndNeverRetries() {
        machine.on(new Start());
        assertEquals(step(State.DISABLED, new Disconnect(), new Down("nothing to do", false, true)),
                machine.on(new Disable("nothing to do")));
        assertEquals(step(State.DISABLED), machine.on(new RetryTimer()));
        assertEquals(step(State.DISABLED), machine.on(new Disable("again")));
        assertEquals(step(State.STOPPED, new Down("stopped", false, true)), machine.on(new Stop()));
    }

    @Test
    void stopFromEveryState() {
        assertEquals(step(State.STOPPED, new Down("stopped", false, true)), machine.on(new Stop()), "from IDLE");
        assertEquals(step(State.STOPPED), machine.on(new Stop()), "already stopped");
        assertEquals(step(State.STOPPED), machine.on(new Start()));
        assertEquals(step(State.STOPPED), machine.on(new Disable("late")));

        ReconnectMachine connecting = new ReconnectMachine(RetryPolicy.DEFAULT, () -> 0.0);
        connecting.on(new Start());
        assertEquals(step(State.STOPPED, new Disconnect(), new Down("stopped", false, true)),
                connecting.on(new Stop()));

        ReconnectMachine up = new ReconnectMachine(RetryPolicy.DEFAULT, () -> 0.0);
        up.on(new Start());
        up.on(new ConnAck(List.of()));
        assertEquals(step(State.STOPPED, new Disconnect(), new Down("stopped", true, true)), up.on(new Stop()));

        ReconnectMachine waiting = new ReconnectMachine(RetryPolicy.DEFAULT, () -> 0.0);
        waiting.on(new Start());
        waiting.on(new ConnectFailed("x"));
        assertEquals(step(State.STOPPED, new Down("stopped", false, true)), waiting.on(new Stop()),
                "no connection to end while waiting");
    }

    @Test
    void unexpectedEventsChangeNothing() {
        assertEquals(step(State.IDLE), machine.on(new SubAck(List.of(true))));
        assertEquals(step(State.IDLE), machine.on(new RetryTimer()));
        assertEquals(step(State.IDLE), machine.on(new ConnectionLost("x")));
        up();
        assertEquals(step(State.UP), machine.on(new Start()));
        assertEquals(step(State.UP), machine.on(new ConnAck(FILTERS)));
        assertEquals(step(State.UP), machine.on(new ConnectFailed("late")));
        assertEquals(step(State.UP), machine.on(new RetryTimer()));
    }
}
