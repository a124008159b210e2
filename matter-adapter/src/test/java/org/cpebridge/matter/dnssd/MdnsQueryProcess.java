package org.cpebridge.matter.dnssd;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Child-JVM main: sends one mDNS question from an ephemeral port (an RFC 6762 section 6.7 "legacy unicast" query,
 * so the responder answers us directly) to ff02::fb on one interface, collects every answer for a while and prints
 * each record as one line ({@code PTR name target}, {@code SRV name port host}, {@code TXT name k=v k=v},
 * {@code AAAA name address}), then {@code END}. A small independent DNS parser, so the test does not read our
 * packets with the library that wrote them.
 *
 * <p>Args: interface, question name (without trailing dot), type (PTR, SRV, TXT, AAAA, ANY), listen millis.
 */
public final class MdnsQueryProcess {

    private MdnsQueryProcess() {
    }

    public static void main(String[] args) throws Exception {
        NetworkInterface networkInterface = NetworkInterface.getByName(args[0]);
        String name = args[1];
        int type = switch (args[2]) {
            case "PTR" -> 12;
            case "SRV" -> 33;
            case "TXT" -> 16;
            case "AAAA" -> 28;
            case "ANY" -> 255;
            default -> throw new IllegalArgumentException(args[2]);
        };
        long listenMillis = Long.parseLong(args[3]);
        Set<String> records = new LinkedHashSet<>();
        try (MulticastSocket socket = new MulticastSocket(0)) {
            socket.setNetworkInterface(networkInterface);
            socket.setSoTimeout(200);
            byte[] query = query(name, type);
            InetAddress group = Inet6Address.getByAddress("ff02::fb",
                    InetAddress.getByName("ff02::fb").getAddress(), networkInterface);
            long deadline = System.currentTimeMillis() + listenMillis;
            long nextSend = 0;
            byte[] buffer = new byte[9000];
            while (System.currentTimeMillis() < deadline) {
                if (System.currentTimeMillis() >= nextSend) {
                    socket.send(new DatagramPacket(query, query.length, new InetSocketAddress(group, 5353)));
                    nextSend = System.currentTimeMillis() + 1000;
                }
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                records.addAll(parseAnswers(ByteBuffer.wrap(packet.getData(), 0, packet.getLength())));
            }
        }
        records.forEach(System.out::println);
        System.out.println("END");
    }

    static byte[] query(String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}); // id, flags, QD=1
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        out.writeBytes(new byte[] {0, (byte) type, 0, 1}); // QTYPE, QCLASS IN
        return out.toByteArray();
    }

    static List<String> parseAnswers(ByteBuffer message) {
        List<String> result = new ArrayList<>();
        try {
            message.position(message.position() + 4);
            int questions = message.getShort() & 0xFFFF;
            int records = (message.getShort() & 0xFFFF) + (message.getShort() & 0xFFFF)
                    + (message.getShort() & 0xFFFF);
            for (int i = 0; i < questions; i++) {
                readName(message);
                message.position(message.position() + 4);
            }
            for (int i = 0; i < records; i++) {
                String owner = readName(message);
                int type = message.getShort() & 0xFFFF;
                message.getShort(); // class and cache-flush bit
                long ttl = message.getInt() & 0xFFFFFFFFL;
                int length = message.getShort() & 0xFFFF;
                int end = message.position() + length;
                String ttlNote = ttl == 0 ? " ttl=0" : "";
                switch (type) {
                    case 12 -> result.add("PTR " + owner + " " + readName(message) + ttlNote);
                    case 33 -> {
                        message.getShort();
                        message.getShort();
                        int port = message.getShort() & 0xFFFF;
                        result.add("SRV " + owner + " " + port + " " + readName(message) + ttlNote);
                    }
                    case 16 -> {
                        StringBuilder text = new StringBuilder("TXT " + owner);
                        while (message.position() < end) {
                            byte[] string = new byte[message.get() & 0xFF];
                            message.get(string);
                            text.append(' ').append(new String(string, StandardCharsets.UTF_8));
                        }
                        result.add(text + ttlNote);
                    }
                    case 28 -> {
                        byte[] address = new byte[16];
                        message.get(address);
                        result.add("AAAA " + owner + " " + InetAddress.getByAddress(address).getHostAddress()
                                + ttlNote);
                    }
                    default -> {
                        // Other record types (A, NSEC) are not what the tests look at.
                    }
                }
                message.position(end);
            }
        } catch (RuntimeException | java.io.IOException e) {
            result.add("MALFORMED " + e);
        }
        return result;
    }

    private static String readName(ByteBuffer message) {
        StringBuilder name = new StringBuilder();
        int resumeAt = -1;
        int jumps = 0;
        while (true) {
            int length = message.get() & 0xFF;
            if (length == 0) {
                break;
            }
            if ((length & 0xC0) == 0xC0) {
                int pointer = ((length & 0x3F) << 8) | (message.get() & 0xFF);
                if (resumeAt < 0) {
                    resumeAt = message.position();
                }
                if (++jumps > 64) {
                    throw new IllegalStateException("compression loop");
                }
                message.position(pointer);
                continue;
            }
            byte[] label = new byte[length];
            message.get(label);
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(label, StandardCharsets.UTF_8));
        }
        if (resumeAt >= 0) {
            message.position(resumeAt);
        }
        return name.toString();
    }
}
