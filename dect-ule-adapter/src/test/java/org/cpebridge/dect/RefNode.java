package org.cpebridge.dect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.AddEventEntries;
import org.cpebridge.dect.hanfun.HanfunMessage.CommandResponse;
import org.cpebridge.dect.hanfun.HanfunMessage.CreateEventRule;
import org.cpebridge.dect.hanfun.HanfunMessage.EventEntry;
import org.cpebridge.dect.hanfun.HanfunMessage.EventField;
import org.cpebridge.dect.hanfun.HanfunMessage.EventReport;
import org.cpebridge.dect.hanfun.HanfunMessage.EventType;
import org.cpebridge.dect.hanfun.HanfunMessage.GetAttributePack;
import org.cpebridge.dect.hanfun.HanfunMessage.GetAttributePackResponse;
import org.cpebridge.dect.hanfun.HanfunMessage.OnOffAction;
import org.cpebridge.dect.hanfun.HanfunMessage.OnOffCommand;
import org.cpebridge.dect.hanfun.HanfunMessage.RegisterRequest;
import org.cpebridge.dect.hanfun.HanfunMessage.RegisterResponse;
import org.cpebridge.dect.hanfun.HanfunMessage.Unit;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.MessageCodec;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.PacketCodec;
import org.cpebridge.dect.hanfun.Profile;
import org.cpebridge.dect.hanfun.ResultCode;
import org.cpebridge.dect.hanfun.Uid;
import org.cpebridge.dect.hanfun.Value;
import org.cpebridge.dect.ule.Frame;
import org.cpebridge.dect.ule.FrameCodec;
import org.cpebridge.dect.ule.FrameDecoder;
import org.cpebridge.dect.ule.FrameException;

/**
 * A test peer that behaves like the ULE Alliance's reference node ({@code hf_node}, hanfun 1.5.3, over its example
 * TCP transport), as far as the base can see it. Facts from the reference (reference notes A.2, A.5; hanfun
 * {@code apps/transport.cpp}, {@code inc/hanfun/devices.h}, {@code src/devices.cpp},
 * {@code src/core/device_management_client.cpp}), none of its code:
 * <ul>
 *   <li>one frame per socket read: it handles the first frame of each {@code read} and drops the rest of the buffer;</li>
 *   <li>HELLO with a URI UID on connect; REGISTER (only when told to) from 0x7FFF without a UID;</li>
 *   <li>no Keep Alive interface, and nothing sent unprompted except reports its rules ask for and switch presses;</li>
 *   <li>answers from and to the broadcast address, with the request's reference;</li>
 *   <li>a request to one of its units at an address that is not its own gets FAIL_UNKNOWN; an unregistered node
 *       still takes packets to unit 0, and adopts the address of any REGISTER response it gets;</li>
 *   <li>a restart forgets the address and the report rules (the example app saves neither).</li>
 * </ul>
 * Unit 1 is a Simple Light (On-Off server) or a Simple On-Off Switch (On-Off client).
 *
 * <p>Threads: one reader thread per connection; the test thread calls the public methods; state is guarded by
 * {@code this}.
 */
final class RefNode implements AutoCloseable {
    private final String uri;
    private final Profile profile;
    private final AtomicInteger framesHandled = new AtomicInteger();
    private final AtomicInteger framesDropped = new AtomicInteger();
    private final AtomicInteger identityReads = new AtomicInteger();
    private final java.util.Queue<String> drops = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private Socket socket;
    private OutputStream out;
    private Thread reader;
    private int address = Address.BROADCAST_DEVICE;
    private boolean on;
    private int eventRule = -1;
    private boolean eventEntries;
    private int nextReference = 1;
    private boolean ignoreRebind;
    private boolean registering;

    RefNode(int number, Profile profile) {
        this.uri = "hf://node.example.com/" + number;
        this.profile = profile;
    }

    /** The core id the bridge gives this node. */
    String coreId() {
        return "uri-" + uri.replaceAll("[^A-Za-z0-9._\\-]", "-");
    }

