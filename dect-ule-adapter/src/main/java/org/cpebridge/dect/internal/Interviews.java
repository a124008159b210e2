package org.cpebridge.dect.internal;

import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Interview} of a device that registered (or took its address back after a restart): its requests go
 * through the node's request queue one at a time, its results into the core.
 *
 * <p>Owned by the adapter's serial executor; answers come back on it.
 */
public final class Interviews {
    private static final Logger LOG = LoggerFactory.getLogger(Interviews.class);

    private final Requests requests;
    private final Reports reports;

    public Interviews(Requests requests, Reports reports) {
        this.requests = requests;
        this.reports = reports;
    }

    /** Sends an interview request again after a timeout this many times. */
    static final int RETRIES = 2;

    /** Reads identity and current state and sets up event reporting, as a base does after registration. */
    public void start(Session session) {
        Interview interview = new Interview(session.model.interfaces());
        act(session, interview, interview.on(new Interview.Start()));
    }

    private void act(Session session, Interview interview, Interview.Transition transition) {
        for (Interview.Action action : transition.actions()) {
            if (action instanceof Interview.Send send) {
                send(session, interview, send.request(), 0);
            } else if (action instanceof Interview.ApplyIdentity identity) {
                reports.identity(session, identity.values());
            } else if (action instanceof Interview.ApplyValues values) {
                reports.apply(session, values.unit(), values.values());
            } else if (action instanceof Interview.Finished finished && !finished.failures().isEmpty()) {
                LOG.debug("[dect {}] interview incomplete: {}", session.id, finished.failures());
            }
        }
    }

    /**
     * A request that times out is sent again (at most {@link #RETRIES} times): the hanfun reference transport drops a
     * frame that reaches it together with the one before, which frame spacing makes rare but cannot rule out on a busy
     * node. Interview requests are reads and rule set-up, safe to repeat.
     */
    private void send(Session session, Interview interview, Interview.Request request, int attempt) {
        requests.request(session, request.unit(), request.message()).whenComplete((response, error) -> {
            if (error == null) {
                act(session, interview, interview.on(new Interview.Answered(request, response)));
                return;
            }
            DeviceException failure = DeviceException.from(error);
            if (failure.kind() == ErrorKind.TIMEOUT && attempt < RETRIES) {
                LOG.debug("[dect {}] interview step {} unanswered, sending it again", session.id, request.step());
                send(session, interview, request, attempt + 1);
            } else {
                act(session, interview, interview.on(new Interview.Failed(request, failure.getMessage())));
            }
        });
    }
}
