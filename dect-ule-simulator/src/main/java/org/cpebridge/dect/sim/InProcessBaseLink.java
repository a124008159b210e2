package org.cpebridge.dect.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.PacketCodec;
import org.cpebridge.dect.hanfun.Uid;
import org.cpebridge.dect.ule.BaseLink;
import org.cpebridge.dect.ule.BaseLinkListener;
import org.cpebridge.dect.ule.Frame;
import org.cpebridge.dect.ule.FrameCodec;
import org.cpebridge.dect.ule.FrameException;
import org.cpebridge.dect.ule.LinkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A base link to devices in the same JVM (the simulator). Packets cross it as encoded bytes in both directions, so the
 * simulator and the adapter exercise the same codec as over TCP. Every delivery, both ways, runs on the given
 * {@code executor}, which must run tasks one at a time in order (a single thread or a serial executor).
 */
public final class InProcessBaseLink implements BaseLink {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessBaseLink.class);

    private final Executor executor;
    private final AtomicLong nextLinkId = new AtomicLong(1);
    private final Map<LinkId, Endpoint> endpoints = new ConcurrentHashMap<>();
    private volatile BaseLinkListener listener;
    private volatile boolean up;
    /** The virtual base module's handler of REGISTRATION frames from the host; on the executor. */
    private volatile IntConsumer registrationHandler;

    public InProcessBaseLink(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void start(BaseLinkListener listener) {
        this.listener = listener;
        executor.execute(() -> {
            up = true;
            listener.onLinkUp();
        });
    }

    /**
     * Attaches a simulated device: the base learns {@code uid}, and packets for it are handed to {@code receiver}
     * as encoded bytes (on the link's executor).
     */
    public Endpoint attach(Uid uid, Consumer<byte[]> receiver) {
        Endpoint endpoint = new Endpoint(new LinkId(nextLinkId.getAndIncrement()), uid, receiver);
        endpoints.put(endpoint.link, endpoint);
        executor.execute(() -> {
            if (up && endpoints.containsKey(endpoint.link)) {
                listener.onDeviceRegistered(endpoint.link, uid);
            }
        });
        return endpoint;
    }

    @Override
    public boolean send(LinkId link, Packet packet) {
        Endpoint endpoint = endpoints.get(link);
        if (endpoint == null || !up) {
            return false;
        }
        byte[] bytes = PacketCodec.encode(packet);
        executor.execute(() -> {
            if (endpoints.containsKey(link)) {
                endpoint.receiver.accept(bytes);
            }
        });
        return true;
    }

    /**
     * Simulates a reset of the base module: the link goes down (every device link with it) and comes back up; the
     * devices re-attach on their own.
     */
    public void reset() {
        executor.execute(() -> {
            up = false;
            endpoints.clear();
            listener.onLinkDown("base reset");
            up = true;
            listener.onLinkUp();
        });
    }

    /**
     * The host asks the virtual base to open (seconds &gt; 0) or close (0) its registration window. The request crosses
     * the link as an encoded REGISTRATION frame, as it would to a base chip.
     */
    @Override
    public boolean requestRegistrationWindow(int seconds) {
        byte[] frame = FrameCodec.encode(new Frame.Registration(seconds));
        IntConsumer handler = registrationHandler;
        if (!up || handler == null) {
            return false;
        }
        executor.execute(() -> {
            if (up) {
                handler.accept(registrationSeconds(frame));
            }
        });
        return true;
    }

    /** The virtual base's side: who handles the host's REGISTRATION requests (the simulator); before start. */
    void onRegistrationRequest(IntConsumer handler) {
        this.registrationHandler = handler;
    }

    /**
     * The virtual base reports its registration window to the host (open for seconds more, or 0 closed), as an
     * encoded REGISTRATION frame; on the executor.
     */
    void reportRegistrationWindow(int seconds) {
        byte[] frame = FrameCodec.encode(new Frame.Registration(seconds));
        if (up) {
            listener.onRegistrationWindow(registrationSeconds(frame));
        }
    }

    private static int registrationSeconds(byte[] frame) {
        try {
            return ((Frame.Registration) FrameCodec.decode(frame)).seconds();
        } catch (FrameException e) {
            throw new IllegalStateException("a REGISTRATION frame we encoded does not decode", e);
        }
    }

    public boolean isUp() {
        return up;
    }

    @Override
    public void close() {
        executor.execute(() -> {
            if (!up) {
                return;
            }
            up = false;
            endpoints.keySet().forEach(link -> listener.onDeviceDeregistered(link));
            endpoints.clear();
            listener.onLinkDown("closed");
        });
    }

    /** The device end of one in-process link. */
    public final class Endpoint {
        private final LinkId link;
        private final Uid uid;
        private final Consumer<byte[]> receiver;

        private Endpoint(LinkId link, Uid uid, Consumer<byte[]> receiver) {
            this.link = link;
            this.uid = uid;
            this.receiver = receiver;
        }

        public LinkId link() {
            return link;
        }

        public Uid uid() {
            return uid;
        }

        /** True while the base knows this device (false after a reset or detach). */
        public boolean attached() {
            return endpoints.get(link) == this;
        }

        /** Sends an encoded HAN-FUN packet to the base. */
        public void send(byte[] packet) {
            byte[] copy = packet.clone();
            executor.execute(() -> {
                if (!up || endpoints.get(link) != this) {
                    return;
                }
                try {
                    listener.onPacket(link, PacketCodec.decode(copy));
                } catch (HanfunException e) {
                    LOG.debug("[dect-sim {}] malformed packet: {}", link, e.getMessage());
                    listener.onMalformedPacket(link, e);
                }
            });
        }

        /** Detaches the device from the base (it moved out of range, or was removed). */
        public void detach() {
            executor.execute(() -> {
                if (endpoints.remove(link, this) && up) {
                    listener.onDeviceDeregistered(link);
                }
            });
        }
    }
}