    /**
     * Connects, sends HELLO and returns once the base's HELLO was read: the reference node's event loop reads from the
     * moment it connects, and a person types {@code r} later; a test thread that has not started reading yet would
     * merge the base's HELLO with the REGISTER response.
     */
    void connect(int port) throws IOException {
        int handledBefore;
        synchronized (this) {
            socket = new Socket("127.0.0.1", port);
            out = socket.getOutputStream();
            Socket mine = socket;
            handledBefore = framesHandled.get();
            reader = new Thread(() -> read(mine), "ref-node-" + uri);
            reader.setDaemon(true);
            reader.start();
            write(FrameCodec.encode(new Frame.Hello(2, 1, 1, new Uid.Uri(uri))));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (framesHandled.get() == handledBefore) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no HELLO from the base within 10 s");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the base's HELLO", e);
            }
        }
    }

    /** What typing {@code r} at the reference node's console does. */
    synchronized void register() throws IOException {
        registering = true;
        RegisterRequest request = new RegisterRequest(new Uid.None(), OptionalInt.empty(),
                List.of(new Unit(1, profile.uid(), List.of())), false);
        send(Packet.of(new Address(false, Address.BROADCAST_DEVICE, 0), Address.BASE, 0, request));
    }

    /** The node process restarts: its link drops, it comes back with no address and no report rules. */
    void restart(int port) throws IOException {
        synchronized (this) {
            disconnect();
            forgetAddress();
            registering = false;
        }
        connect(port);
    }

    /** The link drops and comes back (the base restarted); the node keeps its address and rules. */
    void reconnect(int port) throws IOException {
        synchronized (this) {
            disconnect();
        }
        connect(port);
    }

    /**
     * The node forgets its address and rules while its link stays up (a node's application reset under a DECT base
     * that keeps the radio link; over TCP a restart also drops the link, see {@link #restart}).
     */
    synchronized void forgetAddress() {
        address = Address.BROADCAST_DEVICE;
        eventRule = -1;
        eventEntries = false;
    }

    /** Makes the node ignore REGISTER responses it did not ask for (a node that only takes its own registration). */
    synchronized void ignoreRebind() {
        ignoreRebind = true;
    }

    /** Someone switches the light at the device: it reports the change if the base set up a rule. */
    synchronized void toggleLocally() throws IOException {
        on = !on;
        reportOnOff();
    }

    /** The switch sends a command, as {@code on}/{@code off}/{@code toggle} at its console (to the broadcast address). */
    synchronized void press(OnOffAction action) throws IOException {
        send(Packet.of(Address.device(address, 1), Address.BROADCAST, nextReference(),
                new OnOffCommand(action, false)));
    }

    synchronized int address() {
        return address;
    }

    synchronized boolean isOn() {
        return on;
    }

    /** Whether the base set up an event rule with entries (the whole interview ran). */
    synchronized boolean hasEventReporting() {
        return eventRule >= 0 && eventEntries;
    }

    /** Device Information reads the node answered (the first step of every interview). */
    int identityReads() {
        return identityReads.get();
    }

    int framesDropped() {
        return framesDropped.get();
    }

    /** What was dropped and the interview's progress, for failure messages. */
    synchronized String describe() {
        return uri + " address=" + address + " handled=" + framesHandled + " dropped=" + drops + " rule=" + eventRule
                + " entries=" + eventEntries;
    }

    int framesHandled() {
        return framesHandled.get();
    }

    @Override
    public synchronized void close() throws IOException {
        disconnect();
    }

    private void disconnect() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /** One frame per read, the rest of the buffer dropped, as the reference transport's read callback does. */
    private void read(Socket mine) {
        byte[] buffer = new byte[4096];
        try {
            InputStream in = mine.getInputStream();
            while (true) {
                int count = in.read(buffer);
                if (count < 0) {
                    return;
                }
                int length = count >= 2 ? ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF) : Integer.MAX_VALUE;
                if (2 + length > count) {
                    framesDropped.incrementAndGet(); // a frame split over reads: the reference mis-reads it
                    drops.add("split frame, " + count + " bytes read");
                    continue;
                }
                if (2 + length < count) {
                    framesDropped.incrementAndGet(); // frames behind the first in the same read are lost
                    drops.add((count - 2 - length) + " bytes behind a " + (2 + length) + "-byte frame");
                }
                byte[] frame = java.util.Arrays.copyOf(buffer, 2 + length);
                Frame decoded = new FrameDecoder().offer(frame).get(0);
                framesHandled.incrementAndGet();
                if (decoded instanceof Frame.Data data) {
                    handle(PacketCodec.decode(data.packet().toByteArray()));
                }
            }
        } catch (IOException | FrameException | HanfunException e) {
            // the socket closed (restart, reconnect, close) or the base sent garbage: the reference stops reading too
        }
    }

    private synchronized void handle(Packet packet) throws IOException, HanfunException {
        HanfunMessage message = MessageCodec.decode(packet);
        Address to = packet.destination();
        boolean local = to.device() == address || (address == Address.BROADCAST_DEVICE && to.unit() == 0);
        if (message instanceof RegisterResponse registered) {
            if (local && registered.result().isOk() && (registering || !ignoreRebind)) {
                address = registered.address();
            }
            registering = false;
            return;
        }
        HanfunMessage reply;
        if (!local) {
            reply = failure(packet, ResultCode.FAIL_UNKNOWN);
        } else if (to.unit() == 0) {
            reply = unitZero(packet, message);
        } else if (to.unit() == 1) {
            reply = unitOne(packet, message);
        } else {
            reply = failure(packet, ResultCode.FAIL_UNKNOWN);
        }
        if (reply != null && packet.type().expectsResponse()) {
            send(Packet.of(Address.BROADCAST, Address.BROADCAST, packet.reference(), reply));
        }
    }

    private HanfunMessage unitZero(Packet packet, HanfunMessage message) {
        if (message instanceof GetAttributePack pack && pack.itf().uid() == InterfaceUid.DEVICE_INFORMATION) {
            // the example node's Device Information has no vendor or model strings
            identityReads.incrementAndGet();
            return new GetAttributePackResponse(pack.itf(), pack.pack(), ResultCode.OK, List.of(
                    new AttributeValue(InterfaceUid.DEVICE_INFORMATION, 0x0B, new Value.Text(""))));
        }
        if (message instanceof CreateEventRule) {
            eventRule = 1;
            return new CommandResponse(packet.itf(), packet.member(), ResultCode.OK, Bytes.of((byte) 0x81));
        }
        if (message instanceof AddEventEntries add && eventRule == add.reportId()) {
            eventEntries = true;
            return new CommandResponse(packet.itf(), packet.member(), ResultCode.OK, Bytes.EMPTY);
        }
        return failure(packet, ResultCode.FAIL_SUPPORT);
    }

    private HanfunMessage unitOne(Packet packet, HanfunMessage message) throws IOException {
        boolean light = profile == Profile.SIMPLE_LIGHT;
        if (light && message instanceof GetAttributePack pack && pack.itf().uid() == InterfaceUid.ON_OFF) {
            return new GetAttributePackResponse(pack.itf(), pack.pack(), ResultCode.OK, List.of(
                    new AttributeValue(InterfaceUid.ON_OFF, 1, new Value.Bool(on))));
        }
        if (light && message instanceof OnOffCommand command) {
            boolean before = on;
            on = command.action() == OnOffAction.ON || (command.action() == OnOffAction.TOGGLE && !on);
            if (before != on) {
                reportOnOff();
            }
            return new CommandResponse(packet.itf(), packet.member(), ResultCode.OK, Bytes.EMPTY);
        }
        // an interface the unit does not have (hanfun: check_uid fails, FAIL_ARG)
        return failure(packet, ResultCode.FAIL_ARG);
    }

    private void reportOnOff() throws IOException {
        if (!hasEventReporting() || address == Address.BROADCAST_DEVICE) {
            return;
        }
        send(Packet.of(Address.device(address, 1), Address.BASE, nextReference(), new EventReport(eventRule,
                List.of(new EventEntry(1, org.cpebridge.dect.hanfun.InterfaceAddress.server(InterfaceUid.ON_OFF),
                        List.of(new EventField(EventType.COV, new AttributeValue(InterfaceUid.ON_OFF, 1,
                                new Value.Bool(on)))))), false)));
    }

    private static HanfunMessage failure(Packet packet, ResultCode result) {
        if (!packet.type().expectsResponse()) {
            return null;
        }
        return new HanfunMessage.Raw(packet.type().responseType(), packet.itf(), packet.member(),
                Bytes.of((byte) result.code()));
    }

    private int nextReference() {
        nextReference = nextReference % 255 + 1;
        return nextReference;
    }

    private void send(Packet packet) throws IOException {
        write(FrameCodec.encodeData(PacketCodec.encode(packet)));
    }

    private synchronized void write(byte[] frame) throws IOException {
        if (out == null || socket == null) {
            throw new IOException("not connected");
        }
        out.write(frame);
        out.flush();
    }
}
