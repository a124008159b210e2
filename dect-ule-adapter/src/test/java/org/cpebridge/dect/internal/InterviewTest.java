package org.cpebridge.dect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.AddEventEntries;
import org.cpebridge.dect.hanfun.HanfunMessage.CommandResponse;
import org.cpebridge.dect.hanfun.HanfunMessage.GetAttributePackResponse;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.ResultCode;
import org.cpebridge.dect.hanfun.Value;
import org.cpebridge.dect.internal.Interview.Action;
import org.cpebridge.dect.internal.Interview.Request;
import org.cpebridge.dect.internal.Interview.Send;
import org.cpebridge.dect.internal.Interview.State;
import org.cpebridge.dect.internal.Interview.Step;
import org.junit.jupiter.api.Test;

/** Every transition of {@link Interview}. */
class InterviewTest {
    private static final InterfaceAddress RULES = InterfaceAddress.server(InterfaceUid.ATTRIBUTE_REPORTING);
    private static final InterfaceAddress INFO = InterfaceAddress.server(InterfaceUid.DEVICE_INFORMATION);
    private static final InterfaceAddress ON_OFF = InterfaceAddress.server(InterfaceUid.ON_OFF);

    private static List<Request> sent(Interview.Transition transition) {
        return transition.actions().stream().filter(a -> a instanceof Send).map(a -> ((Send) a).request()).toList();
    }

    private static Request step(List<Request> requests, Step step) {
        return requests.stream().filter(r -> r.step() == step).findFirst().orElseThrow();
    }

    @Test
    void fullInterviewOfALight() {
        Interview interview = new Interview(Map.of(1, Set.of(InterfaceUid.ON_OFF)));
        assertEquals(State.NEW, interview.state());
        Interview.Transition started = interview.on(new Interview.Start());
        assertEquals(State.RUNNING, started.state());
        List<Request> requests = sent(started);
        assertEquals(List.of(Step.IDENTITY, Step.CREATE_RULE, Step.READ), requests.stream().map(Request::step).toList());
        assertEquals(1, step(requests, Step.READ).unit());

        Interview.Transition identity = interview.on(new Interview.Answered(step(requests, Step.IDENTITY),
                new GetAttributePackResponse(INFO, 0xFE, ResultCode.OK, List.of(new AttributeValue(
                        InterfaceUid.DEVICE_INFORMATION, 0x0B, new Value.Text("AVM"))))));
        assertInstanceOf(Interview.ApplyIdentity.class, identity.actions().get(0));

        Interview.Transition created = interview.on(new Interview.Answered(step(requests, Step.CREATE_RULE),
                new CommandResponse(RULES, 2, ResultCode.OK, Bytes.fromHex("81"))));
        Request add = sent(created).get(0);
        assertEquals(Step.ADD_ENTRIES, add.step());
        AddEventEntries entries = assertInstanceOf(AddEventEntries.class, add.message());
        assertEquals(1, entries.reportId());
        assertEquals(1, entries.entries().get(0).unit());
        assertEquals(ON_OFF, entries.entries().get(0).itf());

        Interview.Transition read = interview.on(new Interview.Answered(step(requests, Step.READ),
                new GetAttributePackResponse(ON_OFF, 0xFF, ResultCode.OK, List.of(new AttributeValue(
                        InterfaceUid.ON_OFF, 1, new Value.Bool(true))))));
        assertEquals(new Interview.ApplyValues(1, List.of(new AttributeValue(InterfaceUid.ON_OFF, 1,
                new Value.Bool(true)))), read.actions().get(0));
        assertEquals(State.RUNNING, read.state(), "entries still outstanding");

        Interview.Transition done = interview.on(new Interview.Answered(add,
                new CommandResponse(RULES, 4, ResultCode.OK, Bytes.fromHex("81"))));
        assertEquals(State.DONE, done.state());
        assertEquals(List.<Action>of(new Interview.Finished(List.of())), done.actions());
        assertEquals(State.DONE, interview.on(new Interview.Start()).state(), "start again does nothing");
    }

    @Test
    void failuresAreNotedAndTheRestGoesOn() {
        Interview interview = new Interview(Map.of(1, Set.of(InterfaceUid.ON_OFF)));
        List<Request> requests = sent(interview.on(new Interview.Start()));
        Interview.Transition refused = interview.on(new Interview.Answered(step(requests, Step.CREATE_RULE),
                new CommandResponse(RULES, 2, ResultCode.FAIL_SUPPORT, Bytes.EMPTY)));
        assertEquals(List.of(), sent(refused), "no entries without a rule");
        interview.on(new Interview.Failed(step(requests, Step.IDENTITY), "timeout"));
        Interview.Transition done = interview.on(new Interview.Answered(step(requests, Step.READ),
                new HanfunMessage.Raw(org.cpebridge.dect.hanfun.MessageType.GET_ATTR_PACK_RES, ON_OFF, 0xFF,
                        Bytes.fromHex("03"))));
        assertEquals(State.DONE, done.state());
        Interview.Finished finished = assertInstanceOf(Interview.Finished.class, done.actions().get(0));
        assertEquals(3, finished.failures().size());
        assertTrue(finished.failures().get(1).startsWith("identity: timeout"), finished.failures().toString());
    }

    @Test
    void deviceWithNothingToReportOnlyReadsIdentityAndAlerts() {
        Interview interview = new Interview(Map.of(1, Set.of(InterfaceUid.ALERT)));
        List<Request> requests = sent(interview.on(new Interview.Start()));
        assertEquals(List.of(Step.IDENTITY, Step.READ), requests.stream().map(Request::step).toList());
        interview.on(new Interview.Failed(requests.get(0), "timeout"));
        assertEquals(State.DONE, interview.on(new Interview.Failed(requests.get(1), "timeout")).state());
    }

    @Test
    void eventsBeforeStartAreIgnored() {
        Interview interview = new Interview(Map.of());
        Request stray = new Request(Step.READ, 1, new HanfunMessage.GetAttribute(ON_OFF, 1));
        assertEquals(new Interview.Transition(State.NEW, List.of()), interview.on(new Interview.Failed(stray, "x")));
        Interview.Transition started = interview.on(new Interview.Start());
        assertEquals(List.of(Step.IDENTITY), sent(started).stream().map(Request::step).toList());
    }
}
