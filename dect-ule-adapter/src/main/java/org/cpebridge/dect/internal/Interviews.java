package org.cpebridge.dect.internal;

import org.cpebridge.core.model.DeviceException;
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

    /** Reads identity and current state and sets up event reporting, as a base does after registration. */
    public void start(Session session) {
        Interview interview = new Interview(session.model.interfaces());
        act(session, interview, interview.on(new Interview.Start()));
    }

    private void act(Session session, Interview interview, Interview.Transition transition) {
        for (Interview.Action action : transition.actions()) {
            if (action instanceof Interview.Send send) {
                Interview.Request request = send.request();
                requests.request(session, request.unit(), request.message()).whenComplete((response, error) ->
                        act(session, interview, interview.on(error == null
                                ? new Interview.Answered(request, response)
                                : new Interview.Failed(request, DeviceException.from(error).getMessage()))));
            } else if (action instanceof Interview.ApplyIdentity identity) {
                reports.identity(session, identity.values());
            } else if (action instanceof Interview.ApplyValues values) {
                reports.apply(session, values.unit(), values.values());
            } else if (action instanceof Interview.Finished finished && !finished.failures().isEmpty()) {
                LOG.debug("[dect {}] interview incomplete: {}", session.id, finished.failures());
            }
        }
    }
}
